// Exam dates in the review log (issue 12): `exam` events, the last one of a folder wins,
// undone like a rating, kept through state snapshots, and taken in from other windows.
import * as assert from 'node:assert/strict';
import { parseReviewLine, readReviewLog, ReviewBook, ReviewHistory, ReviewSync } from '../../src/core/review';
import { ReviewLogFiles } from '../../src/node/review-log-files';
import { ManualClock, MemoryFileSystem, MemoryLogStore, MemoryStates, MINUTE, settle, T0, TestClock, testScheduler } from './review-support';

const QUIET = { info: () => undefined, warn: () => undefined, error: () => undefined };

const exam = (id: string, time: number, date: string | null, extra: Record<string, unknown> = {}) => JSON.stringify({ v: 1, id, kind: 'exam', time, date, ...extra });

describe('Review log: exam date events', () => {
  it('parses an exam date with its scope and weights, and a cleared one', () => {
    const set = parseReviewLine(exam('a.1', T0, '2025-03-01', { scope: [{ note: 'aws.md' }], weights: [{ note: 'aws.md', section: ['Compute'], weight: 30 }] }));
    assert.ok(set.ok);
    assert.deepEqual(set.event, { v: 1, id: 'a.1', kind: 'exam', time: T0, date: '2025-03-01', scope: [{ note: 'aws.md' }], weights: [{ note: 'aws.md', section: ['Compute'], weight: 30 }] });
    assert.ok(parseReviewLine(exam('a.2', T0, null)).ok);
  });

  it('reports an exam line with a bad date, scope or weight as unusable, with the reason', () => {
    const reasons = [
      exam('a.1', T0, '1 March'),
      JSON.stringify({ v: 1, id: 'a.2', kind: 'exam', time: T0 }),
      exam('a.3', T0, '2025-03-01', { scope: 'aws.md' }),
      exam('a.4', T0, '2025-03-01', { weights: [{ note: 'aws.md', weight: 0 }] }),
      exam('a.5', T0, '2025-03-01', { folder: 7 }),
    ].map((line) => {
      const parsed = parseReviewLine(line);
      return parsed.ok ? 'ok' : parsed.reason;
    });
    assert.deepEqual(reasons, [
      'an exam date must be a day written YYYY-MM-DD or null, not "1 March"',
      'an exam date must be a day written YYYY-MM-DD or null, not missing',
      '"scope" must be a list of notes and sections',
      '"weights" must be a list of notes and sections with positive weights',
      '"folder" must be text',
    ]);
  });

  it('the last exam event of a folder wins, whatever order the segments are read in; a null date clears it; folders are apart', () => {
    const a = `${exam('a.1', T0, '2025-03-01')}\n${exam('a.2', T0 + 2 * MINUTE, '2025-04-01', { folder: 'work' })}\n`;
    const b = `${exam('b.1', T0 + MINUTE, '2025-03-15')}\n`;
    for (const segments of [[{ name: 'a.jsonl', text: a }, { name: 'b.jsonl', text: b }], [{ name: 'b.jsonl', text: b }, { name: 'a.jsonl', text: a }]]) {
      const history = ReviewHistory.fromEvents(readReviewLog(segments).events, testScheduler());
      assert.equal(history.exam(undefined)?.date, '2025-03-15');
      assert.equal(history.exam('work')?.date, '2025-04-01');
      assert.equal(history.exam('home'), undefined);
      assert.deepEqual([...history.cards()], [], 'no card has history');
    }
    const cleared = ReviewHistory.fromEvents(readReviewLog([{ name: 'a.jsonl', text: `${a}${exam('a.3', T0 + 3 * MINUTE, null)}\n` }]).events, testScheduler());
    assert.equal(cleared.exam(undefined), undefined);
    assert.equal(cleared.exam('work')?.date, '2025-04-01');
  });

  it('undoing an exam change is an undo line naming it: the previous date is back, the card schedules untouched', async () => {
    const store = new MemoryLogStore('w1');
    const clock = new TestClock();
    const book = new ReviewBook(store, clock, testScheduler());
    await book.load();
    await book.rate({ id: 'c1', note: 'n.md', prompt: 'Q?' }, 3, 1000);
    clock.advance(MINUTE);
    await book.setExam({ folder: undefined, date: '2025-03-01' });
    clock.advance(MINUTE);
    const second = await book.setExam({ folder: undefined, date: '2025-05-01', weights: [{ note: 'n.md', weight: 2 }] });
    assert.equal(book.history.exam(undefined)?.date, '2025-05-01');
    const scheduleBefore = book.history.card('c1')?.schedule;

    const undo = await book.undoLastExamChange();
    assert.ok(undo?.saved);
    assert.deepEqual(undo.event, { v: 1, id: 'w1.4', time: T0 + 2 * MINUTE, kind: 'undo', card: 'exam', target: second.event.id });
    assert.equal(book.history.exam(undefined)?.date, '2025-03-01');
    assert.deepEqual(book.history.card('c1')?.schedule, scheduleBefore);
    assert.equal(book.lastRating()?.card, 'c1', 'the rating is still the one Undo Last Rating takes back');

    await book.undoLastExamChange();
    assert.equal(book.history.exam(undefined), undefined);
    assert.equal(await book.undoLastExamChange(), undefined, 'nothing left to undo');

    // What is on disk folds to the same: lines were only appended.
    const again = new ReviewBook(store, clock, testScheduler());
    await again.load();
    assert.equal(again.history.exam(undefined), undefined);
    assert.equal(store.segments.get('w1.jsonl')?.split('\n').filter(Boolean).length, 5);
  });

  it('a start from the state snapshot knows the exam date, and an undo of it after the snapshot needs no replay', async () => {
    const files = new MemoryFileSystem();
    const states = new MemoryStates();
    const clock = new TestClock();
    const pause = async () => undefined;
    const first = new ReviewBook(new ReviewLogFiles('/log', 'w1', files), clock, testScheduler());
    await first.load();
    await first.rate({ id: 'c1', note: 'n.md', prompt: 'Q?' }, 3, 1000);
    const set = await first.setExam({ folder: undefined, date: '2025-03-01', scope: [{ note: 'n.md', section: ['Part 1'] }] });
    assert.equal(await first.saveState(states, pause), true);

    const kept = new ReviewBook(new ReviewLogFiles('/log', 'w2', files), clock, testScheduler());
    assert.equal((await kept.start(states, pause)).from, 'snapshot');
    assert.deepEqual(kept.history.exam(undefined)?.scope, [{ note: 'n.md', section: ['Part 1'] }]);

    // Another window takes the exam date back after the snapshot.
    files.appendText('/log/w3.jsonl', `${JSON.stringify({ v: 1, id: 'w3.1', time: T0 + MINUTE, kind: 'undo', card: 'exam', target: set.event.id })}\n`);
    const next = new ReviewBook(new ReviewLogFiles('/log', 'w4', files), clock, testScheduler());
    assert.equal((await next.start(states, pause)).from, 'snapshot');
    assert.equal(next.needsReplay, false);
    assert.equal(next.history.exam(undefined), undefined);
  });

  it('a state snapshot of an older release (version 2 may hold exam lines behind its marks as unreadable, version 3 mock lines, version 4 import lines) is replayed instead', async () => {
    for (const version of [2, 3, 4]) {
      const files = new MemoryFileSystem();
      const states = new MemoryStates();
      const clock = new TestClock();
      const first = new ReviewBook(new ReviewLogFiles('/log', 'w1', files), clock, testScheduler());
      await first.load();
      await first.setExam({ folder: undefined, date: '2025-03-01' });
      await first.saveState(states, async () => undefined);
      assert.ok(states.text?.includes('"version":5'));
      states.text = states.text?.replace('"version":5', `"version":${version}`);
      const next = new ReviewBook(new ReviewLogFiles('/log', 'w2', files), clock, testScheduler());
      const started = await next.start(states, async () => undefined);
      assert.equal(started.from, 'log', `version ${version}`);
      assert.equal(next.history.exam(undefined)?.date, '2025-03-01');
    }
  });

  it('a window takes in another window\'s exam date on its next re-read, and says the schedules may have changed', async () => {
    const clock = new ManualClock();
    const store = new MemoryLogStore('w1');
    const sync = new ReviewSync({ store, states: new MemoryStates(), clock, timers: clock, pause: async () => undefined, scheduler: testScheduler(), log: QUIET });
    await sync.whenReady();
    let changes = 0;
    sync.onDidChange(() => changes++);
    store.segments.set('w2.jsonl', `${exam('w2.1', T0, '2025-06-30')}\n`);
    sync.logChanged();
    await clock.advance(1000);
    await settle();
    assert.equal(sync.reviewBook.history.exam(undefined)?.date, '2025-06-30');
    assert.ok(changes > 0);
    sync.dispose();
  });
});

