import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  buildReviewQueue,
  readReviewLog,
  ReviewBook,
  ReviewHistory,
  ReviewScheduler,
  type QueueCard,
  type Rating,
  type ReviewStateStore,
} from '../../src/core/review';
import { ReviewLogFiles } from '../../src/node/review-log-files';
import { DAY, MINUTE, reviewLine, T0, TestClock } from './review-support';

/** A snapshot kept in memory; counts writes. */
class MemoryStates implements ReviewStateStore {
  text: string | undefined;
  writes = 0;
  read(): Promise<string | undefined> {
    return Promise.resolve(this.text);
  }
  write(text: string): Promise<void> {
    this.text = text;
    this.writes++;
    return Promise.resolve();
  }
}

const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lines of reviews by `writer` over `cards` cards, from `from` on, a few minutes to a day apart. */
function reviews(writer: string, count: number, cards: number, from: number, seed: number, firstSeq = 1): { lines: string[]; end: number } {
  const next = random(seed);
  const lines: string[] = [];
  let time = from;
  for (let i = 0; i < count; i++) {
    time += Math.floor(next() * DAY) + MINUTE;
    const card = `card-${Math.floor(next() * cards)}`;
    lines.push(reviewLine(`${writer}.${firstSeq + i}`, card, time, 1 + Math.floor(next() * 4), { note: 'notes.md', question: `Question ${card}?` }));
  }
  return { lines, end: time };
}

/** What a history decides for every card, without the event lists (a snapshot start keeps only later events). */
function states(history: ReviewHistory): unknown {
  return [...history.cards()]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map(({ id, schedule, suspended, note, question, reviewCount, introducedAt, last }) => ({ id, schedule, suspended, note, question, reviewCount, introducedAt, last }));
}

/** The queue's view at `now`: groups and today's counts. */
function queueAt(history: ReviewHistory, now: number, cards = 40): unknown {
  const all: QueueCard[] = Array.from({ length: cards }, (_, i) => ({ id: `card-${i}`, note: 'notes.md', prompt: `Question card-${i}?`, line: i + 1 }));
  const q = buildReviewQueue(all, history, { now, dayStart: now - (now % DAY), newPerDay: 20, reviewsPerDay: 200 });
  const ids = (entries: readonly { card: QueueCard }[]) => entries.map((e) => e.card.id);
  return { dueNow: ids(q.dueNow), learning: ids(q.learning), newCards: ids(q.newCards), comingUp: ids(q.comingUp), dueCount: q.dueCount, reviewedToday: q.reviewedToday, newToday: q.newToday };
}

describe('Review-state snapshot', function () {
  this.timeout(60_000);
  let folder: string;
  const scheduler = new ReviewScheduler({ fuzz: true });

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-snapshot-'));
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  const append = (segment: string, lines: string[]) => fs.appendFileSync(path.join(folder, segment), lines.map((l) => `${l}\n`).join(''));
  const fullReplay = () => {
    const segments = fs.readdirSync(folder).filter((n) => n.endsWith('.jsonl')).map((name) => ({ name, text: fs.readFileSync(path.join(folder, name), 'utf8') }));
    return ReviewHistory.fromEvents(readReviewLog(segments).events, scheduler);
  };
  /** A window that loads the whole log and saves its snapshot. */
  const firstWindow = async (clock: TestClock, saved = new MemoryStates()) => {
    const book = new ReviewBook(new ReviewLogFiles(folder, 'window-1'), clock, scheduler);
    await book.load(pause);
    assert.equal(await book.saveState(saved, pause), true);
    return saved;
  };
  const nextStart = async (clock: TestClock, saved: MemoryStates, writer = 'window-2') => {
    const book = new ReviewBook(new ReviewLogFiles(folder, writer), clock, scheduler);
    const result = await book.start(saved, pause);
    return { book, result };
  };

  it('snapshot + tail equals a full replay after appends to two segments, with undo, forget and suspend lines in the tail', async () => {
    const a = reviews('laptop', 400, 40, T0, 1);
    const b = reviews('desktop', 300, 40, T0, 2);
    append('laptop.jsonl', a.lines);
    append('desktop.jsonl', b.lines);
    const clock = new TestClock(Math.max(a.end, b.end) + MINUTE);
    const saved = await firstWindow(clock);

    // Both machines keep reviewing after the snapshot; each also takes back one of its new ratings.
    const a2 = reviews('laptop', 120, 40, clock.time, 3, 401);
    const b2 = reviews('desktop', 90, 40, clock.time, 4, 301);
    const undoOf = (line: string, id: string) => {
      const target = JSON.parse(line) as { id: string; card: string; time: number };
      return JSON.stringify({ v: 1, id, kind: 'undo', card: target.card, target: target.id, time: target.time + 1000 });
    };
    append('laptop.jsonl', [...a2.lines.slice(0, 60), undoOf(a2.lines[59], 'laptop.9001'), ...a2.lines.slice(60)]);
    append('desktop.jsonl', [
      ...b2.lines,
      undoOf(b2.lines[10], 'desktop.9001'),
      JSON.stringify({ v: 1, id: 'desktop.9002', kind: 'forget', card: 'card-3', time: b2.end + MINUTE }),
      JSON.stringify({ v: 1, id: 'desktop.9003', kind: 'suspend', card: 'card-4', time: b2.end + 2 * MINUTE }),
    ]);
    clock.time = Math.max(a2.end, b2.end) + 5 * MINUTE;

    const { book, result } = await nextStart(clock, saved);
    assert.equal(result.from, 'snapshot', result.from === 'log' ? result.reason : '');
    assert.equal(result.from === 'snapshot' && result.tail.events.length, 120 + 1 + 90 + 3);
    const replayed = fullReplay();
    assert.deepEqual(states(book.history), states(replayed));
    assert.equal(book.history.eventCount, replayed.eventCount);
    for (const now of [clock.time, clock.time + DAY, clock.time + 30 * DAY]) assert.deepEqual(queueAt(book.history, now), queueAt(replayed, now));
  });

  it('answering after a start from the snapshot folds onto the saved state: live equals a full replay, undo included', async () => {
    const a = reviews('laptop', 300, 20, T0, 5);
    append('laptop.jsonl', a.lines);
    const clock = new TestClock(a.end + MINUTE);
    const saved = await firstWindow(clock);
    const { book, result } = await nextStart(clock, saved, 'window-2');
    assert.equal(result.from, 'snapshot');
    for (let i = 0; i < 20; i++) {
      clock.advance(3 * MINUTE);
      const outcome = await book.rate({ id: `card-${i}`, note: 'notes.md', prompt: `Question card-${i}?` }, ((i % 4) + 1) as Rating, 2000);
      assert.equal(outcome.saved, true);
    }
    assert.equal((await book.undoLastRating())?.saved, true);
    assert.equal(book.needsReplay, false);
    assert.deepEqual(states(book.history), states(fullReplay()));
  });

  it('an undo or a link in the tail that refers to events before the snapshot: a full replay, equal to one from scratch', async () => {
    const a = reviews('laptop', 200, 10, T0, 6);
    append('laptop.jsonl', a.lines);
    const clock = new TestClock(a.end + MINUTE);
    const saved = await firstWindow(clock);
    const early = JSON.parse(a.lines[150]) as { id: string; card: string; time: number };
    append('laptop.jsonl', [JSON.stringify({ v: 1, id: 'laptop.9001', kind: 'undo', card: early.card, target: early.id, time: a.end + 2 * MINUTE })]);
    let { book, result } = await nextStart(clock, saved);
    assert.equal(result.from, 'log');
    assert.match(result.from === 'log' ? result.reason : '', /undo/);
    assert.deepEqual(states(book.history), states(fullReplay()));

    const resaved = await firstWindow(clock);
    append('laptop.jsonl', [JSON.stringify({ v: 1, id: 'laptop.9002', kind: 'link', card: 'card-1', to: 'card-1-edited', time: a.end + 3 * MINUTE })]);
    ({ book, result } = await nextStart(clock, resaved));
    assert.equal(result.from, 'log');
    assert.match(result.from === 'log' ? result.reason : '', /link/);
    assert.deepEqual(states(book.history), states(fullReplay()));
    assert.equal(book.history.card('card-1'), undefined);
    assert.ok(book.history.card('card-1-edited'));
  });

  it('a new writer segment with older events (a git pull, another machine\'s clock): a full replay, equal to one from scratch', async () => {
    const a = reviews('laptop', 200, 10, T0, 7);
    append('laptop.jsonl', a.lines);
    const clock = new TestClock(a.end + MINUTE);
    const saved = await firstWindow(clock);
    append('pulled.jsonl', reviews('pulled', 50, 10, T0 + 3 * DAY, 8).lines);
    const { book, result } = await nextStart(clock, saved);
    assert.equal(result.from, 'log');
    assert.match(result.from === 'log' ? result.reason : '', /older than the snapshot/);
    assert.deepEqual(states(book.history), states(fullReplay()));
  });

  it('a segment rewritten (same size), cut short or deleted: the snapshot is not used', async () => {
    const a = reviews('laptop', 100, 10, T0, 9);
    const b = reviews('desktop', 100, 10, T0, 10);
    append('laptop.jsonl', a.lines);
    append('desktop.jsonl', b.lines);
    const clock = new TestClock(Math.max(a.end, b.end) + MINUTE);
    const saved = await firstWindow(clock);
    const file = path.join(folder, 'laptop.jsonl');
    const original = fs.readFileSync(file, 'utf8');
    // One rating changed from 3 to 2 in the middle, and one from 2 to 3: same size, other content.
    fs.writeFileSync(file, original.replace('"rating":3', '"rating":2').replace(/"rating":2(?![\s\S]*"rating":2)/, '"rating":3'));
    assert.equal(fs.statSync(file).size, Buffer.byteLength(original));
    let { book, result } = await nextStart(clock, saved);
    assert.deepEqual([result.from, result.from === 'log' && result.reason], ['log', 'a log segment changed since the state snapshot']);
    assert.deepEqual(states(book.history), states(fullReplay()));

    fs.writeFileSync(file, original.slice(0, original.length - 200));
    ({ result } = await nextStart(clock, saved));
    assert.equal(result.from, 'log');
    fs.rmSync(file);
    ({ book, result } = await nextStart(clock, saved));
    assert.equal(result.from, 'log');
    assert.deepEqual(states(book.history), states(fullReplay()));
  });

  it('a segment the snapshot never held, deleted and noticed by a refresh: the next start from the snapshot needs no further replay', async () => {
    const a = reviews('laptop', 100, 10, T0, 12);
    append('laptop.jsonl', a.lines);
    const clock = new TestClock(a.end + MINUTE);
    const saved = await firstWindow(clock);
    const { book } = await nextStart(clock, saved);
    // Another window's segment appears after the snapshot, is read, then goes away (a git checkout).
    append('tablet.jsonl', reviews('tablet', 5, 10, a.end, 13).lines);
    await book.refresh();
    fs.rmSync(path.join(folder, 'tablet.jsonl'));
    await book.refresh();
    assert.equal(book.needsReplay, true, 'the refresh noticed the deleted segment');
    const result = await book.start(saved, pause);
    assert.equal(result.from, 'snapshot');
    assert.equal(book.needsReplay, false, 'a start that re-read every segment still asks for a replay');
    assert.deepEqual(states(book.history), states(fullReplay()));
  });

  it('a corrupt, truncated or foreign snapshot is ignored, never trusted, and never throws', async () => {
    const a = reviews('laptop', 100, 10, T0, 11);
    append('laptop.jsonl', a.lines);
    const clock = new TestClock(a.end + MINUTE);
    const saved = await firstWindow(clock);
    const good = saved.text!;
    const replayed = states(fullReplay());
    const bad = [
      '',
      'garbage',
      good.slice(0, good.length - 2),
      good.slice(0, Math.floor(good.length / 2)),
      good.replace('"version":5', '"version":6'),
      good.replace(/"review",(\d)/, '"review","$1"'),
      good.replace(/\n\[/, '\n[1,'),
      good.replace('{"end":', '{"end":1'),
      good + 'more\n',
    ];
    for (const text of bad) {
      const { book, result } = await nextStart(clock, Object.assign(new MemoryStates(), { text }));
      assert.equal(result.from, 'log', `used: ${text.slice(0, 80)}`);
      assert.deepEqual(states(book.history), replayed);
    }
    const { result } = await nextStart(clock, Object.assign(new MemoryStates(), { text: good }));
    assert.equal(result.from, 'snapshot');
  });

  it('other scheduling settings: the snapshot is not used', async () => {
    append('laptop.jsonl', reviews('laptop', 50, 10, T0, 12).lines);
    const clock = new TestClock(T0 + 100 * DAY);
    const saved = await firstWindow(clock);
    const book = new ReviewBook(new ReviewLogFiles(folder, 'window-2'), clock, new ReviewScheduler({ fuzz: true, desiredRetention: 0.85 }));
    const result = await book.start(saved, pause);
    assert.deepEqual([result.from, result.from === 'log' && result.reason], ['log', 'the scheduling settings changed since the state snapshot']);
  });
});
