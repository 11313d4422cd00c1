// Notes that are a run of headings each with a short body, where every heading is a card
// (a vocabulary note: `## Buenos días` / `- Good morning`). Headings are chapter titles in
// most notes, so this reader is on only where the note says so in its front matter
// (`note-review: { headingsAreCards: true }`, see note-settings.ts). Even then a heading
// with sub-headings is a chapter, a heading with an empty body is nothing to recall, and
// a title repeated all over the note is a template's ("Notes", "Any doubts?").
import { plainTextOf } from './inline-text';
import { lastNonBlank, textOfLines, type BlockReader } from './reader';

export const headingCardsReader: BlockReader = {
  name: 'heading-cards',
  startsOn: new Set(['heading']),
  when: 'fallback',
  read(blocks, i, context) {
    if (!context.settings.headingsAreCards) return undefined;
    const heading = blocks[i];
    const prompt = (heading.inline?.content ?? '').trim();
    if (prompt === '' || context.isBoilerplate(plainTextOf(prompt))) return undefined;
    let j = i + 1;
    while (j < blocks.length && blocks[j].type !== 'heading') j++;
    const next = blocks[j];
    // A sub-heading makes this heading a chapter of the note.
    if (next !== undefined && next.level > heading.level) return undefined;
    const body = context.headingBody(heading);
    if (!body || body.end <= body.from) return undefined;
    const last = lastNonBlank(context.lines, body.from, body.end);
    const answer = textOfLines(context.lines, body.from, last);
    if (answer === '') return undefined;
    context.addCard({ kind: 'flashcard', line: heading.startLine, endLine: last, prompt, answer });
    return j - i - 1;
  },
};
