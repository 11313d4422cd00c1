// Shared fakes of the review tests: an in-memory log store, a settable clock, fixed dates.
import { ReviewScheduler, type Clock, type LogSegment, type ReviewEvent, type ReviewLogStore, type SchedulerSettings } from '../../src/core/review';

/** 2025-01-06 09:00 UTC, a Monday: the fixed "now" of the review tests. */
export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
export const MINUTE = 60_000;
export const DAY = 86_400_000;

/** The scheduler with ts-fsrs's defaults and fuzz off (or on, when asked). */
export function testScheduler(settings: Partial<SchedulerSettings> = {}): ReviewScheduler {
  return new ReviewScheduler({ fuzz: false, ...settings });
}

/** A clock the test moves. */
export class TestClock implements Clock {
  constructor(public time = T0) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/** A log store in memory: one text per segment; `failWith` makes appends fail. */
export class MemoryLogStore implements ReviewLogStore {
  readonly segments = new Map<string, string>();
  private readonly read = new Map<string, number>();
  failWith: Error | undefined;

  constructor(readonly writerId = 'w1') {}

  async readAll(): Promise<LogSegment[]> {
    return [...this.segments].map(([name, text]) => {
      this.read.set(name, text.lastIndexOf('\n') + 1);
      return { name, text };
    });
  }

  async readNew(): Promise<LogSegment[]> {
    const out: LogSegment[] = [];
    for (const [name, text] of this.segments) {
      const from = this.read.get(name) ?? 0;
      const to = text.lastIndexOf('\n') + 1;
      if (to <= from) continue;
      out.push({ name, text: text.slice(from, to), firstLine: text.slice(0, from).split('\n').length });
      this.read.set(name, to);
    }
    return out;
  }

  async append(line: string, _event: ReviewEvent): Promise<void> {
    if (this.failWith) throw this.failWith;
    const name = `${this.writerId}.jsonl`;
    this.segments.set(name, (this.segments.get(name) ?? '') + line + '\n');
  }

  /** Every segment's text, as a later load would see it. */
  snapshot(): LogSegment[] {
    return [...this.segments].map(([name, text]) => ({ name, text }));
  }
}

/** A review event line, for hand-written logs. */
export function reviewLine(id: string, card: string, time: number, rating: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ v: 1, id, kind: 'review', card, time, rating, durationMs: 3000, ...extra });
}

/** A clock with timers that only move when the test says (`advance`): races run deterministically. */
export class ManualClock implements Clock {
  private timers: { at: number; seq: number; callback: () => void }[] = [];
  private seq = 0;
  constructor(public time = T0) {}
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { at: this.time + Math.max(0, ms), seq: ++this.seq, callback };
    this.timers.push(timer);
    return timer;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }
  /** Moves time on by `ms`, running each timer due on the way (in time order) and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = Math.max(this.time, next.at);
      next.callback();
    }
    this.time = end;
    await settle();
  }
}

/** Lets every queued promise callback and pending I/O of in-memory fakes run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** An error with a system code, as node:fs throws them. */
export function codedError(code: string): Error {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/**
 * A file system in memory for `ReviewLogFiles`, with faults on demand: `failWith` makes
 * appends throw that code, `shortWrites` makes the next append write only so many bytes.
 */
export class MemoryFileSystem {
  readonly files = new Map<string, Uint8Array>();
  readonly folders = new Set<string>();
  failWith: string | undefined;
  shortWrite: number | undefined;

  async list(folder: string): Promise<string[]> {
    if (!this.folders.has(folder)) throw codedError('ENOENT');
    const prefix = `${folder}/`;
    return [...this.files.keys()].filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes('/')).map((f) => f.slice(prefix.length));
  }
  async size(file: string): Promise<number | undefined> {
    return this.files.get(file)?.length;
  }
  async read(file: string, start: number, end: number): Promise<Uint8Array> {
    const bytes = this.files.get(file);
    if (!bytes) throw codedError('ENOENT');
    return bytes.slice(start, Math.min(end, bytes.length));
  }
  async append(file: string, bytes: Uint8Array): Promise<number> {
    if (this.failWith) throw codedError(this.failWith);
    if (!this.folders.has(file.slice(0, file.lastIndexOf('/')))) throw codedError('ENOENT');
    const n = this.shortWrite === undefined ? bytes.length : Math.min(this.shortWrite, bytes.length);
    this.shortWrite = undefined;
    this.files.set(file, concatBytes(this.files.get(file) ?? new Uint8Array(0), bytes.subarray(0, n)));
    return n;
  }
  async mkdir(folder: string): Promise<void> {
    if (this.failWith) throw codedError(this.failWith);
    this.folders.add(folder);
  }
  /** A file's text. */
  text(file: string): string {
    return new TextDecoder().decode(this.files.get(file) ?? new Uint8Array(0));
  }
  /** Replaces a file's text (another process, git, a sync tool). */
  setText(file: string, text: string): void {
    this.folders.add(file.slice(0, file.lastIndexOf('/')));
    this.files.set(file, new TextEncoder().encode(text));
  }
  appendText(file: string, text: string): void {
    this.setText(file, this.text(file) + text);
  }
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** A snapshot store in memory. */
export class MemoryStates {
  text: string | undefined;
  async read(): Promise<string | undefined> {
    return this.text;
  }
  async write(text: string): Promise<void> {
    this.text = text;
  }
}

/** A keeper of unwritten events in memory (VS Code's workspace storage in the extension). */
export class MemoryKeeper {
  lines: string[] = [];
  async read(): Promise<readonly string[]> {
    return this.lines;
  }
  async write(lines: readonly string[]): Promise<void> {
    this.lines = [...lines];
  }
}
