// The simulated learner of simulated-learner.ts, studying through the product's own review
// queue instead of the simulation's loop: each rating goes through a `ReviewBook` (the
// log, ts-fsrs with fuzz off) and the next card is the first of `reviewOrder(buildReviewQueue(…))`,
// with the exam plan the extension passes while an exam date is set. Same seeded answers
// from the learner's true FSRS memory, same cap on ratings a day.
import { seededRandom } from '../../../src/core/quiz/quiz-items';
import { buildReviewQueue, ReviewBook, reviewOrder, type QueueCard, type QueueExamPlan, type Rating } from '../../../src/core/review';
import { MemoryModel, NEW_MEMORY, type MemoryState } from '../../../src/core/stats/memory-model';
import { MemoryLogStore, TestClock, testScheduler } from '../review-support';
import type { SimulationOptions, SimulationResult } from './simulated-learner';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Runs the learner for `options.days` days through the review queue and measures its recall on the exam morning. */
export async function simulateThroughQueue(options: SimulationOptions): Promise<SimulationResult> {
  const random = seededRandom(options.seed);
  const scheduler = testScheduler();
  const learner = new MemoryModel();
  const start = Date.UTC(2025, 0, 6);
  const startDay = start / DAY;
  const examDay = startDay + options.days;
  const examAt = examDay * DAY;
  const clock = new TestClock(start);
  const book = new ReviewBook(new MemoryLogStore(), clock, scheduler);
  await book.load();
  const cards: QueueCard[] = Array.from({ length: options.cards }, (_, i) => ({ id: `card-${i}`, note: 'exam.md', prompt: `Question ${i}?`, line: i + 1 }));
  const truth = new Map<string, MemoryState>(cards.map((c) => [c.id, NEW_MEMORY]));
  const ratingsPerDay: number[] = [];
  let lastNewCardDay = -1;

  for (let day = 0; day < options.days; day++) {
    const dayStart = start + day * DAY;
    let now = dayStart + 9 * 60 * MINUTE;
    const dayEnd = dayStart + 22 * 60 * MINUTE;
    const exam: QueueExamPlan | undefined = options.plan ? { today: startDay + day, exams: [{ examDay, examAt, inScope: () => true }], recall: (s, at) => scheduler.recallProbability(s, at) } : undefined;
    let ratings = 0;
    while (ratings < options.reviewsPerDay && now < dayEnd) {
      const queue = buildReviewQueue(cards, book.history, { now, dayStart, newPerDay: options.newPerDay, reviewsPerDay: options.reviewsPerDay, exam });
      const next = reviewOrder(queue, now)[0];
      if (!next) {
        const waiting = queue.learning.filter((e) => (e.dueAt ?? Infinity) < dayEnd);
        if (waiting.length === 0) break;
        now = Math.min(...waiting.map((e) => e.dueAt ?? Infinity));
        continue;
      }
      const memory = truth.get(next.card.id) ?? NEW_MEMORY;
      if (memory.phase === 'new') lastNewCardDay = day;
      const p = memory.phase === 'new' ? (options.priorKnowledge ?? 0.3) : (learner.recall(memory, now, false) ?? 0);
      let rating: Rating = 1;
      if (random() < p) {
        const r = random();
        rating = r < 0.15 ? 2 : r < 0.9 ? 3 : 4;
      }
      clock.time = now;
      await book.rate(next.card, rating, 1000);
      truth.set(next.card.id, learner.rate(memory, rating, now));
      ratings++;
      now += 30_000;
    }
    ratingsPerDay.push(ratings);
  }

  let sum = 0;
  for (const memory of truth.values()) sum += learner.recall(memory, examAt + 9 * 60 * MINUTE, false) ?? 0;
  const reviews = cards.map((c) => book.history.card(c.id)?.reviewCount ?? 0);
  return {
    meanRecallOnExamDay: sum / cards.length,
    fewestReviews: Math.min(...reviews),
    cardsNeverSeen: reviews.filter((n) => n === 0).length,
    ratingsPerDay,
    lastNewCardDay,
  };
}
