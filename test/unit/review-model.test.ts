// Model-based test of the review sync (issue 11): random sequences of ratings, undos,
// links, suspends, resets, snapshot saves, restarts from the snapshot, re-reads, another
// window appending, a segment rewritten longer or cut short, torn and failed writes and
// retries, some of them run at once with their file operations interleaved by
// fast-check's scheduler. After every step: the window's state equals a full replay of
// what is on disk plus what it still holds unwritten, and every review it recorded is on
// disk or held, exactly once.
//
// REVIEW_MODEL_RUNS (default 2000) and REVIEW_MODEL_SEED replay a run; a failure prints both.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseReviewLine, readReviewLog, ReviewBook, ReviewHistory, splitLogLines, type ReviewEvent } from '../../src/core/review';
import { ReviewLogFiles, type LogFileSystem } from '../../src/node/review-log-files';
import { MemoryFileSystem, MemoryKeeper, MemoryStates, MINUTE, TestClock, testScheduler } from './review-support';

const RUNS = Number(process.env.REVIEW_MODEL_RUNS ?? 2000);
const SEED = process.env.REVIEW_MODEL_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.REVIEW_MODEL_SEED);
const CARDS = ['a', 'b', 'c', 'd'];
const OTHER = '/log/other.jsonl';
const card = (id: string) => ({ id, note: 'notes/n.md', prompt: `Question ${id}?` });

/** Every file operation waits for the scheduler to let it run: fast-check explores their orders. */
function scheduled(files: MemoryFileSystem, s: fc.Scheduler): LogFileSystem {
  const later = <T>(label: string, run: () => Promise<T>) => s.schedule(Promise.resolve(label), label).then(run);
  return {
    list: (folder) => later(`list ${folder}`, () => files.list(folder)),
    size: (file) => later(`size ${file}`, () => files.size(file)),
    read: (file, start, end) => later(`read ${file} ${start}-${end}`, () => files.read(file, start, end)),
    append: (file, bytes) => later(`append ${file}`, () => files.append(file, bytes)),
    mkdir: (folder) => later(`mkdir ${folder}`, () => files.mkdir(folder)),
  };
}

interface Real {
  readonly s: fc.Scheduler;
  readonly files: MemoryFileSystem;
  readonly keeper: MemoryKeeper;
  readonly states: MemoryStates;
  readonly clock: TestClock;
  book: ReviewBook;
  windows: number;
  otherSeq: number;
  /** Every event any window of this run recorded. */
  readonly recorded: Set<string>;
}

const pause = () => Promise.resolve();

async function settleBook(real: Real): Promise<void> {
  // What the sync does after a re-read or a start: a replay when one is needed.
  const ok = await real.s.waitFor(real.book.verifySnapshot(pause));
  if (!ok || real.book.needsReplay) await real.s.waitFor(real.book.load(pause));
}

function newBook(real: Real): ReviewBook {
  const writer = `w${++real.windows}`;
  return new ReviewBook(new ReviewLogFiles('/log', writer, scheduled(real.files, real.s)), real.clock, testScheduler(), real.keeper);
}

/** The parsed events of complete lines on disk, with how often each id occurs. */
function onDisk(files: MemoryFileSystem): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [file] of files.files) {
    const text = files.text(file);
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    for (const line of splitLogLines(complete)) {
      const parsed = parseReviewLine(line);
      if (parsed.ok) counts.set(parsed.event.id, (counts.get(parsed.event.id) ?? 0) + 1);
    }
  }
  return counts;
}

function states(history: ReviewHistory): string {
  const out = [...history.cards()]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((r) => [r.id, r.schedule, r.suspended, r.reviewCount, r.introducedAt ?? null, r.repeatTimes.filter((t) => t >= r.schedule.dueAt - 400 * 86_400_000).length > 0]);
  return JSON.stringify(out);
}

function check(real: Real): void {
  if (real.book.needsReplay) return; // settleBook replays; a step that ends here is checked after it
  const pending: ReviewEvent[] = [];
  for (const line of real.keeper.lines) {
    const parsed = parseReviewLine(line);
    if (parsed.ok) pending.push(parsed.event);
  }
  const segments = [...real.files.files].map(([file]) => ({ name: file.slice(file.lastIndexOf('/') + 1), text: real.files.text(file) }));
  const read = readReviewLog(segments);
  const expected = ReviewHistory.fromEvents([...read.events, ...pending.filter((e) => !read.sources.has(e.id))], testScheduler());
  assert.equal(states(real.book.history), states(expected), 'the state equals a full replay of the disk and the unwritten events');
  assert.equal(real.book.history.eventCount, expected.eventCount, 'eventCount');
  const counts = onDisk(real.files);
  const held = new Set(pending.map((e) => e.id));
  for (const id of real.recorded) assert.equal((counts.get(id) ?? 0) + (held.has(id) && !counts.has(id) ? 1 : 0), 1, `event ${id} is on disk or held, exactly once (disk ${counts.get(id) ?? 0})`);
  for (const [id, n] of counts) assert.equal(n, 1, `event ${id} is on disk ${n} times`);
}

type Cmd = fc.AsyncCommand<object, Real>;
const step = (name: string, run: (real: Real) => Promise<void>): Cmd => ({
  check: () => true,
  async run(_model, real) {
    real.clock.advance(MINUTE);
    await run(real);
    await settleBook(real);
    check(real);
  },
  toString: () => name,
});

const record = async (real: Real, result: Promise<{ event: ReviewEvent; saved: boolean } | undefined>) => {
  const r = await real.s.waitFor(result);
  if (r) real.recorded.add(r.event.id);
};

const commands = [
  fc.tuple(fc.constantFrom(...CARDS), fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>).map(([id, rating]) => step(`rate ${id} ${rating}`, (real) => record(real, real.book.rate(card(id), rating, 1000)))),
  fc.constant(step('undo', (real) => record(real, real.book.undoLastRating()))),
  fc.tuple(fc.constantFrom(...CARDS), fc.constantFrom(...CARDS)).filter(([a, b]) => a !== b).map(([from, to]) => step(`link ${from}→${to}`, (real) => record(real, real.book.link(from, card(to))))),
  fc.tuple(fc.constantFrom(...CARDS), fc.constantFrom('suspend', 'unsuspend', 'forget') as fc.Arbitrary<'suspend' | 'unsuspend' | 'forget'>).map(([id, kind]) => step(`${kind} ${id}`, (real) => record(real, real.book.mark(card(id), kind)))),
  fc.constant(step('save snapshot', async (real) => void (await real.s.waitFor(real.book.saveState(real.states, pause))))),
  fc.constant(
    step('restart from the snapshot', async (real) => {
      real.book = newBook(real);
      await real.s.waitFor(real.book.start(real.states, pause));
    }),
  ),
  fc.constant(step('re-read', async (real) => void (await real.s.waitFor(real.book.refresh())))),
  fc.tuple(fc.constantFrom(...CARDS), fc.integer({ min: -3, max: 0 })).map(([id, minutes]) =>
    step(`other window rates ${id} (${minutes} min)`, async (real) => {
      real.files.appendText(OTHER, `${JSON.stringify({ v: 1, id: `o.${++real.otherSeq}`, kind: 'review', card: id, time: real.clock.now() + minutes * MINUTE, rating: 3 })}\n`);
      await real.s.waitFor(real.book.refresh());
    }),
  ),
  fc.constantFrom('longer', 'shorter').map((how) =>
    step(`other segment rewritten ${how}`, async (real) => {
      const lines = splitLogLines(real.files.text(OTHER));
      if (how === 'longer') lines.unshift(JSON.stringify({ v: 1, id: `o.${++real.otherSeq}`, kind: 'review', card: 'a', time: real.clock.now() - 90 * MINUTE, rating: 2 }));
      else lines.pop();
      real.files.setText(OTHER, lines.map((l) => `${l}\n`).join(''));
      await real.s.waitFor(real.book.refresh());
    }),
  ),
  fc.tuple(fc.constantFrom(...CARDS), fc.integer({ min: 1, max: 60 })).map(([id, bytes]) =>
    step(`torn write (${bytes} bytes) rating ${id}`, async (real) => {
      real.files.shortWrite = bytes;
      await record(real, real.book.rate(card(id), 3, 1000));
      real.files.shortWrite = undefined;
    }),
  ),
  fc.constantFrom(...CARDS).map((id) =>
    step(`failed write rating ${id}`, async (real) => {
      real.files.failWith = 'ENOSPC';
      await record(real, real.book.rate(card(id), 3, 1000));
      real.files.failWith = undefined;
    }),
  ),
  fc.constant(step('retry', async (real) => void (await real.s.waitFor(real.book.flush())))),
  fc.tuple(fc.constantFrom(...CARDS), fc.constantFrom(...CARDS)).map(([x, y]) =>
    step(`at once: rate ${x}, other window rates ${y}, re-read, save snapshot`, async (real) => {
      const other = real.s.schedule(Promise.resolve('other window appends')).then(() => real.files.appendText(OTHER, `${JSON.stringify({ v: 1, id: `o.${++real.otherSeq}`, kind: 'review', card: y, time: real.clock.now(), rating: 4 })}\n`));
      const rating = real.book.rate(card(x), 3, 1000);
      await real.s.waitFor(Promise.all([rating.then((r) => real.recorded.add(r.event.id)), real.book.refresh(), real.book.saveState(real.states, pause), other]));
      await real.s.waitFor(real.book.refresh());
    }),
  ),
];

describe('Review sync, model-based (fast-check commands and scheduler)', function () {
  this.timeout(600_000);

  it(`after every step of ${RUNS} random runs, the state equals a full replay of the disk and every recorded review is kept exactly once`, async () => {
    const property = fc.asyncProperty(fc.scheduler(), fc.commands(commands, { maxCommands: 25 }), async (s, cmds) => {
      const files = new MemoryFileSystem();
      files.setText(OTHER, '');
      const real: Real = { s, files, keeper: new MemoryKeeper(), states: new MemoryStates(), clock: new TestClock(), book: undefined as unknown as ReviewBook, windows: 0, otherSeq: 0, recorded: new Set() };
      real.book = newBook(real);
      await s.waitFor(real.book.start(real.states, pause));
      await fc.asyncModelRun(() => ({ model: {}, real }), cmds);
    });
    const details = await fc.check(property, { numRuns: RUNS, seed: SEED });
    if (details.failed) {
      const replay = `REVIEW_MODEL_SEED=${SEED} REVIEW_MODEL_RUNS=${RUNS}`;
      assert.fail(`${fc.defaultReportMessage(details) ?? 'failed'}\nreplay: ${replay} npx mocha --no-config out/test/unit/review-model.test.js (path ${details.counterexamplePath ?? ''})`);
    }
  });
});
