/**
 * The review-state snapshot: the card states folded from the log, saved with a mark of
 * how far each log segment had been read, so that a start replays only the lines
 * appended since. It is a cache, never the source of truth: a snapshot that does not
 * parse, was made with other scheduling settings, or whose marks no longer match the
 * segments is ignored and the whole log is replayed.
 *
 * The text is one header line, one line per card and an end line:
 *
 * ```text
 * {"format":"note-review-state","version":3,"savedAt":1735722000000,"scheduler":"…","marks":[…],"eventCount":3,"problems":[],"meta":[],"cards":1}
 * ["3f9c…","review",1736067600000,8.3,5.1,4,0,3,0,1735722000000,0,"notes/aws.md","What is…?",3,1735650000000,[1735721000000],1735722000000,"m1x-7f3a.12"]
 * {"end":1}
 * ```
 */
import { parseReviewLine, formatReviewEvent, type ReviewEvent } from './review-event';
import type { CardRecord, Pause, ReviewHistory } from './review-history';
import type { LogProblem } from './review-log';
import type { CardPhase, CardSchedule, SchedulerSettings } from './scheduler';

/** How far one segment of the log had been read, and a check of what was read. */
export interface SegmentMark {
  /** The segment's name, as the store names it. */
  readonly name: string;
  /** Bytes of complete lines read. */
  readonly offset: number;
  /** Lines in those bytes. */
  readonly lines: number;
  /** A quick fingerprint of the bytes before `offset`, computed by the store (a hash of two windows, for files). */
  readonly check: string;
  /** A checksum of every byte before `offset`, kept up by the store while it reads and appends (see `ReviewLogStore.verify`). */
  readonly sum?: string;
}

/** Where a snapshot is kept (the adapters keep it in a file). */
export interface ReviewStateStore {
  /** The saved text, or undefined when there is none. */
  read(): Promise<string | undefined>;
  /** Replaces the saved text (atomically, for files). */
  write(text: string): Promise<void>;
}

/** A parsed snapshot. */
export interface ReviewSnapshot {
  /** When it was saved (epoch ms). */
  readonly savedAt: number;
  /** `schedulerKey` of the settings it was folded with. */
  readonly scheduler: string;
  readonly marks: readonly SegmentMark[];
  /** Distinct events folded into it. */
  readonly eventCount: number;
  /** Unusable lines of the log up to the marks, to report as a full load would. */
  readonly problems: readonly LogProblem[];
  /** The undo, link and ack events (few): they decide how later events resolve. */
  readonly meta: readonly ReviewEvent[];
  /** The card states; their `events` are empty. */
  readonly cards: readonly CardRecord[];
}

const FORMAT = 'note-review-state';
/**
 * 2: marks carry whole-segment sums, and rating counts reset with the card. 3: `meta`
 * holds exam events (a version 2 snapshot may have read exam lines as unknown, behind its marks).
 * 4: a version 3 snapshot may count `mock` lines among its unreadable lines.
 * 5: a version 4 snapshot may count `import` lines among its unreadable lines; a card row
 * ends with the schedule its last import brought.
 */
const VERSION = 5;
/** Review times kept per card: today's daily limits look back at most a day, two cover any time zone change. */
const REPEAT_WINDOW_MS = 2 * 86_400_000;
const PHASES: ReadonlySet<string> = new Set<CardPhase>(['new', 'learning', 'review', 'relearning']);

/** Identifies the scheduling settings: states folded with other settings are not reused. */
export function schedulerKey(settings: SchedulerSettings): string {
  const { desiredRetention, maximumIntervalDays, learningSteps, relearningSteps, fuzz } = settings;
  return JSON.stringify([desiredRetention, maximumIntervalDays, learningSteps, relearningSteps, fuzz]);
}

/**
 * The snapshot text of `history`, whose events are exactly those of the log up to `marks`.
 * Builds the card lines in slices between `pause` calls.
 */
export async function formatReviewSnapshot(
  history: ReviewHistory,
  options: { readonly marks: readonly SegmentMark[]; readonly problems: readonly LogProblem[]; readonly savedAt: number; readonly scheduler: string },
  pause: Pause,
  sliceMs = 15,
): Promise<string> {
  const cards = [...history.cards()];
  const header = {
    format: FORMAT,
    version: VERSION,
    savedAt: options.savedAt,
    scheduler: options.scheduler,
    marks: options.marks,
    eventCount: history.eventCount,
    problems: options.problems,
    meta: history.metaEvents().map(formatReviewEvent),
    cards: cards.length,
  };
  const lines = [JSON.stringify(header)];
  const since = options.savedAt - REPEAT_WINDOW_MS;
  let sliceStart = performance.now();
  for (const r of cards) {
    const s = r.schedule;
    lines.push(
      JSON.stringify([
        r.id, s.phase, s.dueAt, s.stabilityDays, s.difficulty, s.scheduledDays, s.learningStep, s.reps, s.lapses, s.lastReviewAt ?? null,
        r.suspended ? 1 : 0, r.note ?? null, r.question ?? null, r.reviewCount, r.introducedAt ?? null, r.repeatTimes.filter((t) => t >= since),
        r.last?.time ?? null, r.last?.id ?? null, r.imported ?? null,
      ]),
    );
    if ((lines.length & 255) === 0 && performance.now() - sliceStart >= sliceMs) {
      await pause();
      sliceStart = performance.now();
    }
  }
  lines.push(JSON.stringify({ end: cards.length }));
  return `${lines.join('\n')}\n`;
}

/**
 * Reads a snapshot text, in slices between `pause` calls. Anything unexpected (a torn
 * write, a hand edit, another version) gives undefined: the snapshot is then ignored.
 * Never throws.
 */
export async function parseReviewSnapshot(text: string, pause: Pause, sliceMs = 15): Promise<ReviewSnapshot | undefined> {
  try {
    let at = text.indexOf('\n');
    if (at < 0) return undefined;
    const header = JSON.parse(text.slice(0, at)) as Record<string, unknown>;
    if (header.format !== FORMAT || header.version !== VERSION) return undefined;
    const { savedAt, scheduler, marks, eventCount, problems, meta, cards: count } = header;
    if (!isInt(savedAt) || typeof scheduler !== 'string' || !isInt(eventCount) || !isInt(count)) return undefined;
    if (!Array.isArray(marks) || !marks.every(isMark)) return undefined;
    if (!Array.isArray(problems) || !problems.every(isProblem)) return undefined;
    if (!Array.isArray(meta)) return undefined;
    const metaEvents: ReviewEvent[] = [];
    for (const line of meta) {
      const parsed = typeof line === 'string' ? parseReviewLine(line) : undefined;
      if (!parsed?.ok || (parsed.event.kind !== 'undo' && parsed.event.kind !== 'link' && parsed.event.kind !== 'ack' && parsed.event.kind !== 'exam')) return undefined;
      metaEvents.push(parsed.event);
    }
    const cards: CardRecord[] = [];
    let sliceStart = performance.now();
    for (let i = 0; i < count; i++) {
      const next = text.indexOf('\n', at + 1);
      if (next < 0) return undefined;
      const record = toRecord(JSON.parse(text.slice(at + 1, next)));
      if (!record) return undefined;
      cards.push(record);
      at = next;
      if ((i & 255) === 255 && performance.now() - sliceStart >= sliceMs) {
        await pause();
        sliceStart = performance.now();
      }
    }
    const end = JSON.parse(text.slice(at + 1)) as { end?: unknown };
    if (end.end !== count) return undefined;
    return { savedAt, scheduler, marks, eventCount, problems, meta: metaEvents, cards };
  } catch {
    return undefined;
  }
}

function toRecord(value: unknown): CardRecord | undefined {
  if (!Array.isArray(value) || value.length !== 19) return undefined;
  const [id, phase, dueAt, stabilityDays, difficulty, scheduledDays, learningStep, reps, lapses, lastReviewAt, suspended, note, question, reviewCount, introducedAt, repeatTimes, lastTime, lastId, imported] = value as unknown[];
  if (typeof id !== 'string' || id === '' || typeof phase !== 'string' || !PHASES.has(phase)) return undefined;
  if (![dueAt, stabilityDays, difficulty, scheduledDays].every(isFiniteNumber) || ![learningStep, reps, lapses, reviewCount].every(isInt)) return undefined;
  if (!(lastReviewAt === null || isInt(lastReviewAt)) || !(introducedAt === null || isInt(introducedAt))) return undefined;
  if (!(suspended === 0 || suspended === 1) || !(note === null || typeof note === 'string') || !(question === null || typeof question === 'string')) return undefined;
  if (!Array.isArray(repeatTimes) || !repeatTimes.every(isInt)) return undefined;
  if (!((lastTime === null && lastId === null) || (isInt(lastTime) && typeof lastId === 'string'))) return undefined;
  if (!(imported === null || typeof imported === 'string')) return undefined;
  const schedule: CardSchedule = {
    phase: phase as CardPhase,
    dueAt: dueAt as number,
    stabilityDays: stabilityDays as number,
    difficulty: difficulty as number,
    scheduledDays: scheduledDays as number,
    learningStep: learningStep as number,
    reps: reps as number,
    lapses: lapses as number,
    lastReviewAt: lastReviewAt === null ? undefined : (lastReviewAt as number),
  };
  return {
    id,
    schedule,
    suspended: suspended === 1,
    events: [],
    note: note === null ? undefined : (note as string),
    question: question === null ? undefined : (question as string),
    reviewCount: reviewCount as number,
    introducedAt: introducedAt === null ? undefined : (introducedAt as number),
    repeatTimes: repeatTimes as number[],
    last: lastTime === null ? undefined : { time: lastTime as number, id: lastId as string },
    ...(imported === null ? {} : { imported: imported as string }),
  };
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isInt(value: unknown): value is number {
  return Number.isInteger(value);
}

function isMark(value: unknown): value is SegmentMark {
  const m = value as Partial<SegmentMark> | null;
  return typeof m === 'object' && m !== null && typeof m.name === 'string' && isInt(m.offset) && m.offset >= 0 && isInt(m.lines) && typeof m.check === 'string' && (m.sum === undefined || typeof m.sum === 'string');
}

function isProblem(value: unknown): value is LogProblem {
  const p = value as Partial<LogProblem> | null;
  return typeof p === 'object' && p !== null && typeof p.segment === 'string' && isInt(p.line) && typeof p.reason === 'string' && typeof p.torn === 'boolean';
}
