// The review figures of `npm run bench`: a seeded log of 1,000,000 reviews over 50,000
// cards in a temporary folder, replayed from scratch (cold), started from the state
// snapshot plus a tail of new lines (warm), and the due queue built from it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { buildReviewQueue, ReviewBook, ReviewScheduler, type QueueCard } from '../../src/core/review';
import { ReviewLogFiles, ReviewStateFile } from '../../src/node/review-log-files';
import { seededRandom } from './corpus';
import { stats, type Stats } from './measure';

export interface ReviewFigures {
  logBytes: number;
  events: number;
  cards: number;
  cold: Stats;
  /** Longest time the event loop was held during a cold load, per run. */
  coldMaxBlock: Stats;
  warm: Stats;
  warmMaxBlock: Stats;
  /** The whole-segment check that runs in the background after a warm start (not part of `warm`). */
  verify: Stats;
  /** Longest loop delay of 2 ms slices alone, over 5 s: the machine's noise. */
  noiseMaxBlockMs: number;
  tailEvents: number;
  snapshotBytes: number;
  saveMs: number;
  queue: Stats;
  sortBaseline: Stats;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const WRITERS = ['laptop-1', 'desktop-2', 'laptop-3', 'desktop-4'];

/** Gives the loop a turn; `monitorEventLoopDelay` measures how long it was held between turns. */
export function blockMeter(): { pause: () => Promise<void>; start(): void; maxMs(): number } {
  let histogram = monitorEventLoopDelay({ resolution: 5 });
  return {
    pause: () => new Promise((resolve) => setImmediate(resolve)),
    start() {
      histogram.disable();
      histogram = monitorEventLoopDelay({ resolution: 5 });
      histogram.enable();
    },
    maxMs() {
      histogram.disable();
      // The delay of a timer set for every `resolution` ms: how long a callback waited at worst.
      return histogram.max / 1e6;
    },
  };
}

/**
 * The machine's own noise: the longest loop delay while doing nothing but 2 ms slices
 * for `ms`, to read the loads' delays against.
 */
export async function noiseMaxBlockMs(ms: number): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const sliceEnd = performance.now() + 2;
    while (performance.now() < sliceEnd);
    await new Promise((resolve) => setImmediate(resolve));
  }
  histogram.disable();
  return histogram.max / 1e6;
}

/** The id of generated card number `card`. */
export function benchCardId(card: number): string {
  return `c${card.toString(16).padStart(8, '0')}-${(card * 2654435761 >>> 0).toString(16)}`;
}

/** The note of generated card number `card`. */
export function benchCardNote(card: number): string {
  return `notes/topic-${card % 500}.md`;
}

/** Writes the log: each writer a segment, ratings spread over two years, questions as real lines carry them. */
export function generateLog(folder: string, events: number, cards: number, seed: number): { bytes: number; end: number } {
  const random = seededRandom(seed);
  fs.mkdirSync(folder, { recursive: true });
  const files = WRITERS.map((w) => fs.openSync(path.join(folder, `${w}.jsonl`), 'w'));
  const seq = WRITERS.map(() => 0);
  let time = Date.UTC(2024, 0, 1, 8);
  const step = Math.floor((2 * 365 * DAY) / events);
  let bytes = 0;
  const buffers: string[][] = WRITERS.map(() => []);
  const flush = (w: number) => {
    const text = buffers[w].join('');
    bytes += Buffer.byteLength(text);
    fs.writeSync(files[w], text);
    buffers[w] = [];
  };
  for (let i = 0; i < events; i++) {
    time += 1 + Math.floor(random() * 2 * step);
    const w = Math.floor(random() * WRITERS.length);
    const card = Math.floor(random() * cards);
    const r = random();
    const rating = r < 0.1 ? 1 : r < 0.25 ? 2 : r < 0.9 ? 3 : 4;
    const event = {
      v: 1,
      id: `${WRITERS[w]}.${++seq[w]}`,
      kind: 'review',
      card: benchCardId(card),
      time,
      rating,
      durationMs: 1000 + Math.floor(random() * 20_000),
      note: benchCardNote(card),
      question: `What is the pricing model of workload ${card}?`,
    };
    buffers[w].push(`${JSON.stringify(event)}\n`);
    if (buffers[w].length >= 5000) flush(w);
  }
  WRITERS.forEach((_, w) => flush(w));
  files.forEach((f) => fs.closeSync(f));
  return { bytes, end: time };
}

/** Appends `count` new reviews to two segments: what other windows wrote since the snapshot. */
function appendTail(folder: string, count: number, from: number, cards: number, seed: number, round: number): void {
  const random = seededRandom(seed + round);
  const lines: string[][] = [[], []];
  let time = from;
  for (let i = 0; i < count; i++) {
    time += MINUTE;
    const card = Math.floor(random() * cards);
    const w = i % 2;
    lines[w].push(
      `${JSON.stringify({ v: 1, id: `tail-${round}-${w}.${i + 1}`, kind: 'review', card: benchCardId(card), time, rating: 3, durationMs: 2000 })}\n`,
    );
  }
  lines.forEach((l, w) => fs.appendFileSync(path.join(folder, `${WRITERS[w]}.jsonl`), l.join('')));
}

export async function benchReview(options: { seed: number; quick: boolean; events?: number; cards?: number; log?: (line: string) => void }): Promise<ReviewFigures> {
  const events = options.events ?? 1_000_000;
  const cards = options.cards ?? 50_000;
  const note = options.log ?? (() => undefined);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-bench-review-'));
  const folder = path.join(root, 'log');
  try {
    const generated = generateLog(folder, events, cards, options.seed);
    note(`review log generated: ${(generated.bytes / 1e6).toFixed(0)} MB`);
    const scheduler = new ReviewScheduler({ fuzz: true });
    const clock = { now: () => generated.end + DAY };
    const meter = blockMeter();
    const coldRuns = options.quick ? 1 : 3;
    const cold: number[] = [];
    const coldBlock: number[] = [];
    let book: ReviewBook | undefined;
    for (let run = 0; run < coldRuns; run++) {
      book = undefined;
      const b = new ReviewBook(new ReviewLogFiles(folder, `bench-cold-${run}`), clock, scheduler);
      meter.start();
      const t = performance.now();
      await b.load(meter.pause);
      cold.push(performance.now() - t);
      coldBlock.push(meter.maxMs());
      if (b.history.eventCount !== events) throw new Error(`cold load found ${b.history.eventCount} events, not ${events}`);
      book = b;
      note(`cold replay ${run + 1}/${coldRuns}: ${Math.round(cold[run])} ms`);
    }
    if (!book) throw new Error('no cold run');
    const states = new ReviewStateFile(path.join(root, 'state', 'snapshot.jsonl'));
    const t0 = performance.now();
    if (!(await book.saveState(states, meter.pause))) throw new Error('the snapshot was not saved');
    const saveMs = performance.now() - t0;
    const snapshotBytes = fs.statSync(states.file).size;
    const sizes = WRITERS.map((w) => [`${w}.jsonl`, fs.statSync(path.join(folder, `${w}.jsonl`)).size] as const);

    // Warm starts: each after 1,000 more lines in two segments (other windows since the snapshot).
    const tailEvents = 1000;
    const warmRuns = options.quick ? 3 : 7;
    const warm: number[] = [];
    const warmBlock: number[] = [];
    const verify: number[] = [];
    let warmBook: ReviewBook | undefined;
    for (let run = 0; run < warmRuns + 1; run++) {
      // Back to the log the snapshot was taken of (segments are cut to their sizes then), plus a new tail.
      for (const [name, size] of sizes) fs.truncateSync(path.join(folder, name), size);
      appendTail(folder, tailEvents, generated.end + MINUTE, cards, options.seed, run);
      const b = new ReviewBook(new ReviewLogFiles(folder, `bench-warm-${run}`), clock, scheduler);
      meter.start();
      const t = performance.now();
      const result = await b.start(states, meter.pause);
      const ms = performance.now() - t;
      if (result.from !== 'snapshot') throw new Error(`warm start replayed the log: ${result.reason}`);
      if (b.history.eventCount !== events + tailEvents) throw new Error(`warm start has ${b.history.eventCount} events`);
      if (run === 0) continue; // warm-up
      warm.push(ms);
      warmBlock.push(meter.maxMs());
      warmBook = b;
      const tv = performance.now();
      if (!(await b.verifySnapshot(meter.pause))) throw new Error('the snapshot failed its whole-segment check');
      verify.push(performance.now() - tv);
    }

    // The due queue of all 50,000 cards, against a plain sort of their states by due time.
    const history = (warmBook ?? book).history;
    const queueCards: QueueCard[] = [];
    for (const record of history.cards()) queueCards.push({ id: record.id, note: record.note ?? '', prompt: record.question ?? '', line: 1 });
    const now = clock.now();
    const options2 = { now, dayStart: now - (now % DAY), newPerDay: 20, reviewsPerDay: 200 };
    const queueSamples: number[] = [];
    const sortSamples: number[] = [];
    const runs = options.quick ? 5 : 15;
    for (let i = 0; i < runs + 3; i++) {
      const tq = performance.now();
      const q = buildReviewQueue(queueCards, history, options2);
      const queueMs = performance.now() - tq;
      const ts = performance.now();
      const sorted = [...history.cards()].map((r) => r.schedule).sort((a, b) => a.dueAt - b.dueAt);
      const sortMs = performance.now() - ts;
      if (q.dueCount < 0 || sorted.length !== queueCards.length) throw new Error('queue');
      if (i < 3) continue;
      queueSamples.push(queueMs);
      sortSamples.push(sortMs);
    }
    const noise = await noiseMaxBlockMs(5000);
    return {
      noiseMaxBlockMs: noise,
      logBytes: generated.bytes,
      events,
      cards: queueCards.length,
      cold: stats(cold),
      coldMaxBlock: stats(coldBlock),
      warm: stats(warm),
      warmMaxBlock: stats(warmBlock),
      verify: stats(verify),
      tailEvents,
      snapshotBytes,
      saveMs,
      queue: stats(queueSamples),
      sortBaseline: stats(sortSamples),
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
