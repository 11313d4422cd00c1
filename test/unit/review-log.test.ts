import * as assert from 'node:assert/strict';
import {
  parseReviewLine,
  readReviewLog,
  ReviewBook,
  ReviewHistory,
  ReviewScheduler,
  type CardSchedule,
  type LogSegment,
  type Rating,
} from '../../src/core/review';
import { DAY, MemoryLogStore, MINUTE, reviewLine, T0, TestClock, testScheduler } from './review-support';

function schedules(history: ReviewHistory): Record<string, CardSchedule> {
  const out: Record<string, CardSchedule> = {};
  for (const record of [...history.cards()].sort((a, b) => (a.id < b.id ? -1 : 1))) out[record.id] = record.schedule;
  return out;
}

function load(segments: LogSegment[], scheduler = testScheduler()): ReviewHistory {
  return ReviewHistory.fromEvents(readReviewLog(segments).events, scheduler);
}

describe('Review log: line format and loading', () => {
  const good = [reviewLine('a.1', 'card-1', T0, 3), reviewLine('a.2', 'card-1', T0 + 10 * MINUTE, 3), reviewLine('a.3', 'card-2', T0 + MINUTE, 1)];

  it('skips, reports (segment and line) and keeps corrupt lines in the middle, loading everything else', () => {
    const corrupt = [
      '{"v":1,"id":"x.1","kind":"review"', // invalid JSON
      reviewLine('x.2', 'card-1', T0, 7),
      '{"v":1,"id":"x.3","kind":"review","card":"card-1","time":NaN,"rating":3}',
      reviewLine('x.4', 'card-1', Date.UTC(3000, 0, 1), 3),
      JSON.stringify({ v: 1, id: 'x.5', kind: 'teleport', card: 'card-1', time: T0 }),
      JSON.stringify({ v: 2, id: 'x.6', kind: 'review', card: 'card-1', time: T0, rating: 3 }),
      JSON.stringify({ v: 1, id: 'x.7', kind: 'review', card: 'card-1', time: 'yesterday', rating: 3 }),
      '[1,2,3]',
    ];
    const text = [good[0], ...corrupt, good[1], good[2]].join('\n') + '\n';
    const read = readReviewLog([{ name: 'm-1.jsonl', text }]);
    assert.deepEqual(read.events.map((e) => e.id), ['a.1', 'a.2', 'a.3']);
    assert.deepEqual(read.problems.map((p) => `${p.segment}:${p.line}`), [2, 3, 4, 5, 6, 7, 8, 9].map((n) => `m-1.jsonl:${n}`));
    const reasons = read.problems.map((p) => p.reason).join('\n');
    for (const expected of ['not valid JSON', 'rating must be 1, 2, 3 or 4, not 7', 'out of range', 'unknown kind "teleport"', 'newer version', 'whole milliseconds', 'not a JSON object']) {
      assert.ok(reasons.includes(expected), `no "${expected}" in:\n${reasons}`);
    }
    assert.equal(load([{ name: 'm-1.jsonl', text }]).card('card-1')?.schedule.reps, 2);
  });

  it('accepts CRLF line ends and a byte order mark', () => {
    const lf = readReviewLog([{ name: 's.jsonl', text: good.join('\n') + '\n' }]);
    const crlf = readReviewLog([{ name: 's.jsonl', text: '\uFEFF' + good.join('\r\n') + '\r\n' }]);
    assert.deepEqual(crlf.events, lf.events);
    assert.deepEqual(crlf.problems, []);
  });

  it('never throws on the log cut at any byte offset, and returns exactly the complete lines', () => {
    const full = Buffer.from(good.map((l) => l.replace('"durationMs"', '"question":"Qué es ✅?","durationMs"')).join('\n') + '\n', 'utf8');
    const decoder = new TextDecoder();
    const ends: number[] = [];
    for (let at = full.indexOf(0x0a); at >= 0; at = full.indexOf(0x0a, at + 1)) ends.push(at);
    const starts = ends.map((_, i) => (i === 0 ? 0 : ends[i - 1] + 1));
    for (let cut = 0; cut <= full.length; cut++) {
      const text = decoder.decode(full.subarray(0, cut));
      const read = readReviewLog([{ name: 's.jsonl', text }]);
      // A line is complete when all of its JSON is present (its line break may be missing).
      const complete = ends.filter((end) => end <= cut).length;
      const torn = starts.some((start, i) => start < cut && cut < ends[i]);
      assert.equal(read.events.length, complete, `cut at ${cut}`);
      assert.deepEqual(read.problems.map((p) => p.torn), torn ? [true] : [], `cut at ${cut}`);
      const withGarbage = readReviewLog([{ name: 's.jsonl', text: text + '\u0000\u0001garbage{{{\n\xff\xfe' }]);
      // Garbage right after a line without its line break makes that line garbage too.
      assert.equal(withGarbage.events.length, ends.filter((end) => end < cut).length, `cut at ${cut}, garbage appended`);
    }
  });

  it('dedupes repeated lines by event id and counts them', () => {
    const text = [good[0], good[1], good[0], good[2], good[1]].join('\n') + '\n';
    const read = readReviewLog([{ name: 'a.jsonl', text }, { name: 'copy.jsonl', text: good.join('\n') + '\n' }]);
    assert.equal(read.events.length, 3);
    assert.equal(read.duplicates.length, 5);
    assert.deepEqual(schedules(ReviewHistory.fromEvents(read.events, testScheduler())), schedules(load([{ name: 'a.jsonl', text: good.join('\n') }])));
  });

  it('derives the same schedule whatever the segment order and clock skew between machines', () => {
    // Machine B's clock runs 3 minutes behind: its events interleave by their own times.
    const a = [reviewLine('A.1', 'c', T0, 3), reviewLine('A.2', 'c', T0 + 2 * DAY, 3)].join('\n');
    const b = [reviewLine('B.1', 'c', T0 + 10 * MINUTE - 3 * MINUTE, 3), reviewLine('B.2', 'c', T0 + 9 * DAY, 2)].join('\n');
    const one = load([{ name: 'a.jsonl', text: a }, { name: 'b.jsonl', text: b }]);
    const two = load([{ name: 'z.jsonl', text: b }, { name: 'y.jsonl', text: a + '\n' + a }]);
    assert.deepEqual(schedules(one), schedules(two));
    assert.deepEqual(one.card('c')?.events.map((e) => e.id), ['A.1', 'B.1', 'A.2', 'B.2']);
    // Live arrival in another order gives the same as a full load.
    const live = new ReviewHistory(testScheduler());
    for (const event of [...readReviewLog([{ name: 'b.jsonl', text: b }, { name: 'a.jsonl', text: a }]).events].reverse()) live.add(event);
    assert.deepEqual(schedules(live), schedules(one));
  });

  it('applies undo, forget and suspend events', () => {
    const lines = [
      reviewLine('w.1', 'c', T0, 3),
      reviewLine('w.2', 'c', T0 + 10 * MINUTE, 1),
      JSON.stringify({ v: 1, id: 'w.3', kind: 'undo', card: 'c', target: 'w.2', time: T0 + 11 * MINUTE }),
      reviewLine('w.4', 'c', T0 + 12 * MINUTE, 3),
      JSON.stringify({ v: 1, id: 'w.5', kind: 'suspend', card: 'd', time: T0 }),
      reviewLine('w.6', 'e', T0, 3),
      JSON.stringify({ v: 1, id: 'w.7', kind: 'forget', card: 'e', time: T0 + MINUTE }),
    ];
    const history = load([{ name: 'w.jsonl', text: lines.join('\n') }]);
    const expected = testScheduler();
    const c = expected.rate(expected.rate(expected.newCard(), 3, T0), 3, T0 + 12 * MINUTE);
    assert.deepEqual(history.card('c')?.schedule, c);
    assert.equal(history.card('d')?.suspended, true);
    assert.equal(history.card('e')?.schedule.phase, 'new');
  });

  it('moves history along link events, and back when the question returns', () => {
    const lines = [
      reviewLine('w.1', 'old', T0, 3),
      JSON.stringify({ v: 1, id: 'w.2', kind: 'link', card: 'old', to: 'new', time: T0 + DAY }),
      reviewLine('w.3', 'new', T0 + 2 * DAY, 3),
      JSON.stringify({ v: 1, id: 'w.4', kind: 'link', card: 'new', to: 'old', time: T0 + 3 * DAY }),
    ];
    const once = load([{ name: 'w.jsonl', text: lines.slice(0, 3).join('\n') }]);
    assert.equal(once.card('old'), undefined);
    assert.deepEqual(once.card('new')?.events.map((e) => e.id), ['w.1', 'w.3']);
    const back = load([{ name: 'w.jsonl', text: lines.join('\n') }]);
    assert.deepEqual(back.card('old')?.events.map((e) => e.id), ['w.1', 'w.3']);
    assert.equal(back.card('new'), undefined);
  });

  it('replay equals live, fuzz on, for every rating sequence up to length 4', async () => {
    const scheduler = new ReviewScheduler({ fuzz: true });
    const sequences: Rating[][] = [];
    const grow = (prefix: Rating[]) => {
      if (prefix.length > 0) sequences.push(prefix);
      if (prefix.length < 4) for (const r of [1, 2, 3, 4] as Rating[]) grow([...prefix, r]);
    };
    grow([]);
    assert.equal(sequences.length, 340);
    const store = new MemoryLogStore('live');
    const clock = new TestClock();
    const book = new ReviewBook(store, clock, scheduler);
    await book.load();
    for (const [n, sequence] of sequences.entries()) {
      const card = { id: `card-${n}`, note: 'notes.md', prompt: `Question ${n}?` };
      clock.time = T0 + n * 1000;
      for (const rating of sequence) {
        const result = await book.rate(card, rating, 2500);
        assert.equal(result.saved, true);
        // The next answer comes when the card is due (or a few seconds later for a learning step).
        clock.time = Math.max(clock.time + 7_000, book.history.card(card.id)!.schedule.dueAt);
      }
    }
    const replayed = ReviewHistory.fromEvents(readReviewLog(store.snapshot()).events, scheduler);
    assert.deepEqual(schedules(replayed), schedules(book.history));
    const reloaded = new ReviewBook(store, clock, scheduler);
    await reloaded.load();
    assert.deepEqual(schedules(reloaded.history), schedules(book.history));
  });

  it('keeps a rating in memory when the store fails, and writes it on the next flush', async () => {
    const store = new MemoryLogStore();
    const book = new ReviewBook(store, new TestClock(), testScheduler());
    await book.load();
    store.failWith = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    const result = await book.rate({ id: 'c', note: 'n.md', prompt: 'Q?' }, 3, 1000);
    assert.equal(result.saved, false);
    assert.match(result.error?.message ?? '', /disk full/);
    assert.equal(book.history.card('c')?.schedule.reps, 1, 'the rating counts in memory');
    assert.equal(book.pendingCount, 1);
    store.failWith = undefined;
    assert.deepEqual(await book.flush(), { saved: true });
    assert.equal(readReviewLog(store.snapshot()).events.length, 1);
  });

  it('undoes this session\'s last rating with a new line, never by changing one', async () => {
    const store = new MemoryLogStore();
    const clock = new TestClock();
    const book = new ReviewBook(store, clock, testScheduler());
    await book.load();
    const card = { id: 'c', note: 'n.md', prompt: 'Q?' };
    await book.rate(card, 3, 1000);
    const before = book.history.card('c')?.schedule;
    clock.advance(10 * MINUTE);
    await book.rate(card, 1, 1000);
    const linesBefore = store.snapshot()[0].text;
    const undone = await book.undoLastRating();
    assert.equal(undone?.saved, true);
    assert.deepEqual(book.history.card('c')?.schedule, before);
    assert.ok(store.snapshot()[0].text.startsWith(linesBefore), 'only appended');
    const reloaded = new ReviewBook(store, clock, testScheduler());
    await reloaded.load();
    assert.deepEqual(reloaded.history.card('c')?.schedule, before);
  });

  it('picks up lines other writers appended, before each rating', async () => {
    const store = new MemoryLogStore('mine');
    const clock = new TestClock(T0 + DAY);
    const book = new ReviewBook(store, clock, testScheduler());
    await book.load();
    store.segments.set('other.jsonl', reviewLine('other.1', 'c', T0, 3) + '\n');
    await book.rate({ id: 'c', note: 'n.md', prompt: 'Q?' }, 3, 1000);
    assert.deepEqual(book.history.card('c')?.events.map((e) => e.id), ['other.1', 'mine.1']);
  });
});

// Parse-line unit checks that do not need a whole log.
describe('Review log: parseReviewLine', () => {
  it('requires the fields of each kind', () => {
    assert.equal(parseReviewLine(JSON.stringify({ v: 1, id: 'a', kind: 'undo', card: 'c', time: T0 })).ok, false);
    assert.equal(parseReviewLine(JSON.stringify({ v: 1, id: 'a', kind: 'link', card: 'c', to: 'c', time: T0 })).ok, false);
    assert.equal(parseReviewLine(JSON.stringify({ v: 1, id: 'a', kind: 'ack', refs: ['x'], time: T0 })).ok, true);
    assert.equal(parseReviewLine(reviewLine('a', 'c', T0, 4)).ok, true);
  });
});
