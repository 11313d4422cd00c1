// A seeded simulated learner studying toward an exam: its memory follows FSRS with fixed
// parameters (ts-fsrs's defaults), its answers are drawn from its true recall
// probability, and it studies each day in one session under a daily cap on ratings.
// The scheduler is the product's own `ReviewScheduler` (fuzz off); with the plan, the
// day's new cards and the order of due cards come from `src/core/stats/study-plan.ts`.
// mulberry32, the quiz's own generator: the same numbers on every machine.
import { seededRandom } from '../../../src/core/quiz/quiz-items';
import { ReviewScheduler, type CardSchedule, type Rating } from '../../../src/core/review';
import { MemoryModel, NEW_MEMORY, type MemoryState } from '../../../src/core/stats/memory-model';
import { finalWeekTopUp, newCardAllowance, orderByExamRecall } from '../../../src/core/stats/study-plan';

const MINUTE = 60_000;
const DAY = 86_400_000;


export interface SimulationOptions {
  readonly seed: number;
  readonly cards: number;
  /** Study days; the exam is on the morning of the day after the last one. */
  readonly days: number;
  /** Most ratings a day (learning steps included). */
  readonly reviewsPerDay: number;
  /** The daily new-card limit (the setting). */
  readonly newPerDay: number;
  /**
   * With the exam plan: new cards spread to end before the final week, due cards with the
   * lowest exam-day recall first, and the final week's top-up when the day has room.
   */
  readonly plan: boolean;
  /** Probability that a card seen for the first time is already known. */
  readonly priorKnowledge?: number;
}

export interface SimulationResult {
  /** Mean of the learner's true recall probability over all cards at the exam (never-seen cards 0). */
  readonly meanRecallOnExamDay: number;
  /** Fewest ratings any card got. */
  readonly fewestReviews: number;
  readonly cardsNeverSeen: number;
  /** Ratings per study day. */
  readonly ratingsPerDay: readonly number[];
  /** Day (0-based) the last new card was introduced. */
  readonly lastNewCardDay: number;
}

interface SimCard {
  readonly index: number;
  schedule: CardSchedule;
  /** The learner's true memory: the same FSRS model, with exact (fractional-day) elapsed time. */
  truth: MemoryState;
  reviews: number;
}

/** Runs the learner for `days` days and measures its recall on the exam morning. */
export function simulateExamPreparation(options: SimulationOptions): SimulationResult {
  const random = seededRandom(options.seed);
  const scheduler = new ReviewScheduler({ fuzz: false });
  const learner = new MemoryModel();
  const start = Date.UTC(2025, 0, 6);
  const examDay = options.days;
  const examAt = start + examDay * DAY + 9 * 60 * MINUTE;
  const cards: SimCard[] = Array.from({ length: options.cards }, (_, index) => ({ index, schedule: scheduler.newCard(), truth: NEW_MEMORY, reviews: 0 }));
  const fresh = [...cards];
  const ratingsPerDay: number[] = [];
  let lastNewCardDay = -1;

  const answer = (card: SimCard, at: number): Rating => {
    const p = card.truth.phase === 'new' ? (options.priorKnowledge ?? 0.3) : (learner.recall(card.truth, at, false) ?? 0);
    if (random() >= p) return 1;
    const r = random();
    return r < 0.15 ? 2 : r < 0.9 ? 3 : 4;
  };
  const rate = (card: SimCard, at: number): void => {
    const rating = answer(card, at);
    card.schedule = scheduler.rate(card.schedule, rating, at);
    card.truth = learner.rate(card.truth, rating, at);
    card.reviews++;
  };
  const examRecall = (card: SimCard): number | undefined => scheduler.recallProbability(card.schedule, examAt);

  for (let day = 0; day < options.days; day++) {
    let now = start + day * DAY + 9 * 60 * MINUTE;
    const dayEnd = start + day * DAY + 22 * 60 * MINUTE;
    const allowance = options.plan ? newCardAllowance({ newCardsLeft: fresh.length, today: day, examDay, newPerDayLimit: options.newPerDay }).perDay : options.newPerDay;
    let ratings = 0;
    let introduced = 0;
    while (ratings < options.reviewsPerDay && now < dayEnd) {
      const learning = cards.filter((c) => (c.schedule.phase === 'learning' || c.schedule.phase === 'relearning') && c.schedule.dueAt <= now).sort((a, b) => a.schedule.dueAt - b.schedule.dueAt);
      const dueReviews = cards.filter((c) => c.schedule.phase === 'review' && c.schedule.dueAt <= now);
      const ordered = options.plan ? orderByExamRecall(dueReviews, examRecall) : dueReviews.sort((a, b) => a.schedule.dueAt - b.schedule.dueAt || a.index - b.index);
      let next: SimCard | undefined = learning[0] ?? ordered[0];
      if (!next && introduced < allowance && fresh.length > 0) {
        next = fresh.shift();
        introduced++;
        lastNewCardDay = day;
      }
      if (!next && options.plan) {
        const notDue = cards.filter((c) => c.schedule.phase === 'review' && c.schedule.dueAt > now).map((c) => ({ card: c, reviews: c.reviews, recallOnExamDay: examRecall(c) }));
        next = finalWeekTopUp(notDue, day, examDay)[0]?.card;
      }
      if (!next) {
        // Only learning cards due later today are left: wait for the first one.
        const waiting = cards.filter((c) => (c.schedule.phase === 'learning' || c.schedule.phase === 'relearning') && c.schedule.dueAt < dayEnd);
        if (waiting.length === 0) break;
        now = Math.min(...waiting.map((c) => c.schedule.dueAt));
        continue;
      }
      rate(next, now);
      ratings++;
      now += 30_000;
    }
    ratingsPerDay.push(ratings);
  }

  let sum = 0;
  for (const card of cards) sum += learner.recall(card.truth, examAt, false) ?? 0;
  return {
    meanRecallOnExamDay: sum / cards.length,
    fewestReviews: Math.min(...cards.map((c) => c.reviews)),
    cardsNeverSeen: cards.filter((c) => c.reviews === 0).length,
    ratingsPerDay,
    lastNewCardDay,
  };
}

/** The setup: 300 cards, 30 days, at most 100 ratings a day (seed 12); both simulations run it. */
export const EXAM_SIMULATION_SETUP: Omit<SimulationOptions, 'plan'> = { seed: 12, cards: 300, days: 30, reviewsPerDay: 100, newPerDay: 20 };

/** One line of figures of a run, printed by the tests: the README's figures are measured, not remembered. */
export function describeSimulation(label: string, result: SimulationResult): string {
  return `      ${label} mean true recall on exam day ${result.meanRecallOnExamDay.toFixed(3)}, fewest reviews of a card ${result.fewestReviews}, busiest day ${Math.max(...result.ratingsPerDay)} ratings, last new card on day ${result.lastNewCardDay + 1}`;
}
