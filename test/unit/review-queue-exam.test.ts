// The review queue under an exam plan (issue 12): new cards from the scope at the plan's
// pace, due cards lowest predicted exam-day recall first; all recall through ts-fsrs.
import * as assert from 'node:assert/strict';
import { buildReviewQueue, ReviewBook, reviewOrder, type QueueCard, type QueueExamPlan } from '../../src/core/review';
import { DAY, MemoryLogStore, T0, TestClock, testScheduler } from './review-support';

const scheduler = testScheduler();
const DAY_NUMBER = Math.floor(T0 / DAY);
const card = (i: number, note = 'exam.md'): QueueCard => ({ id: `${note}-${i}`, note, prompt: `Question ${i}?`, line: i + 1 });

/** An exam `days` from T0's day on the cards of `note`. */
function planFor(days: number, note = 'exam.md'): QueueExamPlan {
  const examDay = DAY_NUMBER + days;
  return { today: DAY_NUMBER, exams: [{ examDay, examAt: examDay * DAY, inScope: (c) => c.note === note }], recall: (schedule, at) => scheduler.recallProbability(schedule, at) };
}

describe('Review queue with an exam date', () => {
  const inScope = Array.from({ length: 100 }, (_, i) => card(i));
  const other = Array.from({ length: 10 }, (_, i) => card(i, 'other.md'));
  const options = { now: T0, dayStart: T0 - 9 * 3600_000, newPerDay: 20, reviewsPerDay: 200 };

  it('offers new cards only from the exam\'s scope, as many as introduce them all before the final week', async () => {
    const book = new ReviewBook(new MemoryLogStore(), new TestClock(), scheduler);
    await book.load();
    // 100 cards, exam in 30 days: 23 days before the final week, ceil(100 / 23) = 5 a day.
    const queue = buildReviewQueue([...other, ...inScope], book.history, { ...options, exam: planFor(30) });
    assert.deepEqual(queue.newCards.map((e) => e.card.id), inScope.slice(0, 5).map((c) => c.id));
    assert.equal(queue.newRemaining, 95);
    const without = buildReviewQueue([...other, ...inScope], book.history, options);
    assert.equal(without.newCards.length, 20, 'without the exam, the daily limit');
    // Close to the exam the plan asks for more than the limit: the limit holds.
    assert.equal(buildReviewQueue(inScope, book.history, { ...options, exam: planFor(10) }).newCards.length, 20);
  });

  it('keeps the day\'s allowance all day: cards introduced today count as left at its start', async () => {
    const clock = new TestClock();
    const book = new ReviewBook(new MemoryLogStore(), clock, scheduler);
    await book.load();
    for (const c of inScope.slice(0, 3)) await book.rate(c, 3, 1000);
    const queue = buildReviewQueue(inScope, book.history, { ...options, now: T0 + 3600_000, exam: planFor(30) });
    assert.equal(queue.newToday, 3);
    assert.deepEqual(queue.newCards.map((e) => e.card.id), inScope.slice(3, 5).map((c) => c.id), 'five today in all');
  });

  it('asks the due cards of the scope least likely to be recalled on the exam day first, then the others by due time', async () => {
    const clock = new TestClock(T0 - 30 * DAY);
    const book = new ReviewBook(new MemoryLogStore(), clock, scheduler);
    await book.load();
    // Cards learnt on different days with different answers: their memories differ, all come due by T0.
    const ratings: (3 | 4)[] = [3, 4, 3, 3, 4, 4];
    const cards = [...inScope.slice(0, 6), other[0]];
    for (const [i, c] of cards.entries()) {
      clock.time = T0 - (30 - i * 3) * DAY;
      await book.rate(c, ratings[i % ratings.length], 1000);
      clock.time += 20 * 60_000;
      await book.rate(c, 3, 1000);
    }
    // The day the last of them comes due, with the exam ten days later.
    const now = Math.max(...cards.map((c) => book.history.card(c.id)!.schedule.dueAt));
    const today = Math.floor(now / DAY);
    const examAt = (today + 10) * DAY;
    const plan: QueueExamPlan = { today, exams: [{ examDay: today + 10, examAt, inScope: (c) => c.note === 'exam.md' }], recall: (schedule, at) => scheduler.recallProbability(schedule, at) };
    const at = { ...options, now, dayStart: today * DAY, exam: plan };
    const queue = buildReviewQueue(cards, book.history, at);
    const due = queue.dueNow.map((e) => e.card.id);
    assert.equal(due.length, 7, 'all due');
    assert.equal(due.at(-1), other[0].id, 'the card outside the scope comes last');
    const recall = due.slice(0, -1).map((id) => scheduler.recallProbability(book.history.card(id)!.schedule, examAt) as number);
    assert.deepEqual(recall, [...recall].sort((a, b) => a - b), 'lowest predicted exam-day recall first');
    assert.ok(recall[0] < recall.at(-1)!, 'the cards differ');

    // With room for three reviews today, the three least likely recalled are asked; the rest wait in Coming up, by due time.
    const capped = buildReviewQueue(cards, book.history, { ...at, reviewsPerDay: 3 });
    assert.deepEqual(capped.dueNow.map((e) => e.card.id), due.slice(0, 3));
    const comingUp = capped.comingUp.map((e) => e.dueAt ?? 0);
    assert.deepEqual(comingUp, [...comingUp].sort((a, b) => a - b));
    assert.equal(capped.comingUp.length, 4);
  });

  it('in the final week, once the rest is done, asks again the cards answered only once, lowest exam-day recall first', async () => {
    const clock = new TestClock(T0);
    const book = new ReviewBook(new MemoryLogStore(), clock, scheduler);
    await book.load();
    // Easy on first sight: straight to review with one answer. Then Good twice: two answers.
    for (const c of inScope.slice(0, 3)) await book.rate(c, 4, 1000);
    await book.rate(inScope[3], 3, 1000);
    await book.rate(inScope[3], 3, 1000);
    const cards = inScope.slice(0, 4);
    const now = T0 + DAY;
    const at = (daysToExam: number) => {
      const plan = planFor(daysToExam + 1);
      return { ...options, now, dayStart: now - 9 * 3600_000, exam: { ...plan, today: DAY_NUMBER + 1 } };
    };
    assert.deepEqual(buildReviewQueue(cards, book.history, at(10)).topUp, [], 'not before the final week');
    const queue = buildReviewQueue(cards, book.history, at(5));
    assert.deepEqual(new Set(queue.topUp.map((e) => e.card.id)), new Set(inScope.slice(0, 3).map((c) => c.id)), 'the three answered once');
    assert.deepEqual(reviewOrder(queue, now).slice(-3), queue.topUp, 'after everything else');
    assert.equal(buildReviewQueue(cards, book.history, { ...at(5), reviewsPerDay: 1 }).topUp.length, 1, 'within the day\'s reviews');
    assert.deepEqual(buildReviewQueue(cards, book.history, { ...options, now }).topUp, [], 'no exam, no top-up');
  });
});
