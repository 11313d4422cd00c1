import type { Block, BlockType } from './block-tree';
import type { CardDraft } from './inline-cards';
import type { ReadingSettings } from './parser-settings';
import type { ProblemCode, Severity } from '../model/model';

/**
 * What a format reader sees of the note it reads, and how it hands back what it found.
 * Lines are 0-based, as in the block tree.
 */
export interface ReaderContext {
  /** The note's lines (line breaks normalised to LF). */
  readonly lines: readonly string[];
  /** How the note is read: its folder's settings with its front matter's overrides (see parser-settings.ts). */
  readonly settings: ReadingSettings;
  /** Records a card. A multiple-choice card with no option marked right gets the "no answer marked" warning (unless an answer key answers it). */
  addCard(card: CardDraft): void;
  problem(line: number, severity: Severity, message: string, code: ProblemCode): void;
  /** Whether a heading title is repeated all over the note (a template's "Any doubts?"): never a card. */
  isBoilerplate(title: string): boolean;
  /** A heading's body: its first line after the heading, and the exclusive end before the next heading of any level. */
  headingBody(heading: Block): { from: number; end: number } | undefined;
}

/**
 * One note format. Like a markdown-it block rule: it looks at the block it stands on,
 * bails out early when the block cannot start its format, and otherwise records its cards
 * and says how many of the following sibling blocks it used.
 */
export interface BlockReader {
  /** Shown when a note is explained; also the reader's file name. */
  readonly name: string;
  /** The block types it can start on: the others are never offered to it. */
  readonly startsOn: ReadonlySet<BlockType>;
  /**
   * `before`: tried ahead of the built-in readers (its format would be misread by them);
   * `fallback`: tried only when the built-in readers made nothing of the block.
   */
  readonly when: 'before' | 'fallback';
  /**
   * Reads `blocks[i]`. Returns how many following siblings it used too, or undefined when
   * the block does not start its format (then nothing may have been recorded). Must be
   * linear in what it looks at: look-ahead bounded or consumed.
   */
  read(blocks: readonly Block[], i: number, context: ReaderContext): number | undefined;
}

/** Last non-blank 0-based line in [start, end), or `start` when all are blank. */
export function lastNonBlank(lines: readonly string[], start: number, end: number): number {
  let last = end - 1;
  while (last > start && (lines[last] ?? '').trim() === '') last--;
  return last;
}

/** Lines [from, to] (inclusive) without the indentation they all share, joined and trimmed. */
export function textOfLines(lines: readonly string[], from: number, to: number): string {
  const slice = lines.slice(from, to + 1);
  let common = Infinity;
  for (const line of slice) {
    if (line.trim() === '') continue;
    let k = 0;
    while (k < line.length && (line.charCodeAt(k) === 0x20 || line.charCodeAt(k) === 0x09)) k++;
    common = Math.min(common, k);
  }
  const dedented = common === Infinity || common === 0 ? slice : slice.map((line) => line.slice(Math.min(common, line.length)));
  return dedented.join('\n').trim();
}
