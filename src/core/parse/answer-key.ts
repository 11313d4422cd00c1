// Answer keys: the answers of a run of numbered questions, given together after them
// (`## Answer Key` and a list `1. C`, `**Answer key:** 1-b, 2-c, 3-b`, a details block
// holding either). This file reads the text of one line or list item; which blocks make a
// key is decided on markdown-it's block tree in parse-note.ts.

/** One entry of an answer key: the question's number and the text naming its answer (`C`, `B — why`). */
export interface KeyEntry {
  readonly number: number;
  readonly answer: string;
}

const KEY_TITLE = /^(?:the\s+)?(?:answers?|solutions?|correct\s+answers?)(?:\s+(?:key|sheet))?(?![\p{L}\p{N}])/iu;
const KEY_LABEL = /^(?:the\s+)?(?:answer\s+keys?|answers|solutions|correct\s+answers)\s*[:：]\s*/i;
const LEADING_SYMBOLS = /^[^\p{L}\p{N}]+/u;

/** Whether a heading's title (plain text) announces an answer key: "Answer Key", "✅ Answers", "Solutions", "Answer key & explanations". */
export function isAnswerKeyTitle(title: string): boolean {
  return KEY_TITLE.test(title.replace(LEADING_SYMBOLS, ''));
}

/**
 * When a paragraph's first line (plain text) opens with an answer key label
 * (`Answer key:`, `Answers:`), the text after the label (maybe empty); else undefined.
 * A single `Answer:` is one question's answer line, not a key.
 */
export function afterAnswerKeyLabel(firstLine: string): string | undefined {
  const text = firstLine.replace(LEADING_SYMBOLS, '');
  const m = KEY_LABEL.exec(text);
  return m ? text.slice(m[0].length).trim() : undefined;
}

/** `3. C`, `3) C`, `3 - C`, `Q3: C`: a number, a mark, the answer. */
const ENTRY_LINE = /^(?:Q(?:uestion)?\s*)?(\d{1,4})\s*(?:[.):=]|[-–—])\s*(\S.*)$/i;
/** Where entries start on a line holding several (`1-b, 2-c, 3-b`, `1. A 2. C`). */
const ENTRY_START = /(?:^|[\s,;])(?:Q\s*)?(\d{1,4})\s*(?:[.):=]|[-–—])\s*/gi;
/** An entry's answer when several share a line: letters only (`b`, `A, C`, `A or D`). */
const LETTERS_ONLY = /^\(?[A-Ha-h]\)?(?:\s*(?:,|&|\/|\band\b|\bor\b)\s*\(?[A-Ha-h]\)?)*$/;

/**
 * The entries of a key written as plain text lines: one entry per line (`1. C`,
 * `2 - Elasticity`), or several entries of letters on one line (`1-b, 2-c, 3-b`).
 * Lines that are no entry are skipped; text that holds none gives none.
 */
export function keyEntriesInLines(lines: readonly string[]): KeyEntry[] {
  const entries: KeyEntry[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    const several = severalEntries(line);
    if (several) {
      entries.push(...several);
      continue;
    }
    const m = ENTRY_LINE.exec(line);
    if (m) entries.push({ number: Number(m[1]), answer: m[2].trim() });
  }
  return entries;
}

/** Several entries on one line, each answer letters only; undefined when the line is not wholly such entries. */
function severalEntries(line: string): KeyEntry[] | undefined {
  const starts = [...line.matchAll(ENTRY_START)];
  if (starts.length < 2 || (starts[0].index ?? 0) !== 0) return undefined;
  const entries: KeyEntry[] = [];
  for (let k = 0; k < starts.length; k++) {
    const from = (starts[k].index ?? 0) + starts[k][0].length;
    const to = k + 1 < starts.length ? (starts[k + 1].index ?? line.length) : line.length;
    const answer = line.slice(from, to).trim().replace(/[,;.]+$/, '').trim();
    if (!LETTERS_ONLY.test(answer)) return undefined;
    entries.push({ number: Number(starts[k][1]), answer });
  }
  return entries;
}
