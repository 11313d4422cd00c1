// `npm run bench`: the performance figures of issues 7 and 12, each with its baseline measured in
// the same run. Prints a table and writes bench-results.json (gitignored).
// Build: tsc -p scripts/bench/tsconfig.json (into node_modules/.cache/note-review-bench).
import { execFileSync } from 'node:child_process';
import MarkdownIt from 'markdown-it';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseNote } from '../../src/core';
import { notesMarkdown } from '../../src/core/parse/block-tree';
import { parseIncremental, updateIncremental } from '../../src/core/parse/incremental-parse';
import { ParseCache } from '../../src/core/parse/parse-cache';
import { quizCountsBySection, quizItemsOf, termItems } from '../../src/core/quiz/quiz-items';
import { NOTE_READ_AHEAD, readAhead } from '../../src/core/index/read-ahead';
import { FileParseCacheStore, parseCacheFile } from '../../src/vscode/adapters/parse-cache-store';
import { generateNote, generateNotes } from './corpus';
import { paired, repeat, stats, timeOnce, type Stats } from './measure';
import { benchReview } from './review';
import { benchScale } from './scale';
import { benchStats } from './stats';

const ROOT = path.resolve(__dirname, '../../../../..');
const SEED = 20260101;
const quick = process.argv.includes('--quick');
/** Only the notes index at scale (`npm run bench -- --scale-only`). */
const scaleOnly = process.argv.includes('--scale-only');
/** Only the statistics and readiness figures (`npm run bench -- --stats-only`). */
const statsOnly = process.argv.includes('--stats-only');
const RUNS = quick ? 3 : 7;

interface Row {
  name: string;
  value: string;
  target: string;
  note?: string;
}
const rows: Row[] = [];
const results: Record<string, unknown> = { machine: { cpus: os.cpus().length, node: process.version, runs: RUNS, seed: SEED } };

function fmt(s: Stats, digits = 2): string {
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}
function put(key: string, value: unknown): void {
  results[key] = value;
}

function benchParse(): void {
  const note = generateNote(10_000_000, SEED);
  // The baseline is markdown-it as shipped, with the options of our parser. Our own
  // instances create tokens faster (see useDirectTokens in src/core/parse/block-tree.ts): that
  // is part of what is measured, not of the baseline. Their full parse is reported beside.
  const md = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
  const r = paired(() => md.parse(note, {}), () => parseNote(note), { warmup: 1, runs: RUNS });
  put('parse.ratio', r.ratio.median);
  put('parse.ratioRange', [r.ratio.min, r.ratio.max]);
  put('parse.markdownItMs', r.baseline);
  put('parse.parseNoteMs', r.subject);
  rows.push({ name: 'parse.ratio (10 MB: parseNote / markdown-it parse)', value: fmt(r.ratio), target: '≤ 1.25', note: `stock markdown-it ${fmt(r.baseline, 0)} ms, parseNote ${fmt(r.subject, 0)} ms` });
  const ours = notesMarkdown();
  const t = paired(() => ours.parse(note, {}), () => parseNote(note), { warmup: 1, runs: RUNS });
  put('parse.ratioToTunedMarkdownIt', t.ratio.median);
  put('parse.ratioToTunedMarkdownItRange', [t.ratio.min, t.ratio.max]);
  rows.push({ name: '  parseNote / our markdown-it instance\'s full parse', value: fmt(t.ratio), target: '', note: `markdown-it with direct tokens ${fmt(t.baseline, 0)} ms` });
  for (const size of [100_000, 1_000_000]) {
    const text = generateNote(size, SEED + size);
    const s = paired(() => md.parse(text, {}), () => parseNote(text), { warmup: 2, runs: RUNS });
    put(`parse.ratio${size / 1000}KB`, s.ratio.median);
    rows.push({ name: `  parse ratio on ${size / 1000} KB`, value: fmt(s.ratio), target: '', note: `markdown-it ${fmt(s.baseline)} ms, parseNote ${fmt(s.subject)} ms` });
  }
}

function benchIncremental(): void {
  const text = generateNote(1_000_000, SEED + 1);
  const lines = text.split('\n');
  // A one-line edit in the middle of the note: a word typed into a paragraph line.
  const at = lines.findIndex((l, i) => i > lines.length / 2 && /^[A-Z]/.test(l));
  const edited = [...lines.slice(0, at), lines[at].replace(' ', ' edited '), ...lines.slice(at + 1)].join('\n');
  const base = parseIncremental(text);
  const check = updateIncremental(base, edited).note;
  if (JSON.stringify(check) !== JSON.stringify(parseNote(edited))) throw new Error('incremental update differs from the full parse');
  // Per edit in steady state: what each way costs when it runs edit after edit. Each timed
  // call makes several edits in a row (2 full parses, 20 updates), so that a collection of
  // the other side's garbage lands on one edit of many, not on the single 1-ms update
  // right after a 40-ms full parse; figures are per edit.
  const FULL_EDITS = 2;
  const UPDATE_EDITS = 20;
  const perEdit = paired(
    () => {
      for (let k = 0; k < FULL_EDITS; k++) parseNote(edited);
    },
    () => {
      for (let k = 0; k < UPDATE_EDITS; k++) updateIncremental(base, edited);
    },
    { warmup: 2, runs: RUNS },
  );
  const scale = (x: Stats, n: number): Stats => ({ median: x.median / n, min: x.min / n, max: x.max / n, runs: x.runs });
  const ratio = scale(perEdit.ratio, UPDATE_EDITS / FULL_EDITS);
  const r = { baseline: scale(perEdit.baseline, FULL_EDITS), subject: scale(perEdit.subject, UPDATE_EDITS), ratio };
  const speedups = r.ratio;
  const speedup = stats([1 / speedups.median]);
  put('incremental.speedup', 1 / speedups.median);
  put('incremental.speedupRange', [1 / speedups.max, 1 / speedups.min]);
  put('incremental.fullMs', r.baseline);
  put('incremental.updateMs', r.subject);
  put('incremental.chunks', base.chunks.length);
  rows.push({ name: 'incremental.speedup (1 MB, one-line edit)', value: `${speedup.median.toFixed(1)} (${(1 / speedups.max).toFixed(1)}–${(1 / speedups.min).toFixed(1)})`, target: '≥ 10', note: `full ${fmt(r.baseline)} ms, update ${fmt(r.subject)} ms, ${base.chunks.length} chunks` });
}

/**
 * Indexing 1,000 notes of 10 KB as the extension does at startup, through the real cache
 * layer: each note is read from disk and decoded as UTF-8, then parsed or taken from the
 * `ParseCache`, whose snapshot is a file written by `FileParseCacheStore` (temporary file
 * and rename). Cold: no snapshot file (it is written at the end, as after a first start).
 * Warm: a new cache over the snapshot file the cold run wrote (a second start).
 */
async function benchIndex(): Promise<void> {
  const notes = generateNotes(1000, 10_000, SEED + 2);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-bench-index-'));
  const files = notes.map((text, i) => {
    const file = path.join(dir, 'notes', `note-${i}.md`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return { file, key: `notes/note-${i}.md` };
  });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const indexAll = async (cache: ParseCache): Promise<void> => {
    await cache.load();
    // Read like the extension's index does: in order, a few files ahead.
    for await (const [{ key }, bytes] of readAhead(files, ({ file }) => fs.promises.readFile(file), NOTE_READ_AHEAD)) cache.parse(decoder.decode(bytes), { noteKey: key });
    await cache.save();
  };
  const cold: number[] = [];
  const warm: number[] = [];
  const ratio: number[] = [];
  let snapshotBytes = 0;
  try {
    for (let run = 0; run < RUNS + 1; run++) {
      const storage = path.join(dir, `storage-${run}`);
      const coldCache = new ParseCache(new FileParseCacheStore(parseCacheFile(storage)), { version: 'bench' });
      const c = await timeAsync(() => indexAll(coldCache));
      snapshotBytes = fs.statSync(parseCacheFile(storage)).size;
      const warmCache = new ParseCache(new FileParseCacheStore(parseCacheFile(storage)), { version: 'bench' });
      const w = await timeAsync(() => indexAll(warmCache));
      if (warmCache.counts().misses !== 0) throw new Error(`warm cache parsed ${warmCache.counts().misses} notes`);
      if (coldCache.counts().misses !== notes.length) throw new Error(`cold cache parsed ${coldCache.counts().misses} notes`);
      if (run === 0) continue; // warm-up
      cold.push(c);
      warm.push(w);
      ratio.push(c / w);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const cs = stats(cold);
  const ws = stats(warm);
  const rs = stats(ratio);
  put('index.coldMs', cs.median);
  put('index.coldMsRange', [cs.min, cs.max]);
  put('index.warmMs', ws.median);
  put('index.warmMsRange', [ws.min, ws.max]);
  put('index.speedup', rs.median);
  put('index.speedupRange', [rs.min, rs.max]);
  put('index.snapshotBytes', snapshotBytes);
  rows.push({ name: 'index.coldMs (1,000 × 10 KB, empty cache)', value: fmt(cs, 0), target: '', note: 'read + decode + parse each note, write the snapshot file' });
  rows.push({ name: 'index.warmMs (same, snapshot file from the cold run)', value: fmt(ws, 0), target: '', note: 'read the snapshot, read + decode each note, take its parse' });
  rows.push({ name: 'index.speedup', value: fmt(rs, 1), target: '≥ 3', note: `cold / warm per run; FileParseCacheStore snapshot ${(snapshotBytes / 1e6).toFixed(1)} MB` });
}

async function timeAsync(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function benchLookups(): void {
  const text = generateNote(1_000_000, SEED + 3);
  const note = parseNote(text); // the cached model
  const lines = text.split('\n');
  const glossaryPath = path.join(__dirname, '../../src/core/editor/glossary.js');
  const masksPath = path.join(__dirname, '../../src/core/editor/answer-masks.js');
  if (fs.existsSync(glossaryPath)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Glossary } = require(glossaryPath) as typeof import('../../src/core/editor/glossary');
    const glossary = new Glossary();
    glossary.setNote('bench.md', note.terms);
    // Hover positions: on the first word of lines that hold a paragraph.
    const targets = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^[A-Z]/.test(l)).slice(0, 1000);
    const batch = (): void => {
      for (const { l } of targets) glossary.lookupAt(l, 2);
    };
    const s = repeat(batch, { warmup: 3, runs: RUNS });
    const per = { median: s.median / targets.length, min: s.min / targets.length, max: s.max / targets.length, runs: s.runs };
    put('lookup.hoverMedianMs', per.median);
    put('lookup.hoverRangeMs', [per.min, per.max]);
    rows.push({ name: 'lookup.hoverMedianMs (Glossary.lookupAt, 1 MB note)', value: fmt(per, 4), target: '< 1', note: `${note.terms.length} terms; batches of ${targets.length} lookups` });
  } else {
    rows.push({ name: 'lookup.hoverMedianMs', value: 'not measured', target: '< 1', note: 'src/core/editor/glossary.ts missing' });
  }
  if (fs.existsSync(masksPath)) {
    // What the answer-hiding lens provider does per request from the cached parse: the
    // hideable cards of the parse (built once per parse) and one lens per card and per
    // section that holds cards.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { HideableCards } = require(masksPath.replace('answer-masks', 'hideable-cards')) as typeof import('../../src/core/editor/hideable-cards');
    const lensRequest = (): number => {
      const cards = HideableCards.of(note);
      const lenses: { line: number; id?: string }[] = [];
      for (const section of note.sections) if (cards.countInSection(section) > 0) lenses.push({ line: section.line });
      for (const card of cards.cards) lenses.push({ line: card.line, id: card.id });
      return lenses.length;
    };
    const s = repeat(lensRequest, { warmup: 3, runs: RUNS });
    put('lookup.lensMedianMs', s.median);
    put('lookup.lensRangeMs', [s.min, s.max]);
    rows.push({ name: 'lookup.lensMedianMs (answer lenses per request, 1 MB note)', value: fmt(s, 3), target: '< 1', note: `${lensRequest()} lenses from the cached parse` });
    // The masks of every card (what the decorations paint when a whole note is hidden).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { answerMasks } = require(masksPath) as typeof import('../../src/core/editor/answer-masks');
    const m = repeat(() => answerMasks(text, note), { warmup: 3, runs: RUNS });
    put('lookup.masksWholeNoteMs', m.median);
    rows.push({ name: 'lookup.masksWholeNoteMs (answerMasks, every card of the 1 MB note)', value: fmt(m, 3), target: '-', note: `${note.cards.length} cards` });
  } else {
    rows.push({ name: 'lookup.lensMedianMs', value: 'not measured', target: '< 1', note: 'src/core/editor/answer-masks.ts missing' });
  }
}

/**
 * The "Quiz this section" code lenses after an edit (their counts are cached per parse,
 * so an edit always pays this): every section's quiz item count, term cards included,
 * and "Quiz This Note" (every quiz item of the note). Baseline, paired in the same run:
 * stock markdown-it's parse of the same 1 MB note.
 */
function benchQuizLens(): void {
  const text = generateNote(1_000_000, SEED + 3);
  const note = parseNote(text);
  const uri = 'file:///bench/notes.md';
  const md = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
  const lensRequest = (): number => quizCountsBySection(note, 'both').filter((c) => c.count > 0).length;
  const lens = paired(() => md.parse(text, {}), lensRequest, { warmup: 3, runs: RUNS });
  put('lookup.quizLensMs', lens.subject.median);
  put('lookup.quizLensMsRange', [lens.subject.min, lens.subject.max]);
  put('lookup.quizLensRatioToMarkdownIt', lens.ratio.median);
  const terms = termItems(note, uri).length;
  rows.push({
    name: 'lookup.quizLensMs (quiz lens counts, 1 MB note)',
    value: fmt(lens.subject),
    target: '< 50',
    note: `${fmt(lens.ratio, 3)} × stock markdown-it's parse of the note (${fmt(lens.baseline, 0)} ms); ${lensRequest()} lenses, ${note.terms.length} terms, ${terms} term cards`,
  });
  const whole = paired(() => md.parse(text, {}), () => quizItemsOf(note, uri), { warmup: 3, runs: RUNS });
  put('lookup.quizNoteMs', whole.subject.median);
  put('lookup.quizNoteRatioToMarkdownIt', whole.ratio.median);
  rows.push({ name: '  quizItemsOf ("Quiz This Note", 1 MB note)', value: fmt(whole.subject), target: '', note: `${fmt(whole.ratio, 3)} × markdown-it's parse (${fmt(whole.baseline, 0)} ms)` });
}

function benchBundle(): void {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-bench-'));
  const vsix = path.join(out, 'note-review.vsix');
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], { cwd: ROOT, stdio: 'pipe' });
    const extensionBytes = fs.statSync(path.join(ROOT, 'dist/extension.js')).size;
    const vsixBytes = fs.statSync(vsix).size;
    put('bundle.extensionBytes', extensionBytes);
    put('bundle.vsixBytes', vsixBytes);
    rows.push({ name: 'bundle.extensionBytes (production)', value: String(extensionBytes), target: '' });
    rows.push({ name: 'bundle.vsixBytes', value: String(vsixBytes), target: '< 1,000,000' });
  } catch (error) {
    rows.push({ name: 'bundle', value: 'not measured', target: '', note: `vsce package failed: ${String((error as { stderr?: Buffer }).stderr ?? error).slice(0, 200)}` });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

async function runReviewBench(step: (name: string) => void): Promise<void> {
  const r = await benchReview({ seed: SEED + 4, quick, log: (line) => step(`  ${line}`) });
  const speedup = stats([r.cold.median / r.warm.median]);
  put('review.coldReplayMs', r.cold.median);
  put('review.coldReplayMsRange', [r.cold.min, r.cold.max]);
  put('review.coldReplayRuns', r.cold.runs);
  put('review.coldMaxBlockMs', r.coldMaxBlock.max);
  put('review.warmStartMs', r.warm.median);
  put('review.warmStartMsRange', [r.warm.min, r.warm.max]);
  put('review.warmStartRuns', r.warm.runs);
  put('review.warmMaxBlockMs', r.warmMaxBlock.max);
  put('review.verifyMs', r.verify.median);
  put('review.noiseMaxBlockMs', r.noiseMaxBlockMs);
  put('review.warmSpeedup', speedup.median);
  put('review.queueMs', r.queue.median);
  put('review.queueMsRange', [r.queue.min, r.queue.max]);
  put('review.sortBaselineMs', r.sortBaseline.median);
  put('review.sortBaselineMsRange', [r.sortBaseline.min, r.sortBaseline.max]);
  put('review.logBytes', r.logBytes);
  put('review.snapshotBytes', r.snapshotBytes);
  put('review.snapshotSaveMs', r.saveMs);
  const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
  rows.push({ name: `review.coldReplayMs (${r.events.toLocaleString('en')} reviews, ${r.cards.toLocaleString('en')} cards)`, value: fmt(r.cold, 0), target: '', note: `${mb(r.logBytes)} log read, validated and folded in slices; ${r.cold.runs} runs; longest event-loop delay ${r.coldMaxBlock.max.toFixed(0)} ms (2 ms slices alone: ${r.noiseMaxBlockMs.toFixed(0)} ms)` });
  rows.push({ name: 'review.warmStartMs (snapshot + tail)', value: fmt(r.warm, 0), target: '< 1000', note: `${mb(r.snapshotBytes)} snapshot + ${r.tailEvents} lines appended in two segments; ${speedup.median.toFixed(1)}× faster than the cold replay; longest event-loop delay ${r.warmMaxBlock.max.toFixed(0)} ms` });
  rows.push({ name: 'review.verifyMs (after a warm start, in the background)', value: fmt(r.verify, 0), target: '', note: `CRC-32 of every byte the snapshot's marks cover, read in 1 MB slices; no snapshot is saved before it passed` });
  rows.push({ name: 'review.queueMs (due queue of all cards)', value: fmt(r.queue, 2), target: '< 20', note: `baseline: plain sort of the ${r.cards.toLocaleString('en')} states by due time ${fmt(r.sortBaseline, 2)} ms` });
}

async function runStatsBench(step: (name: string) => void): Promise<void> {
  const r = await benchStats({ seed: SEED + 5, quick, log: (line) => step(`  ${line}`) });
  const n = (x: number) => x.toLocaleString('en');
  const longest = (x: { maxSliceMs: number; maxBlockMs: number }) => `longest slice ${x.maxSliceMs.toFixed(1)} ms, longest event-loop delay ${x.maxBlockMs.toFixed(0)} ms`;
  put('stats.ms', r.panel.ms.median);
  put('stats.msRange', [r.panel.ms.min, r.panel.ms.max]);
  put('stats.maxSliceMs', r.panel.maxSliceMs);
  put('stats.maxBlockMs', r.panel.maxBlockMs);
  put('stats.replayBaselineMs', r.replay.median);
  put('stats.ratioToReplay', r.panel.ms.median / r.replay.median);
  put('stats.afterRatingMs', r.afterRating.ms.median);
  put('stats.afterRatingMaxSliceMs', r.afterRating.maxSliceMs);
  put('stats.afterRatingMaxBlockMs', r.afterRating.maxBlockMs);
  put('stats.fromSnapshotMs', r.fromSnapshot.ms.median);
  put('stats.fromSnapshotMaxSliceMs', r.fromSnapshot.maxSliceMs);
  put('stats.fromSnapshotMaxBlockMs', r.fromSnapshot.maxBlockMs);
  put('stats.oneGoMs', r.stats.median);
  put('stats.oneGoRatioToReplay', r.ratio.median);
  put('stats.noiseMaxBlockMs', r.noiseMaxBlockMs);
  put('readiness.ms', r.readiness.median);
  put('readiness.msRange', [r.readiness.min, r.readiness.max]);
  put('readiness.afterRatingMs', r.readinessAfterRating.median);
  put('readiness.queueBaselineMs', r.queue.median);
  put('readiness.ratioToQueue', r.readiness.median / r.queue.median);
  const maxSlice = Math.max(r.panel.maxSliceMs, r.afterRating.maxSliceMs, r.fromSnapshot.maxSliceMs);
  put('stats.maxSliceMsOverall', maxSlice);
  rows.push({
    name: `stats.ms (${n(r.events)} reviews, ${n(r.cards)} cards)`,
    value: fmt(r.panel.ms, 0),
    target: '< 2000',
    note: `the Statistics panel's first computation (LiveStats, every figure with readiness over 30 days) over the history loaded from the log, in 15 ms slices as on the extension host; ${longest(r.panel)}; baseline: replay of the same events into a ReviewHistory ${fmt(r.replay, 0)} ms (stats / replay ${(r.panel.ms.median / r.replay.median).toFixed(2)})`,
  });
  rows.push({ name: '  stats.maxSliceMs (longest slice of the first computation)', value: r.panel.maxSliceMs.toFixed(1), target: '≤ 50', note: `slices of 15 ms asked, measured between pauses; longest of the three below ${maxSlice.toFixed(1)} ms; 2 ms slices alone show event-loop delays up to ${r.noiseMaxBlockMs.toFixed(0)} ms on this machine now` });
  rows.push({ name: '  stats.afterRatingMs (the panel again after a rating)', value: fmt(r.afterRating.ms, 0), target: '', note: `one card folded again, the others' folds and recall samples kept; ${longest(r.afterRating)}` });
  rows.push({ name: '  stats.fromSnapshotMs (first computation after a snapshot start)', value: fmt(r.fromSnapshot.ms, 0), target: '', note: `the log's text read, validated and folded (the history holds only the events since the snapshot); ${longest(r.fromSnapshot)}` });
  rows.push({ name: '  stats.oneGoMs (computeReviewStats, note-review stats)', value: fmt(r.stats, 0), target: '', note: `in one go, from the events read; stats / replay ${fmt(r.ratio)}` });
  rows.push({ name: `readiness.ms (${n(r.cards)} cards)`, value: fmt(r.readiness, 1), target: '< 100', note: `nothing kept; baseline: the due queue of the same cards ${fmt(r.queue, 1)} ms (readiness / queue ${(r.readiness.median / r.queue.median).toFixed(2)})` });
  rows.push({ name: '  readiness.afterRatingMs (ReadinessCache)', value: fmt(r.readinessAfterRating, 1), target: '', note: `one card's recall computed again, as the extension does after a rating (readiness / queue ${(r.readinessAfterRating.median / r.queue.median).toFixed(2)})` });
}

async function runScaleBench(step: (name: string) => void): Promise<void> {
  const r = await benchScale({ seed: SEED + 6, notes: quick ? 2000 : 10_000, runs: RUNS, log: (line) => step(`  ${line}`) });
  const n = r.notes.toLocaleString('en');
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  put('scale.notes', r.notes);
  put('scale.notesBytes', r.notesBytes);
  put('scale.coldIndexMs', r.coldMs);
  put('scale.coldSaveMs', r.coldSaveMs);
  put('scale.coldMaxBlockMs', r.coldMaxBlockMs);
  put('scale.warmIndexMs', r.warmMs.median);
  put('scale.warmIndexMsRange', [r.warmMs.min, r.warmMs.max]);
  put('scale.warmMaxBlockMs', r.warmMaxBlockMs);
  put('scale.maxBlockMs', Math.max(r.coldMaxBlockMs, r.warmMaxBlockMs));
  put('scale.noiseMaxBlockMs', r.noiseMaxBlockMs);
  put('scale.retainedHeapBytes', r.retainedBytes);
  put('scale.retainedHeapRatio', r.retainedBytes / r.notesBytes);
  put('scale.snapshotBytes', r.snapshotBytes);
  put('scale.readAllMs', r.readAllMs.median);
  put('scale.warmVsReadAll', r.warmMs.median / r.readAllMs.median);
  put('index.warmVsRead', r.warmVsRead.median);
  put('index.warmVsReadRange', [r.warmVsRead.min, r.warmVsRead.max]);
  put('index.warm1000Ms', r.warm1000Ms.median);
  put('index.read1000Ms', r.read1000Ms.median);
  rows.push({ name: `scale.coldIndexMs (${n} notes, ${mb(r.notesBytes)})`, value: r.coldMs.toFixed(0), target: '', note: `read + parse every note; then the ${mb(r.snapshotBytes)} snapshot saved in ${r.coldSaveMs.toFixed(0)} ms, streamed` });
  rows.push({ name: 'scale.warmIndexMs (same, from the snapshot)', value: fmt(r.warmMs, 0), target: '≤ 1000', note: `${r.warmUnread.toLocaleString('en')} notes recalled on modification time and size, unread` });
  rows.push({ name: 'scale.warmVsReadAll (warm start / reading every note)', value: (r.warmMs.median / r.readAllMs.median).toFixed(2), target: '', note: `reading the ${n} notes (16 reads ahead) ${fmt(r.readAllMs, 0)} ms, same run` });
  rows.push({ name: 'scale.maxBlockMs (longest event-loop block)', value: Math.max(r.coldMaxBlockMs, r.warmMaxBlockMs).toFixed(0), target: '≤ 50', note: `cold start and save ${r.coldMaxBlockMs.toFixed(0)} ms, warm start ${r.warmMaxBlockMs.toFixed(0)} ms; 2 ms slices alone, same run: ${r.noiseMaxBlockMs.toFixed(0)} ms` });
  rows.push({ name: 'scale.retainedHeapRatio (heap / notes\' size)', value: (r.retainedBytes / r.notesBytes).toFixed(2), target: '≤ 2', note: `${mb(r.retainedBytes)} retained by the warm index over ${mb(r.notesBytes)} of notes` });
  rows.push({ name: 'index.warmVsRead (1,000 notes: warm start / reading them)', value: fmt(r.warmVsRead, 2), target: '≤ 3', note: `warm start ${fmt(r.warm1000Ms, 0)} ms, reading the notes ${fmt(r.read1000Ms, 0)} ms (16 reads ahead), same run` });
}

async function main(): Promise<void> {
  const started = Date.now();
  const step = (name: string): void => console.error(`[bench] ${name} (${Math.round((Date.now() - started) / 1000)} s)`);
  if (scaleOnly) {
    step('scale');
    await runScaleBench(step);
    return report(started);
  }
  if (statsOnly) {
    step('stats');
    await runStatsBench(step);
    return report(started);
  }
  step('parse');
  benchParse();
  step('incremental');
  benchIncremental();
  step('index');
  await benchIndex();
  step('lookups');
  benchLookups();
  step('quiz lens');
  benchQuizLens();
  step('review');
  if (!process.argv.includes('--no-review')) await runReviewBench(step);
  step('stats');
  if (!process.argv.includes('--no-stats')) await runStatsBench(step);
  step('scale');
  if (!process.argv.includes('--no-scale')) await runScaleBench(step);
  step('bundle');
  if (!process.argv.includes('--no-bundle')) benchBundle();
  report(started);
}

function report(started: number): void {
  put('totalSeconds', (Date.now() - started) / 1000);
  const width = Math.max(...rows.map((r) => r.name.length));
  const valueWidth = Math.max(...rows.map((r) => r.value.length));
  console.log(`\nmedian (min–max) of ${RUNS} runs, ${os.cpus().length} CPUs, Node ${process.version}\n`);
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.value.padEnd(valueWidth)}  ${r.target.padEnd(11)}  ${r.note ?? ''}`);
  fs.writeFileSync(path.join(ROOT, 'bench-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote bench-results.json in ${Math.round((Date.now() - started) / 1000)} s`);
}

void timeOnce;
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
