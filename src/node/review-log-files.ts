// The review log on disk: a folder of `<writer-id>.jsonl` segments, one per window
// session, so exactly one process ever appends to a file. Node only (no vscode), so the
// extension and the unit tests (real files, real processes) use the same code.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LogSegment, ReviewEvent, ReviewLogStore } from '../core/review';

/** The log folder cannot be written: read-only, full, or deleted. */
export class ReviewLogWriteError extends Error {
  constructor(
    message: string,
    /** The system error code (`EACCES`, `EROFS`, `ENOSPC`, `ENOENT`…). */
    readonly code: string | undefined,
    readonly folder: string,
  ) {
    super(message);
    this.name = 'ReviewLogWriteError';
  }
}

/** A writer id: a machine part and a random part, safe in file names. */
export function newWriterId(machineId: string): string {
  const machine = machineId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8) || 'machine';
  return `${machine}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

interface SegmentCursor {
  /** Bytes read so far, always just after a line break. */
  offset: number;
  /** Lines before `offset`. */
  lines: number;
}

/**
 * The files of one log folder.
 *
 * - `append` writes one line with one `write` call, then `fsync`, then resolves; lines
 *   are written one at a time in call order. If the segment does not end with a line
 *   break (a crash cut the last write short), the line is preceded by one.
 * - The folder is created on the first append. If it disappears later, appends fail with
 *   `ReviewLogWriteError` (code `ENOENT`) until `recreateFolder()` is called or it comes back.
 */
export class ReviewLogFiles implements ReviewLogStore {
  private readonly cursors = new Map<string, SegmentCursor>();
  private created = false;
  private needsLineBreak: boolean | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    /** The folder holding the segments, for example `<workspace>/.note-review/log`. */
    readonly folder: string,
    readonly writerId: string,
  ) {}

  /** This writer's file. */
  get segmentPath(): string {
    return path.join(this.folder, `${this.writerId}.jsonl`);
  }

  async readAll(): Promise<LogSegment[]> {
    const segments: LogSegment[] = [];
    for (const name of await this.segmentNames()) {
      const bytes = await readOrEmpty(path.join(this.folder, name));
      const lastBreak = bytes.lastIndexOf(0x0a);
      this.cursors.set(name, { offset: lastBreak + 1, lines: countLines(bytes, lastBreak + 1) });
      segments.push({ name, text: decode(bytes) });
    }
    return segments;
  }

  async readNew(): Promise<LogSegment[]> {
    const segments: LogSegment[] = [];
    for (const name of await this.segmentNames()) {
      const file = path.join(this.folder, name);
      let cursor = this.cursors.get(name) ?? { offset: 0, lines: 0 };
      let size: number;
      try {
        size = (await fs.promises.stat(file)).size;
      } catch {
        continue;
      }
      if (size === cursor.offset) continue;
      // A segment that shrank was replaced (a git checkout): read it again from the start; known events are ignored.
      if (size < cursor.offset) cursor = { offset: 0, lines: 0 };
      const bytes = await readRange(file, cursor.offset, size);
      const lastBreak = bytes.lastIndexOf(0x0a);
      if (lastBreak < 0) continue;
      const complete = bytes.subarray(0, lastBreak + 1);
      segments.push({ name, text: decode(complete), firstLine: cursor.lines + 1 });
      this.cursors.set(name, { offset: cursor.offset + complete.length, lines: cursor.lines + countLines(complete, complete.length) });
    }
    return segments;
  }

  append(line: string, _event?: ReviewEvent): Promise<void> {
    const run = this.queue.then(() => this.write(line));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Creates the log folder again (after it was deleted), so that pending events can be written. */
  async recreateFolder(): Promise<void> {
    await fs.promises.mkdir(this.folder, { recursive: true });
    this.created = true;
  }

  private async write(line: string): Promise<void> {
    const file = this.segmentPath;
    try {
      if (!this.created) {
        await fs.promises.mkdir(this.folder, { recursive: true });
        this.created = true;
      }
      if (this.needsLineBreak === undefined) this.needsLineBreak = !(await endsWithLineBreak(file));
      const text = `${this.needsLineBreak ? '\n' : ''}${line}\n`;
      // Open per line: a deleted folder then fails loudly instead of writing into an unlinked file.
      const handle = await fs.promises.open(file, 'a');
      try {
        this.needsLineBreak = true; // until the write is known complete
        const buffer = Buffer.from(text, 'utf8');
        const { bytesWritten } = await handle.write(buffer, 0, buffer.length);
        if (bytesWritten !== buffer.length) throw Object.assign(new Error(`short write (${bytesWritten} of ${buffer.length} bytes)`), { code: 'ENOSPC' });
        await handle.sync();
        this.needsLineBreak = false;
      } finally {
        await handle.close();
      }
      const name = path.basename(file);
      const cursor = this.cursors.get(name);
      // Our own lines need not be read back; keep the cursor after them when it was at the end.
      if (cursor) this.cursors.set(name, { offset: cursor.offset + Buffer.byteLength(text), lines: cursor.lines + text.split('\n').length - 1 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ReviewLogWriteError(describe(code, this.folder, error), code, this.folder);
    }
  }

  private async segmentNames(): Promise<string[]> {
    try {
      const names = await fs.promises.readdir(this.folder);
      return names.filter((n) => n.endsWith('.jsonl')).sort();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // No folder yet (or a file in its way): no segments; writing will report the problem.
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw error;
    }
  }
}

function describe(code: string | undefined, folder: string, error: unknown): string {
  switch (code) {
    case 'ENOENT':
      return `the review log folder ${folder} was deleted; the review is kept in memory until it can be written`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `the review log folder ${folder} is read-only; the review is kept in memory (the noteReview.reviewLog.location setting can move the log to the extension's storage)`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk holding ${folder} is full; the review is kept in memory until it can be written`;
    default:
      return `cannot write the review log in ${folder}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function endsWithLineBreak(file: string): Promise<boolean> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    const { size } = await handle.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  } finally {
    await handle?.close();
  }
}

async function readOrEmpty(file: string): Promise<Buffer> {
  try {
    return await fs.promises.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
}

async function readRange(file: string, start: number, end: number): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(end - start);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function countLines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) n++;
  return n;
}

const decoder = new TextDecoder('utf-8');

function decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
