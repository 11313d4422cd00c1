// Cards that run to an end marker (Obsidian Spaced Repetition's "end of multi-line card"
// setting, `multilineEndMarker`): with a marker set, a multi-line card or a cloze does not
// end at a blank line but at the next line holding only the marker.
//
//   Question
//   ?
//   First paragraph of the answer.
//
//   Second paragraph of the answer.
//   ---
//
// Without the setting this reader bails out at once. Markdown may read the marker as a
// rule or as a setext heading's underline; either way the blocks up to it are the card's.
import type { Block } from './block-tree';
import { compiledClozePatterns } from './cloze-patterns';
import { clozeCards, multilineSeparatorLine } from './inline-cards';
import { lastNonBlank, textOfLines, type BlockReader, type ReaderContext } from './reader';

/** The 0-based lines holding only the marker, per note (a note's lines array is its identity while it is read). */
const markerLines = new WeakMap<readonly string[], { marker: string; lines: number[] }>();

function markersOf(context: ReaderContext, marker: string): number[] {
  const known = markerLines.get(context.lines);
  if (known && known.marker === marker) return known.lines;
  const lines: number[] = [];
  context.lines.forEach((line, k) => {
    if (line.trim() === marker) lines.push(k);
  });
  markerLines.set(context.lines, { marker, lines });
  return lines;
}

/** The first marker line at or after `from`, by binary search, or undefined. */
function markerAtOrAfter(markers: readonly number[], from: number): number | undefined {
  let lo = 0;
  let hi = markers.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (markers[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return markers[lo];
}

export const endMarkerCardsReader: BlockReader = {
  name: 'end-marker-cards',
  startsOn: new Set(['paragraph', 'heading']),
  when: 'before',
  read(blocks: readonly Block[], i: number, context: ReaderContext): number | undefined {
    const marker = context.settings.multilineEndMarker;
    if (marker === '') return undefined;
    const block = blocks[i];
    const markers = markersOf(context, marker);
    const end = markerAtOrAfter(markers, block.startLine + 1);
    if (end === undefined) return undefined;
    const off = new Set(context.settings.readersOff);
    // The block's own lines (up to the marker when the marker is inside it) decide what it is.
    const ownEnd = Math.min(block.endLine, end);
    const own = context.lines.slice(block.startLine, ownEnd).join('\n');
    const { multilineSeparator, multilineReversedSeparator } = context.settings;
    const split = own.includes('\n') && !off.has('osr-multiline') ? multilineSeparatorLine(own, { separator: '', reversedSeparator: '', multilineSeparator, multilineReversedSeparator }) : undefined;
    const last = lastNonBlank(context.lines, block.startLine, end);
    if (split) {
      const at = block.startLine + split.index;
      const front = textOfLines(context.lines, block.startLine, at - 1);
      const back = at + 1 <= last ? textOfLines(context.lines, at + 1, last) : '';
      if (front === '') return undefined;
      context.addCard({ kind: 'flashcard', line: block.startLine, endLine: Math.max(block.startLine, last), prompt: front, answer: back, format: 'osr-multiline' });
      if (split.reversed) context.addCard({ kind: 'flashcard', line: block.startLine, endLine: Math.max(block.startLine, last), prompt: back, answer: front, reversed: true, idExtra: 'reversed', format: 'osr-multiline' });
      if (back === '') context.problem(block.startLine, 'warning', 'flashcard has no back', 'empty-answer');
    } else {
      if (off.has('cloze')) return undefined;
      const patterns = compiledClozePatterns(context.settings.clozePatterns);
      // A cloze in the block's own lines makes the card; its text runs to the marker.
      if (clozeCards(own, block.startLine, ownEnd - 1, patterns).cards.length === 0) return undefined;
      const text = textOfLines(context.lines, block.startLine, last);
      const cloze = clozeCards(text, block.startLine, last, patterns);
      for (const card of cloze.cards) context.addCard({ ...card, format: 'cloze' });
      for (const line of cloze.emptyLines) context.problem(line, 'warning', 'empty cloze deletion', 'empty-cloze');
    }
    // Every following sibling that starts up to the marker line is part of the card.
    let used = 0;
    while (i + used + 1 < blocks.length && blocks[i + used + 1].startLine <= end) used++;
    return used;
  },
};
