import * as assert from 'node:assert/strict';
import { ReviewHistory, type Rating, type ReviewEvent, type ReviewRatingEvent } from '../../../src/core/review';
import { MemoryModel } from '../../../src/core/stats/memory-model';
import { predictReadiness } from '../../../src/core/stats/readiness';
import { computeReviewStats, computeReviewStatsInSlices, READINESS_DAYS, RECALL_SAMPLES, STATS_DAYS, type StatsCard, type StatsInput } from '../../../src/core/stats/review-stats';
import { DAY, MINUTE, T0, testScheduler } from '../review-support';

const scheduler = testScheduler();
let seq = 0;

/** A rating taking `durationMs` (null: an event that recorded no duration). */
function review(card: string, time: number, rating: Rating, durationMs: number | null = 4000): ReviewEvent {
  return { v: 1, id: `w.${++seq}`, kind: 'review', card, time, rating, ...(durationMs === null ? {} : { durationMs }) };
}

function mark(kind: 'forget' | 'suspend', card: string, time: number): ReviewEvent {
  return { v: 1, id: `w.${++seq}`, kind, card, time };
}

const CARDS: StatsCard[] = [
  { id: 'a1', note: 'aws.md', section: ['Compute'] },
  { id: 'a2', note: 'aws.md', section: ['Compute', 'EC2'] },
  { id: 'a3', note: 'aws.md', section: ['Storage'] },
  { id: 'g1', note: 'gcp.md', section: [] },
  { id: 'g2', note: 'gcp.md', section: [] },
];

function statsOf(events: ReviewEvent[], extra: Partial<StatsInput> = {}) {
  const history = ReviewHistory.fromEvents(events, scheduler);
  return computeReviewStats({ events, cards: CARDS, history, now: T0, settings: scheduler.settings, ...extra });
}

/** Index of a day in the heatmap: 0 is a year ago, the last is today. */
const daysAgo = (n: number) => STATS_DAYS - 1 - n;

describe('Review statistics', () => {
  it('counts reviews and study time per day; reviews without a duration are unknown time, never zero', () => {
    const events = [
      review('a1', T0 - 2 * DAY, 3, 5000),
      review('a1', T0 - 2 * DAY + 10 * MINUTE, 3, 7000),
      review('a2', T0 - 2 * DAY + 20 * MINUTE, 3, null),
      review('a3', T0 - 10 * MINUTE, 1, 2000),
    ];
    const stats = statsOf(events);
    assert.equal(stats.days.reviews.length, STATS_DAYS);
    assert.equal(stats.today, '2025-01-06');
    assert.equal(stats.days.firstDay, '2024-01-08');
    assert.deepEqual([stats.days.reviews[daysAgo(2)], stats.days.studyMs[daysAgo(2)], stats.days.untimedReviews[daysAgo(2)]], [3, 12000, 1]);
    assert.deepEqual([stats.days.reviews[daysAgo(0)], stats.days.studyMs[daysAgo(0)], stats.days.untimedReviews[daysAgo(0)]], [1, 2000, 0]);
    assert.equal(stats.days.reviews.reduce((a, b) => a + b, 0), 4);
    assert.deepEqual(stats.totals, { reviews: 4, studyMs: 14000, untimedReviews: 1, daysStudied: 2 });
  });

  it('counts local days: a review at 23:30 UTC is the next day two hours east of UTC', () => {
    const late = Date.UTC(2025, 0, 5, 23, 30);
    const events = [review('a1', late, 3)];
    assert.equal(statsOf(events).days.reviews[daysAgo(1)], 1, 'in UTC it is yesterday');
    assert.equal(statsOf(events, { calendar: { offsetMs: () => 2 * 3600_000 } }).days.reviews[daysAgo(0)], 1, 'at UTC+2 it is today');
  });

  it('the streak counts days in a row up to today, or up to yesterday while today has no review yet', () => {
    const onDays = (days: number[]) => days.map((d) => review('a1', T0 - d * DAY, 3));
    assert.equal(statsOf(onDays([0, 1, 2, 4])).streakDays, 3);
    assert.equal(statsOf(onDays([1, 2, 3])).streakDays, 3, 'today is not over: the streak holds');
    assert.equal(statsOf(onDays([2, 3])).streakDays, 0, 'a day missed ends it');
    assert.equal(statsOf([]).streakDays, 0);
  });

  it('true retention counts only reviews of cards in review state, Hard, Good and Easy as passed, per week', () => {
    // a1 graduates with Good, Good (learning steps: not counted), then is reviewed in review state twice.
    const start = T0 - 40 * DAY;
    const events = [
      review('a1', start, 3),
      review('a1', start + 10 * MINUTE, 3),
      review('a1', T0 - 20 * DAY, 1), // review state, forgotten: counted, failed
      review('a1', T0 - 20 * DAY + 10 * MINUTE, 3), // relearning: not counted
      review('a2', start, 4), // Easy on a new card: straight to review state, not counted
      review('a2', T0 - 3 * DAY, 2), // review state, Hard: passed
    ];
    const stats = statsOf(events);
    assert.equal(stats.desiredRetention, 0.9);
    assert.deepEqual({ reviews: stats.retentionPastYear.reviews, passed: stats.retentionPastYear.passed, rate: stats.retentionPastYear.rate }, { reviews: 2, passed: 1, rate: 0.5 });
    const weeks = stats.retention.filter((w) => w.reviews > 0);
    assert.deepEqual(weeks.map((w) => [w.reviews, w.passed, w.rate]), [[1, 0, 0], [1, 1, 1]]);
    assert.equal(stats.retention.length, 52);
    assert.equal(stats.retention[51].weekStart, '2024-12-31', 'the last week ends today');
    assert.equal(stats.retention[0].rate, null, 'a week without reviews in review state has no rate');
  });

  it('counts answer buttons by the phase the card was in before the answer', () => {
    const start = T0 - 40 * DAY;
    const events = [review('a1', start, 1), review('a1', start + MINUTE, 3), review('a1', start + 11 * MINUTE, 3), review('a1', T0 - 5 * DAY, 1), review('a1', T0 - 5 * DAY + 10 * MINUTE, 3), review('a2', start, 4), review('a2', T0 - DAY, 3)];
    assert.deepEqual(statsOf(events).buttons, {
      new: [1, 0, 0, 1],
      learning: [0, 0, 2, 0],
      review: [1, 0, 1, 0],
      relearning: [0, 0, 1, 0],
    });
  });

  it('counts cards by where they stand and forecasts due cards per day, overdue ones today', () => {
    const events = [
      review('a1', T0 - 40 * DAY, 3),
      review('a1', T0 - 40 * DAY + 10 * MINUTE, 3), // review state, long overdue
      review('a2', T0 - 5 * MINUTE, 1), // learning, due in minutes
      review('a3', T0 - DAY, 4), // review state, due in days
      review('g1', T0 - DAY, 4),
      mark('suspend', 'g1', T0 - DAY + MINUTE),
    ];
    const history = ReviewHistory.fromEvents(events, scheduler);
    const stats = statsOf(events);
    assert.deepEqual(stats.cardCounts, { total: 5, new: 1, learning: 1, review: 2, suspended: 1 });
    assert.equal(stats.forecast.due.length, 90);
    assert.equal(stats.forecast.firstDay, '2025-01-06');
    const a3Due = Math.floor((history.card('a3')?.schedule.dueAt ?? 0) / DAY) - Math.floor(T0 / DAY);
    assert.ok(a3Due > 1 && a3Due < 30, `a3 due in ${a3Due} days`);
    const expected = new Array(90).fill(0);
    expected[0] = 2; // a1 overdue and a2 in its learning step
    expected[a3Due] = 1;
    assert.deepEqual(stats.forecast.due, expected);
    assert.deepEqual([stats.forecast.next30Days, stats.forecast.next90Days], [3, 3]);
  });

  it('leaves undone ratings out, follows links to the new card, and restarts a forgotten card as new', () => {
    const bad = review('a1', T0 - 2 * DAY, 1);
    const events: ReviewEvent[] = [
      review('a1', T0 - 3 * DAY, 3),
      bad,
      { v: 1, id: 'w.undo', kind: 'undo', card: 'a1', target: bad.id, time: T0 - 2 * DAY + MINUTE },
      review('old-g2', T0 - 3 * DAY, 4),
      { v: 1, id: 'w.link', kind: 'link', card: 'old-g2', to: 'g2', time: T0 - DAY },
      review('a3', T0 - 3 * DAY, 4),
      mark('forget', 'a3', T0 - 2 * DAY),
      review('a3', T0 - DAY, 3),
    ];
    const stats = statsOf(events);
    assert.equal(stats.totals.reviews, 4);
    assert.deepEqual(stats.buttons.new, [0, 0, 2, 2], 'a1, old-g2 and a3 first seen; a3 new again after the reset');
    const gcp = statsOf(events, { scope: { kind: 'note', note: 'gcp.md' } });
    assert.equal(gcp.totals.reviews, 1, 'the linked history belongs to g2 in gcp.md');
    assert.deepEqual(gcp.cardCounts, { total: 2, new: 1, learning: 0, review: 1, suspended: 0 });
  });

  it('a note or section scope keeps its own cards and events, subsections included', () => {
    const events = [review('a1', T0 - DAY, 3), review('a2', T0 - DAY, 3), review('a3', T0 - DAY, 3), review('g1', T0 - DAY, 3), review('gone', T0 - DAY, 3)];
    assert.equal(statsOf(events).totals.reviews, 5, 'the workspace counts every review, a deleted question\'s too');
    assert.equal(statsOf(events, { scope: { kind: 'note', note: 'aws.md' } }).totals.reviews, 3);
    const compute = statsOf(events, { scope: { kind: 'section', note: 'aws.md', section: ['Compute'] } });
    assert.equal(compute.totals.reviews, 2);
    assert.equal(compute.cardCounts.total, 2);
    assert.deepEqual(compute.sectionRecall.map((s) => s.section), [['Compute'], ['Compute', 'EC2']]);
  });

  it('per-section average recall over time is ts-fsrs retrievability at weekly samples', () => {
    const events = [review('a1', T0 - 30 * DAY, 3), review('a1', T0 - 30 * DAY + 10 * MINUTE, 3), review('a3', T0 - 10 * DAY, 4)];
    const stats = statsOf(events);
    assert.equal(stats.recallTimes.length, RECALL_SAMPLES);
    assert.equal(stats.recallTimes[RECALL_SAMPLES - 1], '2025-01-06');
    assert.equal(stats.recallTimes[0], '2024-10-14');
    const history = ReviewHistory.fromEvents(events, scheduler);
    const a1 = history.card('a1')?.schedule;
    const a3 = history.card('a3')?.schedule;
    assert.ok(a1 && a3);
    const compute = stats.sectionRecall.find((s) => s.section.join() === 'Compute');
    const storage = stats.sectionRecall.find((s) => s.section.join() === 'Storage');
    const at = (k: number) => T0 - (RECALL_SAMPLES - 1 - k) * 7 * DAY;
    // a1 was first reviewed 30 days ago: samples before that have no reviewed card.
    assert.deepEqual(compute?.averageRecall.slice(0, 8), new Array(8).fill(null));
    for (let k = 8; k < RECALL_SAMPLES; k++) assert.equal(compute?.averageRecall[k], scheduler.recallProbability(a1, at(k)), `sample ${k}`);
    assert.equal(storage?.averageRecall[RECALL_SAMPLES - 1], scheduler.recallProbability(a3, T0));
    assert.equal(storage?.averageRecall[RECALL_SAMPLES - 2], scheduler.recallProbability(a3, T0 - 7 * DAY));
    assert.equal(storage?.averageRecall[RECALL_SAMPLES - 3], null, 'two weeks ago a3 was not reviewed yet');
  });

  it('in slices gives the same figures and gives the host turns', async () => {
    const events: ReviewEvent[] = [];
    for (let i = 0; i < 5000; i++) events.push(review(CARDS[i % CARDS.length].id, T0 - 200 * DAY + i * 50 * MINUTE, ((i % 4) + 1) as Rating));
    const history = ReviewHistory.fromEvents(events, scheduler);
    const input: StatsInput = { events, cards: CARDS, history, now: T0 + 200 * DAY, settings: scheduler.settings };
    let pauses = 0;
    const sliced = await computeReviewStatsInSlices(input, async () => void pauses++, 0);
    assert.deepEqual(sliced, computeReviewStats(input));
    assert.ok(pauses > 5, `${pauses} pauses`);
  });

  describe('what the learner keeps getting wrong', () => {
    const CHOICE_CARDS: StatsCard[] = CARDS.map((c) => ({ ...c, prompt: `What is **${c.id}**?` }));
    const choice = (card: string, time: number, chosen: string[], correct: boolean, rating: Rating = correct ? 3 : 1): ReviewEvent => ({ ...(review(card, time, rating) as ReviewRatingEvent), chosen, correct, question: `log copy of ${card}` });
    const mock = (time: number, answers: { card: string; chosen: string[]; correct: boolean }[], passMark = 0.7): ReviewEvent => ({
      v: 1,
      id: `w.${++seq}`,
      kind: 'mock',
      time,
      scope: 'Workspace',
      passMark,
      durationMs: 600_000,
      answers: answers.map((a) => ({ ...a, note: CARDS.find((c) => c.id === a.card)?.note ?? 'gone.md' })),
    });
    const statsWith = (events: ReviewEvent[], extra: Partial<StatsInput> = {}) => statsOf(events, { cards: CHOICE_CARDS, ...extra });

    it('counts misses per question from chosen options, Again without one, and mock exam answers, most missed first', () => {
      const events = [
        choice('a1', T0 - 5 * DAY, ['Availability zones'], false),
        choice('a1', T0 - 4 * DAY, ['Regions'], true),
        // A wrong option rated Hard still counts as a miss: the answer was wrong.
        choice('a1', T0 - 3 * DAY, ['Availability zones'], false, 2),
        review('a2', T0 - 3 * DAY, 1),
        review('a2', T0 - 2 * DAY, 3),
        review('a3', T0 - 2 * DAY, 3),
        mock(T0 - DAY, [
          { card: 'a1', chosen: ['Edge locations'], correct: false },
          { card: 'a2', chosen: [], correct: false },
          { card: 'a3', chosen: ['S3'], correct: true },
        ]),
      ];
      const stats = statsWith(events);
      assert.deepEqual(
        stats.mostMissed.map((m) => [m.card, m.misses, m.answers, m.lastMissed, m.question]),
        [
          ['a1', 3, 4, '2025-01-05', 'What is a1?'],
          ['a2', 2, 3, '2025-01-05', 'What is a2?'],
        ],
        'a3 was never missed; markdown is taken off the question',
      );
      assert.deepEqual(
        stats.wrongChoices.map((w) => [w.card, w.choice, w.times]),
        [
          ['a1', 'Availability zones', 2],
          ['a1', 'Edge locations', 1],
        ],
        'an unanswered mock question is a miss but no wrong option; right choices are never listed',
      );
    });

    it('follows links and leaves undone answers out; the question comes from the log when the note no longer has it', () => {
      const undone = choice('old-a3', T0 - 3 * DAY, ['Glacier'], false);
      const events = [
        choice('old-a3', T0 - 4 * DAY, ['EBS'], false),
        undone,
        { v: 1, id: 'w.undo-choice', kind: 'undo', card: 'old-a3', target: undone.id, time: T0 - 3 * DAY + MINUTE } as ReviewEvent,
        { v: 1, id: 'w.link-choice', kind: 'link', card: 'old-a3', to: 'a3', time: T0 - 2 * DAY } as ReviewEvent,
      ];
      const stats = statsWith(events, { cards: CARDS });
      assert.deepEqual(stats.wrongChoices.map((w) => [w.card, w.choice, w.times]), [['a3', 'EBS', 1]]);
      assert.equal(stats.mostMissed[0].question, 'log copy of old-a3');
    });

    it('a note or section scope lists only its questions and scores mock exams on them', () => {
      const events = [
        choice('a1', T0 - 3 * DAY, ['x'], false),
        choice('g1', T0 - 3 * DAY, ['y'], false),
        mock(T0 - DAY, [
          { card: 'a1', chosen: ['x'], correct: false },
          { card: 'a3', chosen: ['z'], correct: true },
          { card: 'g1', chosen: ['y'], correct: true },
          { card: 'deleted', chosen: ['w'], correct: true },
        ]),
      ];
      const workspace = statsWith(events);
      assert.deepEqual(
        workspace.mockExams.map((m) => [m.day, m.right, m.total, m.score, m.passed]),
        [['2025-01-05', 3, 4, 0.75, true]],
        'the workspace scores every answer, a deleted question\'s too',
      );
      const aws = statsWith(events, { scope: { kind: 'note', note: 'aws.md' } });
      assert.deepEqual(aws.mockExams.map((m) => [m.right, m.total, m.passed]), [[1, 2, false]]);
      assert.deepEqual(aws.mostMissed.map((m) => m.card), ['a1']);
      assert.deepEqual(statsWith(events, { scope: { kind: 'note', note: 'nothing.md' } }).mockExams, [], 'an attempt with no question in scope is not listed');
    });

    it('without choices or mock exams the lists are empty, never invented', () => {
      const stats = statsWith([review('a1', T0 - DAY, 3), review('a2', T0 - DAY, 4)]);
      assert.deepEqual([stats.mostMissed, stats.wrongChoices, stats.mockExams], [[], [], []]);
      assert.equal(stats.readiness, undefined, 'no exam date, no readiness');
    });
  });

  describe('readiness over time', () => {
    const plan = { date: '2025-01-20', weights: [{ note: 'aws.md', weight: 3 }, { note: 'gcp.md', weight: 1 }] };

    it('is the predicted exam-day score of the memory as it stood each day, today\'s equal to the readiness now', () => {
      const events = [review('a1', T0 - 20 * DAY, 3), review('a1', T0 - 10 * DAY + 60 * MINUTE, 3), review('a3', T0 - 5 * DAY, 4), review('g1', T0 - 2 * DAY, 3)];
      const stats = statsOf(events, { exam: plan });
      const r = stats.readiness;
      assert.ok(r);
      assert.equal(r.days.length, READINESS_DAYS);
      assert.equal(r.days[READINESS_DAYS - 1].day, '2025-01-06');
      assert.equal(r.cardCount, CARDS.length);
      const history = ReviewHistory.fromEvents(events, scheduler);
      const model = new MemoryModel(scheduler.settings);
      const now = predictReadiness(CARDS, (id) => history.card(id)?.schedule, plan, { now: T0, model });
      assert.equal(r.days[READINESS_DAYS - 1].predictedScore, now.predictedScore);
      assert.equal(r.days[READINESS_DAYS - 1].reviewedCount, 3, 'a1, a3 and g1');
      // Ten days ago at this time of day, an hour before a1's second review: only its first counted.
      const tenDaysAgo = ReviewHistory.fromEvents(events.slice(0, 1), scheduler);
      const then = predictReadiness(CARDS, (id) => tenDaysAgo.card(id)?.schedule, plan, { now: T0 - 10 * DAY, model });
      assert.equal(r.days[READINESS_DAYS - 1 - 10].predictedScore, then.predictedScore);
      assert.equal(r.days[0].predictedScore, 0, 'before any review nothing is known');
      assert.ok(r.days.every((d, i) => i === 0 || d.reviewedCount >= r.days[i - 1].reviewedCount));
    });

    it('covers the exam\'s cards within the scope shown', () => {
      const events = [review('a1', T0 - 2 * DAY, 3), review('g1', T0 - 2 * DAY, 3)];
      const gcp = statsOf(events, { exam: plan, scope: { kind: 'note', note: 'gcp.md' } });
      assert.equal(gcp.readiness?.cardCount, 2);
      const scoped = statsOf(events, { exam: { date: '2025-01-20', scope: [{ note: 'aws.md', section: ['Storage'] }] } });
      assert.equal(scoped.readiness?.cardCount, 1);
      assert.equal(scoped.readiness?.days.at(-1)?.predictedScore, 0, 'a3 was never reviewed');
    });
  });
});
