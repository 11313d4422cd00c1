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
import { collapseWhitespace, plainTextOf } from '../parse/inline-text';
import type { MockAnswer, MockAttemptEvent, ReviewEvent, ReviewRatingEvent } from '../review/review-event';
import { compareEvents } from '../review/review-log';
import type { CardPhase, CardSchedule, Rating, SchedulerSettings } from '../review/scheduler';
import { DEFAULT_SCHEDULER_SETTINGS } from '../review/scheduler';
import { dayLabel, dayNumber, UTC_CALENDAR, type Calendar } from './calendar';
import { MemoryModel, NEW_MEMORY, type MemoryState } from './memory-model';
import { examCards, readinessSteps, type ExamPlan } from './readiness';
import { runAll, runInSlices, type Pause } from './slices';
import { inScope, sectionKey, type StatsCard, type StatsScope } from './stats-card';

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

/** Computes the statistics in one go. */
export function computeReviewStats(input: StatsInput): ReviewStats {
  return runAll(reviewStatsSteps(input));
}

/** Computes the statistics in slices, awaiting `pause` whenever one has run for `sliceMs`. */
export function computeReviewStatsInSlices(input: StatsInput, pause: Pause, sliceMs = 15): Promise<ReviewStats> {
  return runInSlices(reviewStatsSteps(input), pause, sliceMs);
}

interface DayTally {
  reviews: number;
  studyMs: number;
  untimed: number;
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
  const scope = input.scope ?? { kind: 'workspace' };
  const calendar = input.calendar ?? UTC_CALENDAR;
  const settings = { ...DEFAULT_SCHEDULER_SETTINGS, ...input.settings };
  const model = new MemoryModel(settings);
  const { now, history } = input;
  const today = dayNumber(now, calendar);

  // The cards in scope, by id, with their section's tally.
  const sections = new Map<string, SectionTally>();
  const cardSection = new Map<string, SectionTally>();
  for (const card of input.cards) {
    if (cardSection.has(card.id) || !inScope(card, scope)) continue;
    const key = sectionKey(card.note, card.section);
    let tally = sections.get(key);
    if (!tally) sections.set(key, (tally = { note: card.note, section: card.section, cardCount: 0, sums: new Array<number>(RECALL_SAMPLES).fill(0), counts: new Array<number>(RECALL_SAMPLES).fill(0) }));
    tally.cardCount++;
    cardSection.set(card.id, tally);
  }
  const wholeLog = scope.kind === 'workspace';

  // Pass 1: the events that count, grouped by the card they belong to now.
  const groups = new Map<string, ReviewEvent[]>();
  const mocks: MockAttemptEvent[] = [];
  let n = 0;
  for (const event of input.events) {
    if ((++n & (STEP_EVENTS - 1)) === 0) yield;
    if (event.kind === 'mock') {
      if (event.time <= now) mocks.push(event);
      continue;
    }
    if (event.kind !== 'review' && event.kind !== 'forget') continue;
    if (history.isUndone(event.id)) continue;
    const id = history.resolve(event.card, event.time);
    if (!wholeLog && !cardSection.has(id)) continue;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = []));
    group.push(event);
  }

  // Pass 2: each card's events in (time, id) order through the memory model.
  const byDay = new Map<number, DayTally>();
  const retentionFirstDay = today - RETENTION_WEEKS * 7 + 1;
  const retentionReviews = new Array<number>(RETENTION_WEEKS).fill(0);
  const retentionPassed = new Array<number>(RETENTION_WEEKS).fill(0);
  const buttons: Record<CardPhase, ButtonCounts> = { new: [0, 0, 0, 0], learning: [0, 0, 0, 0], review: [0, 0, 0, 0], relearning: [0, 0, 0, 0] };
  const sampleTimes = Array.from({ length: RECALL_SAMPLES }, (_, k) => now - (RECALL_SAMPLES - 1 - k) * WEEK_MS);
  const totals = { reviews: 0, studyMs: 0, untimedReviews: 0 };
  const mistakes = new Mistakes(cardSection, input.cards);
  // With an exam date: each exam card's memory as it stood at each daily sample time.
  const readinessTimes = Array.from({ length: READINESS_DAYS }, (_, k) => now - (READINESS_DAYS - 1 - k) * DAY_MS);
  const examCardIds = input.exam ? new Set(examCards(input.cards.filter((card) => cardSection.has(card.id)), input.exam).map((card) => card.id)) : undefined;
  const statesAt = readinessTimes.map(() => new Map<string, MemoryState>());
  let work = 0;
  for (const [id, events] of groups) {
    if (!isSorted(events)) events.sort(compareEvents);
    const section = cardSection.get(id);
    const tracked = examCardIds?.has(id) === true;
    let state: MemoryState = NEW_MEMORY;
    let sample = 0;
    let readinessSample = 0;
    for (const event of events) {
      if (event.time > now) break;
      if (section) for (; sample < RECALL_SAMPLES && sampleTimes[sample] < event.time; sample++) addRecall(section, sample, model.recall(state, sampleTimes[sample]));
      if (tracked) for (; readinessSample < READINESS_DAYS && readinessTimes[readinessSample] < event.time; readinessSample++) statesAt[readinessSample].set(id, state);
      if (event.kind === 'forget') {
        state = NEW_MEMORY;
        continue;
      }
      const review = event as ReviewRatingEvent;
      if (section) mistakes.addReview(id, review);
      const day = dayNumber(review.time, calendar);
      let tally = byDay.get(day);
      if (!tally) byDay.set(day, (tally = { reviews: 0, studyMs: 0, untimed: 0 }));
      tally.reviews++;
      totals.reviews++;
      if (review.durationMs === undefined) {
        tally.untimed++;
        totals.untimedReviews++;
      } else {
        tally.studyMs += review.durationMs;
        totals.studyMs += review.durationMs;
      }
      buttons[state.phase][review.rating - 1]++;
      if (state.phase === 'review' && day >= retentionFirstDay) {
        const week = Math.floor((day - retentionFirstDay) / 7);
        retentionReviews[week]++;
        if (review.rating !== 1) retentionPassed[week]++;
      }
      state = model.rate(state, review.rating as Rating, review.time);
    }
    if (section) for (; sample < RECALL_SAMPLES; sample++) addRecall(section, sample, model.recall(state, sampleTimes[sample]));
    if (tracked) for (; readinessSample < READINESS_DAYS; readinessSample++) statesAt[readinessSample].set(id, state);
    work += events.length;
    if (work >= STEP_EVENTS) {
      work = 0;
      yield;
    }
  }

  // The cards as they stand now: counts and the due forecast, from the history's schedules.
  const cardCounts = { total: 0, new: 0, learning: 0, review: 0, suspended: 0 };
  const due = new Array<number>(FORECAST_DAYS).fill(0);
  for (const id of cardSection.keys()) {
    if ((++n & (STEP_EVENTS - 1)) === 0) yield;
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
  mocks.sort(compareEvents);
  const mockExams: MockExamSummary[] = [];
  for (const mock of mocks) {
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

  let readiness: ReviewStats['readiness'];
  if (input.exam && examCardIds) {
    const examScopeCards = input.cards.filter((card) => examCardIds.has(card.id));
    const days: ReadinessDay[] = [];
    for (let k = 0; k < READINESS_DAYS; k++) {
      const states = statesAt[k];
      const at = yield* readinessSteps(examScopeCards, (id) => states.get(id), input.exam, { now: readinessTimes[k], model, calendar });
      days.push({ day: dayLabel(dayNumber(readinessTimes[k], calendar)), predictedScore: at.predictedScore, reviewedCount: at.reviewedCount });
    }
    readiness = { examDay: input.exam.date, cardCount: examCardIds.size, days };
  }

  const firstDay = today - STATS_DAYS + 1;
  const days = { firstDay: dayLabel(firstDay), reviews: [] as number[], studyMs: [] as number[], untimedReviews: [] as number[] };
  for (let day = firstDay; day <= today; day++) {
    const tally = byDay.get(day);
    days.reviews.push(tally?.reviews ?? 0);
    days.studyMs.push(tally?.studyMs ?? 0);
    days.untimedReviews.push(tally?.untimed ?? 0);
  }
  let streakDays = 0;
  for (let day = byDay.has(today) ? today : today - 1; byDay.has(day); day--) streakDays++;

  const retention = retentionReviews.map((reviews, week) => retentionWeek(dayLabel(retentionFirstDay + week * 7), reviews, retentionPassed[week]));
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  return {
    scope,
    today: dayLabel(today),
    desiredRetention: settings.desiredRetention,
    days,
    streakDays,
    totals: { ...totals, daysStudied: byDay.size },
    forecast: { firstDay: dayLabel(today), due, next30Days: sum(due.slice(0, 30)), next90Days: sum(due) },
    retention,
    retentionPastYear: retentionWeek(dayLabel(retentionFirstDay), sum(retentionReviews), sum(retentionPassed)),
    buttons,
    cardCounts,
    recallTimes: sampleTimes.map((time) => dayLabel(dayNumber(time, calendar))),
    sectionRecall: [...sections.values()].map((tally) => ({
      note: tally.note,
      section: tally.section,
      cardCount: tally.cardCount,
      averageRecall: tally.sums.map((value, k) => (tally.counts[k] > 0 ? value / tally.counts[k] : null)),
    })),
    mostMissed: mistakes.mostMissed(calendar),
    wrongChoices: mistakes.wrongChoices(calendar),
    mockExams: mockExams.slice(-MOCK_EXAMS_LISTED),
    ...(readiness ? { readiness } : {}),
  };
}

/**
 * What the learner keeps getting wrong: misses per question and wrong options per
 * question, from ratings (a wrong option recorded, else Again) and mock exam answers.
 */
class Mistakes {
  private readonly byCard = new Map<string, { answers: number; misses: number; lastMissedAt: number; logQuestion: string | undefined }>();
  private readonly choices = new Map<string, { card: string; choice: string; times: number; lastAt: number }>();
  private readonly cards = new Map<string, StatsCard>();

  constructor(
    private readonly inScope: ReadonlyMap<string, unknown>,
    cards: readonly StatsCard[],
  ) {
    for (const card of cards) if (inScope.has(card.id) && !this.cards.has(card.id)) this.cards.set(card.id, card);
  }

  addReview(id: string, review: ReviewRatingEvent): void {
    const missed = review.correct !== undefined ? !review.correct : review.rating === 1;
    this.add(id, missed, review.time, review.question);
    if (review.correct === false) for (const choice of review.chosen ?? []) this.addChoice(id, choice, review.time);
  }

  addMockAnswer(id: string, answer: MockAnswer, time: number): void {
    this.add(id, !answer.correct, time, undefined);
    if (!answer.correct) for (const choice of answer.chosen) this.addChoice(id, choice, time);
  }

  mostMissed(calendar: Calendar): MissedQuestion[] {
    return [...this.byCard]
      .filter(([, t]) => t.misses > 0)
      .sort(([, a], [, b]) => b.misses - a.misses || b.misses / b.answers - a.misses / a.answers || b.lastMissedAt - a.lastMissedAt)
      .slice(0, LIST_LENGTH)
      .map(([id, t]) => {
        const card = this.cards.get(id);
        return { card: id, note: card?.note ?? '', section: card?.section ?? [], question: this.question(id, t.logQuestion), answers: t.answers, misses: t.misses, lastMissed: dayLabel(dayNumber(t.lastMissedAt, calendar)) };
      });
  }

  wrongChoices(calendar: Calendar): WrongChoice[] {
    return [...this.choices.values()]
      .sort((a, b) => b.times - a.times || b.lastAt - a.lastAt)
      .slice(0, LIST_LENGTH)
      .map((c) => ({ card: c.card, note: this.cards.get(c.card)?.note ?? '', question: this.question(c.card, this.byCard.get(c.card)?.logQuestion), choice: c.choice, times: c.times, last: dayLabel(dayNumber(c.lastAt, calendar)) }));
  }

  private add(id: string, missed: boolean, time: number, logQuestion: string | undefined): void {
    if (!this.inScope.has(id)) return;
    let tally = this.byCard.get(id);
    if (!tally) this.byCard.set(id, (tally = { answers: 0, misses: 0, lastMissedAt: 0, logQuestion: undefined }));
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

function addRecall(section: SectionTally, sample: number, recall: number | undefined): void {
  if (recall === undefined) return;
  section.sums[sample] += recall;
  section.counts[sample]++;
}

function retentionWeek(weekStart: string, reviews: number, passed: number): RetentionWeek {
  return { weekStart, reviews, passed, rate: reviews > 0 ? passed / reviews : null };
}

/** Whether the events are in (time, id) order; by time alone first, the cheap test that settles most cases. */
function isSorted(events: readonly ReviewEvent[]): boolean {
  for (let i = 1; i < events.length; i++) {
    const a = events[i - 1];
    const b = events[i];
    if (a.time > b.time || (a.time === b.time && compareEvents(a, b) > 0)) return false;
  }
  return true;
}
