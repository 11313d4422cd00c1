/**
 * Review statistics: what the review log says about the learner's work and memory, for
 * the workspace, one note or one section. Computed as one pass over the events (grouped
 * per card, each card's events folded in order through the memory model), written as a
 * generator so that the extension runs it in slices and the CLI in one go.
 *
 * ```ts
 * const stats = computeReviewStats({ events: read.events, cards, history, now: Date.now(), settings });
 * stats.streakDays;                 // 12
 * stats.retention.at(-1)?.rate;     // 0.91, this week's true retention
 * ```
 */
import { formatBreadcrumb } from '../model/note-json';
import type { ReviewEvent } from '../review/review-event';
import type { CardPhase, CardSchedule, SchedulerSettings } from '../review/scheduler';
import { dayLabel, dayNumber, UTC_CALENDAR, type Calendar } from './calendar';
import type { MemoryModel } from './memory-model';
import { runAll, runInSlices, type Pause } from './slices';
import { PHASES, StatsLedger, type CardFold, type RecallSamples } from './stats-ledger';

/** A card of the notes, as the statistics need it. */
export interface StatsCard {
  readonly id: string;
  /** The note's key (path in its workspace). */
  readonly note: string;
  /** Breadcrumb of the section holding the card; empty above the first heading. */
  readonly section: readonly string[];
}

/** What the statistics read from the folded review history (`ReviewHistory` has it). */
export interface StatsHistory {
  /** The card id that history written for `cardId` at `time` belongs to now (links followed). */
  resolve(cardId: string, time: number): string;
  /** Whether the event was taken back by an undo. */
  isUndone(eventId: string): boolean;
  /** The card's current schedule and whether it is suspended; undefined when it has no history. */
  card(cardId: string): { readonly schedule: CardSchedule; readonly suspended: boolean } | undefined;
}

/** What the statistics are about. */
export type StatsScope =
  | { readonly kind: 'workspace' }
  | { readonly kind: 'note'; readonly note: string }
  /** A section and its subsections: `section` is its breadcrumb. */
  | { readonly kind: 'section'; readonly note: string; readonly section: readonly string[] };

/** The inputs of `computeReviewStats`. */
export interface StatsInput {
  /** The log's events, in any order (as read); undone ones are left out through `history`. */
  readonly events: Iterable<ReviewEvent>;
  /** The cards of the notes (all of them: the scope picks). */
  readonly cards: readonly StatsCard[];
  readonly history: StatsHistory;
  /** Now, epoch ms. */
  readonly now: number;
  /** The scheduling settings in force (desired retention and learning steps matter here). */
  readonly settings?: Partial<SchedulerSettings>;
  /** Local days (default UTC). */
  readonly calendar?: Calendar;
  /** Default the workspace. */
  readonly scope?: StatsScope;
}

/** Counts of the four answer buttons: Again, Hard, Good, Easy. */
export type ButtonCounts = [again: number, hard: number, good: number, easy: number];

/** One week of true retention. */
export interface RetentionWeek {
  /** The week's first day, `YYYY-MM-DD` (weeks end today). */
  readonly weekStart: string;
  /** Reviews of cards in review state. */
  readonly reviews: number;
  /** Those answered Hard, Good or Easy. */
  readonly passed: number;
  /** `passed / reviews`; null for a week without such reviews. */
  readonly rate: number | null;
}

/** The average recall of one section's reviewed cards at each sample time. */
export interface SectionRecallSeries {
  readonly note: string;
  readonly section: readonly string[];
  readonly cardCount: number;
  /** One value per `recallTimes` entry: the average recall probability, null when no card was reviewed by then. */
  readonly averageRecall: readonly (number | null)[];
}

/** Everything the Statistics view and `note-review stats` show. Plain JSON. */
export interface ReviewStats {
  readonly scope: StatsScope;
  /** Today, `YYYY-MM-DD` in local time. */
  readonly today: string;
  readonly desiredRetention: number;
  /** The past year, one entry per day ending today (365 entries). */
  readonly days: {
    readonly firstDay: string;
    readonly reviews: readonly number[];
    /** Time spent on the reviews that recorded it, in ms. */
    readonly studyMs: readonly number[];
    /** Reviews that recorded no duration: their time is unknown, not zero. */
    readonly untimedReviews: readonly number[];
  };
  /** Days in a row with at least one review, ending today (or yesterday, while today is still open). */
  readonly streakDays: number;
  /** Over the whole log (in scope). */
  readonly totals: { readonly reviews: number; readonly studyMs: number; readonly untimedReviews: number; readonly daysStudied: number };
  /** Cards due per day, today first (overdue ones count today): 90 entries. */
  readonly forecast: { readonly firstDay: string; readonly due: readonly number[]; readonly next30Days: number; readonly next90Days: number };
  /** True retention per week over the past year, oldest first (52 weeks ending today). */
  readonly retention: readonly RetentionWeek[];
  /** True retention over those 52 weeks. */
  readonly retentionPastYear: RetentionWeek;
  /** Answer buttons by the card's phase before the answer. */
  readonly buttons: Readonly<Record<CardPhase, ButtonCounts>>;
  /** The cards of the notes in scope by where they are now (`learning` includes relearning). */
  readonly cardCounts: { readonly total: number; readonly new: number; readonly learning: number; readonly review: number; readonly suspended: number };
  /** Sample times of the recall series, `YYYY-MM-DD`, weekly, the last one now. */
  readonly recallTimes: readonly string[];
  /** Per section of the notes in scope, its average recall at each sample time. */
  readonly sectionRecall: readonly SectionRecallSeries[];
}

/** Days in the calendar heatmap. */
export const STATS_DAYS = 365;
/** Days in the due forecast. */
export const FORECAST_DAYS = 90;
/** Weeks of true retention. */
export const RETENTION_WEEKS = 52;
/** Weekly samples of the recall series (the last is now). */
export const RECALL_SAMPLES = 13;

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Events handled between two yields. */
const STEP_EVENTS = 512;
/** Cards handled between two yields. */
const STEP_CARDS = 1024;
const REVIEW_PHASE = PHASES.indexOf('review');

/** Computes the statistics in one go. */
export function computeReviewStats(input: StatsInput): ReviewStats {
  return runAll(reviewStatsSteps(input));
}

/** Computes the statistics in slices, awaiting `pause` whenever one has run for `sliceMs`. */
export function computeReviewStatsInSlices(input: StatsInput, pause: Pause, sliceMs = 15): Promise<ReviewStats> {
  return runInSlices(reviewStatsSteps(input), pause, sliceMs);
}

/** The key of a section: its note and breadcrumb, `aws.md#Compute > EC2` (the note alone above its first heading). */
export function sectionKey(note: string, section: readonly string[]): string {
  return section.length === 0 ? note : `${note}#${formatBreadcrumb(section)}`;
}

/** Whether a card is in the scope. */
export function inScope(card: Pick<StatsCard, 'note' | 'section'>, scope: StatsScope): boolean {
  switch (scope.kind) {
    case 'workspace':
      return true;
    case 'note':
      return card.note === scope.note;
    case 'section':
      return card.note === scope.note && scope.section.length <= card.section.length && scope.section.every((title, i) => card.section[i] === title);
  }
}

interface SectionTally {
  readonly note: string;
  readonly section: readonly string[];
  cardCount: number;
  readonly sums: number[];
  readonly counts: number[];
}

/** The statistics as steps: yields between small units of work, returns the result. */
export function* reviewStatsSteps(input: StatsInput): Generator<void, ReviewStats> {
  const ledger = new StatsLedger(input.settings, input.calendar ?? UTC_CALENDAR);
  yield* ledger.addLogSteps(input.events, input.history);
  yield* ledger.foldSteps();
  return yield* ledgerStatsSteps(ledger, input);
}

/**
 * The statistics from a ledger's folds (see `StatsLedger`): sums over the cards in scope,
 * without folding any event again. Recall samples of a card are reused from the last call
 * while they still hold (the card did not change, and `now` moved less than it takes a
 * sample to cross a day or one of the card's events).
 */
export function* ledgerStatsSteps(ledger: StatsLedger, input: Pick<StatsInput, 'cards' | 'history' | 'now' | 'scope'>): Generator<void, ReviewStats> {
  const scope = input.scope ?? { kind: 'workspace' };
  const { calendar, model, settings } = ledger;
  const { now, history } = input;
  const today = dayNumber(now, calendar);

  // The cards in scope, by id, with their section's tally. Cards come in note order:
  // neighbours share a section, whose key is worked out once per run of cards.
  const sections = new Map<string, SectionTally>();
  const cardSection = new Map<string, SectionTally>();
  let tally: SectionTally | undefined;
  let n = 0;
  for (const card of input.cards) {
    if ((++n & (STEP_CARDS - 1)) === 0) yield;
    if (cardSection.has(card.id) || !inScope(card, scope)) continue;
    if (!tally || tally.note !== card.note || !sameTitles(tally.section, card.section)) {
      const key = sectionKey(card.note, card.section);
      tally = sections.get(key);
      if (!tally) sections.set(key, (tally = { note: card.note, section: card.section, cardCount: 0, sums: new Array<number>(RECALL_SAMPLES).fill(0), counts: new Array<number>(RECALL_SAMPLES).fill(0) }));
    }
    tally.cardCount++;
    cardSection.set(card.id, tally);
  }

  const retentionFirstDay = today - RETENTION_WEEKS * 7 + 1;
  const retentionReviews = new Array<number>(RETENTION_WEEKS).fill(0);
  const retentionPassed = new Array<number>(RETENTION_WEEKS).fill(0);
  const buttons: Record<CardPhase, ButtonCounts> = { new: [0, 0, 0, 0], learning: [0, 0, 0, 0], review: [0, 0, 0, 0], relearning: [0, 0, 0, 0] };
  const buttonsByIndex = PHASES.map((phase) => buttons[phase]);
  const sampleTimes = Array.from({ length: RECALL_SAMPLES }, (_, k) => now - (RECALL_SAMPLES - 1 - k) * WEEK_MS);
  const totals = { reviews: 0, studyMs: 0, untimedReviews: 0 };
  // Reviews per day, indexed from the ledger's first day: every counted event lies between it and the later of today and its last day.
  const dayBase = Math.min(ledger.firstDay, today);
  const daySpan = Math.max(today, Number.isFinite(ledger.lastDay) ? ledger.lastDay : today) - dayBase + 1;
  const reviewsByDay = new Float64Array(daySpan);
  const studyMsByDay = new Float64Array(daySpan);
  const untimedByDay = new Float64Array(daySpan);

  // Each card in scope: its reviews up to now into the tallies, its recall at the sample times into its section's.
  const cardsOfScope: Iterable<[string, CardFold | undefined]> = scope.kind === 'workspace' ? ledger.folds() : foldsOf(ledger, cardSection.keys());
  let work = 0;
  for (const [id, fold] of cardsOfScope) {
    if (!fold) continue;
    const { time, rating, durationMs, day: days, phaseBefore } = fold;
    let end = time.length;
    // Events after now (another machine's clock) are left out, and so is everything after them.
    if (end > 0 && time[end - 1] > now) for (end = 0; end < time.length && time[end] <= now; end++);
    for (let i = 0; i < end; i++) {
      const r = rating[i];
      if (r === 0) continue;
      const day = days[i];
      const at = day - dayBase;
      reviewsByDay[at]++;
      totals.reviews++;
      const ms = durationMs[i];
      if (Number.isNaN(ms)) {
        untimedByDay[at]++;
        totals.untimedReviews++;
      } else {
        studyMsByDay[at] += ms;
        totals.studyMs += ms;
      }
      const phase = phaseBefore[i];
      buttonsByIndex[phase][r - 1]++;
      if (phase === REVIEW_PHASE && day >= retentionFirstDay) {
        const week = Math.floor((day - retentionFirstDay) / 7);
        retentionReviews[week]++;
        if (r !== 1) retentionPassed[week]++;
      }
    }
    const section = cardSection.get(id);
    if (section) {
      const samples = recallSamples(fold, end, sampleTimes, now, model);
      for (let k = 0; k < RECALL_SAMPLES; k++) {
        const value = samples.values[k];
        if (Number.isNaN(value)) continue;
        section.sums[k] += value;
        section.counts[k]++;
      }
    }
    work += end + 8;
    if (work >= STEP_EVENTS) {
      work = 0;
      yield;
    }
  }

  // The cards as they stand now: counts and the due forecast, from the history's schedules.
  const cardCounts = { total: 0, new: 0, learning: 0, review: 0, suspended: 0 };
  const due = new Array<number>(FORECAST_DAYS).fill(0);
  for (const id of cardSection.keys()) {
    if ((++n & (STEP_CARDS - 1)) === 0) yield;
    cardCounts.total++;
    const record = history.card(id);
    if (record?.suspended) {
      cardCounts.suspended++;
      continue;
    }
    const schedule = record?.schedule;
    if (!schedule || schedule.phase === 'new') {
      cardCounts.new++;
      continue;
    }
    if (schedule.phase === 'review') cardCounts.review++;
    else cardCounts.learning++;
    const offset = Math.max(0, dayNumber(schedule.dueAt, calendar) - today);
    if (offset < FORECAST_DAYS) due[offset]++;
  }

  const firstDay = today - STATS_DAYS + 1;
  const days = { firstDay: dayLabel(firstDay), reviews: [] as number[], studyMs: [] as number[], untimedReviews: [] as number[] };
  const reviewsOn = (day: number) => (day >= dayBase && day - dayBase < daySpan ? reviewsByDay[day - dayBase] : 0);
  for (let day = firstDay; day <= today; day++) {
    const at = day - dayBase;
    const inSpan = at >= 0;
    days.reviews.push(inSpan ? reviewsByDay[at] : 0);
    days.studyMs.push(inSpan ? studyMsByDay[at] : 0);
    days.untimedReviews.push(inSpan ? untimedByDay[at] : 0);
  }
  let streakDays = 0;
  for (let day = reviewsOn(today) > 0 ? today : today - 1; reviewsOn(day) > 0; day--) streakDays++;
  let daysStudied = 0;
  for (let i = 0; i < daySpan; i++) if (reviewsByDay[i] > 0) daysStudied++;

  const retention = retentionReviews.map((reviews, week) => retentionWeek(dayLabel(retentionFirstDay + week * 7), reviews, retentionPassed[week]));
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  return {
    scope,
    today: dayLabel(today),
    desiredRetention: settings.desiredRetention,
    days,
    streakDays,
    totals: { ...totals, daysStudied },
    forecast: { firstDay: dayLabel(today), due, next30Days: sum(due.slice(0, 30)), next90Days: sum(due) },
    retention,
    retentionPastYear: retentionWeek(dayLabel(retentionFirstDay), sum(retentionReviews), sum(retentionPassed)),
    buttons,
    cardCounts,
    recallTimes: sampleTimes.map((time) => dayLabel(dayNumber(time, calendar))),
    sectionRecall: [...sections.values()].map((s) => ({
      note: s.note,
      section: s.section,
      cardCount: s.cardCount,
      averageRecall: s.sums.map((value, k) => (s.counts[k] > 0 ? value / s.counts[k] : null)),
    })),
  };
}

function* foldsOf(ledger: StatsLedger, ids: Iterable<string>): Generator<[string, CardFold | undefined]> {
  for (const id of ids) yield [id, ledger.fold(id)];
}

/**
 * The card's recall at each sample time (NaN while it was new): at a sample time, the
 * state after its events up to then. `end` is the number of its events up to now. Kept on
 * the fold with the span of `now` over which the values hold: until a sample time passes
 * one of the card's events, or the whole days elapsed since its last rating change.
 */
function recallSamples(fold: CardFold, end: number, sampleTimes: readonly number[], now: number, model: MemoryModel): RecallSamples {
  const cached = fold.samples;
  if (cached && now >= cached.from && now < cached.until) return cached;
  const { time, rating, stabilityAfter } = fold;
  // A plain array: a small typed array per card would each hold a buffer outside the heap (see the ledger's Slab).
  const values = new Array<number>(RECALL_SAMPLES);
  let until = Infinity;
  let last = -1;
  for (let k = 0; k < RECALL_SAMPLES; k++) {
    const at = sampleTimes[k];
    while (last + 1 < end && time[last + 1] <= at) last++;
    // The sample changes when it reaches the card's next event (one after now counts too: its time is fixed).
    if (last + 1 < time.length) until = Math.min(until, now + (time[last + 1] - at));
    if (last < 0 || rating[last] === 0) {
      values[k] = NaN;
      continue;
    }
    values[k] = model.recallOf(stabilityAfter[last], time[last], at) ?? NaN;
    // ...or when the whole days elapsed since the last rating go up by one.
    until = Math.min(until, now + (DAY_MS - ((at - time[last]) % DAY_MS)));
  }
  fold.samples = { from: now, until, values };
  return fold.samples;
}

function sameTitles(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function retentionWeek(weekStart: string, reviews: number, passed: number): RetentionWeek {
  return { weekStart, reviews, passed, rate: reviews > 0 ? passed / reviews : null };
}
