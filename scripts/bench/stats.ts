// The statistics figures of `npm run bench` (issue 12): the review statistics of a seeded
// log of 1,000,000 reviews over 50,000 cards (the review bench's generator), against the
// replay of the same events into a `ReviewHistory` (what a cold start folds); and the exam
// readiness of the 50,000 cards, against the due queue of the same cards. The Statistics
// panel's computations run in 15 ms slices as on the extension host: each reports its wall
// time and its longest slice (the longest the host was held), measured between pauses.
// An exam date is set, so every figure the panel shows is computed, readiness over the past
// 30 days included.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildReviewQueue, readReviewLog, ReviewHistory, ReviewScheduler, type LogSegment, type QueueCard } from '../../src/core/review';
import { UTC_CALENDAR } from '../../src/core/stats/calendar';
import { LiveStats } from '../../src/core/stats/live-stats';
import { MemoryModel } from '../../src/core/stats/memory-model';
import { predictReadiness, ReadinessCache } from '../../src/core/stats/readiness';
import { computeReviewStats, type StatsCard } from '../../src/core/stats/review-stats';
import { stats, type Stats } from './measure';
import { benchCardId, benchCardNote, blockMeter, generateLog, noiseMaxBlockMs } from './review';

export interface StatsFigures {
  readonly events: number;
  readonly cards: number;
  /** `computeReviewStats` over the whole log, in one go (what `note-review stats` runs). */
  readonly stats: Stats;
  /** `ReviewHistory.fromEvents` over the same events: the baseline. */
  readonly replay: Stats;
  readonly ratio: Stats;
  /** The Statistics panel's first computation (`LiveStats` over a history loaded from the log), in 15 ms slices. */
  readonly panel: Sliced;
  /** The panel's computation again after one rating. */
  readonly afterRating: Sliced;
  /** The panel's first computation after a start from the state snapshot: the log's text read, validated and folded, in slices. */
  readonly fromSnapshot: Sliced;
  /** Longest event-loop delay of 2 ms slices alone: the machine's noise. */
  readonly noiseMaxBlockMs: number;
  /** `predictReadiness` of all cards, nothing kept. */
  readonly readiness: Stats;
  /** `predictReadiness` of all cards with a `ReadinessCache`, after one rating. */
  readonly readinessAfterRating: Stats;
  /** `buildReviewQueue` of all cards: the baseline. */
  readonly queue: Stats;
}

/** A computation run in slices: its wall time, its longest slice and the longest event-loop delay, per run. */
export interface Sliced {
  readonly ms: Stats;
  readonly maxSliceMs: number;
  readonly maxBlockMs: number;
}

const DAY = 86_400_000;
const SLICE_MS = 15;

/**
 * A `pause` for sliced computations that measures them: the longest time between being
 * resumed and pausing again (a slice), and `blockMeter`'s longest event-loop delay.
 */
function sliceMeter() {
  const block = blockMeter();
  let resumed = 0;
  let longest = 0;
  return {
    start(): void {
      block.start();
      longest = 0;
      resumed = performance.now();
    },
    pause: async (): Promise<void> => {
      longest = Math.max(longest, performance.now() - resumed);
      await block.pause();
      resumed = performance.now();
    },
    /** Ends the run: its longest slice and loop delay. */
    stop(): { maxSliceMs: number; maxBlockMs: number } {
      longest = Math.max(longest, performance.now() - resumed);
      return { maxSliceMs: longest, maxBlockMs: block.maxMs() };
    },
  };
}

async function sliced(runs: number, run: (pause: () => Promise<void>, index: number) => Promise<void>): Promise<Sliced> {
  const meter = sliceMeter();
  const ms: number[] = [];
  let maxSliceMs = 0;
  let maxBlockMs = 0;
  for (let i = 0; i < runs; i++) {
    meter.start();
    const t = performance.now();
    await run(meter.pause, i);
    ms.push(performance.now() - t);
    const m = meter.stop();
    maxSliceMs = Math.max(maxSliceMs, m.maxSliceMs);
    maxBlockMs = Math.max(maxBlockMs, m.maxBlockMs);
  }
  return { ms: stats(ms), maxSliceMs, maxBlockMs };
}

export async function benchStats(options: { seed: number; quick: boolean; events?: number; cards?: number; log?: (line: string) => void }): Promise<StatsFigures> {
  const events = options.events ?? 1_000_000;
  const cardCount = options.cards ?? 50_000;
  const note = options.log ?? (() => undefined);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-bench-stats-'));
  let segments: LogSegment[];
  let end: number;
  try {
    const folder = path.join(root, 'log');
    end = generateLog(folder, events, cardCount, options.seed).end;
    segments = fs.readdirSync(folder).map((name) => ({ name, text: fs.readFileSync(path.join(folder, name), 'utf8') }));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const read = readReviewLog(segments);
  if (read.events.length !== events) throw new Error(`read ${read.events.length} events, not ${events}`);
  note(`stats: log of ${events.toLocaleString('en')} reviews read`);
  const scheduler = new ReviewScheduler({ fuzz: true });
  const now = end + DAY;
  // The cards of the notes in note order, as the index lists them; ten sections a note.
  const cards: StatsCard[] = Array.from({ length: cardCount }, (_, card) => card)
    .sort((a, b) => a % 500 - b % 500 || a - b)
    .map((card) => ({ id: benchCardId(card), note: benchCardNote(card), section: ['Topic', `Part ${Math.floor(card / 500) % 10}`] }));
  const workspace = { kind: 'workspace' } as const;
  // An exam date in 30 days over every card: the statistics then add readiness over the past 30 days, as the panel does with one set.
  const exam = { date: new Date(now + 30 * DAY).toISOString().slice(0, 10) };
  const withReadiness = (figures: { readiness?: unknown }) => {
    if (!figures.readiness) throw new Error('no readiness series');
  };

  // Statistics in one go against the replay, interleaved so the machine's noise hits both alike.
  const runs = options.quick ? 1 : 3;
  const statsMs: number[] = [];
  const replayMs: number[] = [];
  const ratio: number[] = [];
  let history: ReviewHistory | undefined;
  for (let run = 0; run < runs; run++) {
    let t = performance.now();
    history = ReviewHistory.fromEvents(read.events, scheduler);
    const replay = performance.now() - t;
    t = performance.now();
    const figures = computeReviewStats({ events: read.events, cards, history, now, settings: scheduler.settings, exam });
    const ms = performance.now() - t;
    withReadiness(figures);
    if (figures.totals.reviews !== events) throw new Error(`stats counted ${figures.totals.reviews} reviews`);
    replayMs.push(replay);
    statsMs.push(ms);
    ratio.push(ms / replay);
    note(`stats run ${run + 1}/${runs}: stats ${Math.round(ms)} ms, replay ${Math.round(replay)} ms`);
  }
  if (!history) throw new Error('no run');
  const h = history;

  // The panel's first computation, with the history the review service folded from the log.
  const fromLog = { history: () => h, readLog: async () => segments, settings: () => scheduler.settings };
  const panel = await sliced(runs, async (pause) => {
    const { stats: figures } = await new LiveStats(fromLog, UTC_CALENDAR, pause, SLICE_MS).compute(cards, workspace, now, exam);
    withReadiness(figures);
    if (figures.totals.reviews !== events) throw new Error(`the panel counted ${figures.totals.reviews} reviews`);
  });
  note(`stats: panel ${Math.round(panel.ms.median)} ms, longest slice ${panel.maxSliceMs.toFixed(1)} ms`);

  // Then one rating after another, each followed by the panel's computation.
  const meter = sliceMeter();
  const kept = new LiveStats(fromLog, UTC_CALENDAR, meter.pause, SLICE_MS);
  await kept.compute(cards, workspace, now, exam);
  const afterMs: number[] = [];
  let afterSlice = 0;
  let afterBlock = 0;
  const ratings = options.quick ? 3 : 7;
  for (let i = 0; i < ratings; i++) {
    const card = cards[(i * 7919) % cards.length];
    h.add({ v: 1, id: `bench-rating.${i + 1}`, kind: 'review', card: card.id, time: now + i * 60_000, rating: 3, durationMs: 4000 });
    meter.start();
    const t = performance.now();
    const { stats: figures } = await kept.compute(cards, workspace, now + i * 60_000 + 1000, exam);
    afterMs.push(performance.now() - t);
    const m = meter.stop();
    afterSlice = Math.max(afterSlice, m.maxSliceMs);
    afterBlock = Math.max(afterBlock, m.maxBlockMs);
    if (figures.totals.reviews !== events + i + 1) throw new Error(`after ${i + 1} ratings the panel counted ${figures.totals.reviews} reviews`);
  }
  const afterRating: Sliced = { ms: stats(afterMs), maxSliceMs: afterSlice, maxBlockMs: afterBlock };
  note(`stats: after a rating ${Math.round(afterRating.ms.median)} ms, longest slice ${afterRating.maxSliceMs.toFixed(1)} ms`);

  // After a start from the state snapshot: the history's records hold no events (they are
  // folded into the saved states), so the panel reads the log's text, in parts of about 1 MB
  // cut after line breaks as the log store reads them.
  const parts = segments.flatMap(inParts);
  const snapshotHistory = {
    resolve: (id: string, time: number) => h.resolve(id, time),
    isUndone: (id: string) => h.isUndone(id),
    card: (id: string) => h.card(id),
    cards: () => [...h.cards()].map((record) => ({ id: record.id, events: [] })),
    mockEvents: () => [],
    fromSnapshot: true,
  };
  const fromSnapshot = await sliced(1, async (pause) => {
    const { stats: figures } = await new LiveStats({ history: () => snapshotHistory, readLog: async () => parts, settings: () => scheduler.settings }, UTC_CALENDAR, pause, SLICE_MS).compute(cards, workspace, now, exam);
    withReadiness(figures);
    if (figures.totals.reviews !== events) throw new Error(`after a snapshot start the panel counted ${figures.totals.reviews} reviews`);
  });
  note(`stats: after a snapshot start ${Math.round(fromSnapshot.ms.median)} ms, longest slice ${fromSnapshot.maxSliceMs.toFixed(1)} ms`);
  segments = [];
  const noise = await noiseMaxBlockMs(2000);

  // Readiness of every card against the due queue of the same cards.
  const model = new MemoryModel(scheduler.settings);
  const memory = (id: string) => h.card(id)?.schedule;
  const queueCards: QueueCard[] = cards.map((card) => ({ id: card.id, note: card.note, prompt: '', line: 1 }));
  const readinessMs: number[] = [];
  const queueMs: number[] = [];
  const cachedMs: number[] = [];
  const cache = new ReadinessCache();
  const samples = options.quick ? 5 : 15;
  for (let i = 0; i < samples + 3; i++) {
    let t = performance.now();
    const readiness = predictReadiness(cards, memory, exam, { now, model });
    const r = performance.now() - t;
    t = performance.now();
    buildReviewQueue(queueCards, h, { now, dayStart: now - (now % DAY), newPerDay: 20, reviewsPerDay: 200 });
    const q = performance.now() - t;
    // With the cache: a rating, then readiness again (the first round fills the cache).
    h.add({ v: 1, id: `bench-readiness.${i + 1}`, kind: 'review', card: cards[(i * 104_729) % cards.length].id, time: now + (ratings + i) * 60_000, rating: 3, durationMs: 4000 });
    t = performance.now();
    predictReadiness(cards, memory, exam, { now, model, cache });
    const c = performance.now() - t;
    if (readiness.cardCount !== cardCount) throw new Error(`readiness of ${readiness.cardCount} cards`);
    if (i < 3) continue;
    if (cache.computed !== 1) throw new Error(`after one rating, ${cache.computed} recalls computed`);
    readinessMs.push(r);
    queueMs.push(q);
    cachedMs.push(c);
  }
  return {
    events,
    cards: cardCount,
    stats: stats(statsMs),
    replay: stats(replayMs),
    ratio: stats(ratio),
    panel,
    afterRating,
    fromSnapshot,
    noiseMaxBlockMs: noise,
    readiness: stats(readinessMs),
    readinessAfterRating: stats(cachedMs),
    queue: stats(queueMs),
  };
}

/** A segment as `ReviewLogFiles.readAll` returns it: parts of about 1 MB that end after a line break. */
function inParts(segment: LogSegment): LogSegment[] {
  const parts: LogSegment[] = [];
  let start = 0;
  let firstLine = 1;
  while (start < segment.text.length) {
    const cut = segment.text.indexOf('\n', start + 1_000_000);
    const end = cut < 0 ? segment.text.length : cut + 1;
    const text = segment.text.slice(start, end);
    parts.push({ name: segment.name, text, firstLine });
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) firstLine++;
    start = end;
  }
  return parts;
}
