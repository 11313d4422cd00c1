import * as assert from 'node:assert/strict';
import type { CardSchedule, Rating } from '../../../src/core/review';
import { MemoryModel, type MemoryState } from '../../../src/core/stats/memory-model';
import { examCards, InvalidExamPlanError, predictReadiness, predictReadinessInSlices, ReadinessCache, type ExamPlan } from '../../../src/core/stats/readiness';
import type { StatsCard } from '../../../src/core/stats/review-stats';
import { finalWeekTopUp, newCardAllowance, orderByExamRecall } from '../../../src/core/stats/study-plan';
import { DAY, MINUTE, T0, testScheduler } from '../review-support';

const scheduler = testScheduler();
const model = new MemoryModel(scheduler.settings);

function rated(...ratings: [Rating, number][]): CardSchedule {
  let schedule = scheduler.newCard();
  for (const [rating, at] of ratings) schedule = scheduler.rate(schedule, rating, at);
  return schedule;
}

const CARDS: StatsCard[] = [
  { id: 'c1', note: 'aws.md', section: ['Compute'] },
  { id: 'c2', note: 'aws.md', section: ['Compute', 'EC2'] },
  { id: 'c3', note: 'aws.md', section: ['Storage'] },
  { id: 'c4', note: 'aws.md', section: ['Storage'] },
  { id: 'g1', note: 'gcp.md', section: [] },
];

// c1 learnt long ago, c2 and c3 yesterday (Easy), c4 and g1 never reviewed.
const SCHEDULES = new Map<string, CardSchedule>([
  ['c1', rated([3, T0 - 40 * DAY], [3, T0 - 40 * DAY + 10 * MINUTE])],
  ['c2', rated([4, T0 - DAY])],
  ['c3', rated([4, T0 - DAY])],
]);
const memory = (id: string): MemoryState | undefined => {
  const schedule = SCHEDULES.get(id);
  return schedule ? MemoryModel.fromSchedule(schedule) : undefined;
};
const EXAM: ExamPlan = { date: '2025-01-20' };
const EXAM_AT = Date.UTC(2025, 0, 20);
const recallOf = (id: string) => scheduler.recallProbability(SCHEDULES.get(id) as CardSchedule, EXAM_AT) as number;

describe('Exam readiness', () => {
  it('predicts each card\'s recall at the start of the exam day with ts-fsrs; a card never reviewed counts 0', () => {
    const readiness = predictReadiness(CARDS, memory, EXAM, { now: T0, model });
    assert.equal(readiness.examDay, '2025-01-20');
    assert.equal(readiness.daysLeft, 14);
    assert.equal(readiness.examAt, EXAM_AT);
    assert.deepEqual([readiness.cardCount, readiness.reviewedCount], [5, 3]);
    const expected = (recallOf('c1') + recallOf('c2') + recallOf('c3')) / 5;
    assert.ok(Math.abs(readiness.predictedScore - expected) < 1e-12, `${readiness.predictedScore} vs ${expected}`);
    const storage = readiness.sections.find((s) => s.section.join() === 'Storage');
    assert.deepEqual(storage && { cards: storage.cardCount, reviewed: storage.reviewedCount, recall: storage.predictedRecall, lowest: storage.lowestRecall }, { cards: 2, reviewed: 1, recall: recallOf('c3') / 2, lowest: 0 });
    assert.deepEqual(readiness.weighted, []);
  });

  it('weights parts of the exam: the score is the weighted average of their averages', () => {
    const plan: ExamPlan = { date: '2025-01-20', weights: [{ note: 'aws.md', section: ['Compute'], weight: 60 }, { note: 'aws.md', section: ['Storage'], weight: 40 }] };
    const readiness = predictReadiness(CARDS, memory, plan, { now: T0, model });
    const compute = (recallOf('c1') + recallOf('c2')) / 2;
    const storage = recallOf('c3') / 2;
    assert.ok(Math.abs(readiness.predictedScore - (0.6 * compute + 0.4 * storage)) < 1e-12);
    assert.deepEqual(readiness.weighted.map((w) => [w.weight, w.cardCount]), [[60, 2], [40, 2]]);
    assert.equal(readiness.unweightedCards, 1, 'gcp.md is in scope but under no weight');
  });

  it('a scope of notes or sections limits the cards', () => {
    assert.deepEqual(examCards(CARDS, { scope: [{ note: 'aws.md', section: ['Compute'] }, { note: 'gcp.md' }] }).map((c) => c.id), ['c1', 'c2', 'g1']);
    const readiness = predictReadiness(CARDS, memory, { date: '2025-01-20', scope: [{ note: 'aws.md', section: ['Storage'] }] }, { now: T0, model });
    assert.equal(readiness.cardCount, 2);
  });

  it('rejects a date that is not a day and a weight that is not positive, with a typed error', () => {
    assert.throws(() => predictReadiness(CARDS, memory, { date: '2025-02-30' }, { now: T0, model }), InvalidExamPlanError);
    assert.throws(() => predictReadiness(CARDS, memory, { date: '20.1.2025' }, { now: T0, model }), /YYYY-MM-DD/);
    assert.throws(() => predictReadiness(CARDS, memory, { date: '2025-01-20', weights: [{ note: 'aws.md', weight: 0 }] }, { now: T0, model }), /positive number/);
  });

  it('answers for 50,000 cards well within 100 ms', () => {
    const many: StatsCard[] = Array.from({ length: 50_000 }, (_, i) => ({ id: `c${i}`, note: `n${i % 50}.md`, section: [`S${i % 7}`] }));
    const state = memory('c2');
    const start = performance.now();
    predictReadiness(many, (id) => (id.endsWith('3') ? undefined : state), { date: '2025-03-01' }, { now: T0, model });
    const ms = performance.now() - start;
    // The bench measures it properly; this only guards against an accidental quadratic.
    assert.ok(ms < 1000, `${ms} ms`);
  });

  it('in slices gives the same figures, giving the host turns between slices', async () => {
    const many: StatsCard[] = Array.from({ length: 20_000 }, (_, i) => ({ id: i % 5 === 0 ? 'c1' : i % 3 === 0 ? `x${i}` : 'c2', note: `n${i % 9}.md`, section: [`S${i % 4}`] }));
    const plan: ExamPlan = { date: '2025-02-01', weights: [{ note: 'n1.md', weight: 3 }, { note: 'n2.md', section: ['S2'], weight: 1 }] };
    const whole = predictReadiness(many, memory, plan, { now: T0, model });
    let pauses = 0;
    const sliced = await predictReadinessInSlices(many, memory, plan, { now: T0, model }, async () => void pauses++, 0);
    assert.deepEqual(sliced, whole);
    assert.ok(pauses >= 2, `${pauses} pauses`);
    await assert.rejects(predictReadinessInSlices(CARDS, memory, { date: '2025-02-30' }, { now: T0, model }, async () => undefined), InvalidExamPlanError);
  });

  it('with a cache, only cards whose memory state changed have their recall computed again, and the figures are those of a fresh computation', () => {
    const many: StatsCard[] = Array.from({ length: 3000 }, (_, i) => ({ id: `k${i}`, note: `n${i % 5}.md`, section: [`S${Math.floor(i / 5) % 3}`] }));
    // One schedule object per card, as the review history keeps them until the card changes.
    const schedules = new Map(many.map((card, i) => [card.id, i % 10 === 0 ? undefined : rated([((i % 4) + 1) as Rating, T0 - (i % 60) * DAY])]));
    const plan: ExamPlan = { date: '2025-02-01', weights: [{ note: 'n1.md', weight: 2 }, { note: 'n3.md', weight: 1 }] };
    const cache = new ReadinessCache();
    const compute = () => predictReadiness(many, (id) => schedules.get(id), plan, { now: T0, model, cache });
    const fresh = () => predictReadiness(many, (id) => schedules.get(id), plan, { now: T0, model });

    assert.deepEqual(compute(), fresh());
    assert.equal(cache.computed, 2700, 'the first time, every reviewed card');
    assert.deepEqual(compute(), fresh());
    assert.equal(cache.computed, 0, 'nothing changed');
    // A rating of one card and the first rating of another.
    schedules.set('k7', scheduler.rate(schedules.get('k7') as CardSchedule, 1, T0));
    schedules.set('k20', rated([3, T0]));
    const after = compute();
    assert.equal(cache.computed, 2);
    assert.deepEqual(after, fresh());
    // Another exam day: every recall changes.
    predictReadiness(many, (id) => schedules.get(id), { date: '2025-03-01' }, { now: T0, model, cache });
    assert.equal(cache.computed, 2701);
  });
});

describe('Study plan toward the exam', () => {
  it('spreads new cards evenly to end the day before the final week', () => {
    assert.deepEqual(newCardAllowance({ newCardsLeft: 300, today: 0, examDay: 30, newPerDayLimit: 20 }), { perDay: 14, introduceByDay: 22, daysLeft: 23, fitsBeforeFinalWeek: true });
    assert.equal(newCardAllowance({ newCardsLeft: 10, today: 22, examDay: 30, newPerDayLimit: 20 }).perDay, 10, 'the last day before the final week takes what is left');
  });

  it('stays within the daily limit and says when that leaves cards for the final week', () => {
    assert.deepEqual(newCardAllowance({ newCardsLeft: 1000, today: 0, examDay: 30, newPerDayLimit: 20 }), { perDay: 20, introduceByDay: 22, daysLeft: 23, fitsBeforeFinalWeek: false });
    assert.deepEqual(newCardAllowance({ newCardsLeft: 5, today: 25, examDay: 30, newPerDayLimit: 20 }).perDay, 20, 'in the final week what is left comes in at the limit');
    assert.equal(newCardAllowance({ newCardsLeft: 0, today: 0, examDay: 30, newPerDayLimit: 20 }).perDay, 0);
  });

  it('orders cards by predicted exam-day recall, lowest first, cards never reviewed before all, ties in given order', () => {
    const recall: Record<string, number | undefined> = { a: 0.95, b: 0.6, c: undefined, d: 0.6, e: 0.8 };
    assert.deepEqual(orderByExamRecall(['a', 'b', 'c', 'd', 'e'], (id) => recall[id]), ['c', 'b', 'd', 'e', 'a']);
  });

  it('in the final week only, tops up with cards rated once, lowest exam-day recall first', () => {
    const candidates = [
      { id: 'twice', reviews: 2, recallOnExamDay: 0.5 },
      { id: 'once-high', reviews: 1, recallOnExamDay: 0.95 },
      { id: 'once-low', reviews: 1, recallOnExamDay: 0.85 },
      { id: 'new', reviews: 0, recallOnExamDay: undefined },
    ];
    assert.deepEqual(finalWeekTopUp(candidates, 23, 30).map((c) => c.id), ['once-low', 'once-high']);
    assert.deepEqual(finalWeekTopUp(candidates, 22, 30), [], 'not before the final week');
    assert.deepEqual(finalWeekTopUp(candidates, 30, 30), [], 'not on or after the exam day');
  });
});
