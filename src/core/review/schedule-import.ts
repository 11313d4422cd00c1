/**
 * Bringing schedules from Obsidian Spaced Repetition into the review log: which cards of
 * the notes carry one (see `readOsrSchedules`), which of them an `import` line is written
 * for, and the words that tell the learner what happened. The notes are only read.
 */
import type { Note } from '../model/model';
import { readOsrSchedules } from '../parse/osr-schedule-comments';
import { dayStartTime, parseDayLabel, type Calendar } from '../stats/calendar';
import type { RecordedCard } from './review-book';
import { importKey } from './review-event';
import type { CardRecord } from './review-history';

/** One card's schedule to import. */
export interface ScheduleImport {
  readonly card: RecordedCard;
  /** The due day, `YYYY-MM-DD`. */
  readonly due: string;
  /** The start of the due day in the learner's calendar (epoch ms). */
  readonly dueAt: number;
  readonly intervalDays: number;
  readonly ease: number;
}

/** A note to look for schedules in: its key, its parse and the text that parse is of. */
export interface ImportSourceNote {
  readonly key: string;
  readonly note: Pick<Note, 'cards' | 'sections'>;
  readonly text: string;
}

/** A comment that gave nothing, where it is and why. */
export interface ImportSkippedComment {
  readonly note: string;
  /** 1-based. */
  readonly line: number;
  readonly reason: string;
}

/** What the notes hold. */
export interface ImportPlan {
  /** Schedules to import, one per card side the plugin reviewed, in note order. */
  readonly items: readonly ScheduleImport[];
  /** Sides the plugin never reviewed (its `2000-01-01` placeholder): they stay new. */
  readonly newSides: number;
  /** Comments that could not be read. */
  readonly unreadable: readonly ImportSkippedComment[];
  /** Comments read but given to no card (a note-level schedule, a stray, extra sides). */
  readonly unmatched: readonly ImportSkippedComment[];
}

/**
 * The schedules the notes' comments hold, as imports. Times are the due days' starts in
 * `calendar`.
 *
 * ```ts
 * planScheduleImport([{ key: 'bio.md', note: parseNote(text), text }], LOCAL_CALENDAR).items
 * // [{ card: { id: '3f9c…', note: 'bio.md', prompt: 'Mitochondria' }, due: '2026-03-01', intervalDays: 4, ease: 270, dueAt: … }]
 * ```
 */
export function planScheduleImport(notes: Iterable<ImportSourceNote>, calendar: Calendar): ImportPlan {
  const items: ScheduleImport[] = [];
  const unreadable: ImportSkippedComment[] = [];
  const unmatched: ImportSkippedComment[] = [];
  let newSides = 0;
  for (const { key, note, text } of notes) {
    if (!text.includes('<!--SR:')) continue;
    const found = readOsrSchedules(text, note);
    const byId = new Map(note.cards.map((card) => [card.id, card]));
    for (const side of found.cards) {
      const card = byId.get(side.cardId);
      if (!card) continue;
      if (!side.schedule) {
        newSides++;
        continue;
      }
      const day = parseDayLabel(side.schedule.due);
      if (day === undefined) continue; // readOsrComment only gives real dates
      items.push({ card: { id: card.id, note: key, prompt: card.prompt }, ...side.schedule, dueAt: dayStartTime(day, calendar) });
    }
    for (const problem of found.unreadable) unreadable.push({ note: key, ...problem });
    for (const problem of found.unmatched) unmatched.push({ note: key, ...problem });
  }
  return { items, newSides, unreadable, unmatched };
}

/** What importing one schedule does. */
export type ImportOutcome = 'imported' | 'already-imported' | 'already-reviewed';

/**
 * Whether `item` is written, given the card's history: not when the last import of the
 * card brought this same schedule (importing twice adds nothing), nor when the card has
 * been reviewed here (reviews made here are never overridden; a card reset with Forget
 * counts as never reviewed).
 */
export function importOutcome(record: CardRecord | undefined, item: Pick<ScheduleImport, 'due' | 'intervalDays' | 'ease'>): ImportOutcome {
  if (record?.imported === importKey(item)) return 'already-imported';
  if (record && record.reviewCount > 0) return 'already-reviewed';
  return 'imported';
}

/** What an import did. */
export interface ImportSummary {
  readonly imported: number;
  readonly alreadyImported: number;
  readonly alreadyReviewed: number;
  /** Imports written to memory but not to disk yet (kept and retried, like ratings). */
  readonly notSaved: number;
  readonly error?: Error;
}

/**
 * The one-line report of an import, for a notification.
 *
 * ```ts
 * importMessage({ imported: 3, alreadyImported: 0, alreadyReviewed: 1, notSaved: 0 }, plan)
 * // 'Imported the schedules of 3 cards from Obsidian Spaced Repetition comments. Skipped 1 card already reviewed here (its reviews win).'
 * ```
 */
export function importMessage(summary: ImportSummary, plan: Pick<ImportPlan, 'newSides' | 'unreadable' | 'unmatched'>): string {
  const parts: string[] = [];
  parts.push(summary.imported > 0 ? `Imported the schedules of ${cards(summary.imported)} from Obsidian Spaced Repetition comments.` : 'No schedule to import: nothing was added to the review log.');
  const skipped: string[] = [];
  if (summary.alreadyImported > 0) skipped.push(`${cards(summary.alreadyImported)} imported before`);
  if (summary.alreadyReviewed > 0) skipped.push(`${cards(summary.alreadyReviewed)} already reviewed here (${summary.alreadyReviewed === 1 ? 'its reviews win' : 'their reviews win'})`);
  if (skipped.length > 0) parts.push(`Skipped ${skipped.join(' and ')}.`);
  if (plan.newSides > 0) parts.push(`${cards(plan.newSides)} never reviewed in Obsidian ${plan.newSides === 1 ? 'stays' : 'stay'} new.`);
  if (plan.unreadable.length > 0) parts.push(`${comments(plan.unreadable.length)} could not be read (see the log).`);
  if (plan.unmatched.length > 0) parts.push(`${comments(plan.unmatched.length)} ${plan.unmatched.length === 1 ? 'belongs' : 'belong'} to no card (see the log).`);
  if (summary.notSaved > 0) parts.push(`${summary.notSaved} not saved yet: kept and written when the log can be written.`);
  return parts.join(' ');
}

function cards(n: number): string {
  return `${n} card${n === 1 ? '' : 's'}`;
}

function comments(n: number): string {
  return `${n} schedule comment${n === 1 ? '' : 's'}`;
}
