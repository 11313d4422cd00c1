/**
 * Review statistics: what the review log says about the learner's work and memory, for
 * the workspace, one note or one section. Each card's events are folded once into a
 * `StatsLedger` (typed arrays: day, rating, phase, stability per event) and the figures are
 * sums over those folds, so that the Statistics panel (`LiveStats`) folds only the rated
 * card again after a rating. Written as generators so that the extension runs them in
 * slices and the CLI in one go.
 *
 * ```ts
 * const stats = computeReviewStats({ events: read.events, cards, history, now: Date.now(), settings });
 * stats.streakDays;                 // 12
 * stats.retention.at(-1)?.rate;     // 0.91, this week's true retention
 * ```
 */
import { collapseWhitespace, plainTextOf } from '../parse/inline-text';
import type { MockAnswer, ReviewEvent } from '../review/review-event';
import type { CardPhase, CardSchedule, SchedulerSettings } from '../review/scheduler';
import { dayLabel, dayNumber, UTC_CALENDAR, type Calendar } from './calendar';
import type { MemoryModel } from './memory-model';
import { examCardsSteps, predictedScoresSteps, type ExamPlan } from './readiness';
import { runAll, runInSlices, type Pause } from './slices';
import { inScope, sameTitles, SectionTable, type StatsCard, type StatsScope } from './stats-card';
import { answerTally, PHASES, StatsLedger, type CardFold, type ReadinessSamples, type RecallSamples } from './stats-ledger';

export { inScope, sectionKey, type StatsCard, type StatsScope } from './stats-card';

/** What the statistics read from the folded review history (`ReviewHistory` has it). */
export interface StatsHistory {
  /** The card id that history written for `cardId` at `time` belongs to now (links followed). */
  resolve(cardId: string, time: number): string;
  /** Whether the event was taken back by an undo. */
  isUndone(eventId: string): boolean;
  /** The card's current schedule and whether it is suspended; undefined when it has no history. */
  card(cardId: string): { readonly schedule: CardSchedule; readonly suspended: boolean } | undefined;
}

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
  /** An exam date in force: adds the readiness of its cards (in scope) over the past days. */
  readonly exam?: ExamPlan;
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

/** A question answered wrong, and how often. */
export interface MissedQuestion {
  readonly card: string;
  readonly note: string;
  readonly section: readonly string[];
  /** The question as plain text (the note's, or the log's copy when the note has none). */
  readonly question: string;
  /** Answers given (reviews and mock exam questions). */
  readonly answers: number;
  /** Those that were wrong: a wrong option chosen, Again pressed, or a mock exam question left wrong or unanswered. */
  readonly misses: number;
  /** The last miss, `YYYY-MM-DD`. */
  readonly lastMissed: string;
}

/** A wrong option chosen for a question, and how often. */
export interface WrongChoice {
  readonly card: string;
  readonly note: string;
  readonly question: string;
  /** The option's text, as it was when chosen. */
  readonly choice: string;
  readonly times: number;
  /** The last time, `YYYY-MM-DD`. */
  readonly last: string;
}

/** A mock exam, scored on its questions in scope. */
export interface MockExamSummary {
  readonly day: string;
  /** Epoch ms of the submit. */
  readonly time: number;
  /** What it was drawn from, in words. */
  readonly scope: string;
  readonly right: number;
  readonly total: number;
  /** right / total. */
  readonly score: number;
  readonly passMark: number;
  readonly passed: boolean;
  readonly durationMs: number;
}

/** The predicted exam-day score as the memory stood on one past day (at this time of day). */
export interface ReadinessDay {
  readonly day: string;
  readonly predictedScore: number;
  readonly reviewedCount: number;
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
  /** The questions of the notes in scope missed most often, most first (at most `LIST_LENGTH`). */
  readonly mostMissed: readonly MissedQuestion[];
  /** The wrong options chosen most often, most first (at most `LIST_LENGTH`). */
  readonly wrongChoices: readonly WrongChoice[];
  /** Mock exams with questions in scope, oldest first, at most `MOCK_EXAMS_LISTED` (the latest). */
  readonly mockExams: readonly MockExamSummary[];
  /**
   * With an exam date: its day, the cards it covers in scope, and the predicted score as
   * the memory stood on each of the past `READINESS_DAYS` days, today last.
   */
  readonly readiness?: { readonly examDay: string; readonly cardCount: number; readonly days: readonly ReadinessDay[] };
}

/** Days in the calendar heatmap. */
export const STATS_DAYS = 365;
/** Days in the due forecast. */
export const FORECAST_DAYS = 90;
/** Weeks of true retention. */
export const RETENTION_WEEKS = 52;
/** Weekly samples of the recall series (the last is now). */
export const RECALL_SAMPLES = 13;
/** Entries of the most-missed and wrong-choice lists. */
export const LIST_LENGTH = 10;
/** Mock exams listed. */
export const MOCK_EXAMS_LISTED = 50;
/** Daily samples of the readiness series (the last is now). */
export const READINESS_DAYS = 30;
/** Longest question text in the lists. */
const QUESTION_CHARS = 200;

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
export function* ledgerStatsSteps(ledger: StatsLedger, input: Pick<StatsInput, 'cards' | 'history' | 'now' | 'scope' | 'exam'>): Generator<void, ReviewStats> {
  const scope = input.scope ?? { kind: 'workspace' };
  const { calendar, model, settings } = ledger;
  const { now, history } = input;
  const today = dayNumber(now, calendar);
  const wholeLog = scope.kind === 'workspace';

  // The cards in scope, by id, with their section's tally. Cards come in note order:
  // neighbours share a section, whose key is worked out once per run of cards.
  const sections = new SectionTable<SectionTally>();
  const cardSection = new Map<string, SectionTally>();
  let tally: SectionTally | undefined;
  let n = 0;
  for (const card of input.cards) {
    if ((++n & (STEP_CARDS - 1)) === 0) yield;
    if (cardSection.has(card.id) || !inScope(card, scope)) continue;
    if (!tally || tally.note !== card.note || !sameTitles(tally.section, card.section)) {
      tally = sections.get(card.note, card.section, () => ({ note: card.note, section: card.section, cardCount: 0, sums: new Array<number>(RECALL_SAMPLES).fill(0), counts: new Array<number>(RECALL_SAMPLES).fill(0) }));
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
  const mistakes = new Mistakes(cardSection, input.cards);
  // Reviews per day, indexed from the ledger's first day: every counted event lies between it and the later of today and its last day.
  const dayBase = Math.min(ledger.firstDay, today);
  const daySpan = Math.max(today, Number.isFinite(ledger.lastDay) ? ledger.lastDay : today) - dayBase + 1;
  const reviewsByDay = new Float64Array(daySpan);
  const studyMsByDay = new Float64Array(daySpan);
  const untimedByDay = new Float64Array(daySpan);

  // Each card in scope, in the notes' order (so that the sections' recall sums come out the
  // same whatever order the log gave): its reviews up to now into the tallies, its recall
  // at the sample times into its section's. Then, for the workspace, the history of cards
  // no note has now: it counts too.
  const count = (fold: CardFold, end: number) => {
    const { rating, durationMs, day: days, phaseBefore, start } = fold;
    for (let i = start; i < start + end; i++) {
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
  };
  const pass = ledger.newPass();
  let work = 0;
  for (const [id, section] of cardSection) {
    const fold = ledger.fold(id);
    if (!fold) continue;
    fold.countedInPass = pass;
    const end = eventsUpTo(fold, now);
    count(fold, end);
    mistakes.addReviews(id, fold, end);
    const samples = recallSamples(fold, end, sampleTimes, now, model);
    for (let k = 0; k < RECALL_SAMPLES; k++) {
      const value = samples.values[k];
      if (Number.isNaN(value)) continue;
      section.sums[k] += value;
      section.counts[k]++;
    }
    work += end + 8;
    if (work >= STEP_EVENTS) {
      work = 0;
      yield;
    }
  }
  if (wholeLog) {
    for (const [, fold] of ledger.folds()) {
      if (fold.countedInPass === pass) continue;
      const end = eventsUpTo(fold, now);
      count(fold, end);
      work += end + 1;
      if (work >= STEP_EVENTS) {
        work = 0;
        yield;
      }
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

  // Mock exams: scored on their questions in scope (all of them for the workspace).
  const mockExams: MockExamSummary[] = [];
  for (const mock of ledger.mockEvents()) {
    if (mock.time > now) continue;
    let right = 0;
    let total = 0;
    for (const answer of mock.answers) {
      const id = history.resolve(answer.card, mock.time);
      if (cardSection.has(id)) mistakes.addMockAnswer(id, answer, mock.time);
      else if (!wholeLog) continue;
      total++;
      if (answer.correct) right++;
    }
    if (total === 0) continue;
    const score = right / total;
    mockExams.push({ day: dayLabel(dayNumber(mock.time, calendar)), time: mock.time, scope: mock.scope, right, total, score, passMark: mock.passMark, passed: score >= mock.passMark, durationMs: mock.durationMs });
    yield;
  }

  const readiness = input.exam ? yield* readinessSeriesSteps(ledger, input.exam, input.cards, cardSection, now) : undefined;

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
    sectionRecall: [...sections.byKey.values()].map((s) => ({
      note: s.note,
      section: s.section,
      cardCount: s.cardCount,
      averageRecall: s.sums.map((value, k) => (s.counts[k] > 0 ? value / s.counts[k] : null)),
    })),
    mostMissed: mistakes.mostMissed(calendar),
    wrongChoices: mistakes.wrongChoices(calendar),
    mockExams: mockExams.slice(-MOCK_EXAMS_LISTED),
    ...(readiness ? { readiness } : {}),
  };
}

/**
 * The predicted exam-day score as the memory stood on each of the past `READINESS_DAYS`
 * days, in one pass over the exam's cards: a card's memory at a sample time is the one
 * after its last event by then, read from its fold, and its exam-day recall is worked out
 * once per such state (most cards have no event on most days).
 */
function* readinessSeriesSteps(ledger: StatsLedger, exam: ExamPlan, cards: readonly StatsCard[], cardSection: ReadonlyMap<string, unknown>, now: number): Generator<void, NonNullable<ReviewStats['readiness']>> {
  const { model, calendar } = ledger;
  // The exam's cards among those in scope, in batches between yields (50,000 cards take a while on a busy host).
  const inScopeCards: StatsCard[] = [];
  for (let i = 0; i < cards.length; i++) {
    if ((i & (STEP_CARDS - 1)) === STEP_CARDS - 1) yield;
    if (cardSection.has(cards[i].id)) inScopeCards.push(cards[i]);
  }
  const examCardIds = new Set<string>();
  for (const card of yield* examCardsSteps(inScopeCards, exam)) examCardIds.add(card.id);
  const examScopeCards: StatsCard[] = [];
  for (let i = 0; i < cards.length; i++) {
    if ((i & (STEP_CARDS - 1)) === STEP_CARDS - 1) yield;
    if (examCardIds.has(cards[i].id)) examScopeCards.push(cards[i]);
  }
  const times = Array.from({ length: READINESS_DAYS }, (_, k) => now - (READINESS_DAYS - 1 - k) * DAY_MS);
  const recalls = (id: string, examAt: number, out: Float64Array) => {
    const fold = ledger.fold(id);
    if (!fold) {
      out.fill(NaN);
      return;
    }
    const { values } = readinessSamples(fold, times, now, examAt, model);
    for (let k = 0; k < READINESS_DAYS; k++) out[k] = values[k];
  };
  const scores = yield* predictedScoresSteps(examScopeCards, recalls, exam, READINESS_DAYS, calendar);
  const days = scores.map((score, k): ReadinessDay => ({ day: dayLabel(dayNumber(times[k], calendar)), predictedScore: score.predictedScore, reviewedCount: score.reviewedCount }));
  return { examDay: exam.date, cardCount: examCardIds.size, days };
}

/** The number of the fold's events up to `now`: events after it (another machine's clock) are left out, and so is everything after them. */
function eventsUpTo(fold: CardFold, now: number): number {
  const { time, start, length } = fold;
  let end = length;
  if (end > 0 && time[start + end - 1] > now) for (end = 0; end < length && time[start + end] <= now; end++);
  return end;
}

/**
 * The card's recall at each sample time (NaN while it was new): at a sample time, the
 * state after its events up to then. `endCount` is the number of its events up to now. Kept on
 * the fold with the span of `now` over which the values hold: until a sample time passes
 * one of the card's events, or the whole days elapsed since its last rating change.
 */
function recallSamples(fold: CardFold, endCount: number, sampleTimes: readonly number[], now: number, model: MemoryModel): RecallSamples {
  const cached = fold.samples;
  if (cached && now >= cached.from && now < cached.until) return cached;
  const { time, rating, stabilityAfter, start, length } = fold;
  // A plain array: a small typed array per card would each hold a buffer outside the heap (see the ledger's Columns).
  const values = new Array<number>(RECALL_SAMPLES);
  let until = Infinity;
  // Indexes in the fold's arrays: `last` is the card's last event by the sample time (before `start`: none).
  const end = start + endCount;
  let last = start - 1;
  for (let k = 0; k < RECALL_SAMPLES; k++) {
    const at = sampleTimes[k];
    while (last + 1 < end && time[last + 1] <= at) last++;
    // The sample changes when it reaches the card's next event (one after now counts too: its time is fixed).
    if (last + 1 < start + length) until = Math.min(until, now + (time[last + 1] - at));
    if (last < start || rating[last] === 0) {
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

/**
 * The card's exam-day recall as its memory stood at each of the readiness series' sample
 * times (NaN while not reviewed): the state after its last event by then, its recall worked
 * out once per such state (most cards have no event on most days). Kept on the fold while
 * `now` moves less than it takes a sample time to pass one of the card's events: unlike
 * `recallSamples`, a value does not age with its sample time (it is recall at the exam).
 */
function readinessSamples(fold: CardFold, times: readonly number[], now: number, examAt: number, model: MemoryModel): ReadinessSamples {
  const cached = fold.readiness;
  if (cached && cached.examAt === examAt && now >= cached.from && now < cached.until) return cached;
  const { time, rating, stabilityAfter, start, length } = fold;
  // Indexes in the fold's arrays, as in `recallSamples`.
  const end = start + eventsUpTo(fold, now);
  const values = new Array<number>(times.length);
  let until = Infinity;
  let last = start - 1;
  let recall = NaN;
  for (let k = 0; k < times.length; k++) {
    const before = last;
    while (last + 1 < end && time[last + 1] <= times[k]) last++;
    // The sample changes when it reaches the card's next event (one after now counts too: its time is fixed).
    if (last + 1 < start + length) until = Math.min(until, now + (time[last + 1] - times[k]));
    if (last !== before) recall = rating[last] === 0 ? NaN : (model.recallOf(stabilityAfter[last], time[last], examAt) ?? NaN);
    values[k] = recall;
  }
  fold.readiness = { examAt, from: now, until, values };
  return fold.readiness;
}

/**
 * What the learner keeps getting wrong: misses per question and wrong options per
 * question, from ratings (a wrong option recorded, else Again) and mock exam answers.
 */
class Mistakes {
  private readonly byCard = new Map<string, { answers: number; misses: number; lastMissedAt: number; logQuestion: string | undefined }>();
  private readonly choices = new Map<string, { card: string; choice: string; times: number; lastAt: number }>();
  /** The cards the lists name, by id (see `cardsOf`). */
  private readonly cards = new Map<string, StatsCard>();

  constructor(
    private readonly inScope: ReadonlyMap<string, unknown>,
    private readonly allCards: readonly StatsCard[],
  ) {}

  /** Looks up the cards of these ids (the first card in scope of each), for the ten or twenty a list names rather than every card. */
  private cardsOf(ids: Iterable<string>): void {
    const wanted = new Set<string>();
    for (const id of ids) if (!this.cards.has(id)) wanted.add(id);
    if (wanted.size === 0) return;
    for (const card of this.allCards) {
      if (!wanted.has(card.id) || !this.inScope.has(card.id)) continue;
      this.cards.set(card.id, card);
      wanted.delete(card.id);
      if (wanted.size === 0) return;
    }
  }

  /** A card's ratings: the first `end` events of its fold (resets to new are skipped); what they say is kept on the fold. */
  addReviews(id: string, fold: CardFold, end: number): void {
    if (!this.inScope.has(id)) return;
    let tally = fold.answers;
    if (tally?.end !== end) fold.answers = tally = answerTally(fold, end);
    for (const wrong of tally.wrongChoices) this.addChoice(id, wrong.choice, wrong.time);
    if (tally.answers === 0) return;
    const total = this.tallyOf(id);
    total.answers += tally.answers;
    total.misses += tally.misses;
    total.lastMissedAt = Math.max(total.lastMissedAt, tally.lastMissedAt);
    if (tally.logQuestion !== undefined) total.logQuestion = tally.logQuestion;
  }

  addMockAnswer(id: string, answer: MockAnswer, time: number): void {
    this.add(id, !answer.correct, time, undefined);
    if (!answer.correct) for (const choice of answer.chosen) this.addChoice(id, choice, time);
  }

  mostMissed(calendar: Calendar): MissedQuestion[] {
    const missed = (function* (byCard) {
      for (const entry of byCard) if (entry[1].misses > 0) yield entry;
    })(this.byCard);
    const first = firstInOrder(missed, LIST_LENGTH, ([idA, a], [idB, b]) => b.misses - a.misses || b.misses / b.answers - a.misses / a.answers || b.lastMissedAt - a.lastMissedAt || compareIds(idA, idB));
    this.cardsOf(first.map(([id]) => id));
    return first.map(([id, t]) => {
      const card = this.cards.get(id);
      return { card: id, note: card?.note ?? '', section: card?.section ?? [], question: this.question(id, t.logQuestion), answers: t.answers, misses: t.misses, lastMissed: dayLabel(dayNumber(t.lastMissedAt, calendar)) };
    });
  }

  wrongChoices(calendar: Calendar): WrongChoice[] {
    const first = firstInOrder(this.choices.values(), LIST_LENGTH, (a, b) => b.times - a.times || b.lastAt - a.lastAt || compareIds(a.card, b.card) || compareIds(a.choice, b.choice));
    this.cardsOf(first.map((c) => c.card));
    return first.map((c) => ({
      card: c.card,
      note: this.cards.get(c.card)?.note ?? '',
      question: this.question(c.card, this.byCard.get(c.card)?.logQuestion),
      choice: c.choice,
      times: c.times,
      last: dayLabel(dayNumber(c.lastAt, calendar)),
    }));
  }

  private tallyOf(id: string): { answers: number; misses: number; lastMissedAt: number; logQuestion: string | undefined } {
    let tally = this.byCard.get(id);
    if (!tally) this.byCard.set(id, (tally = { answers: 0, misses: 0, lastMissedAt: 0, logQuestion: undefined }));
    return tally;
  }

  private add(id: string, missed: boolean, time: number, logQuestion: string | undefined): void {
    if (!this.inScope.has(id)) return;
    const tally = this.tallyOf(id);
    tally.answers++;
    if (logQuestion !== undefined) tally.logQuestion = logQuestion;
    if (!missed) return;
    tally.misses++;
    tally.lastMissedAt = Math.max(tally.lastMissedAt, time);
  }

  private addChoice(id: string, choice: string, time: number): void {
    if (!this.inScope.has(id)) return;
    const key = `${id}\u0000${choice}`;
    let tally = this.choices.get(key);
    if (!tally) this.choices.set(key, (tally = { card: id, choice, times: 0, lastAt: 0 }));
    tally.times++;
    tally.lastAt = Math.max(tally.lastAt, time);
  }

  /** The note's question as plain text, else the log's copy. */
  private question(id: string, logQuestion: string | undefined): string {
    const prompt = this.cards.get(id)?.prompt;
    const text = collapseWhitespace(prompt !== undefined ? plainTextOf(prompt) : (logQuestion ?? ''));
    return text.length <= QUESTION_CHARS ? text : `${text.slice(0, QUESTION_CHARS - 1)}…`;
  }
}

function retentionWeek(weekStart: string, reviews: number, passed: number): RetentionWeek {
  return { weekStart, reviews, passed, rate: reviews > 0 ? passed / reviews : null };
}

/**
 * The first `n` items in `compare`'s order (a total order), as sorting them all and taking
 * the first `n` would give, without sorting tens of thousands of cards for a list of ten.
 */
function firstInOrder<T>(items: Iterable<T>, n: number, compare: (a: T, b: T) => number): T[] {
  const first: T[] = [];
  for (const item of items) {
    if (first.length === n && compare(item, first[n - 1]) >= 0) continue;
    let at = first.length;
    while (at > 0 && compare(item, first[at - 1]) < 0) at--;
    first.splice(at, 0, item);
    if (first.length > n) first.pop();
  }
  return first;
}

/** Card ids in code-unit order: the last tie-break of the lists, so that they do not depend on the order cards were counted in. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
