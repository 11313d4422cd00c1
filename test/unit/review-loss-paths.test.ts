// The nine ways the review sync lost completed reviews (issue 11), one test each, plus
// the two smaller ones (eventCount after a snapshot start, Reset Card to New). Plain Node:
// the core, src/node over real files or a file system in memory, a manual clock.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildReviewQueue, readReviewLog, ReviewBook, ReviewHistory, ReviewSync, type CardRecord, type LogSegment, type ReviewLogStore } from '../../src/core/review';
import { FolderLogs } from '../../src/node/review-log-folders';
import { ReviewLogFiles, ReviewStateFile } from '../../src/node/review-log-files';
import { DAY, ManualClock, MemoryFileSystem, MemoryKeeper, MemoryLogStore, MemoryStates, MINUTE, reviewLine, settle, T0, TestClock, testScheduler } from './review-support';

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
const card = (id: string) => ({ id, note: 'notes/a.md', prompt: `Question ${id}?` });

/** What a history says about each card, in a form that compares. */
function states(history: ReviewHistory): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of [...history.cards()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    out[r.id] = { schedule: r.schedule, suspended: r.suspended, reviewCount: r.reviewCount, introducedAt: r.introducedAt };
  }
  return out;
}

async function fullReplay(store: () => ReviewLogStore): Promise<ReviewBook> {
  const book = new ReviewBook(store(), new TestClock(), testScheduler());
  await book.load();
  return book;
}

describe('Review loss paths (issue 11)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-loss-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('1. a line with a time beyond what a date can hold is reported like any bad line; the rest of the history loads', async () => {
    const store = new MemoryLogStore('me');
    store.segments.set('other.jsonl', [reviewLine('o.1', 'a', T0, 3), reviewLine('o.2', 'b', 1e300, 3), reviewLine('o.3', 'c', T0 + MINUTE, 3)].join('\n') + '\n');
    const book = new ReviewBook(store, new TestClock(), testScheduler());
    const read = await book.load();
    assert.deepEqual([...book.history.cards()].map((r) => r.id).sort(), ['a', 'c']);
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0].reason, /time 1e\+300 is out of range/);
  });

  it('1. a load that fails never saves a snapshot, even after a rating', async () => {
    const store = new MemoryLogStore('me');
    store.segments.set('other.jsonl', `${reviewLine('o.1', 'a', T0, 3)}\n`);
    const broken: ReviewLogStore = Object.assign(Object.create(store) as MemoryLogStore, {
      readAll: () => Promise.reject(new Error('EIO: the disk said no')),
      marks: async () => [],
      readSince: async () => [] as LogSegment[],
    });
    const book = new ReviewBook(broken, new TestClock(), testScheduler());
    await assert.rejects(book.load(), /EIO/);
    await book.rate(card('b'), 3, 1000);
    const saved = new MemoryStates();
    assert.equal(await book.saveState(saved, pause), false);
    assert.equal(saved.text, undefined);
  });

  it('2. a rating and another window\'s line taken in while a full load runs are both in the history after it', async () => {
    const store = new MemoryLogStore('me');
    store.segments.set('other.jsonl', `${reviewLine('o.1', 'a', T0 - DAY, 3)}\n`);
    const book = new ReviewBook(store, new TestClock(), testScheduler());
    await book.load();
    // The next full read waits until the test lets it finish, with what the log held when it began.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const readAll = store.readAll.bind(store);
    store.readAll = async () => {
      const segments = await readAll();
      await gate;
      return segments;
    };
    const loading = book.load();
    store.segments.set('other.jsonl', `${store.segments.get('other.jsonl')}${reviewLine('o.2', 'c', T0 - MINUTE, 3)}\n`);
    const refreshing = book.refresh();
    const rating = book.rate(card('b'), 3, 1000);
    release();
    await Promise.all([loading, refreshing, rating]);
    assert.deepEqual([...book.history.cards()].map((r) => r.id).sort(), ['a', 'b', 'c']);
    assert.deepEqual(states(book.history), states((await fullReplay(() => Object.assign(new MemoryLogStore('x'), { segments: store.segments }))).history));
  });

  it('3. an undo after a re-link is not ignored by a window started from the snapshot', async () => {
    const folder = path.join(dir, 'log');
    const clock = new TestClock();
    const first = new ReviewBook(new ReviewLogFiles(folder, 'w1'), clock, testScheduler());
    await first.load();
    await first.rate(card('old'), 4, 1000);
    clock.advance(MINUTE);
    await first.link('old', card('new'));
    const saved = new MemoryStates();
    assert.equal(await first.saveState(saved, pause), true);
    clock.advance(MINUTE);
    await first.undoLastRating();
    const second = new ReviewBook(new ReviewLogFiles(folder, 'w2'), clock, testScheduler());
    await second.start(saved, pause);
    assert.equal(second.history.card('new')?.reviewCount ?? 0, 0, 'the undone review is gone');
    assert.deepEqual(states(second.history), states((await fullReplay(() => new ReviewLogFiles(folder, 'x'))).history));
  });

  it('4. a segment rewritten longer with lines before the read position (a union merge) is read again, not from the old offset', async () => {
    const folder = path.join(dir, 'log');
    fs.mkdirSync(folder);
    const other = path.join(folder, 'other.jsonl');
    fs.writeFileSync(other, `${reviewLine('o.1', 'a', T0, 3)}\n${reviewLine('o.2', 'b', T0 + MINUTE, 3)}\n`);
    const book = new ReviewBook(new ReviewLogFiles(folder, 'me'), new TestClock(), testScheduler());
    await book.load();
    fs.writeFileSync(other, `${reviewLine('o.1', 'a', T0, 3)}\n${reviewLine('x.1', 'merged', T0 + 30_000, 3)}\n${reviewLine('o.2', 'b', T0 + MINUTE, 3)}\n${reviewLine('o.3', 'c', T0 + 2 * MINUTE, 3)}\n`);
    await book.refresh();
    if (book.needsReplay) await book.load();
    assert.ok(book.history.card('merged'), 'the merged line is in the history');
    assert.deepEqual(states(book.history), states((await fullReplay(() => new ReviewLogFiles(folder, 'x'))).history));
  });

  it('5. a same-size edit in the middle of a 290 KB segment: the snapshot is found stale after the start and the log replayed', async () => {
    const folder = path.join(dir, 'log');
    fs.mkdirSync(folder);
    const lines: string[] = [];
    for (let i = 1; lines.join('\n').length < 290_000; i++) lines.push(reviewLine(`o.${i}`, `c${i % 300}`, T0 + i * MINUTE, 3, { note: 'notes/topic.md', question: 'What is the pricing model of this workload?' }));
    const file = path.join(folder, 'other.jsonl');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const clock = new TestClock(T0 + 30 * DAY);
    const first = new ReviewBook(new ReviewLogFiles(folder, 'w1'), clock, testScheduler());
    await first.load();
    const saved = new ReviewStateFile(path.join(dir, 'state.jsonl'));
    assert.equal(await first.saveState(saved, pause), true);
    const text = fs.readFileSync(file, 'utf8');
    const middle = text.indexOf('"rating":3', text.length / 2);
    fs.writeFileSync(file, `${text.slice(0, middle)}"rating":1${text.slice(middle + 10)}`);
    const second = new ReviewBook(new ReviewLogFiles(folder, 'w2'), clock, testScheduler());
    const result = await second.start(saved, pause);
    if (result.from === 'snapshot') {
      assert.equal(await second.verifySnapshot(pause), false, 'the whole-segment check sees the edit');
      assert.equal(second.needsReplay, true);
      await second.load(pause);
    }
    assert.deepEqual(states(second.history), states((await fullReplay(() => new ReviewLogFiles(folder, 'x'))).history));
  });

  it('5. a snapshot corrupted in any one byte is never used', async () => {
    const folder = path.join(dir, 'log');
    fs.mkdirSync(folder);
    const lines = Array.from({ length: 60 }, (_, i) => reviewLine(`o.${i + 1}`, `c${i % 12}`, T0 + i * MINUTE, ((i % 4) + 1) as number));
    fs.writeFileSync(path.join(folder, 'other.jsonl'), `${lines.join('\n')}\n`);
    const clock = new TestClock(T0 + DAY);
    const first = new ReviewBook(new ReviewLogFiles(folder, 'w1'), clock, testScheduler());
    await first.load();
    const stateFile = path.join(dir, 'state.jsonl');
    assert.equal(await first.saveState(new ReviewStateFile(stateFile), pause), true);
    const good = fs.readFileSync(stateFile);
    const expected = states(first.history);
    let random = 7;
    for (let n = 0; n < 300; n++) {
      random = (Math.imul(random, 1103515245) + 12345) >>> 0;
      const at = random % good.length;
      const bad = Buffer.from(good);
      bad[at] = bad[at] ^ (1 << (random % 7));
      fs.writeFileSync(stateFile, bad);
      const book = new ReviewBook(new ReviewLogFiles(folder, `w${n + 2}`), clock, testScheduler());
      const result = await book.start(new ReviewStateFile(stateFile), pause);
      assert.equal(result.from, 'log', `a snapshot with byte ${at} flipped was used`);
      assert.deepEqual(states(book.history), expected);
    }
  });

  it('6. two machines with one writer id (a sync conflict copy): every review loads, the conflicts are reported, .orig and ~ copies too', async () => {
    const folder = path.join(dir, 'log');
    fs.mkdirSync(folder);
    const mine = [1, 2, 3, 4].map((i) => reviewLine(`w.${i}`, `a${i}`, T0 + i * MINUTE, 3));
    const theirs = [1, 2, 3, 4].map((i) => reviewLine(`w.${i}`, `b${i}`, T0 + i * MINUTE + 1, 2));
    fs.writeFileSync(path.join(folder, 'w.jsonl'), `${mine.join('\n')}\n`);
    fs.writeFileSync(path.join(folder, 'w (conflicted copy).jsonl'), `${theirs.join('\n')}\n`);
    fs.writeFileSync(path.join(folder, 'w.jsonl.orig'), `${mine[0]}\n`);
    fs.writeFileSync(path.join(folder, 'w.jsonl~'), `${mine[0]}\n`);
    const book = new ReviewBook(new ReviewLogFiles(folder, 'me'), new TestClock(), testScheduler());
    const read = await book.load();
    assert.equal([...book.history.cards()].length, 8, 'all eight reviews load');
    assert.equal(read.idConflicts.length, 4);
    assert.deepEqual(book.problems.filter((p) => p.line === 0).map((p) => p.segment), ['w.jsonl.orig', 'w.jsonl~']);
    // The same log loads the same in any order of reading.
    assert.equal(readReviewLog([{ name: 'z.jsonl', text: `${theirs.join('\n')}\n` }, { name: 'w.jsonl', text: `${mine.join('\n')}\n` }]).events.length, 8);
  });

  it('7. a partial write on a full disk: the torn line is reported at its real line, and no problem at a line that does not exist', async () => {
    const files = new MemoryFileSystem();
    const store = new ReviewLogFiles('/log', 'me', files);
    const book = new ReviewBook(store, new TestClock(), testScheduler());
    await book.load();
    assert.equal((await book.rate(card('a'), 3, 1000)).saved, true);
    files.shortWrite = 12;
    assert.equal((await book.rate(card('b'), 3, 1000)).saved, false);
    assert.equal((await book.flush()).saved, true, 'written once space is free');
    assert.equal((await book.rate(card('c'), 3, 1000)).saved, true);
    files.appendText('/log/other.jsonl', `${reviewLine('o.1', 'd', T0, 3)}\n`);
    await book.refresh();
    const lines = files.text('/log/me.jsonl').split('\n');
    assert.deepEqual(book.problems.map((p) => [p.segment, p.line]), [['me.jsonl', 2]]);
    assert.equal(lines[1].length, 12, 'line 2 holds the 12 bytes of the cut write');
    assert.deepEqual([...book.history.cards()].map((r) => r.id).sort(), ['a', 'b', 'c', 'd']);
    assert.ok(await store.marks(), 'positions are exact again: a snapshot can be saved');
  });

  it('8. a rating while a snapshot is built does not change the states being written (no review counted twice after a restart)', () => {
    const history = ReviewHistory.fromEvents([], testScheduler());
    const rate = (id: string, time: number) => history.add({ v: 1, id, kind: 'review', card: 'a', time, rating: 3 });
    rate('w.1', T0);
    rate('w.2', T0 + 10 * MINUTE);
    const beingWritten: CardRecord[] = [...history.cards()];
    const before = [...beingWritten[0].repeatTimes];
    rate('w.3', T0 + 20 * MINUTE);
    assert.deepEqual(beingWritten[0].repeatTimes, before);
    assert.equal(history.card('a')?.repeatTimes.length, before.length + 1);
  });

  it('8. a rating made while the snapshot is saved is counted once toward today after a restart', async () => {
    const folder = path.join(dir, 'log');
    const clock = new TestClock();
    const book = new ReviewBook(new ReviewLogFiles(folder, 'w1'), clock, testScheduler());
    await book.load();
    await book.rate(card('a'), 3, 1000);
    clock.advance(10 * MINUTE);
    await book.rate(card('a'), 3, 1000);
    clock.advance(10 * MINUTE);
    const saved = new MemoryStates();
    const saving = book.saveState(saved, pause);
    const rating = book.rate(card('a'), 3, 1000);
    await Promise.all([saving, rating]);
    const next = new ReviewBook(new ReviewLogFiles(folder, 'w2'), clock, testScheduler());
    await next.start(saved, pause);
    const dayStart = T0 - 9 * 3_600_000;
    const queue = buildReviewQueue([{ id: 'a', note: 'notes/a.md', prompt: 'Question a?', line: 1 }], next.history, { now: clock.now(), dayStart, newPerDay: 20, reviewsPerDay: 200 });
    assert.equal(next.history.card('a')?.repeatTimes.filter((t) => t >= dayStart).length, 2);
    assert.equal(queue.reviewedToday, 2, "two repeats (the first rating introduced the card)");
  });

  it('9. reviews that could not be written are kept in the workspace storage and appended on the next start, exactly once', async () => {
    const files = new MemoryFileSystem();
    const keeper = new MemoryKeeper();
    const first = new ReviewBook(new ReviewLogFiles('/log', 'w1', files), new TestClock(), testScheduler(), keeper);
    await first.start(new MemoryStates(), pause);
    files.failWith = 'EROFS';
    assert.equal((await first.rate(card('a'), 3, 1000)).saved, false);
    assert.equal(keeper.lines.length, 1, 'kept beyond memory');
    // The window closes; the disk is writable again.
    files.failWith = undefined;
    for (const writer of ['w2', 'w3']) {
      const next = new ReviewBook(new ReviewLogFiles('/log', writer, files), new TestClock(), testScheduler(), keeper);
      await next.start(new MemoryStates(), pause);
      assert.ok(next.history.card('a'));
      assert.equal(next.pendingCount, 0);
    }
    const onDisk = [...files.files.keys()].flatMap((f) => files.text(f).split('\n')).filter((l) => l.includes('"w1.1"'));
    assert.equal(onDisk.length, 1);
    assert.deepEqual(keeper.lines, []);
  });

  it('9. a kept review the closed window did write after all (it crashed before clearing the keeper) is not written again', async () => {
    const files = new MemoryFileSystem();
    const keeper = new MemoryKeeper();
    const first = new ReviewBook(new ReviewLogFiles('/log', 'w1', files), new TestClock(), testScheduler());
    await first.load();
    const { event } = await first.rate(card('a'), 3, 1000);
    keeper.lines = [JSON.stringify(event)];
    const next = new ReviewBook(new ReviewLogFiles('/log', 'w2', files), new TestClock(), testScheduler(), keeper);
    await next.start(new MemoryStates(), pause);
    assert.equal([...files.files.keys()].flatMap((f) => files.text(f).split('\n')).filter((l) => l.includes('"w1.1"')).length, 1);
  });

  it('also: an event read again after a start from the snapshot is not counted again in eventCount', async () => {
    const folder = path.join(dir, 'log');
    const clock = new TestClock();
    const first = new ReviewBook(new ReviewLogFiles(folder, 'w1'), clock, testScheduler());
    await first.load();
    await first.rate(card('a'), 3, 1000);
    const saved = new MemoryStates();
    await first.saveState(saved, pause);
    // A copy of the segment appears (a sync tool): its line is one the snapshot holds.
    fs.copyFileSync(path.join(folder, 'w1.jsonl'), path.join(folder, 'w1 copy.jsonl'));
    const second = new ReviewBook(new ReviewLogFiles(folder, 'w2'), clock, testScheduler());
    assert.equal((await second.start(saved, pause)).from, 'snapshot');
    assert.equal(second.history.eventCount, 1);
  });

  it('also: a rating the snapshot folded as undone, read again from a copied segment, is not counted again', async () => {
    const folder = path.join(dir, 'log');
    const clock = new TestClock();
    const first = new ReviewBook(new ReviewLogFiles(folder, 'w1'), clock, testScheduler());
    await first.load();
    await first.rate(card('a'), 3, 1000);
    clock.advance(MINUTE);
    await first.undoLastRating();
    const saved = new MemoryStates();
    await first.saveState(saved, pause);
    fs.copyFileSync(path.join(folder, 'w1.jsonl'), path.join(folder, 'w1 copy.jsonl'));
    const second = new ReviewBook(new ReviewLogFiles(folder, 'w2'), clock, testScheduler());
    assert.equal((await second.start(saved, pause)).from, 'snapshot');
    assert.equal(second.history.eventCount, (await fullReplay(() => new ReviewLogFiles(folder, 'x'))).history.eventCount);
  });

  it('also: Reset Card to New makes the card as if never reviewed (counts, steps, today\'s reviews)', async () => {
    const clock = new TestClock();
    const book = new ReviewBook(new MemoryLogStore('me'), clock, testScheduler());
    await book.load();
    for (const rating of [3, 1, 3] as const) {
      await book.rate(card('a'), rating, 1000);
      clock.advance(10 * MINUTE);
    }
    await book.mark(card('a'), 'forget');
    const record = book.history.card('a');
    assert.equal(record?.schedule.phase, 'new');
    assert.deepEqual([record?.reviewCount, record?.schedule.reps, record?.schedule.lapses, record?.introducedAt, record?.repeatTimes.length], [0, 0, 0, undefined, 0]);
  });

  it('a full replay reports how far it is, from 0 up to 1, never going back', async () => {
    const store = new MemoryLogStore('me');
    store.segments.set('other.jsonl', Array.from({ length: 30_000 }, (_, i) => reviewLine(`o.${i + 1}`, `c${i % 500}`, T0 - DAY + i * 1000, 3)).join('\n') + '\n');
    const fractions: number[] = [];
    await new ReviewBook(store, new TestClock(), testScheduler()).load(pause, (f) => fractions.push(f));
    assert.equal(fractions[fractions.length - 1], 1);
    assert.ok(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= fractions[i - 1])), fractions.join(' '));
  });

  it('the sync re-reads after a change event, retries a failed write after 30 s, and shows a load as slow after 1 s (manual clock)', async () => {
    const files = new MemoryFileSystem();
    const clock = new ManualClock();
    const messages: string[] = [];
    const log = { info: (m: string) => messages.push(m), warn: (m: string) => messages.push(m), error: (m: string) => messages.push(m) };
    const store = new FolderLogs([{ name: 'f', files: new ReviewLogFiles('/log', 'me', files) }], 'me');
    // The first read takes 1.5 s of the manual clock.
    const readAll = store.readAll.bind(store);
    store.readAll = async () => {
      await clock.advance(1500);
      return readAll();
    };
    const sync = new ReviewSync({ store, states: new MemoryStates(), keeper: new MemoryKeeper(), clock, timers: clock, pause: async () => undefined, scheduler: testScheduler(), log });
    const statuses: boolean[] = [];
    sync.onDidChangeLoadStatus((s) => statuses.push(s.slow));
    files.setText('/log/other.jsonl', `${reviewLine('o.1', 'c1', T0 - DAY, 3)}\n`);
    await sync.whenReady();
    store.readAll = readAll;
    assert.ok(statuses.includes(true), 'a load that took over a second of the clock was shown');
    files.appendText('/log/other.jsonl', `${reviewLine('o.x', 'new-card', T0, 3)}\n`);
    sync.logChanged();
    await clock.advance(299);
    assert.equal(sync.reviewBook.history.card('new-card'), undefined, 'debounced');
    await clock.advance(1);
    await settle();
    assert.ok(sync.reviewBook.history.card('new-card'));
    files.failWith = 'ENOSPC';
    assert.equal((await sync.rate(card('a'), 3, 1000)).saved, false);
    files.failWith = undefined;
    await clock.advance(29_000);
    assert.equal(sync.reviewBook.pendingCount, 1);
    await clock.advance(1000);
    await settle();
    assert.equal(sync.reviewBook.pendingCount, 0, 'retried after 30 s');
    sync.dispose();
  });
});
