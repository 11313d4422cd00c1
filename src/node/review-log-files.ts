// The review log on disk: a folder of `<writer-id>.jsonl` segments, one per window
// session, so exactly one process ever appends to a file. Node only (no vscode), so the
// extension and the unit tests (real files, real processes) use the same code. The file
// access goes through `LogFileSystem`, so that tests can also run it over a file system in
// memory that tears and fails writes on demand.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import type { LogSegment, Pause, ReviewEvent, ReviewLogStore, ReviewStateStore, SegmentMark } from '../core/review';

/** Bytes read per call: big files come as several parts, so that no decode blocks for long. */
const CHUNK_BYTES = 1024 * 1024;
/** Bytes hashed at the start of a segment and just before a mark (see `marks`). */
const CHECK_BYTES = 64 * 1024;
/** Bytes before the read position kept to tell an append from a rewrite (see `readNew`). */
const TAIL_BYTES = 4096;

/** The file access the log needs; `nodeLogFileSystem` is the real one. Paths are absolute. */
export interface LogFileSystem {
  /** The names in `folder`; rejects with an error whose `code` is `ENOENT` or `ENOTDIR` when there is no folder. */
  list(folder: string): Promise<string[]>;
  /** The file's size, or undefined when it does not exist. */
  size(file: string): Promise<number | undefined>;
  /** Bytes `start` to `end` (fewer when the file is shorter); rejects with `ENOENT` when it does not exist. */
  read(file: string, start: number, end: number): Promise<Uint8Array>;
  /**
   * Appends `bytes` to the file (created if missing, the folder must exist), durably
   * (fsync), and resolves to how many were written: fewer on a full disk. Rejects with a
   * coded error (`ENOENT`, `EACCES`, `ENOSPC`…) when nothing could be written.
   */
  append(file: string, bytes: Uint8Array): Promise<number>;
  /** Creates the folder and its parents. */
  mkdir(folder: string): Promise<void>;
}

/** `LogFileSystem` over node:fs. */
export const nodeLogFileSystem: LogFileSystem = {
  list: (folder) => fs.promises.readdir(folder),
  async size(file) {
    try {
      return (await fs.promises.stat(file)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  async read(file, start, end) {
    const handle = await fs.promises.open(file, 'r');
    try {
      const buffer = Buffer.alloc(Math.max(0, end - start));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  },
  async append(file, bytes) {
    // Opened per line: a deleted folder then fails loudly instead of writing into an unlinked file.
    const handle = await fs.promises.open(file, 'a');
    try {
      const { bytesWritten } = await handle.write(bytes, 0, bytes.length);
      await handle.sync();
      return bytesWritten;
    } finally {
      await handle.close();
    }
  },
  async mkdir(folder) {
    await fs.promises.mkdir(folder, { recursive: true });
  },
};

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

/** Words for a write error, for the person. */
export function describeWriteError(error: Error | undefined): string {
  if (error instanceof ReviewLogWriteError) return error.message;
  return error?.message ?? 'the review log could not be written';
}

/** A writer id: a machine part and a random part, safe in file names. */
export function newWriterId(machineId: string): string {
  const machine = machineId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8) || 'machine';
  return `${machine}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

interface SegmentCursor {
  /** Bytes read so far, always just after a line break. */
  readonly offset: number;
  /** Lines before `offset`. */
  readonly lines: number;
  /** CRC-32 of the bytes before `offset`, kept up as bytes are read or appended: the whole-segment check of a mark. */
  readonly crc: number;
  /** The last bytes before `offset` (up to TAIL_BYTES): a segment that grew must still hold them there. */
  readonly tail: Uint8Array;
}

const START: SegmentCursor = { offset: 0, lines: 0, crc: 0, tail: new Uint8Array(0) };

/** The cursor after `bytes` (complete lines) were read or written at `cursor`. */
function advance(cursor: SegmentCursor, bytes: Uint8Array): SegmentCursor {
  if (bytes.length === 0) return cursor;
  let tail: Uint8Array;
  if (bytes.length >= TAIL_BYTES) tail = bytes.slice(bytes.length - TAIL_BYTES);
  else {
    const keep = Math.min(cursor.tail.length, TAIL_BYTES - bytes.length);
    tail = new Uint8Array(keep + bytes.length);
    tail.set(cursor.tail.subarray(cursor.tail.length - keep), 0);
    tail.set(bytes, keep);
  }
  return { offset: cursor.offset + bytes.length, lines: cursor.lines + countLines(bytes), crc: crc32(bytes, cursor.crc), tail };
}

/** Names that are copies of segments (git mergetool's `.orig`, editors' `~`, `.bak`): not read, reported. */
function isSegmentCopy(name: string): boolean {
  return /\.jsonl(\.orig|\.bak|~|\.\d+)$/i.test(name) || /\.jsonl\.(orig|bak)\b/i.test(name);
}

/**
 * The files of one log folder.
 *
 * - `append` writes one line with one write, then fsync, then resolves; lines are written
 *   one at a time in call order. If the segment does not end with a line break (a crash
 *   or a full disk cut the last write short), the line is preceded by one.
 * - The folder is created on the first append. If it disappears later, appends fail with
 *   `ReviewLogWriteError` (code `ENOENT`) until `recreateFolder()` is called or it comes back.
 */
export class ReviewLogFiles implements ReviewLogStore {
  private readonly cursors = new Map<string, SegmentCursor>();
  /** A segment read before is gone or was rewritten (see lostSegments). */
  private lost = false;
  /**
   * A write of this writer was cut short (or its segment grew behind its back): its
   * cursor no longer follows its own appends; `readNew` reads its lines back, and marks
   * wait until that has caught up.
   */
  private ownUnsynced = false;
  private created = false;
  private needsLineBreak: boolean | undefined;
  private queue: Promise<void> = Promise.resolve();
  private copies: string[] = [];

  constructor(
    /** The folder holding the segments, for example `<workspace>/.note-review/log`. */
    readonly folder: string,
    readonly writerId: string,
    private readonly files: LogFileSystem = nodeLogFileSystem,
  ) {}

  /** This writer's file. */
  get segmentPath(): string {
    return path.join(this.folder, `${this.writerId}.jsonl`);
  }

  private get ownName(): string {
    return `${this.writerId}.jsonl`;
  }

  /** Files of the folder that look like copies of segments, as the last read found them. */
  segmentCopies(): readonly string[] {
    return this.copies;
  }

  /** Every segment, each in parts of about 1 MB that end at line breaks (the last part may not). */
  async readAll(): Promise<LogSegment[]> {
    const segments: LogSegment[] = [];
    // A whole read starts over: segments gone since the last read are forgotten, not lost.
    this.cursors.clear();
    this.lost = false;
    this.ownUnsynced = false;
    for (const name of await this.segmentNames()) {
      const { parts, cursor } = await this.readParts(name, START);
      this.cursors.set(name, cursor);
      segments.push(...parts);
    }
    return segments;
  }

  /**
   * Each segment's read position, with two checks: `check`, a SHA-1 of the segment's first
   * 64 KB and of the 64 KB before the position (two small reads, whatever the log's size:
   * what a start compares at once), and `sum`, the CRC-32 of every byte before the
   * position, kept up while reading and appending (no read at all: what `verify` compares
   * after the start). Undefined while this writer's own position is not exact.
   */
  async marks(): Promise<SegmentMark[] | undefined> {
    if (this.ownUnsynced) return undefined;
    const taken = [...this.cursors].map(([name, cursor]) => ({ name, ...cursor }));
    const marks: SegmentMark[] = [];
    for (const { name, offset, lines, crc } of taken) {
      const check = await this.checkOf(name, offset);
      if (check !== undefined) marks.push({ name, offset, lines, check, sum: crcText(crc) });
    }
    return marks.sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async readSince(marks: readonly SegmentMark[]): Promise<LogSegment[] | undefined> {
    const byName = new Map(marks.map((m) => [m.name, m]));
    const names = await this.segmentNames();
    const present = new Set(names);
    // A marked segment that is gone (a git checkout of another branch, a reset): the snapshot holds events the log no longer has.
    if (marks.some((m) => !present.has(m.name) || parseCrc(m.sum) === undefined)) return undefined;
    for (const mark of marks) if ((await this.checkOf(mark.name, mark.offset)) !== mark.check) return undefined;
    const segments: LogSegment[] = [];
    this.cursors.clear();
    this.lost = false;
    this.ownUnsynced = false;
    for (const name of names) {
      const mark = byName.get(name);
      let from = START;
      if (mark) {
        // The mark's sum is taken on trust here; `verify` reads the bytes to confirm it.
        const tail = await this.files.read(this.file(name), Math.max(0, mark.offset - TAIL_BYTES), mark.offset);
        from = { offset: mark.offset, lines: mark.lines, crc: parseCrc(mark.sum) ?? 0, tail };
      }
      const { parts, cursor } = await this.readParts(name, from);
      this.cursors.set(name, cursor);
      segments.push(...parts);
    }
    return segments;
  }

  /** Reads every marked segment's bytes up to its mark and compares their CRC-32 with the mark's `sum`. */
  async verify(marks: readonly SegmentMark[], pause: Pause): Promise<boolean> {
    for (const mark of marks) {
      const expected = parseCrc(mark.sum);
      if (expected === undefined) return false;
      let crc = 0;
      for (let at = 0; at < mark.offset; at += CHUNK_BYTES) {
        let bytes: Uint8Array;
        try {
          bytes = await this.files.read(this.file(mark.name), at, Math.min(mark.offset, at + CHUNK_BYTES));
        } catch {
          return false;
        }
        if (bytes.length === 0) return false;
        crc = crc32(bytes, crc);
        await pause();
      }
      if (crc !== expected) return false;
    }
    return true;
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
      const file = this.file(name);
      const cursor = this.cursors.get(name) ?? START;
      const size = await this.files.size(file);
      if (size === undefined) continue;
      if (size === cursor.offset) {
        if (name === this.ownName && this.cursors.has(name)) this.ownUnsynced = false;
        continue;
      }
      if (size < cursor.offset) {
        // Cut short or replaced (a git checkout): lines read before may be gone; only a full replay knows.
        this.lost = true;
        continue;
      }
      const from = cursor.offset - cursor.tail.length;
      const bytes = await this.files.read(file, from, size);
      if (!sameBytes(bytes.subarray(0, cursor.tail.length), cursor.tail)) {
        // The bytes before the read position moved: lines were put before it (a git merge
        // with merge=union, a sync tool's rewrite). Reading on from the old position would skip them.
        this.lost = true;
        continue;
      }
      const fresh = bytes.subarray(cursor.tail.length);
      const lastBreak = fresh.lastIndexOf(0x0a);
      if (lastBreak < 0) continue;
      const complete = fresh.subarray(0, lastBreak + 1);
      segments.push({ name, text: decode(complete), firstLine: cursor.lines + 1 });
      const next = advance(cursor, complete);
      this.cursors.set(name, next);
      if (name === this.ownName && next.offset === size) this.ownUnsynced = false;
    }
    return segments;
  }

  /** Whether a segment read before was found gone or rewritten since the last call. */
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
    await this.files.mkdir(this.folder);
    this.created = true;
  }

  private file(name: string): string {
    return path.join(this.folder, name);
  }

  private async write(line: string): Promise<void> {
    const file = this.segmentPath;
    const name = this.ownName;
    try {
      if (!this.created) {
        await this.files.mkdir(this.folder);
        this.created = true;
      }
      const sizeBefore = (await this.files.size(file)) ?? 0;
      if (this.needsLineBreak === undefined) this.needsLineBreak = sizeBefore > 0 && !(await this.endsWithLineBreak(file, sizeBefore));
      const bytes = new TextEncoder().encode(`${this.needsLineBreak ? '\n' : ''}${line}\n`);
      const cursor = this.cursors.get(name) ?? (sizeBefore === 0 ? START : undefined);
      // The cursor follows our own lines only when it stood at the end: otherwise they are read back.
      if (!cursor || cursor.offset !== sizeBefore) this.ownUnsynced = true;
      this.needsLineBreak = true; // until the write is known complete
      const written = await this.files.append(file, bytes);
      if (written !== bytes.length) {
        // A full disk took part of the line: the cursor stops following our appends, and
        // the next re-read reads the cut line (then complete with the line break the next
        // append puts first) and reports it at its real line.
        this.ownUnsynced = true;
        throw Object.assign(new Error(`short write (${written} of ${bytes.length} bytes)`), { code: 'ENOSPC' });
      }
      this.needsLineBreak = false;
      if (!this.ownUnsynced && cursor) this.cursors.set(name, advance(cursor, bytes));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ReviewLogWriteError(describe(code, this.folder, error), code, this.folder);
    }
  }

  private async endsWithLineBreak(file: string, size: number): Promise<boolean> {
    const last = await this.files.read(file, size - 1, size);
    return last[0] === 0x0a;
  }

  private async segmentNames(): Promise<string[]> {
    let names: string[];
    try {
      names = await this.files.list(this.folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // No folder yet (or a file in its way): no segments; writing will report the problem.
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw error;
    }
    this.copies = names.filter(isSegmentCopy).sort();
    return names.filter((n) => n.endsWith('.jsonl')).sort();
  }

  /**
   * Reads segment `name` from `from` to its end in parts of about `CHUNK_BYTES` cut after
   * line breaks. A last line without a line break is returned too (a torn write, to
   * report), but the cursor ends after the last line break, so a line completed later is
   * read again then.
   */
  private async readParts(name: string, from: SegmentCursor): Promise<{ parts: LogSegment[]; cursor: SegmentCursor }> {
    const file = this.file(name);
    const parts: LogSegment[] = [];
    let cursor = from;
    const size = await this.files.size(file);
    if (size === undefined) return { parts, cursor };
    let carry: Uint8Array = new Uint8Array(0);
    let position = from.offset;
    while (position < size) {
      const chunk = await this.files.read(file, position, Math.min(size, position + CHUNK_BYTES));
      if (chunk.length === 0) break;
      position += chunk.length;
      const bytes = carry.length > 0 ? concat(carry, chunk) : chunk;
      const lastBreak = bytes.lastIndexOf(0x0a);
      if (lastBreak < 0) {
        carry = bytes;
        continue;
      }
      const complete = bytes.subarray(0, lastBreak + 1);
      parts.push({ name, text: decode(complete), firstLine: cursor.lines + 1 });
      cursor = advance(cursor, complete);
      carry = bytes.subarray(lastBreak + 1);
    }
    if (carry.length > 0) parts.push({ name, text: decode(carry), firstLine: cursor.lines + 1 });
    return { parts, cursor };
  }

  /** The quick check of a mark: undefined when the file is gone or shorter than `offset`. */
  private async checkOf(name: string, offset: number): Promise<string | undefined> {
    const file = this.file(name);
    const size = await this.files.size(file);
    if (size === undefined || size < offset) return undefined;
    const headLength = Math.min(CHECK_BYTES, offset);
    const tailStart = Math.max(headLength, offset - CHECK_BYTES);
    const head = await this.files.read(file, 0, headLength);
    const tail = await this.files.read(file, tailStart, offset);
    return createHash('sha1').update(`${offset}:`).update(head).update(tail).digest('hex');
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

function crcText(crc: number): string {
  return `crc32:${(crc >>> 0).toString(16).padStart(8, '0')}`;
}

function parseCrc(text: string | undefined): number | undefined {
  const match = /^crc32:([0-9a-f]{8})$/.exec(text ?? '');
  return match ? parseInt(match[1], 16) : undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function countLines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

const decoder = new TextDecoder('utf-8');

function decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * The review-state snapshot in one file, written to a temporary file and renamed over
 * the old one, so that a crash leaves the old snapshot or the new one, never half of one.
 * A last line carries the CRC-32 and length of the text: a snapshot changed in any byte
 * since (a disk error, a sync tool, a hand edit) reads as none, and the log is replayed.
 */
export class ReviewStateFile implements ReviewStateStore {
  constructor(readonly file: string) {}

  async read(): Promise<string | undefined> {
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(this.file);
    } catch {
      return undefined;
    }
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length;
    const at = bytes.lastIndexOf(0x0a, end - 1);
    if (at < 0) return undefined;
    const body = bytes.subarray(0, at + 1);
    try {
      const trailer = JSON.parse(bytes.subarray(at + 1, end).toString('utf8')) as { crc32?: unknown; length?: unknown };
      if (trailer.length !== body.length || trailer.crc32 !== crc32(body)) return undefined;
    } catch {
      return undefined;
    }
    return body.toString('utf8');
  }

  async write(text: string): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const body = Buffer.from(text.endsWith('\n') ? text : `${text}\n`, 'utf8');
    const trailer = Buffer.from(`${JSON.stringify({ crc32: crc32(body), length: body.length })}\n`, 'utf8');
    const temp = `${this.file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.promises.writeFile(temp, Buffer.concat([body, trailer]));
      await fs.promises.rename(temp, this.file);
    } catch (error) {
      await fs.promises.rm(temp, { force: true });
      throw error;
    }
  }
}
