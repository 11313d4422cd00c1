/** What a path on disk is, as far as the CLI cares. */
export type PathKind = 'file' | 'directory' | 'other';

/** One entry of a folder listing. */
export interface DirEntry {
  readonly name: string;
  readonly kind: PathKind;
}

/**
 * Everything the CLI needs from the outside world, so that `runCli` runs in-process in
 * tests. Paths are passed exactly as the user wrote them (relative to the working folder).
 */
export interface CliIo {
  /** The file's bytes; throws a Node-style error (with `code`) when it cannot be read. */
  readFile(path: string): Uint8Array;
  /** What the path is, following symbolic links; `undefined` when nothing is there. */
  stat(path: string): PathKind | undefined;
  /** The entries of a folder, without following symbolic links (a link is `other`). */
  listDir(path: string): readonly DirEntry[];
  stdout(text: string): void;
  stderr(text: string): void;
  /** Now, epoch ms (`stats` counts days up to today). Default `Date.now`. */
  now?(): number;
  /** Local time's offset from UTC at a moment, in ms (`stats` counts local days). Default UTC. */
  utcOffsetMs?(time: number): number;
}
