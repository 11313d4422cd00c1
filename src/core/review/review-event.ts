/**
 * The review log's line format. One JSON object per line, for example
 *
 * ```json
 * {"v":1,"id":"m1x-7f3a.12","kind":"review","card":"3f9c…","time":1735722000000,"rating":3,"durationMs":4200,"note":"notes/aws.md","question":"What is the pricing model of Cloud Computing?"}
 * ```
 *
 * Lines are only ever appended: an undo is a new `undo` line naming the event it takes
 * back, a re-linked question is a `link` line from the old card id to the new one, an
 * exam date is an `exam` line (the last one of a workspace folder wins), a finished mock
 * exam a `mock` line, a schedule brought from Obsidian Spaced Repetition an `import` line.
 * Fields a release does not know are ignored by it, and kinds it does
 * not know are skipped and kept: both only ever add.
 */
import { isRating, type Rating } from '../model/rating';

/** The schema version this code writes; lines with a higher version are skipped, not guessed at. */
export const REVIEW_LOG_VERSION = 1;

/** Earliest and latest accepted event times (2000-01-01 and 2200-01-01 UTC): fixed, so the same log always loads the same. */
export const MIN_EVENT_TIME = Date.UTC(2000, 0, 1);
export const MAX_EVENT_TIME = Date.UTC(2200, 0, 1);

/** Longest question snapshot written; the snapshot is for re-linking and humans, not the card itself. */
export const MAX_SNAPSHOT_CHARS = 300;

/** Longest chosen option written, and most options recorded per answer. */
export const MAX_CHOICE_CHARS = 200;
export const MAX_CHOICES = 20;

/** What every event carries. */
interface EventBase {
  /** Schema version. */
  readonly v: number;
  /** Unique id of this event (writer id plus a counter). Duplicated lines share it. */
  readonly id: string;
  /** Exact time of the event, epoch milliseconds. */
  readonly time: number;
  /** The note's key (path in its workspace) when the event was written. */
  readonly note?: string;
  /** The question's text when the event was written (at most `MAX_SNAPSHOT_CHARS`). */
  readonly question?: string;
  /**
   * The label of the workspace folder an event about no note belongs to (an exam date, its
   * undo) in a multi-root workspace, where note keys start with it; absent with one folder.
   */
  readonly folder?: string;
}

/** A rating of a card. */
export interface ReviewRatingEvent extends EventBase {
  readonly kind: 'review';
  readonly card: string;
  readonly rating: Rating;
  /** Time taken to answer, in ms. */
  readonly durationMs?: number;
  /**
   * For a multiple-choice answer: the options chosen, as their text (not their place, which
   * shuffling and edits change), and whether exactly the right ones were. The rating alone
   * does not say: the learner may rate a wrong guess Hard.
   */
  readonly chosen?: readonly string[];
  readonly correct?: boolean;
}

/** Takes back an earlier event (a mis-pressed rating). */
export interface UndoEvent extends EventBase {
  readonly kind: 'undo';
  readonly card: string;
  /** The id of the event taken back. */
  readonly target: string;
}

/** Resets a card to new. */
export interface ForgetEvent extends EventBase {
  readonly kind: 'forget';
  readonly card: string;
}

/** Moves the history of `card` (the old id) to `to` (the new id), for events before this one. */
export interface LinkEvent extends EventBase {
  readonly kind: 'link';
  readonly card: string;
  readonly to: string;
}

/** Takes a card out of (`suspend`) or back into (`unsuspend`) the queue. */
export interface SuspendEvent extends EventBase {
  readonly kind: 'suspend' | 'unsuspend';
  readonly card: string;
}

/** Records that `Check Review Log` reported these findings, so it does not report them again. */
export interface AcknowledgeEvent extends EventBase {
  readonly kind: 'ack';
  /** Keys of the findings (see `LogFinding.key`). */
  readonly refs: readonly string[];
}

/** A note, or a section of it with its subsections, that an exam covers. */
export interface ExamScopeItem {
  /** The note's key. */
  readonly note: string;
  /** The section's breadcrumb; absent for the whole note. */
  readonly section?: readonly string[];
}

/** A weight of a part of the exam (certification exams publish their domains' weights). */
export interface ExamWeightItem extends ExamScopeItem {
  /** A positive number; weights are relative. */
  readonly weight: number;
}

/**
 * Sets (or with `date: null` clears) the exam date of a workspace folder. The last one
 * of a folder, in (time, id) order and not undone, is in force on every machine.
 *
 * ```json
 * {"v":1,"id":"m1x-7f3a.13","kind":"exam","time":1735722000000,"date":"2025-03-01","weights":[{"note":"aws.md","section":["Compute"],"weight":30}]}
 * ```
 */
export interface ExamEvent extends EventBase {
  readonly kind: 'exam';
  /** The exam day, `YYYY-MM-DD` in local time; null: no exam date (cleared). */
  readonly date: string | null;
  /** What the exam covers; absent: every card of the folder. */
  readonly scope?: readonly ExamScopeItem[];
  /** Weights of parts of the scope; absent: every card weighs the same. */
  readonly weights?: readonly ExamWeightItem[];
}

/** The undo of an exam event names this pseudo card (the release reads an undo only with a card id). */
export const EXAM_CARD = 'exam';

/** One question of a mock exam attempt, as answered. */
export interface MockAnswer {
  readonly card: string;
  /** The note's key. */
  readonly note: string;
  /** The options chosen, as their text; empty when the question was left unanswered. */
  readonly chosen: readonly string[];
  readonly correct: boolean;
}

/**
 * A finished mock exam: what was asked and answered. It changes no schedule (unless the
 * learner also counts it as reviews, which writes `review` lines); Statistics lists it.
 *
 * ```json
 * {"v":1,"id":"m1x-7f3a.14","kind":"mock","time":1735722000000,"scope":"Workspace","passMark":0.7,"durationMs":3120000,"answers":[{"card":"3f9c…","note":"aws.md","chosen":["Regions"],"correct":true}]}
 * ```
 */
export interface MockAttemptEvent extends EventBase {
  readonly kind: 'mock';
  /** What the exam was drawn from, in words ("Workspace", "aws.md › Compute", "the exam date's scope"). */
  readonly scope: string;
  /** The pass mark in force, 0–1. */
  readonly passMark: number;
  /** Time from start to submit. */
  readonly durationMs: number;
  readonly answers: readonly MockAnswer[];
}

/**
 * A schedule brought from Obsidian Spaced Repetition (its `<!--SR:!2026-03-01,4,270-->`
 * comment in the note): the card keeps its due date, mapped onto an FSRS state as
 * `ReviewScheduler.importedCard` documents. It counts only while the card has no review in
 * the log before it (in (time, id) order): an import never overrides reviews made here. Not
 * a review: counts and statistics leave it out.
 *
 * ```json
 * {"v":1,"id":"m1x-7f3a.15","kind":"import","card":"3f9c…","time":1735722000000,"due":"2026-03-01","dueAt":1772323200000,"intervalDays":4,"ease":270,"note":"bio.md","question":"Mitochondria"}
 * ```
 */
export interface ImportEvent extends EventBase {
  readonly kind: 'import';
  readonly card: string;
  /** The due day as the note wrote it, `YYYY-MM-DD`: with `intervalDays` and `ease`, what makes an import the same as an earlier one. */
  readonly due: string;
  /** The start of that day where it was imported (epoch ms): every machine folds the same time. */
  readonly dueAt: number;
  /** The interval that led to the due day, whole days from 1 to 36500. */
  readonly intervalDays: number;
  /** The plugin's ease, in hundredths (250 = 2.5). */
  readonly ease: number;
}

/** The part of an import that says whether two imports bring the same schedule: `2026-03-01,4,270`. */
export function importKey(schedule: Pick<ImportEvent, 'due' | 'intervalDays' | 'ease'>): string {
  return `${schedule.due},${schedule.intervalDays},${schedule.ease}`;
}

/** One line of the review log. */
export type ReviewEvent = ReviewRatingEvent | UndoEvent | ForgetEvent | LinkEvent | SuspendEvent | AcknowledgeEvent | ExamEvent | MockAttemptEvent | ImportEvent;

/** The kinds of events. */
export type ReviewEventKind = ReviewEvent['kind'];

const KINDS: ReadonlySet<string> = new Set<ReviewEventKind>(['review', 'undo', 'forget', 'link', 'suspend', 'unsuspend', 'ack', 'exam', 'mock', 'import']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The result of reading one line: the event, or why the line is unusable. */
export type ParsedLine = { readonly ok: true; readonly event: ReviewEvent } | { readonly ok: false; readonly reason: string };

/**
 * Reads and validates one line of the log (without its line break). Never throws.
 *
 * ```ts
 * parseReviewLine('{"v":1,"id":"a.1","kind":"review","card":"c","time":1735722000000,"rating":7}')
 * // { ok: false, reason: 'rating must be 1, 2, 3 or 4, not 7' }
 * ```
 */
export function parseReviewLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return fail(line.trim() === '' ? 'empty line' : 'not valid JSON (a torn or hand-edited line?)');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('not a JSON object');
  const o = value as Record<string, unknown>;
  if (!Number.isInteger(o.v) || (o.v as number) < 1) return fail('no schema version "v"');
  if ((o.v as number) > REVIEW_LOG_VERSION) return fail(`written by a newer version of Note Review (schema ${String(o.v)}, this one reads ${REVIEW_LOG_VERSION})`);
  if (!isId(o.id)) return fail('no event id "id"');
  if (typeof o.kind !== 'string' || !KINDS.has(o.kind)) return fail(`unknown kind ${JSON.stringify(o.kind)}`);
  if (typeof o.time !== 'number' || !Number.isInteger(o.time)) return fail(`time must be whole milliseconds, not ${JSON.stringify(o.time) ?? 'missing'}`);
  if (o.time < MIN_EVENT_TIME || o.time >= MAX_EVENT_TIME) return fail(`time ${describeTime(o.time)} is out of range (2000–2199)`);
  if (o.note !== undefined && typeof o.note !== 'string') return fail('"note" must be text');
  if (o.question !== undefined && typeof o.question !== 'string') return fail('"question" must be text');
  if (o.folder !== undefined && typeof o.folder !== 'string') return fail('"folder" must be text');
  const kind = o.kind as ReviewEventKind;
  if (kind === 'ack') {
    if (!Array.isArray(o.refs) || !o.refs.every((r) => typeof r === 'string')) return fail('"refs" must be a list of text');
    return ok(o);
  }
  if (kind === 'exam') return examProblem(o) ?? ok(o);
  if (kind === 'mock') return mockProblem(o) ?? ok(o);
  if (!isId(o.card)) return fail('no card id "card"');
  switch (kind) {
    case 'review':
      if (!isRating(o.rating)) return fail(`rating must be 1, 2, 3 or 4, not ${JSON.stringify(o.rating) ?? 'missing'}`);
      if (o.durationMs !== undefined && !isDuration(o.durationMs)) return fail('"durationMs" must be a number of ms');
      if (o.chosen !== undefined && !isChoiceList(o.chosen)) return fail(`"chosen" must be a list of at most ${MAX_CHOICES} option texts`);
      if (o.correct !== undefined && typeof o.correct !== 'boolean') return fail('"correct" must be true or false');
      return ok(o);
    case 'undo':
      return isId(o.target) ? ok(o) : fail('an undo needs the "target" event id');
    case 'link':
      if (!isId(o.to)) return fail('a link needs the new card id "to"');
      return o.to === o.card ? fail('a link from a card to itself') : ok(o);
    case 'import':
      return importProblem(o) ?? ok(o);
    case 'forget':
    case 'suspend':
    case 'unsuspend':
      return ok(o);
  }
}

/** Why an exam event is unusable, or undefined when it is fine. */
function examProblem(o: Record<string, unknown>): ParsedLine | undefined {
  if (!(o.date === null || (typeof o.date === 'string' && DAY.test(o.date)))) return fail(`an exam date must be a day written YYYY-MM-DD or null, not ${JSON.stringify(o.date) ?? 'missing'}`);
  if (o.scope !== undefined && !(Array.isArray(o.scope) && o.scope.every(isScopeItem))) return fail('"scope" must be a list of notes and sections');
  if (o.weights !== undefined && !(Array.isArray(o.weights) && o.weights.every((w) => isScopeItem(w) && typeof w.weight === 'number' && Number.isFinite(w.weight) && w.weight > 0))) {
    return fail('"weights" must be a list of notes and sections with positive weights');
  }
  return undefined;
}

/** Why an import event is unusable, or undefined when it is fine. */
function importProblem(o: Record<string, unknown>): ParsedLine | undefined {
  if (!(typeof o.due === 'string' && DAY.test(o.due))) return fail(`an import needs its due day written YYYY-MM-DD, not ${JSON.stringify(o.due) ?? 'missing'}`);
  if (!(typeof o.dueAt === 'number' && Number.isInteger(o.dueAt) && o.dueAt >= MIN_EVENT_TIME && o.dueAt < MAX_EVENT_TIME)) return fail('an import needs "dueAt", whole milliseconds from 2000 to 2199');
  if (!(Number.isInteger(o.intervalDays) && (o.intervalDays as number) >= 1 && (o.intervalDays as number) <= 36500)) return fail('an import needs "intervalDays", whole days from 1 to 36500');
  if (!(Number.isInteger(o.ease) && (o.ease as number) >= 0)) return fail('an import needs "ease", a whole number');
  return undefined;
}

/** Why a mock exam event is unusable, or undefined when it is fine. */
function mockProblem(o: Record<string, unknown>): ParsedLine | undefined {
  if (typeof o.scope !== 'string') return fail('a mock exam needs its "scope" in words');
  if (!(typeof o.passMark === 'number' && o.passMark >= 0 && o.passMark <= 1)) return fail('"passMark" must be a number from 0 to 1');
  if (!isDuration(o.durationMs)) return fail('"durationMs" must be a number of ms');
  if (!Array.isArray(o.answers)) return fail('"answers" must be a list');
  for (const answer of o.answers as unknown[]) {
    if (typeof answer !== 'object' || answer === null) return fail('an answer of a mock exam must be an object');
    const a = answer as Record<string, unknown>;
    if (!isId(a.card) || typeof a.note !== 'string' || !isChoiceList(a.chosen) || typeof a.correct !== 'boolean') return fail('an answer of a mock exam needs "card", "note", "chosen" and "correct"');
  }
  return undefined;
}

function isDuration(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isChoiceList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.length <= MAX_CHOICES && value.every((c) => typeof c === 'string' && c.length <= MAX_CHOICE_CHARS);
}

function isScopeItem(value: unknown): value is ExamScopeItem & Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as Record<string, unknown>;
  return typeof item.note === 'string' && (item.section === undefined || (Array.isArray(item.section) && item.section.every((t) => typeof t === 'string')));
}

/** The line for `event`, without its line break. */
export function formatReviewEvent(event: ReviewEvent): string {
  return JSON.stringify(event);
}

/** Cuts a question to the snapshot length. */
export function questionSnapshot(question: string): string {
  return oneLine(question, MAX_SNAPSHOT_CHARS);
}

/** The options chosen as the log records them: each flattened to one line and cut to `MAX_CHOICE_CHARS`, at most `MAX_CHOICES`. */
export function choiceSnapshot(labels: readonly string[]): string[] {
  return labels.slice(0, MAX_CHOICES).map((label) => oneLine(label, MAX_CHOICE_CHARS));
}

/** `text` on one line, cut to `max` characters with an ellipsis. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** The time as a date when it is one (JavaScript dates end at ±8.64e15 ms), else the number: a message must never throw. */
function describeTime(time: number): string {
  return Math.abs(time) <= 8.64e15 ? new Date(time).toISOString() : String(time);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}

function ok(o: Record<string, unknown>): ParsedLine {
  return { ok: true, event: o as unknown as ReviewEvent };
}

function fail(reason: string): ParsedLine {
  return { ok: false, reason };
}
