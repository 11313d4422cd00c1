// The statistics as they were computed before the StatsLedger (issue 12): one pass over
// the log's events, grouped per card and folded in order through the memory model, every
// figure straight from the events. Kept here as the reference the ledger's sums are held
// to (review-stats-ledger.test.ts); the only change is the last tie-break of the two
// lists (card id, then option), and the sections' recall summed in the notes' card order
// rather than the log's (the same figures up to the last bit of a floating-point sum): the
// ledger's results are to be independent of the order the log gave.
import { collapseWhitespace, plainTextOf } from '../../../src/core/parse/inline-text';
import type { MockAnswer, MockAttemptEvent, ReviewEvent, ReviewRatingEvent } from '../../../src/core/review/review-event';
import { compareEvents } from '../../../src/core/review/review-log';
import type { CardPhase, Rating } from '../../../src/core/review/scheduler';
import { DEFAULT_SCHEDULER_SETTINGS } from '../../../src/core/review/scheduler';
import { dayLabel, dayNumber, UTC_CALENDAR, type Calendar } from '../../../src/core/stats/calendar';
import { MemoryModel, NEW_MEMORY, type MemoryState } from '../../../src/core/stats/memory-model';
import { examCards, readinessSteps } from '../../../src/core/stats/readiness';
import {
  FORECAST_DAYS,
  LIST_LENGTH,
  MOCK_EXAMS_LISTED,
  READINESS_DAYS,
  RECALL_SAMPLES,
  RETENTION_WEEKS,
  STATS_DAYS,
  type ButtonCounts,
  type MissedQuestion,
  type MockExamSummary,
  type ReadinessDay,
  type RetentionWeek,
  type ReviewStats,
  type StatsInput,
  type WrongChoice,
} from '../../../src/core/stats/review-stats';
import { runAll } from '../../../src/core/stats/slices';
import { inScope, sectionKey, type StatsCard } from '../../../src/core/stats/stats-card';

const QUESTION_CHARS = 200;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const STEP_EVENTS = 512;

/** The statistics of `input`, straight from its events. */
export function straightforwardReviewStats(input: StatsInput): ReviewStats {
  return runAll(straightforwardSteps(input));
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

function* straightforwardSteps(input: StatsInput): Generator<void, ReviewStats> {
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
  const recallByCard = new Map<string, (number | undefined)[]>();
  let work = 0;
  for (const [id, events] of groups) {
    if (!isSorted(events)) events.sort(compareEvents);
    const section = cardSection.get(id);
    const tracked = examCardIds?.has(id) === true;
    let state: MemoryState = NEW_MEMORY;
    const recall: (number | undefined)[] = [];
    if (section) recallByCard.set(id, recall);
    let sample = 0;
    let readinessSample = 0;
    for (const event of events) {
      if (event.time > now) break;
      if (section) for (; sample < RECALL_SAMPLES && sampleTimes[sample] < event.time; sample++) recall[sample] = model.recall(state, sampleTimes[sample]);
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
    if (section) for (; sample < RECALL_SAMPLES; sample++) recall[sample] = model.recall(state, sampleTimes[sample]);
    if (tracked) for (; readinessSample < READINESS_DAYS; readinessSample++) statesAt[readinessSample].set(id, state);
    work += events.length;
    if (work >= STEP_EVENTS) {
      work = 0;
      yield;
    }
  }

  for (const [id, section] of cardSection) {
    const recall = recallByCard.get(id);
    if (recall) for (let k = 0; k < RECALL_SAMPLES; k++) addRecall(section, k, recall[k]);
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
      .sort(([idA, a], [idB, b]) => b.misses - a.misses || b.misses / b.answers - a.misses / a.answers || b.lastMissedAt - a.lastMissedAt || compareIds(idA, idB))
      .slice(0, LIST_LENGTH)
      .map(([id, t]) => {
        const card = this.cards.get(id);
        return { card: id, note: card?.note ?? '', section: card?.section ?? [], question: this.question(id, t.logQuestion), answers: t.answers, misses: t.misses, lastMissed: dayLabel(dayNumber(t.lastMissedAt, calendar)) };
      });
  }

  wrongChoices(calendar: Calendar): WrongChoice[] {
    return [...this.choices.values()]
      .sort((a, b) => b.times - a.times || b.lastAt - a.lastAt || compareIds(a.card, b.card) || compareIds(a.choice, b.choice))
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

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
