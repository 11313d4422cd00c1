// The statistics figures of `npm run bench` (issue 12): the review statistics of a seeded
// log of 1,000,000 reviews over 50,000 cards (the review bench's generator), against the
// replay of the same events into a `ReviewHistory` (what a cold start folds); and the exam
// readiness of the 50,000 cards, against the due queue of the same cards.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildReviewQueue, readReviewLog, ReviewHistory, ReviewScheduler, type LogSegment, type QueueCard } from '../../src/core/review';
import { MemoryModel } from '../../src/core/stats/memory-model';
import { predictReadiness } from '../../src/core/stats/readiness';
import { computeReviewStats, computeReviewStatsInSlices, type StatsCard } from '../../src/core/stats/review-stats';
import { reviewStatsFromLog } from '../../src/core/stats/stats-from-log';
import { stats, type Stats } from './measure';
import { benchCardId, benchCardNote, blockMeter, generateLog, noiseMaxBlockMs } from './review';

export interface StatsFigures {
  readonly events: number;
  readonly cards: number;
  /** `computeReviewStats` over the whole log, in one go. */
  readonly stats: Stats;
  /** `ReviewHistory.fromEvents` over the same events: the baseline. */
  readonly replay: Stats;
  readonly ratio: Stats;
  /** `computeReviewStatsInSlices` with 15 ms slices: its wall time and the longest event-loop delay. */
  readonly sliced: Stats;
  readonly slicedMaxBlockMs: number;
  readonly noiseMaxBlockMs: number;
  /** The Statistics panel's path (`reviewStatsFromLog`: read the segments' text, count with the folded history) in 15 ms slices: wall time and longest event-loop delay. */
  readonly panelMs: number;
  readonly panelMaxBlockMs: number;
  /** `predictReadiness` of all cards. */
  readonly readiness: Stats;
  /** `buildReviewQueue` of all cards: the baseline. */
  readonly queue: Stats;
}

const DAY = 86_400_000;

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

  // Statistics against the replay, interleaved so the machine's noise hits both alike.
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
    const figures = computeReviewStats({ events: read.events, cards, history, now, settings: scheduler.settings });
    const ms = performance.now() - t;
    if (figures.totals.reviews !== events) throw new Error(`stats counted ${figures.totals.reviews} reviews`);
    replayMs.push(replay);
    statsMs.push(ms);
    ratio.push(ms / replay);
    note(`stats run ${run + 1}/${runs}: stats ${Math.round(ms)} ms, replay ${Math.round(replay)} ms`);
  }
  if (!history) throw new Error('no run');

  // In slices, as the extension host would run it: the longest time the loop was held.
  const meter = blockMeter();
  const slicedMs: number[] = [];
  const blocks: number[] = [];
  for (let run = 0; run < (options.quick ? 1 : 3); run++) {
    meter.start();
    const t = performance.now();
    await computeReviewStatsInSlices({ events: read.events, cards, history, now, settings: scheduler.settings }, meter.pause, 15);
    slicedMs.push(performance.now() - t);
    blocks.push(meter.maxMs());
  }
  // The panel's path from the segments' text, as the extension host runs it: the text in
  // parts of about 1 MB cut after line breaks, as the log store reads them.
  const parts = segments.flatMap(inParts);
  meter.start();
  const panelStart = performance.now();
  const panel = await reviewStatsFromLog({ segments: parts, cards, history, settings: scheduler.settings, now }, meter.pause, 15);
  const panelMs = performance.now() - panelStart;
  const panelMaxBlockMs = meter.maxMs();
  if (panel.stats.totals.reviews !== events) throw new Error(`the panel's path counted ${panel.stats.totals.reviews} reviews`);
  segments = [];
  const noise = await noiseMaxBlockMs(2000);

  // Readiness of every card against the due queue of the same cards.
  const model = new MemoryModel(scheduler.settings);
  const h = history;
  const memory = (id: string) => h.card(id)?.schedule;
  const queueCards: QueueCard[] = cards.map((card) => ({ id: card.id, note: card.note, prompt: '', line: 1 }));
  const examDate = new Date(now + 30 * DAY).toISOString().slice(0, 10);
  const readinessMs: number[] = [];
  const queueMs: number[] = [];
  const samples = options.quick ? 5 : 15;
  for (let i = 0; i < samples + 3; i++) {
    let t = performance.now();
    const readiness = predictReadiness(cards, memory, { date: examDate }, { now, model });
    const r = performance.now() - t;
    t = performance.now();
    buildReviewQueue(queueCards, h, { now, dayStart: now - (now % DAY), newPerDay: 20, reviewsPerDay: 200 });
    const q = performance.now() - t;
    if (readiness.cardCount !== cardCount) throw new Error(`readiness of ${readiness.cardCount} cards`);
    if (i < 3) continue;
    readinessMs.push(r);
    queueMs.push(q);
  }
  return {
    events,
    cards: cardCount,
    stats: stats(statsMs),
    replay: stats(replayMs),
    ratio: stats(ratio),
    sliced: stats(slicedMs),
    slicedMaxBlockMs: Math.max(...blocks),
    noiseMaxBlockMs: noise,
    panelMs,
    panelMaxBlockMs,
    readiness: stats(readinessMs),
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
