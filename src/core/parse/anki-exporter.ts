// Anki exporter blocks, as the Obsidian-to-Anki plugin reads them:
//
//   START
//   Basic
//   Front text, one or more lines
//   Back: back text, on this line and the ones below
//   Tags: optional, space separated
//   END
//
// The plugin writes an `<!--ID: …-->` comment before END once the note is in Anki: it is
// neither front nor back. START, END and the field labels are checked on single lines;
// which lines may hold a label is decided by markdown-it's blocks (never inside code).
import type { Block } from './block-tree';
import { lastNonBlank, textOfLines, type BlockReader, type ReaderContext } from './reader';

/** How many sibling blocks a START may look across for its END: a block is a handful of fields. */
const MAX_BLOCKS = 40;

const BACK_LABEL = /^back\s*:/i;
const TAGS_LABEL = /^tags\s*:/i;

export const ankiExporterReader: BlockReader = {
  name: 'anki-exporter',
  startsOn: new Set(['paragraph']),
  when: 'before',
  read(blocks, i, context) {
    const start = blocks[i];
    const source = start.inline?.content ?? '';
    if (!source.startsWith('START')) return undefined;
    const sourceLines = source.split('\n');
    // The note type stands on the line right after START, in the same paragraph.
    if (sourceLines[0].trim() !== 'START' || sourceLines.length < 2 || sourceLines[1].trim() === '') return undefined;
    const end = endOf(blocks, i);
    if (!end) return undefined;
    return readFields(blocks, i, end, sourceLines[1].trim(), context);
  },
};

/** The END line of the block opened at `blocks[i]` and the index of the block holding it. */
function endOf(blocks: readonly Block[], i: number): { line: number; index: number } | undefined {
  for (let j = i; j < blocks.length && j <= i + MAX_BLOCKS; j++) {
    const block = blocks[j];
    if (j > i && block.type === 'heading') return undefined;
    if (block.type !== 'paragraph') continue;
    const lines = (block.inline?.content ?? '').split('\n');
    for (let k = j === i ? 1 : 0; k < lines.length; k++) {
      const line = lines[k].trim();
      if (line === 'END') return { line: block.startLine + k, index: j };
      // Another START before an END: this one is not closed.
      if (line === 'START' && (j > i || k > 0)) return undefined;
    }
  }
  return undefined;
}

function readFields(blocks: readonly Block[], i: number, end: { line: number; index: number }, noteType: string, context: ReaderContext): number | undefined {
  const { lines } = context;
  // Only lines of paragraphs may be field labels (a `Tags:` line in a code sample is code).
  const labelLines = new Set<number>();
  for (let j = i; j <= end.index; j++) {
    if (blocks[j].type === 'paragraph') for (let l = blocks[j].startLine; l < blocks[j].endLine; l++) labelLines.add(l);
  }
  const frontFrom = blocks[i].startLine + 2;
  let backAt = -1;
  let tagsAt = end.line;
  for (let l = frontFrom; l < end.line; l++) {
    if (!labelLines.has(l)) continue;
    const text = lines[l].trim();
    if (backAt < 0 && BACK_LABEL.test(text)) backAt = l;
    else if (backAt >= 0 && TAGS_LABEL.test(text)) {
      tagsAt = l;
      break;
    }
  }
  // Other note types (Cloze, custom fields) name no back: the built-in readers take the text.
  if (backAt < 0 || backAt === frontFrom) return undefined;
  const front = textOfLines(lines, frontFrom, lastNonBlank(lines, frontFrom, backAt));
  const backLines = [lines[backAt].trim().replace(BACK_LABEL, '').trim(), ...lines.slice(backAt + 1, tagsAt)].filter((line) => !isCommentOnly(line));
  const back = textOfLines(backLines, 0, backLines.length - 1);
  if (front === '') return undefined;
  let lastBackLine = lastNonBlank(lines, backAt, tagsAt);
  while (lastBackLine > backAt && isCommentOnly(lines[lastBackLine])) lastBackLine = lastNonBlank(lines, backAt, lastBackLine);
  context.addCard({ kind: 'flashcard', line: frontFrom, endLine: lastBackLine, prompt: front, answer: back });
  if (/\band reversed\b/i.test(noteType) && back !== '') {
    context.addCard({ kind: 'flashcard', line: frontFrom, endLine: lastBackLine, prompt: back, answer: front, reversed: true, idExtra: 'reversed' });
  }
  if (back === '') context.problem(frontFrom, 'warning', 'flashcard has no back: nothing follows its Back: label', 'empty-answer');
  return end.index - i;
}

/** A line holding only an HTML comment (the exporter's `<!--ID: …-->`). */
function isCommentOnly(line: string): boolean {
  const text = line.trim();
  return text.startsWith('<!--') && text.endsWith('-->') && text.indexOf('-->') === text.length - 3;
}
