import * as assert from 'node:assert/strict';
import { readReviewLog, ReviewBook, ReviewHistory, type LogSegment, type Rating } from '../../../src/core/review';
import { LiveStats, type LiveStatsSource } from '../../../src/core/stats/live-stats';
import type { ExamPlan } from '../../../src/core/stats/readiness';
import { computeReviewStats, type ReviewStats, type StatsCard, type StatsScope } from '../../../src/core/stats/review-stats';
import { ReviewLogFiles } from '../../../src/node/review-log-files';
import { DAY, MemoryFileSystem, MemoryStates, MINUTE, T0, TestClock, testScheduler } from '../review-support';
import { seededReviewLog } from './seeded-review-log';

const scheduler = testScheduler();
const pause = async () => undefined;
const CARDS: StatsCard[] = Array.from({ length: 12 }, (_, i) => ({ id: `c${i}`, note: i < 8 ? 'aws.md' : 'gcp.md', section: i < 4 ? ['Compute'] : i < 8 ? ['Storage'] : [] }));
const WORKSPACE: StatsScope = { kind: 'workspace' };

/** A log folder in memory with a seeded history of 60 days written by another window. */
function seededFiles(): MemoryFileSystem {
  const files = new MemoryFileSystem();
  const lines = seededReviewLog({ cards: CARDS.map((c) => c.id), now: T0 - DAY, days: 60, seed: 3, newCards: 2, writer: 'old' });
  files.setText('/log/old.jsonl', `${lines.join('\n')}\n`);
  return files;
}

/** What `note-review stats` would print for the log on disk now: read, folded and counted from scratch. */
async function fromScratch(files: MemoryFileSystem, now: number, scope: StatsScope = WORKSPACE, exam?: ExamPlan): Promise<ReviewStats> {
  const events = readReviewLog(await new ReviewLogFiles('/log', 'reader', files).readAll()).events;
  return computeReviewStats({ events, cards: CARDS, history: ReviewHistory.fromEvents(events, scheduler), now, settings: scheduler.settings, scope, ...(exam ? { exam } : {}) });
}

/** A source over `book` whose log reads are counted. */
function countedSource(book: ReviewBook, files: MemoryFileSystem): LiveStatsSource & { reads: number } {
  const source = {
    reads: 0,
    history: () => book.history,
    readLog: async (): Promise<readonly LogSegment[]> => {
      source.reads++;
      return new ReviewLogFiles('/log', 'stats', files).readAll();
    },
    settings: () => scheduler.settings,
  };
  return source;
}

const card = (i: number) => ({ id: CARDS[i].id, note: CARDS[i].note, prompt: `Q${i}?` });
const today = (stats: ReviewStats) => stats.days.reviews[stats.days.reviews.length - 1];

describe('Statistics kept up to date in memory (LiveStats)', () => {
  it('a rating changes the figures without the log being read again', async () => {
    const files = seededFiles();
    const clock = new TestClock();
    const book = new ReviewBook(new ReviewLogFiles('/log', 'w1', files), clock, scheduler);
    await book.load();
    const source = countedSource(book, files);
    const live = new LiveStats(source, { offsetMs: () => 0 }, pause);

    const before = (await live.compute(CARDS, WORKSPACE, clock.now())).stats;
    assert.deepEqual(before, await fromScratch(files, clock.now()));
    for (const [i, rating] of [[0, 3], [5, 1], [9, 4]] as const) {
      clock.advance(MINUTE);
      await book.rate(card(i), rating as Rating, 4000);
    }
    const after = (await live.compute(CARDS, WORKSPACE, clock.now())).stats;
    assert.equal(after.totals.reviews, before.totals.reviews + 3);
    assert.equal(today(after), today(before) + 3);
    assert.deepEqual(after, await fromScratch(files, clock.now()));
    assert.equal(source.reads, 0, 'a history loaded from the log holds every event: the log is not read for statistics');
  });

  it('after a start from the state snapshot, the log is read once; ratings and undos then count in memory', async () => {
    const files = seededFiles();
    const clock = new TestClock();
    const states = new MemoryStates();
    const first = new ReviewBook(new ReviewLogFiles('/log', 'w1', files), clock, scheduler);
    await first.load();
    await first.rate(card(1), 3, 2000);
    assert.equal(await first.saveState(states, pause), true);

    const book = new ReviewBook(new ReviewLogFiles('/log', 'w2', files), clock, scheduler);
    assert.equal((await book.start(states, pause)).from, 'snapshot');
    const source = countedSource(book, files);
    const live = new LiveStats(source, { offsetMs: () => 0 }, pause);
    const scope: StatsScope = { kind: 'note', note: 'aws.md' };

    const before = (await live.compute(CARDS, scope, clock.now())).stats;
    assert.deepEqual(before, await fromScratch(files, clock.now(), scope));
    assert.equal(source.reads, 1);
    clock.advance(MINUTE);
    await book.rate(card(1), 1, 3000);
    clock.advance(MINUTE);
    await book.rate(card(2), 3, 3000);
    await book.undoLastRating();
    const after = (await live.compute(CARDS, scope, clock.now())).stats;
    assert.deepEqual(after, await fromScratch(files, clock.now(), scope));
    assert.equal(after.totals.reviews, before.totals.reviews + 1, 'two ratings, one of them undone');
    assert.equal(source.reads, 1, 'the log was read once, for the events the snapshot folded');
  });

  it('figures computed again later, with the recall samples of unchanged cards reused, are those of a fresh count', async () => {
    const files = seededFiles();
    const clock = new TestClock();
    const book = new ReviewBook(new ReviewLogFiles('/log', 'w1', files), clock, scheduler);
    await book.load();
    const live = new LiveStats(countedSource(book, files), { offsetMs: () => 0 }, pause);
    // From a minute to weeks later: samples cross day boundaries and the cards' events.
    for (const step of [0, MINUTE, 37 * MINUTE, 5 * 60 * MINUTE, DAY, DAY + 7 * MINUTE, 3 * DAY, 9 * DAY]) {
      clock.advance(step);
      assert.deepEqual((await live.compute(CARDS, WORKSPACE, clock.now())).stats, await fromScratch(files, clock.now()), `${step / MINUTE} minutes on`);
    }
  });

  it('the readiness series computed again later and after ratings, with the exam-day recall of unchanged cards reused, is that of a fresh count', async () => {
    const files = seededFiles();
    const clock = new TestClock();
    const book = new ReviewBook(new ReviewLogFiles('/log', 'w1', files), clock, scheduler);
    await book.load();
    const live = new LiveStats(countedSource(book, files), { offsetMs: () => 0 }, pause);
    const exam: ExamPlan = { date: new Date(T0 + 40 * DAY).toISOString().slice(0, 10), weights: [{ note: 'aws.md', weight: 3 }, { note: 'gcp.md', weight: 1 }] };
    const other: ExamPlan = { date: new Date(T0 + 20 * DAY).toISOString().slice(0, 10) };
    const same = async (plan: ExamPlan, where: string) => {
      const { stats } = await live.compute(CARDS, WORKSPACE, clock.now(), plan);
      assert.ok(stats.readiness && stats.readiness.days.some((d) => d.predictedScore > 0), 'a readiness series with recall in it');
      assert.deepEqual(stats, await fromScratch(files, clock.now(), WORKSPACE, plan), where);
    };
    let rated = 0;
    // Sample days cross the cards' events as time moves on; ratings replace folds.
    for (const step of [0, MINUTE, 5 * 60 * MINUTE, DAY, DAY + 7 * MINUTE, 3 * DAY, 9 * DAY]) {
      clock.advance(step);
      if (step >= 3 * DAY) await book.rate(card(rated++ % CARDS.length), 3, 2000);
      await same(exam, `${step / MINUTE} minutes on`);
    }
    // Another exam date: the recall kept is for the first one's moment.
    await same(other, `exam ${other.date}`);
    await same(exam, `exam ${exam.date} again`);
  });

  it('two computations asked for together (the panel switching scope) each give the figures of their scope', async () => {
    const files = seededFiles();
    const clock = new TestClock();
    const book = new ReviewBook(new ReviewLogFiles('/log', 'w1', files), clock, scheduler);
    await book.load();
    const live = new LiveStats(countedSource(book, files), { offsetMs: () => 0 }, pause);
    const [a, b] = await Promise.all([live.compute(CARDS, WORKSPACE, clock.now()), live.compute(CARDS, { kind: 'section', note: 'aws.md', section: ['Storage'] }, clock.now())]);
    assert.deepEqual(a.stats, await fromScratch(files, clock.now()));
    assert.deepEqual(b.stats, await fromScratch(files, clock.now(), { kind: 'section', note: 'aws.md', section: ['Storage'] }));
  });

  it('a large history is counted in slices: the host gets turns, and the figures are the same', async () => {
    const files = new MemoryFileSystem();
    const lines = Array.from({ length: 8000 }, (_, i) => JSON.stringify({ v: 1, id: `old.${i + 1}`, kind: 'review', card: CARDS[i % CARDS.length].id, time: T0 - 300 * DAY + i * 50 * MINUTE, rating: (i % 4) + 1, durationMs: 3000 }));
    files.setText('/log/old.jsonl', `${lines.join('\n')}\n`);
    const clock = new TestClock();
    const book = new ReviewBook(new ReviewLogFiles('/log', 'w1', files), clock, scheduler);
    await book.load();
    let turns = 0;
    const live = new LiveStats(countedSource(book, files), { offsetMs: () => 0 }, async () => void turns++, 0);
    assert.deepEqual((await live.compute(CARDS, WORKSPACE, clock.now())).stats, await fromScratch(files, clock.now()));
    assert.ok(turns > 10, `${turns} turns`);
  });
});
