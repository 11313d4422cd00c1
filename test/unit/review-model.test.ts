// Model-based test of the review sync (issue 11), driving the core's ReviewSync with a
// manual clock over a file system in memory: random sequences of ratings, undos,
// links, suspends, resets, snapshot saves, restarts from the snapshot, re-reads, another
// window appending, a segment rewritten longer or cut short, torn and failed writes and
// retries, some of them run at once with their file operations interleaved by
// fast-check's scheduler. After every step: the window's state equals a full replay of
// what is on disk plus what it still holds unwritten, and every review it recorded is on
// disk or held, exactly once.
//
// REVIEW_MODEL_RUNS (default 2000), REVIEW_MODEL_SEED (default a fixed one, so that CI is
// repeatable; "random" for a new one each time) and REVIEW_MODEL_PATH replay a run; a
// failure prints all three.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseReviewLine, POLL_MAX_MS, POLL_MIN_MS, readReviewLog, REFRESH_DEBOUNCE_MS, RETRY_MS, ReviewHistory, ReviewSync, SNAPSHOT_DEBOUNCE_MS, splitLogLines, type ReviewEvent } from '../../src/core/review';
import { ReviewLogFiles, type LogFileSystem } from '../../src/node/review-log-files';
import { ManualClock, MemoryFileSystem, MemoryKeeper, MemoryStates, MINUTE, settle, testScheduler } from './review-support';

const RUNS = Number(process.env.REVIEW_MODEL_RUNS ?? 2000);
const SEED_TEXT = process.env.REVIEW_MODEL_SEED ?? '20261207';
const SEED = SEED_TEXT === 'random' ? Date.now() % 2 ** 31 : Number(SEED_TEXT);
const PATH = process.env.REVIEW_MODEL_PATH;
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
  readonly clock: ManualClock;
  sync: ReviewSync;
  windows: number;
  otherSeq: number;
  /** Every event any window of this run recorded. */
  readonly recorded: Set<string>;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function newSync(real: Real): ReviewSync {
  const writer = `w${++real.windows}`;
  const store = new ReviewLogFiles('/log', writer, scheduled(real.files, real.s));
  return new ReviewSync({ store, states: real.states, keeper: real.keeper, clock: real.clock, timers: real.clock, pause: async () => undefined, scheduler: testScheduler(), log: quiet });
}

/** Lets every operation in flight finish, in an order the scheduler picks, and the replays they start. */
async function quiesce(real: Real): Promise<void> {
  for (let round = 0; round < 10_000; round++) {
    await settle();
    if (real.s.count() === 0) return;
    await real.s.waitAll();
  }
  throw new Error('the sync never became quiet');
}

/** Runs `operation` to its end while the scheduler interleaves its file operations. */
async function finish<T>(real: Real, operation: Promise<T>): Promise<T> {
  let done = false;
  const result = operation.finally(() => (done = true));
  for (let round = 0; !done; round++) {
    if (round === 1000) throw new Error('an operation waits for something that never comes');
    await quiesce(real);
  }
  return result;
}

/** What a file watcher does: tell the sync, and let its debounced re-read run. */
async function watcherSees(real: Real): Promise<void> {
  real.sync.logChanged();
  await real.clock.advance(REFRESH_DEBOUNCE_MS);
  await quiesce(real);
}

/** The parsed events of complete lines on disk, with how often each id occurs (copies made by a sync tool left out). */
function onDisk(files: MemoryFileSystem): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [file] of files.files) {
    if (file.includes('/copy-')) continue;
    const text = files.text(file);
    for (const line of splitLogLines(text.slice(0, text.lastIndexOf('\n') + 1))) {
      const parsed = parseReviewLine(line);
      if (parsed.ok) counts.set(parsed.event.id, (counts.get(parsed.event.id) ?? 0) + 1);
    }
  }
  return counts;
}

/** Each card's state, with its reviews of the last day (what today's limits count). */
function states(history: ReviewHistory, now: number): string {
  return JSON.stringify(
    [...history.cards()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => [r.id, r.schedule, r.suspended, r.reviewCount, r.introducedAt ?? null, r.repeatTimes.filter((t) => t >= now - 86_400_000)]),
  );
}

function check(real: Real): void {
  const book = real.sync.reviewBook;
  assert.equal(book.needsReplay, false, 'a replay that was needed has run');
  const held: ReviewEvent[] = [];
  for (const line of real.keeper.lines) {
    const parsed = parseReviewLine(line);
    if (parsed.ok) held.push(parsed.event);
  }
  assert.equal(held.length, book.pendingCount, 'the keeper holds exactly the events not written');
  const segments = [...real.files.files].map(([file]) => ({ name: file.slice(file.lastIndexOf('/') + 1), text: real.files.text(file) }));
  const read = readReviewLog(segments);
  const expected = ReviewHistory.fromEvents([...read.events, ...held], testScheduler());
  const now = real.clock.now();
  assert.equal(states(book.history, now), states(expected, now), 'the state equals a full replay of the disk and the unwritten events');
  assert.equal(book.history.eventCount, expected.eventCount, 'eventCount');
  const counts = onDisk(real.files);
  const heldIds = new Set(held.map((e) => e.id));
  for (const id of real.recorded) assert.equal((counts.get(id) ?? 0) + (heldIds.has(id) ? 1 : 0), 1, `event ${id} is on disk or held, exactly once`);
  for (const [id, n] of counts) assert.equal(n, 1, `event ${id} is on disk ${n} times`);
}

type Cmd = fc.AsyncCommand<object, Real>;
const step = (name: string, run: (real: Real) => Promise<void>): Cmd => ({
  check: () => true,
  async run(_model, real) {
    await real.clock.advance(MINUTE);
    await quiesce(real);
    await run(real);
    await quiesce(real);
    // A replay the step asked for starts after the sync's debounce.
    await real.clock.advance(REFRESH_DEBOUNCE_MS);
    await quiesce(real);
    check(real);
  },
  toString: () => name,
});

const record = async (real: Real, operation: Promise<{ event: ReviewEvent; saved: boolean } | undefined>) => {
  const r = await finish(real, operation);
  if (r) real.recorded.add(r.event.id);
};

const otherLine = (real: Real, cardId: string, time: number, rating: number) => `${JSON.stringify({ v: 1, id: `o.${++real.otherSeq}`, kind: 'review', card: cardId, time, rating })}\n`;

const restart = async (real: Real) => {
  real.sync.dispose();
  real.sync = newSync(real);
  await finish(real, real.sync.whenReady());
};

const commands = [
  fc.tuple(fc.constantFrom(...CARDS), fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>).map(([id, rating]) => step(`rate ${id} ${rating}`, (real) => record(real, real.sync.rate(card(id), rating, 1000)))),
  fc.constant(step('undo', (real) => record(real, real.sync.undoLastRating()))),
  fc.tuple(fc.constantFrom(...CARDS), fc.constantFrom(...CARDS)).filter(([a, b]) => a !== b).map(([from, to]) => step(`link ${from}→${to}`, (real) => record(real, real.sync.link(from, card(to))))),
  fc.tuple(fc.constantFrom(...CARDS), fc.constantFrom('suspend', 'unsuspend', 'forget') as fc.Arbitrary<'suspend' | 'unsuspend' | 'forget'>).map(([id, kind]) => step(`${kind} ${id}`, (real) => record(real, real.sync.mark(card(id), kind)))),
  fc.constant(
    step('quiet for 5 s: the snapshot is saved', async (real) => {
      await real.clock.advance(SNAPSHOT_DEBOUNCE_MS);
    }),
  ),
  fc.constant(step('save snapshot now', async (real) => void (await finish(real, real.sync.saveSnapshot())))),
  fc.constant(step('restart from the snapshot', restart)),
  fc.constant(step('re-read', watcherSees)),
  fc.tuple(fc.constantFrom(...CARDS), fc.integer({ min: -3, max: 0 })).map(([id, minutes]) =>
    step(`other window rates ${id} (${minutes} min)`, async (real) => {
      real.files.appendText(OTHER, otherLine(real, id, real.clock.now() + minutes * MINUTE, 3));
      await watcherSees(real);
    }),
  ),
  fc.constant(
    step('other window appends, no file event: the periodic check finds it', async (real) => {
      real.files.appendText(OTHER, otherLine(real, 'b', real.clock.now(), 2));
      await real.clock.advance(POLL_MAX_MS + POLL_MIN_MS + REFRESH_DEBOUNCE_MS);
    }),
  ),
  fc.constantFrom('longer', 'shorter').map((how) =>
    step(`other segment rewritten ${how}`, async (real) => {
      const lines = splitLogLines(real.files.text(OTHER)).map((l) => `${l}\n`);
      if (how === 'longer') lines.unshift(otherLine(real, 'a', real.clock.now() - 90 * MINUTE, 2));
      else lines.pop();
      real.files.setText(OTHER, lines.join(''));
      await watcherSees(real);
    }),
  ),
  fc.constant(
    step('other segment edited in the middle, same size, then a restart', async (real) => {
      const text = real.files.text(OTHER);
      const at = text.indexOf('"rating":', Math.floor(text.length / 2));
      if (at >= 0) {
        const digit = text[at + 9];
        real.files.setText(OTHER, `${text.slice(0, at + 9)}${digit === '1' ? '4' : '1'}${text.slice(at + 10)}`);
      }
      await restart(real);
    }),
  ),
  fc.constant(
    step('a sync tool copies a segment, then a restart', async (real) => {
      const source = [...real.files.files.keys()].find((f) => /\/w\d+\.jsonl$/.test(f));
      if (source) real.files.setText(`/log/copy-${++real.otherSeq}.jsonl`, real.files.text(source));
      await watcherSees(real);
      await restart(real);
    }),
  ),
  fc.tuple(fc.constantFrom(...CARDS), fc.integer({ min: 1, max: 60 })).map(([id, bytes]) =>
    step(`torn write (${bytes} bytes) rating ${id}`, async (real) => {
      real.files.shortWrite = bytes;
      await record(real, real.sync.rate(card(id), 3, 1000));
      real.files.shortWrite = undefined;
    }),
  ),
  fc.constantFrom(...CARDS).map((id) =>
    step(`failed write rating ${id}`, async (real) => {
      real.files.failWith = 'ENOSPC';
      await record(real, real.sync.rate(card(id), 3, 1000));
      real.files.failWith = undefined;
    }),
  ),
  fc.constant(step('30 s later: the retry', async (real) => void (await real.clock.advance(RETRY_MS)))),
  fc.tuple(fc.constantFrom(...CARDS), fc.constantFrom(...CARDS)).map(([x, y]) =>
    step(`at once: rate ${x}, other window rates ${y}, a re-read, a snapshot save`, async (real) => {
      const other = real.s.schedule(Promise.resolve('other window appends')).then(() => real.files.appendText(OTHER, otherLine(real, y, real.clock.now(), 4)));
      real.sync.logChanged();
      const rating = real.sync.rate(card(x), 3, 1000).then((r) => void real.recorded.add(r.event.id));
      const saving = real.sync.saveSnapshot();
      await real.clock.advance(REFRESH_DEBOUNCE_MS);
      await finish(real, Promise.all([rating, saving, other]));
      await watcherSees(real);
    }),
  ),
];

describe('Review sync, model-based (fast-check commands and scheduler)', function () {
  this.timeout(Math.max(600_000, RUNS * 100));

  it(`after every step of ${RUNS} random runs, the state equals a full replay of the disk and every recorded review is kept exactly once`, async () => {
    const property = fc.asyncProperty(fc.scheduler(), fc.commands(commands, { maxCommands: 25 }), async (s, cmds) => {
      const files = new MemoryFileSystem();
      files.setText(OTHER, '');
      const real: Real = { s, files, keeper: new MemoryKeeper(), states: new MemoryStates(), clock: new ManualClock(), sync: undefined as unknown as ReviewSync, windows: 0, otherSeq: 0, recorded: new Set() };
      real.sync = newSync(real);
      try {
        await finish(real, real.sync.whenReady());
        await fc.asyncModelRun(() => ({ model: {}, real }), cmds);
      } finally {
        real.sync.dispose();
      }
    });
    const details = await fc.check(property, { numRuns: RUNS, seed: SEED, ...(PATH ? { path: PATH } : {}) });
    if (details.failed) {
      const replay = `REVIEW_MODEL_SEED=${SEED} REVIEW_MODEL_RUNS=${RUNS} REVIEW_MODEL_PATH=${details.counterexamplePath ?? ''}`;
      assert.fail(`${String(details.errorInstance)}\n${fc.defaultReportMessage(details) ?? 'failed'}\nreplay: ${replay} npx mocha --no-config out/test/unit/review-model.test.js`);
    }
  });
});
