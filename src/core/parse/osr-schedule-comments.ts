/**
 * The schedules Obsidian Spaced Repetition keeps in a note: one HTML comment per question,
 * holding one `!due,interval,ease` triple per card of the question (its "sides"):
 *
 * ```markdown
 * Mitochondria:::The power plant of the cell <!--SR:!2026-03-01,4,270!2026-02-20,2,250-->
 * ```
 *
 * is due on 2026-03-01 (interval 4 days, ease 2.70) front to back, and on 2026-02-20 back to
 * front. The plugin writes the comment at the end of the card's last line, or (its default)
 * on the line right after the card, also inside an `> [!sr|card-metadata]` callout there.
 * An older form holds one triple without the `!`: `<!--SR:2026-03-01,4,270-->`. A side
 * never reviewed carries the placeholder date `2000-01-01`.
 *
 * This module only reads: it says which card each triple belongs to. Which card a side is:
 * the sides of a `:::` or `??` question are its front-to-back card then its reversed twin;
 * the sides of a cloze paragraph are its deletions in their group order (`==highlights==` in
 * text order, `{{c1::…}}` by number). A comment that follows a heading, or follows no card
 * (a blank line between), is a note-level schedule or a stray: reported, never guessed at.
 */
import type { Card, Note } from '../model/model';
import { notesBlockMarkdown } from './block-tree';

/** One side's schedule as the plugin wrote it. */
export interface OsrSchedule {
  /** The due day, `YYYY-MM-DD` (a `DD-MM-YYYY` date is rewritten in this order). */
  readonly due: string;
  /** Days between the review that set it and the due day (the plugin's interval). */
  readonly intervalDays: number;
  /** The plugin's ease in hundredths (250 = 2.5, its default starting ease). */
  readonly ease: number;
}

/** The placeholder date the plugin writes for a side it has never reviewed. */
export const OSR_NEW_CARD_DATE = '2000-01-01';

/** What one comment body says: a schedule per side (undefined: the side was never reviewed), or why it is unreadable. */
export type OsrCommentReading = { readonly ok: true; readonly sides: readonly (OsrSchedule | undefined)[] } | { readonly ok: false; readonly reason: string };

const TRIPLE = /^([0-9-]+),(\d+),(\d+)$/;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_FIRST = /^(\d{2})-(\d{2})-(\d{4})$/;

/**
 * Reads the text between `<!--SR:` and `-->`.
 *
 * ```ts
 * readOsrComment('!2026-03-01,4,270!2000-01-01,1,250')
 * // { ok: true, sides: [{ due: '2026-03-01', intervalDays: 4, ease: 270 }, undefined] }
 * ```
 */
export function readOsrComment(body: string): OsrCommentReading {
  const text = body.trim();
  // The legacy form: one triple, no `!`.
  const parts = text.startsWith('!') ? text.slice(1).split('!') : [text];
  const sides: (OsrSchedule | undefined)[] = [];
  for (const [k, part] of parts.entries()) {
    const which = parts.length > 1 ? `side ${k + 1}: ` : '';
    const match = TRIPLE.exec(part.trim());
    if (!match) return { ok: false, reason: `${which}"${shorten(part)}" is not a due date, an interval and an ease (like !2026-03-01,4,270)` };
    const due = isoDay(match[1]);
    if (due === undefined) return { ok: false, reason: `${which}"${match[1]}" is not a date (YYYY-MM-DD)` };
    const intervalDays = Number(match[2]);
    const ease = Number(match[3]);
    if (due === OSR_NEW_CARD_DATE) {
      sides.push(undefined);
      continue;
    }
    if (intervalDays < 1) return { ok: false, reason: `${which}an interval of ${match[2]} days (the plugin writes at least 1)` };
    if (intervalDays > 36500) return { ok: false, reason: `${which}an interval of ${match[2]} days is over a hundred years` };
    sides.push({ due, intervalDays, ease });
  }
  return { ok: true, sides };
}

/** `YYYY-MM-DD` of a real date written `YYYY-MM-DD` or `DD-MM-YYYY`; undefined otherwise. */
function isoDay(text: string): string | undefined {
  const iso = ISO_DAY.exec(text);
  const dayFirst = iso ? undefined : DAY_FIRST.exec(text);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : dayFirst ? [dayFirst[3], dayFirst[2], dayFirst[1]] : [];
  if (year === undefined) return undefined;
  const label = `${year}-${month}-${day}`;
  const time = Date.UTC(Number(year), Number(month) - 1, Number(day));
  // Date.UTC rolls 2026-02-30 over to March: only a date that reads back the same is real.
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === label ? label : undefined;
}

/** One side read from a note, with the card it belongs to. */
export interface OsrCardSchedule {
  /** The card's id (as in the note's parse). */
  readonly cardId: string;
  /** The card's first line (1-based). */
  readonly line: number;
  /** Line of the comment (1-based). */
  readonly commentLine: number;
  /** The schedule; undefined when the plugin never reviewed this side. */
  readonly schedule: OsrSchedule | undefined;
}

/** A comment that gave nothing, and why. */
export interface OsrCommentProblem {
  /** Line of the comment (1-based). */
  readonly line: number;
  readonly reason: string;
}

/** What a note's schedule comments say. */
export interface OsrNoteSchedules {
  /** One entry per card that a comment gives a side to, in note order. */
  readonly cards: readonly OsrCardSchedule[];
  /** Comments that could not be read. */
  readonly unreadable: readonly OsrCommentProblem[];
  /**
   * Comments read but given to no card: after a heading (a note-level schedule), after no
   * card, or holding more sides than its question has cards (the extra sides).
   */
  readonly unmatched: readonly OsrCommentProblem[];
}

const COMMENT = /<!--SR:([^>]*?)-->/g;
const COMMENT_ONLY = /^\s{0,3}(?:>\s?)*\s*<!--SR:[^>]*?-->\s*$/;
const CARD_METADATA_CALLOUT = /^\s*>\s*\[!sr\|card-metadata\]/i;

/**
 * The schedule comments of a note, each given to the cards it schedules. `note` is the
 * parse of `text` (its cards give the lines; ids are taken from it unchanged). Reads only:
 * the note is never changed. Linear in the note's size.
 *
 * ```markdown
 * What is DNS?
 * ?
 * The internet's phone book
 * <!--SR:!2026-03-01,4,270-->
 * ```
 * gives the card of line 1 the schedule due 2026-03-01.
 */
export function readOsrSchedules(text: string, note: Pick<Note, 'cards' | 'sections'>): OsrNoteSchedules {
  if (!text.includes('<!--SR:')) return { cards: [], unreadable: [], unmatched: [] };
  const source = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  const lines = source.split('\n');
  const inCode = codeLines(source, lines.length);
  const headings = new Set(note.sections.map((s) => s.line));

  // The cards the plugin could have made (never a multiple-choice question), by the line a comment of theirs can sit on.
  const byCommentLine = new Map<number, Card[]>();
  const claim = (line: number, card: Card) => {
    let list = byCommentLine.get(line);
    if (!list) byCommentLine.set(line, (list = []));
    list.push(card);
  };
  for (const card of note.cards) {
    if (card.kind === 'mcq' || headings.has(card.line)) continue;
    const last = card.endLine;
    if (hasComment(lines[last - 1])) claim(last, card);
    else if (isCommentOnly(lines[last])) claim(last + 1, card);
    else if (CARD_METADATA_CALLOUT.test(lines[last] ?? '') && isCommentOnly(lines[last + 1])) claim(last + 2, card);
  }

  const cards: OsrCardSchedule[] = [];
  const unreadable: OsrCommentProblem[] = [];
  const unmatched: OsrCommentProblem[] = [];
  lines.forEach((lineText, index) => {
    const line = index + 1;
    if (!lineText.includes('<!--SR:') || inCode[index]) return;
    const matches = [...lineText.matchAll(COMMENT)];
    if (matches.length === 0) {
      unreadable.push({ line, reason: 'a schedule comment that does not close with -->' });
      return;
    }
    // The plugin keeps one comment per question, at its end: the last one on the line is it.
    const reading = readOsrComment(matches[matches.length - 1][1]);
    if (!reading.ok) {
      unreadable.push({ line, reason: reading.reason });
      return;
    }
    const claimed = byCommentLine.get(line);
    if (!claimed) {
      const previous = lines[index - 1];
      const afterHeading = headings.has(line - 1) || (previous !== undefined && CARD_METADATA_CALLOUT.test(previous) && headings.has(line - 2));
      unmatched.push({ line, reason: afterHeading ? 'follows a heading: a schedule of the whole note, not of a card' : 'not at the end of a card or on the line right after one' });
      return;
    }
    const siblings = sidesOf(claimed);
    reading.sides.forEach((schedule, k) => {
      const card = siblings[k];
      if (card) cards.push({ cardId: card.id, line: card.line, commentLine: line, schedule });
    });
    if (reading.sides.length > siblings.length) {
      unmatched.push({ line, reason: `${reading.sides.length} sides for ${siblings.length} card${siblings.length === 1 ? '' : 's'}: the extra ones are left out` });
    }
  });
  return { cards, unreadable, unmatched };
}

/**
 * The cards of one question in the plugin's side order. Flashcards come before cloze cards
 * of the same lines (a `::` line is a flashcard to the plugin), and only they are its
 * sides then: the forward card first, its reversed twin second.
 */
function sidesOf(claimed: readonly Card[]): Card[] {
  const flashcards = claimed.filter((c) => c.kind === 'flashcard');
  if (flashcards.length > 0) return [...flashcards].sort((a, b) => a.line - b.line || Number(a.reversed === true) - Number(b.reversed === true));
  return [...claimed].sort((a, b) => a.line - b.line || (a.clozeGroup ?? 0) - (b.clozeGroup ?? 0));
}

function hasComment(line: string | undefined): boolean {
  return line !== undefined && line.includes('<!--SR:') && /-->\s*$/.test(line);
}

function isCommentOnly(line: string | undefined): boolean {
  return line !== undefined && line.includes('<!--SR:') && COMMENT_ONLY.test(line);
}

/** `inCode[k]`: whether 0-based line k is in a fenced or indented code block (its text is code, not a comment). */
function codeLines(source: string, lineCount: number): boolean[] {
  const inCode = new Array<boolean>(lineCount).fill(false);
  for (const token of notesBlockMarkdown().parse(source, {})) {
    if ((token.type === 'fence' || token.type === 'code_block') && token.map) for (let k = token.map[0]; k < token.map[1] && k < lineCount; k++) inCode[k] = true;
  }
  return inCode;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
