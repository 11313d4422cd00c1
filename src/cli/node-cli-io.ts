import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIo, DirEntry, PathKind } from './cli-io';

/** Options of `createNodeCliIo`; tests capture the output and pick the working folder. */
export interface NodeCliIoOptions {
  /** Folder that relative paths are resolved against; defaults to `process.cwd()`. */
  readonly cwd?: string;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  /** Now, epoch ms; defaults to `Date.now`. */
  readonly now?: () => number;
  /** Local time's offset from UTC in ms; defaults to the process's time zone. */
  readonly utcOffsetMs?: (time: number) => number;
}

function kindOf(entry: fs.Stats | fs.Dirent): PathKind {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  return 'other';
}

/** The CLI's view of the real file system and the process's output streams. */
export function createNodeCliIo(options: NodeCliIoOptions = {}): CliIo {
  const cwd = options.cwd ?? process.cwd();
  const resolve = (p: string): string => path.resolve(cwd, p);
  return {
    readFile: (p) => fs.readFileSync(resolve(p)),
    stat: (p) => {
      const stats = fs.statSync(resolve(p), { throwIfNoEntry: false });
      return stats ? kindOf(stats) : undefined;
    },
    listDir: (p): DirEntry[] =>
      fs.readdirSync(resolve(p), { withFileTypes: true }).map((entry) => ({ name: entry.name, kind: kindOf(entry) })),
    stdout: options.stdout ?? ((text) => void process.stdout.write(text)),
    stderr: options.stderr ?? ((text) => void process.stderr.write(text)),
    now: options.now ?? Date.now,
    // getTimezoneOffset is minutes west of UTC: UTC+2 gives -120.
    utcOffsetMs: options.utcOffsetMs ?? ((time) => -new Date(time).getTimezoneOffset() * 60_000),
  };
}
