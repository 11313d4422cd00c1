import { isAnswerLabel } from '../parse/details';
import { clozeSearchArea } from '../parse/inline-cards';
import { collapseWhitespace, maskCodeSpans, plainTextOf } from '../parse/inline-text';
import type { Card, Note, Option } from '../model/model';

/**
 * A stretch of one line to hide while answers are hidden, and the text to show in its place.
 *
 * Lines are 1-based like the rest of the model; columns are 0-based UTF-16 offsets into
 * the line (what an editor calls a character position), `endColumn` exclusive.
 */
export interface AnswerMask {
  readonly line: number;
  readonly startColumn: number;
  readonly endColumn: number;
  /** Shown instead of the hidden text: an option's plain label, a placeholder, or '' for nothing. */
  readonly replacement: string;
}

/** What covers a hidden flashcard back, cloze deletion or explanation. */
export const ANSWER_PLACEHOLDER = '▒▒▒▒▒';

/**
 * Whether a card gets its own hide/reveal control. The reversed twin of a `front:::back`
 * card shares its line and is hidden with it, so it has none.
 */
export function isHideableCard(card: Card): boolean {
  return card.reversed !== true;
}

/** The note's text as the editor shows it: lines without their line breaks, a BOM dropped. */
export function noteLines(text: string): string[] {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.split(/\r\n|\r|\n/);
}

/**
 * The masks that hide one card's answer, in line order.
 *
 * - Multiple choice: on each option's first line everything after the list marker (the
 *   text, backticks, bold, `[x]`, ✅, "(correct)", the explanation) is hidden and the
 *   option's plain label shown instead, so every option looks alike; the option's other
 *   lines (explanations below it) and everything after the options (`Answer: B`, a
 *   restated answer, a `<details>` body) are covered, keeping only an `Answer:` prefix
 *   and bare `<details>`/`<summary>Answer</summary>` tags readable.
 * - Flashcards: the back (after `::`, the lines after `?`, a heading question's section
 *   body, a `<details>` body) is covered with {@link ANSWER_PLACEHOLDER}.
 * - Cloze: each deletion of the card's group is covered (with `[hint]` when it has one).
 *
 * ```markdown
 * - Discounts over time
 * - `Pay-as-you-go pricing -> you are only charged for what you use.`
 * ```
 * shows as `- Discounts over time` and `- Pay-as-you-go pricing`, both in plain text.
 *
 * @param lines the note's lines (see {@link noteLines}) from the text `card` was parsed from
 */
export function cardAnswerMasks(lines: readonly string[], card: Card): AnswerMask[] {
  if (!isHideableCard(card)) return [];
  switch (card.kind) {
    case 'mcq':
      return multipleChoiceMasks(lines, card);
    case 'flashcard':
      return flashcardMasks(lines, card);
    case 'cloze':
      return clozeMasks(lines, card);
  }
}

/**
 * The masks for every card for which `hidden` says yes, sorted by position and without
 * overlaps (where cards nest, for example a question inside a heading question's answer,
 * the mask that starts first on a line wins), ready to become editor decorations.
 *
 * @param text the note's text
 * @param note the parse of `text`
 */
export function answerMasks(text: string, note: Note, hidden: (card: Card) => boolean = () => true): AnswerMask[] {
  const lines = noteLines(text);
  const masks: AnswerMask[] = [];
  for (const card of note.cards) {
    if (isHideableCard(card) && hidden(card)) masks.push(...cardAnswerMasks(lines, card));
  }
  return withoutOverlaps(masks);
}

function withoutOverlaps(masks: AnswerMask[]): AnswerMask[] {
  masks.sort((a, b) => a.line - b.line || a.startColumn - b.startColumn || b.endColumn - a.endColumn);
  const kept: AnswerMask[] = [];
  for (const mask of masks) {
    const previous = kept[kept.length - 1];
    if (previous && previous.line === mask.line && mask.startColumn < previous.endColumn) continue;
    kept.push(mask);
  }
  return kept;
}

// ---------------------------------------------------------------------------------------
// Line anatomy

/** Indentation, blockquote markers and a list marker at the start of a line. */
const BLOCK_PREFIX = /^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))?/;
const INDENT = /^[ \t]*/;
const LIST_OR_QUOTE = /^[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t])/;
const TASK_BOX = /^(?:\[[ xX]\]|\([ xX]\))[ \t]+/;
const LETTER_LABEL = /^\(?[A-Ha-h][.)][ \t]+/;
/** `Answer:`, `**Correct answer:**`, `Answer is` … (the part that gives nothing away). */
const ANSWER_PREFIX = /^(?:\*\*|__)?[ \t]*(?:the[ \t]+)?(?:(?:correct|right)[ \t]+)?(?:answers?|ans|solution|correct[ \t]+options?)[ \t]*(?:(?:\*\*|__)[ \t]*)?(?:[:：=]|is\b|are\b)[ \t]*(?:\*\*|__)?[ \t]*/i;
const DETAILS_TAG = /<\/?(?:details|summary)\b[^>]*>/gi;

function isBlank(line: string | undefined): boolean {
  return line === undefined || line.trim() === '';
}

function indentOf(line: string): number {
  return INDENT.exec(line)?.[0].length ?? 0;
}

/** Covers a whole line's text from its first non-blank character, or nothing on a blank line. */
function coverLine(lines: readonly string[], line: number, replacement: string): AnswerMask[] {
  const text = lines[line - 1] ?? '';
  if (isBlank(text)) return [];
  return [{ line, startColumn: indentOf(text), endColumn: text.length, replacement }];
}

/**
 * A line after the options or in a flashcard's back: `<details>`/`<summary>Answer</summary>`
 * tags stay readable (they give nothing away), as do blockquote markers and an `Answer:`
 * prefix; the rest is covered.
 */
function coverAnswerLine(lines: readonly string[], line: number): AnswerMask[] {
  const text = lines[line - 1] ?? '';
  if (isBlank(text)) return [];
  const withoutTags = text.replace(DETAILS_TAG, '');
  const hasTags = withoutTags.length !== text.length;
  if (hasTags && (withoutTags.trim() === '' || (/<summary\b/i.test(text) && isAnswerLabel(withoutTags)))) return [];
  let start = /^[ \t]*(?:>[ \t]?)*/.exec(text)?.[0].length ?? 0;
  let end = text.trimEnd().length;
  if (hasTags) {
    // `<details><summary>Answer</summary>B. CloudTrail</details>`: only the text between the tags is answer.
    const opening = /<\/summary>/i.exec(text) ?? /^[ \t]*<details\b[^>]*>/i.exec(text);
    if (opening) start = Math.max(start, opening.index + opening[0].length);
    const closing = /<\/details>\s*$/i.exec(text);
    if (closing && closing.index >= start) end = closing.index;
  }
  const prefix = ANSWER_PREFIX.exec(text.slice(start));
  if (prefix && start + prefix[0].length < end) start += prefix[0].length;
  return end > start ? [{ line, startColumn: start, endColumn: end, replacement: ANSWER_PLACEHOLDER }] : [];
}

// ---------------------------------------------------------------------------------------
// Multiple choice

function multipleChoiceMasks(lines: readonly string[], card: Card): AnswerMask[] {
  const options = [...(card.options ?? [])].sort((a, b) => a.line - b.line);
  if (options.length === 0) return [];
  const masks: AnswerMask[] = [];
  for (let k = 0; k < options.length; k++) {
    const option = options[k];
    masks.push(...optionFirstLineMask(lines, option));
    const spanEnd = k + 1 < options.length ? options[k + 1].line - 1 : lastOptionEnd(lines, option.line, card.endLine);
    let previousBlank = false;
    for (let line = option.line + 1; line <= spanEnd; line++) {
      const text = lines[line - 1] ?? '';
      if (isBlank(text)) {
        previousBlank = true;
        continue;
      }
      // A line starting a block (sub-bullet, quote, new paragraph) is an explanation and is
      // covered with a placeholder; a continuation of the option's own text is in the
      // label already shown on its first line, so it shows nothing.
      const startsBlock = previousBlank || LIST_OR_QUOTE.test(text) || /^\s*</.test(text);
      masks.push(...coverLine(lines, line, startsBlock ? ANSWER_PLACEHOLDER : ''));
      previousBlank = false;
    }
    if (k === options.length - 1) {
      for (let line = spanEnd + 1; line <= card.endLine; line++) masks.push(...coverAnswerLine(lines, line));
    }
  }
  return masks;
}

/** The first line of an option: everything after its list marker becomes its plain label. */
function optionFirstLineMask(lines: readonly string[], option: Option): AnswerMask[] {
  const text = lines[option.line - 1] ?? '';
  const start = BLOCK_PREFIX.exec(text)?.[0].length ?? 0;
  const end = text.trimEnd().length;
  if (end <= start) return [];
  const content = text.slice(start);
  const afterTask = content.replace(TASK_BOX, '');
  const letter = LETTER_LABEL.exec(afterTask)?.[0].trim();
  const label = plainTextOf(option.label);
  const replacement = (letter ? `${letter} ` : '') + (label === '' ? ANSWER_PLACEHOLDER : label);
  return [{ line: option.line, startColumn: start, endColumn: end, replacement }];
}

/** Last line of the last option: its first line, plus lines indented under it (sub-bullets, quotes). */
function lastOptionEnd(lines: readonly string[], optionLine: number, cardEnd: number): number {
  const first = lines[optionLine - 1] ?? '';
  const contentIndent = BLOCK_PREFIX.exec(first)?.[0].length ?? 0;
  const isListItem = contentIndent > indentOf(first) && /^[ \t]*(?:[-*+]|\d{1,9}[.)])/.test(first);
  let end = optionLine;
  for (let line = optionLine + 1; line <= cardEnd; line++) {
    const text = lines[line - 1] ?? '';
    if (isBlank(text)) continue;
    if (isListItem && indentOf(text) > indentOf(first)) end = line;
    else break;
  }
  return end;
}

// ---------------------------------------------------------------------------------------
// Flashcards

function flashcardMasks(lines: readonly string[], card: Card): AnswerMask[] {
  const answer = (card.answer ?? '').trim();
  if (card.line === card.endLine) {
    // `front::back`: the back ends the line.
    const text = (lines[card.line - 1] ?? '').trimEnd();
    // (`<details><summary>Q?</summary>A</details>` on one line ends with a tag instead.)
    const at = text.endsWith(answer) ? text.length - answer.length : text.lastIndexOf(answer);
    if (answer === '' || at < 0) return [];
    return [{ line: card.line, startColumn: at, endColumn: at + answer.length, replacement: ANSWER_PLACEHOLDER }];
  }
  const backStart = backStartLine(lines, card, answer);
  const masks: AnswerMask[] = [];
  for (let line = backStart; line <= card.endLine; line++) masks.push(...coverAnswerLine(lines, line));
  return masks;
}

/** First line of a multi-line card's back. */
function backStartLine(lines: readonly string[], card: Card, answer: string): number {
  // The back is the card's last lines (after `?`, or a heading question's section body).
  const wanted = collapseWhitespace(answer);
  if (wanted !== '') {
    let joined = '';
    for (let line = card.endLine; line > card.line; line--) {
      joined = joined === '' ? (lines[line - 1] ?? '') : `${lines[line - 1] ?? ''}\n${joined}`;
      if (collapseWhitespace(joined) === wanted) return line;
    }
  }
  // A `<details>` block holds the back: after the question, which may be its own summary.
  for (let line = card.line; line <= card.endLine; line++) {
    if (/^\s*<details\b/i.test(lines[line - 1] ?? '')) return line === card.line ? line + 1 : line;
  }
  return card.line + 1;
}

// ---------------------------------------------------------------------------------------
// Cloze deletions (the same patterns and group numbering as the parser's inline-cards.ts)

const ANKI_CLOZE = /\{\{c(\d+)::([\s\S]*?)(?:::([^{}]*?))?\}\}/g;
const HIGHLIGHT = /==(?=[^\s=])((?:[^=\n]|=(?!=))*?[^\s=])==/g;

interface Deletion {
  start: number;
  end: number;
  group: number;
  hint?: string;
}

function clozeMasks(lines: readonly string[], card: Card): AnswerMask[] {
  const source = lines.slice(card.line - 1, card.endLine).join('\n');
  const masked = maskCodeSpans(source);
  const deletions: Deletion[] = [];
  // Searched only up to the last `}}`, as the parser does (see clozeSearchArea).
  for (const m of clozeSearchArea(masked).matchAll(ANKI_CLOZE)) {
    const start = m.index ?? 0;
    const textStart = start + '{{c'.length + m[1].length + '::'.length;
    if (source.slice(textStart, textStart + m[2].length).trim() === '') continue;
    deletions.push({ start, end: start + m[0].length, group: Number(m[1]), ...(m[3] !== undefined && m[3].trim() !== '' ? { hint: m[3].trim() } : {}) });
  }
  let group = deletions.reduce((max, d) => Math.max(max, d.group), 0);
  // Anki deletions are in text order and do not overlap: one pass finds those a highlight
  // overlaps (asking all of them for each highlight was quadratic in a long paragraph).
  const anki = deletions.length;
  let next = 0;
  for (const m of masked.matchAll(HIGHLIGHT)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    while (next < anki && deletions[next].end <= start) next++;
    if (next < anki && deletions[next].start < end) continue;
    deletions.push({ start, end, group: ++group });
  }
  const masks: AnswerMask[] = [];
  // A group's deletions are in text order (Anki's are found in order; a highlight is alone in
  // its group): one cursor walks the lines forward for all of them.
  const cursor = { line: card.line, lineStart: 0, at: 0 };
  for (const d of deletions) {
    if (d.group !== card.clozeGroup) continue;
    masks.push(...offsetRangeMasks(source, cursor, d.start, d.end, d.hint !== undefined ? `[${d.hint}]` : ANSWER_PLACEHOLDER));
  }
  return masks;
}

/**
 * Masks for an offset range of `source`, one per line it spans. `cursor` says on which line
 * (and from which offset) the last range was found; ranges come in text order.
 */
function offsetRangeMasks(source: string, cursor: { line: number; lineStart: number; at: number }, start: number, end: number, replacement: string): AnswerMask[] {
  const masks: AnswerMask[] = [];
  for (let i = cursor.at; i < start; i++) {
    if (source.charCodeAt(i) === 0x0a) {
      cursor.line++;
      cursor.lineStart = i + 1;
    }
  }
  cursor.at = Math.max(cursor.at, start);
  let line = cursor.line;
  let lineStart = cursor.lineStart;
  let from = start;
  // Line breaks are looked for inside the range only (a search past its end, in a long
  // paragraph of one line, would read the rest of the paragraph for every range).
  for (let i = start; i <= end; i++) {
    if (i < end && source.charCodeAt(i) !== 0x0a) continue;
    if (i > from) masks.push({ line, startColumn: from - lineStart, endColumn: i - lineStart, replacement: masks.length === 0 && from === start ? replacement : '' });
    line++;
    lineStart = i + 1;
    from = i + 1;
  }
  return masks;
}
