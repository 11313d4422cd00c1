// mdanki style: a heading plus any text before a line holding only `%` is the front; the
// rest of the section, up to a rule or the next heading, is the back.
//
//   ## Expected value
//   Of a discrete random variable
//
//   %
//
//   The sum of x times P(X = x).
import { lastNonBlank, textOfLines, type BlockReader } from './reader';

export const mdankiReader: BlockReader = {
  name: 'mdanki',
  startsOn: new Set(['heading']),
  when: 'before',
  read(blocks, i, context) {
    const heading = blocks[i];
    // The section's own blocks: each heading looks only at its own, so the note is read once.
    let split: { index: number; line: number } | undefined;
    let j = i + 1;
    for (; j < blocks.length && blocks[j].type !== 'heading' && blocks[j].type !== 'hr'; j++) {
      const block = blocks[j];
      if (split || block.type !== 'paragraph') continue;
      const content = block.inline?.content ?? '';
      // Most paragraphs hold no `%` at all: split only those that do.
      if (!content.includes('%')) continue;
      const lines = content.split('\n');
      const k = lines.findIndex((line) => line.trim() === '%');
      if (k >= 0) split = { index: j, line: block.startLine + k };
    }
    if (!split) return undefined;
    const { lines } = context;
    const title = (heading.inline?.content ?? '').trim();
    const beforeSplit = split.line > heading.endLine ? textOfLines(lines, heading.endLine, split.line - 1) : '';
    const front = beforeSplit === '' ? title : `${title}\n\n${beforeSplit}`;
    const sectionEnd = j < blocks.length ? blocks[j].startLine : blocks[j - 1].endLine;
    const last = lastNonBlank(lines, split.line, sectionEnd);
    const back = last > split.line ? textOfLines(lines, split.line + 1, last) : '';
    if (front === '') return undefined;
    context.addCard({ kind: 'flashcard', line: heading.startLine, endLine: Math.max(heading.startLine, last), prompt: front, answer: back });
    if (back === '') context.problem(heading.startLine, 'warning', 'flashcard has no back: nothing follows its % line', 'empty-answer');
    return j - i - 1;
  },
};
