// The review log on disk: a folder of `<writer-id>.jsonl` segments, one per window
// session, so exactly one process ever appends to a file. Node only (no vscode), so the
// extension and the unit tests (real files, real processes) use the same code.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LogSegment, ReviewEvent, ReviewLogStore, ReviewStateStore, SegmentMark } from '../core/review';

/** Bytes read per call: big files come as several parts, so that no decode blocks for long. */
const CHUNK_BYTES = 1024 * 1024;
/** Bytes hashed at the start of a segment and just before a mark (see `marks`). */
const CHECK_BYTES = 64 * 1024;

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
  /** A segment read before is gone (see lostSegments). */
  private lost = false;
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

  /** Every segment, each in parts of about 1 MB that end at line breaks (the last part may not). */
  async readAll(): Promise<LogSegment[]> {
    const segments: LogSegment[] = [];
    // A whole read starts over: segments gone since the last read are forgotten, not lost.
    this.cursors.clear();
    this.lost = false;
    for (const name of await this.segmentNames()) {
      const { parts, cursor } = await readParts(path.join(this.folder, name), name, { offset: 0, lines: 0 });
      this.cursors.set(name, cursor);
      segments.push(...parts);
    }
    return segments;
  }

  /**
   * Each segment's read position, with a check: a SHA-1 of the segment's first 64 KB and
   * of the 64 KB before the position. Segments are only ever appended to, so a segment
   * rewritten by hand, cut short or replaced by a git checkout changes one of the two (or
   * its size falls below the position), while appends leave both alone. Costs two small
   * reads per segment whatever the log's size.
   */
  async marks(): Promise<SegmentMark[]> {
    const taken = [...this.cursors].map(([name, cursor]) => ({ name, ...cursor }));
    const marks: SegmentMark[] = [];
    for (const { name, offset, lines } of taken) {
      const check = await checkOf(path.join(this.folder, name), offset);
      if (check !== undefined) marks.push({ name, offset, lines, check });
    }
    return marks.sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async readSince(marks: readonly SegmentMark[]): Promise<LogSegment[] | undefined> {
    const byName = new Map(marks.map((m) => [m.name, m]));
    const names = await this.segmentNames();
    const present = new Set(names);
    // A marked segment that is gone (a git checkout of another branch, a reset): the snapshot holds events the log no longer has.
    if (marks.some((m) => !present.has(m.name))) return undefined;
    for (const mark of marks) if ((await checkOf(path.join(this.folder, mark.name), mark.offset)) !== mark.check) return undefined;
    const segments: LogSegment[] = [];
    this.cursors.clear();
    for (const name of names) {
      const mark = byName.get(name);
      const { parts, cursor } = await readParts(path.join(this.folder, name), name, mark ? { offset: mark.offset, lines: mark.lines } : { offset: 0, lines: 0 });
      this.cursors.set(name, cursor);
      segments.push(...parts);
    }
    return segments;
  }

  async readNew(): Promise<LogSegment[]> {
    const segments: LogSegment[] = [];
    const names = await this.segmentNames();
    const present = new Set(names);
    for (const name of this.cursors.keys()) {
      if (!present.has(name)) {
        this.cursors.delete(name);
        this.lost = true;
      }
    }
    for (const name of names) {
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

  /** Whether a segment read before was found gone since the last call. */
  lostSegments(): boolean {
    const lost = this.lost;
    this.lost = false;
    return lost;
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

/**
 * Reads `file` from `from` to its end in parts of about `CHUNK_BYTES` cut after line
 * breaks. A last line without a line break is returned too (a torn write, to report), but
 * the cursor ends after the last line break, so a line completed later is read again then.
 */
async function readParts(file: string, name: string, from: SegmentCursor): Promise<{ parts: LogSegment[]; cursor: SegmentCursor }> {
  const parts: LogSegment[] = [];
  let cursor = { ...from };
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { parts, cursor };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    let carry = Buffer.alloc(0);
    let position = from.offset;
    while (position < size) {
      const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, size - position));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const bytes = carry.length > 0 ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
      const lastBreak = bytes.lastIndexOf(0x0a);
      if (lastBreak < 0) {
        carry = bytes;
        continue;
      }
      const complete = bytes.subarray(0, lastBreak + 1);
      parts.push({ name, text: decode(complete), firstLine: cursor.lines + 1 });
      cursor = { offset: cursor.offset + complete.length, lines: cursor.lines + countLines(complete, complete.length) };
      carry = bytes.subarray(lastBreak + 1);
    }
    if (carry.length > 0) parts.push({ name, text: decode(carry), firstLine: cursor.lines + 1 });
    return { parts, cursor };
  } finally {
    await handle.close();
  }
}

/** The check of `marks`: undefined when the file is gone or shorter than `offset`. */
async function checkOf(file: string, offset: number): Promise<string | undefined> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    if ((await handle.stat()).size < offset) return undefined;
    const headLength = Math.min(CHECK_BYTES, offset);
    const tailStart = Math.max(headLength, offset - CHECK_BYTES);
    const head = Buffer.alloc(headLength);
    const tail = Buffer.alloc(offset - tailStart);
    await handle.read(head, 0, head.length, 0);
    await handle.read(tail, 0, tail.length, tailStart);
    return createHash('sha1').update(`${offset}:`).update(head).update(tail).digest('hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  } finally {
    await handle?.close();
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

function countLines(bytes: Buffer, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

const decoder = new TextDecoder('utf-8');

function decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * The review-state snapshot in one file, written to a temporary file and renamed over
 * the old one, so that a crash leaves the old snapshot or the new one, never half of one.
 */
export class ReviewStateFile implements ReviewStateStore {
  constructor(readonly file: string) {}

  async read(): Promise<string | undefined> {
    try {
      return await fs.promises.readFile(this.file, 'utf8');
    } catch {
      return undefined;
    }
  }

  async write(text: string): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.promises.writeFile(temp, text, 'utf8');
      await fs.promises.rename(temp, this.file);
    } catch (error) {
      await fs.promises.rm(temp, { force: true });
      throw error;
    }
  }
}
