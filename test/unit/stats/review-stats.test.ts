import * as assert from 'node:assert/strict';
import { ReviewHistory, type Rating, type ReviewEvent } from '../../../src/core/review';
import { computeReviewStats, computeReviewStatsInSlices, RECALL_SAMPLES, STATS_DAYS, type StatsCard, type StatsInput } from '../../../src/core/stats/review-stats';
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
});
