import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { createReadStream } from 'node:fs';
import type { ParseCacheStore } from '../../core/parse/parse-cache';

/** Where the store reports what it could not do (the extension's log channel has this shape). */
export interface ParseCacheLog {
  warn(message: string): void;
}

const LINE_BREAK = 0x0a;

/** The snapshot's file name in the extension's global storage. */
export const PARSE_CACHE_FILE = 'parse-cache.json';

/**
 * The parse cache's snapshot as one file (in the extension's global storage).
 *
 * - A missing file reads as no snapshot; a file that cannot be read reads as none too,
 *   with one log line: the cache only ever saves work, it never stops the index.
 * - Writes are atomic: the snapshot goes to a temporary file next to the target, which is
 *   then renamed over it, so a crash or a second window writing at the same time leaves
 *   the old snapshot or the new one, never half of one. Whatever it holds, the reader
 *   (`ParseCache.load`) checks it before using any of it.
 * - Failed writes are reported once per store (a read-only or full disk would otherwise
 *   log at every save) and rethrown to the caller.
 *
 * Uses Node's file system rather than `vscode.workspace.fs`: the global storage is always
 * a local folder of the extension host, and the bench runs this class without VS Code.
 */
export class FileParseCacheStore implements ParseCacheStore {
  private readonly warned = new Set<string>();
  private writes = 0;

  constructor(
    /** Absolute path of the snapshot file. */
    readonly file: string,
    private readonly log?: ParseCacheLog,
  ) {}

  async read(): Promise<string | undefined> {
    try {
      return await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') this.warnOnce('read', `Parse cache: cannot read ${this.file} (${describe(error)}); notes are parsed afresh`);
      return undefined;
    }
  }

  async write(snapshot: string): Promise<void> {
    // Unique per process and write: two windows (or two saves) never share a temporary file.
    const temp = `${this.file}.${process.pid}.${++this.writes}.tmp`;
    try {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await fs.writeFile(temp, snapshot, 'utf8');
      await fs.rename(temp, this.file);
    } catch (error) {
      await fs.rm(temp, { force: true }).catch(() => undefined);
      this.warnOnce('write', `Parse cache: cannot save ${this.file} (${describe(error)}); the next start parses the notes again`);
      throw error;
    }
  }

  /** The snapshot line by line, so that a big one is never one string (see `ParseCacheStore`). */
  async readLines(): Promise<AsyncIterable<string> | undefined> {
    const warn = (error: unknown): void => this.warnOnce('read', `Parse cache: cannot read ${this.file} (${describe(error)}); notes are parsed afresh`);
    try {
      await fs.access(this.file);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') warn(error);
      return undefined;
    }
    // Pieces of 1 MB split at line breaks as bytes, each line decoded on its own: no piece is
    // decoded whole or joined to the next, and no line is a cut that keeps a piece alive.
    // (UTF-8 never has a line-break byte inside a character.)
    const stream = createReadStream(this.file, { highWaterMark: 1 << 20 });
    return (async function* () {
      let rest: Buffer[] = [];
      try {
        for await (const piece of stream as AsyncIterable<Buffer>) {
          let start = 0;
          for (let end = piece.indexOf(LINE_BREAK); end >= 0; end = piece.indexOf(LINE_BREAK, start)) {
            const line = piece.subarray(start, end);
            yield (rest.length > 0 ? Buffer.concat([...rest, line]) : line).toString('utf8');
            rest = [];
            start = end + 1;
          }
          if (start < piece.length) rest.push(piece.subarray(start));
        }
        yield Buffer.concat(rest).toString('utf8');
      } catch (error) {
        warn(error);
        throw error;
      } finally {
        stream.destroy();
      }
    })();
  }

  /** Writes the snapshot line by line to a temporary file, then renames it over the target (see the class). */
  async writeLines(lines: AsyncIterable<string>): Promise<void> {
    const temp = `${this.file}.${process.pid}.${++this.writes}.tmp`;
    let handle: fs.FileHandle | undefined;
    try {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      handle = await fs.open(temp, 'w');
      let buffer = '';
      let first = true;
      for await (const line of lines) {
        buffer += first ? line : `\n${line}`;
        first = false;
        // Written in pieces of about 1 MB: few writes, and never one big string.
        if (buffer.length >= 1 << 20) {
          await handle.write(buffer, null, 'utf8');
          buffer = '';
        }
      }
      await handle.write(buffer, null, 'utf8');
      await handle.close();
      handle = undefined;
      await fs.rename(temp, this.file);
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await fs.rm(temp, { force: true }).catch(() => undefined);
      this.warnOnce('write', `Parse cache: cannot save ${this.file} (${describe(error)}); the next start parses the notes again`);
      throw error;
    }
  }

  private warnOnce(kind: string, message: string): void {
    if (this.warned.has(kind)) return;
    this.warned.add(kind);
    this.log?.warn(message);
  }
}

/** The snapshot file of the parse cache under a storage folder (`context.globalStorageUri.fsPath`). */
export function parseCacheFile(storageFolder: string): string {
  return path.join(storageFolder, PARSE_CACHE_FILE);
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The parse cache's version for this build: the extension's version and the size and
 * modification time of its bundle (this file, once bundled), so that a rebuilt parser
 * whose `PARSER_VERSION` was not bumped still does not get an older build's parses.
 */
export async function buildStamp(extensionVersion: string, bundleFile: string = __filename): Promise<string> {
  try {
    const stat = await fs.stat(bundleFile);
    return `${extensionVersion}:${stat.size}:${Math.round(stat.mtimeMs)}`;
  } catch {
    return extensionVersion;
  }
}
