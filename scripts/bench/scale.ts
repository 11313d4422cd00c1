// The notes index at scale (issue 13): a generated workspace of 10,000 notes indexed by the
// core's NotesIndex over Node's file system, cold (no snapshot) and warm (the snapshot the
// cold start saved), with the longest event-loop block and the heap the index retains;
// and, over 1,000 notes, the warm start against merely reading those notes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { DEFAULT_FLASHCARD_SEPARATORS } from '../../src/core';
import type { NoteDocument, NoteFileStat, NoteSettings, NoteSource } from '../../src/core/index/note-source';
import { NotesIndex } from '../../src/core/index/notes-index';
import { NOTE_READ_AHEAD, readAhead } from '../../src/core/index/read-ahead';
import { Emitter } from '../../src/core/util/emitter';
import { FileParseCacheStore } from '../../src/vscode/adapters/parse-cache-store';
import { generateNote } from './corpus';
import { noiseMaxBlockMs } from './review';
import { stats, type Stats } from './measure';

type Doc = NoteDocument<string>;

/** VS Code's default `files.exclude`: what every note is checked against. */
const DEFAULT_EXCLUDES = ['**/.git', '**/.svn', '**/.hg', '**/CVS', '**/.DS_Store', '**/Thumbs.db'];

/** A folder of notes on disk as a note source: no editors, no events. */
export class FolderNoteSource implements NoteSource<string, Doc> {
  private readonly events = new Emitter<never>();
  readonly onDidChange = this.events.event;
  constructor(private readonly root: string) {}
  idOf(ref: string): string {
    return ref;
  }
  pathOf(ref: string): string {
    return ref;
  }
  isUntitled(): boolean {
    return false;
  }
  relativePath(ref: string): string | undefined {
    const relative = path.relative(this.root, ref);
    return relative.startsWith('..') ? undefined : relative.split(path.sep).join('/');
  }
  noteKeyOf(ref: string): string {
    return this.relativePath(ref) ?? ref;
  }
  async findNotes(under?: string): Promise<string[]> {
    // Folder by folder: Node's recursive readdir lists 10,000 files in one block of about
    // 50 ms, a cost the extension's findFiles (run by another process) does not have.
    const notes: string[] = [];
    const folders = [under ?? this.root];
    for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
      for (const entry of await fs.promises.readdir(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) folders.push(full);
        else if (/\.(md|markdown)$/i.test(entry.name)) notes.push(full);
      }
    }
    return notes;
  }
  async stat(ref: string): Promise<NoteFileStat | undefined> {
    try {
      const stat = await fs.promises.stat(ref);
      return { isDirectory: stat.isDirectory(), size: stat.size, mtime: stat.mtimeMs };
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
  }
  async read(ref: string): Promise<Uint8Array | undefined> {
    try {
      return await fs.promises.readFile(ref);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
  }
  openDocuments(): readonly Doc[] {
    return [];
  }
  isNoteDocument(): boolean {
    return false;
  }
  settings(): NoteSettings {
    return { flashcards: { ...DEFAULT_FLASHCARD_SEPARATORS }, maxNoteBytes: 5 * 1024 * 1024, exclude: DEFAULT_EXCLUDES };
  }
}

const silentLog = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const hostTimers = { setTimeout: (callback: () => void, ms: number): unknown => setTimeout(callback, ms), clearTimeout: (handle: unknown): void => clearTimeout(handle as ReturnType<typeof setTimeout>) };
/** The extension host's pause (see src/vscode/adapters/notes-index.ts). */
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function newIndex(root: string, snapshot: string): NotesIndex<string, Doc> {
  return new NotesIndex<string, Doc>({ source: new FolderNoteSource(root), log: silentLog, now: Date.now, timers: hostTimers, pause, cache: { store: new FileParseCacheStore(snapshot), version: 'bench' } });
}

/** Records the longest gap between turns of the event loop while `work` runs. */
export async function withBlockProbe<T>(work: () => Promise<T>): Promise<{ result: T; maxBlockMs: number }> {
  let last = performance.now();
  let maxBlockMs = 0;
  let running = true;
  const tick = (): void => {
    const now = performance.now();
    maxBlockMs = Math.max(maxBlockMs, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return { result: await work(), maxBlockMs };
  } finally {
    running = false;
  }
}

/** A full garbage collection (V8's `gc`, reached without a command-line flag). */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/**
 * A start done as the views see it: the index ready, then every note listed in order with
 * its card count (what the Sections view shows first).
 */
async function listed(index: NotesIndex<string, Doc>): Promise<number> {
  await index.whenReady();
  return index.all().reduce((cards, entry) => cards + entry.note.cards.length, 0);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Writes `count` generated notes of about `bytes` each under `root`, 100 a folder; returns their total size. */
export function writeWorkspace(root: string, count: number, bytes: number, seed: number): number {
  let total = 0;
  for (let n = 0; n < count; n++) {
    const folder = path.join(root, `part-${Math.floor(n / 100)}`);
    if (n % 100 === 0) fs.mkdirSync(folder, { recursive: true });
    const text = generateNote(bytes, seed * 100_003 + n);
    fs.writeFileSync(path.join(folder, `note-${n}.md`), text);
    total += Buffer.byteLength(text);
  }
  return total;
}

export interface ScaleResult {
  readonly notes: number;
  readonly notesBytes: number;
  readonly coldMs: number;
  readonly coldSaveMs: number;
  readonly coldMaxBlockMs: number;
  readonly warmMs: Stats;
  readonly warmMaxBlockMs: number;
  readonly warmUnread: number;
  /** The longest event-loop delay while only 2 ms slices ran, after the warm starts: the machine's own noise. */
  readonly noiseMaxBlockMs: number;
  readonly snapshotBytes: number;
  readonly retainedBytes: number;
  readonly warmVsRead: Stats;
  /** Reading every note of the big workspace (16 reads ahead), same run. */
  readonly readAllMs: Stats;
  readonly warm1000Ms: Stats;
  readonly read1000Ms: Stats;
}

export async function benchScale(options: { seed: number; notes: number; runs: number; log: (line: string) => void }): Promise<ScaleResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-bench-scale-'));
  try {
    const root = path.join(dir, 'workspace');
    options.log(`writing ${options.notes.toLocaleString('en')} notes`);
    const notesBytes = writeWorkspace(root, options.notes, 11_000, options.seed);
    const snapshot = path.join(dir, 'storage', 'parse-cache.json');

    options.log('cold start');
    const cold = newIndex(root, snapshot);
    const coldRun = await withBlockProbe(async () => {
      const indexMs = await time(() => cold.whenReady());
      const saveMs = await time(() => cold.flushCache());
      return { indexMs, saveMs };
    });
    if (cold.counts().diskParses !== options.notes) throw new Error(`cold start parsed ${cold.counts().diskParses} notes`);
    cold.dispose();
    const snapshotBytes = fs.statSync(snapshot).size;

    options.log('warm starts');
    const warmTimes: number[] = [];
    let warmMaxBlockMs = 0;
    let warmUnread = 0;
    let retainedBytes = 0;
    for (let run = 0; run < options.runs; run++) {
      collectGarbage();
      const before = process.memoryUsage().heapUsed;
      const warm = newIndex(root, snapshot);
      const w = await withBlockProbe(() => time(() => listed(warm)));
      warmTimes.push(w.result);
      warmMaxBlockMs = Math.max(warmMaxBlockMs, w.maxBlockMs);
      warmUnread = warm.counts().unreadHits;
      if (warm.counts().diskParses !== 0) throw new Error(`warm start parsed ${warm.counts().diskParses} notes`);
      // What the index holds once ready: every note's parse (the snapshot's unused lines dropped).
      await warm.flushCache();
      collectGarbage();
      retainedBytes = Math.max(retainedBytes, process.memoryUsage().heapUsed - before);
      if (warm.all().length !== options.notes) throw new Error('notes missing');
      if (warm.all().some((n) => n.note.lineCount === 0)) throw new Error('a note without its parse');
      warm.dispose();
    }

    const noise = await noiseMaxBlockMs(2000);

    options.log('reading every note (the baseline of the warm start)');
    const allFiles = await new FolderNoteSource(root).findNotes();
    const readTimes: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      readTimes.push(
        await time(async () => {
          for await (const [, bytes] of readAhead(allFiles, (file) => fs.promises.readFile(file), NOTE_READ_AHEAD)) if (bytes.length === 0) throw new Error('empty note');
        }),
      );
    }

    options.log('warm start over 1,000 notes against reading them');
    const small = path.join(dir, 'small');
    writeWorkspace(small, 1000, 11_000, options.seed + 1);
    const smallSnapshot = path.join(dir, 'storage-small', 'parse-cache.json');
    const first = newIndex(small, smallSnapshot);
    await first.whenReady();
    await first.flushCache();
    first.dispose();
    const files = await new FolderNoteSource(small).findNotes();
    const readAll = async (): Promise<void> => {
      for await (const [, bytes] of readAhead(files, (file) => fs.promises.readFile(file), NOTE_READ_AHEAD)) if (bytes.length === 0) throw new Error('empty note');
    };
    const warmSmall = async (): Promise<void> => {
      const index = newIndex(small, smallSnapshot);
      await listed(index);
      if (index.counts().diskParses !== 0) throw new Error('warm start parsed notes');
      index.dispose();
    };
    await readAll();
    await warmSmall();
    const reads: number[] = [];
    const warms: number[] = [];
    const ratios: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      // Alternate which goes first, so neither always runs on a freshly collected heap.
      const r = run % 2 === 0 ? await time(readAll) : undefined;
      const w = await time(warmSmall);
      const r2 = r ?? (await time(readAll));
      reads.push(r2);
      warms.push(w);
      ratios.push(w / r2);
    }
    return {
      notes: options.notes,
      notesBytes,
      coldMs: coldRun.result.indexMs,
      coldSaveMs: coldRun.result.saveMs,
      coldMaxBlockMs: coldRun.maxBlockMs,
      warmMs: stats(warmTimes),
      warmMaxBlockMs,
      warmUnread,
      noiseMaxBlockMs: noise,
      snapshotBytes,
      retainedBytes,
      warmVsRead: stats(ratios),
      readAllMs: stats(readTimes),
      warm1000Ms: stats(warms),
      read1000Ms: stats(reads),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
