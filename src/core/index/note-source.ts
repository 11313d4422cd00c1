import type { FlashcardSeparators } from '../model/model';
import type { ReadingSettings } from '../parse/parser-settings';
import type { Event } from '../util/emitter';

/** What the index needs to know of a file without reading it. */
export interface NoteFileStat {
  readonly isDirectory: boolean;
  readonly size: number;
  /** Modification time in milliseconds. */
  readonly mtime: number;
}

/** An open editor's document (VS Code's `TextDocument` has this shape). One object per open document. */
export interface NoteDocument<Ref> {
  readonly uri: Ref;
  /** Grows with every edit; starts again at 1 when the note is closed and opened again. */
  readonly version: number;
  readonly isDirty: boolean;
  readonly isClosed: boolean;
  getText(): string;
}

/** The settings the index reads for a note. */
export interface NoteSettings {
  readonly flashcards: FlashcardSeparators;
  /** How the note's folder reads notes (these win over `flashcards`); a note's front matter can override them. */
  readonly reading?: Partial<ReadingSettings>;
  /** Notes larger than this are skipped (`noteReview.maxNoteSizeMB`). */
  readonly maxNoteBytes: number;
  /** The `files.exclude` globs switched on for the note's folder, relative to it. */
  readonly exclude: readonly string[];
}

/** Something that happened to the notes, as the note source reports it. */
export type NoteSourceEvent<Ref, Doc> =
  /** A note file was created or changed on disk. */
  | { readonly kind: 'fileChanged'; readonly ref: Ref }
  /** A file or folder was deleted (a deleted folder is reported once, for the folder). */
  | { readonly kind: 'deleted'; readonly ref: Ref }
  /** Some path was created: it may be a folder of notes moved in (its notes get no events of their own). */
  | { readonly kind: 'created'; readonly ref: Ref }
  /** A file or folder was renamed (or moved) from inside the editor. */
  | { readonly kind: 'renamed'; readonly from: Ref; readonly to: Ref }
  /** An open document's text was edited. */
  | { readonly kind: 'documentEdited'; readonly document: Doc }
  /** An open document was saved or reverted (no edit to its text). */
  | { readonly kind: 'documentSaved'; readonly document: Doc }
  | { readonly kind: 'documentOpened'; readonly document: Doc }
  | { readonly kind: 'documentClosed'; readonly document: Doc }
  /** Workspace folders were added or removed. */
  | { readonly kind: 'foldersChanged' }
  /** Settings changed: `reparse` when they change parses (reading settings, size limit), else only which notes there are. */
  | { readonly kind: 'settingsChanged'; readonly reparse: boolean }
  /** The window got the focus back: notes may have changed in another program meanwhile. */
  | { readonly kind: 'focused' };

/**
 * Where the notes index finds notes: a workspace's files, its open documents, its
 * settings and what happens to them. VS Code's adapter implements it over
 * `vscode.workspace`; tests use an in-memory one. `Ref` names a note (VS Code's `Uri`).
 */
export interface NoteSource<Ref, Doc extends NoteDocument<Ref>> {
  readonly onDidChange: Event<NoteSourceEvent<Ref, Doc>>;
  /** A text naming `ref`, equal for equal locations: the index's map key. */
  idOf(ref: Ref): string;
  /** The path of `ref` (`/`-separated). */
  pathOf(ref: Ref): string;
  /** Whether `ref` names a note never saved (VS Code's `untitled:` documents). */
  isUntitled(ref: Ref): boolean;
  /** The path of `ref` relative to its workspace folder, or undefined outside every folder. */
  relativePath(ref: Ref): string | undefined;
  /** The note's key: its path in the workspace (with the folder's label first in multi-root workspaces). */
  noteKeyOf(ref: Ref): string;
  /**
   * Files named like notes (`*.md`, `*.markdown`) in every workspace folder, or under the
   * folder `under` (none when it is outside the workspace). Excluded trees may be left out;
   * the index checks every result against the exclusions anyway.
   */
  findNotes(under?: Ref): Promise<Ref[]>;
  /** The file's stat, or undefined when there is no such file. Other failures throw. */
  stat(ref: Ref): Promise<NoteFileStat | undefined>;
  /** The file's bytes, or undefined when there is no such file. Other failures throw. */
  read(ref: Ref): Promise<Uint8Array | undefined>;
  /** The documents open in editors (closed ones may still be listed, with `isClosed`). */
  openDocuments(): readonly Doc[];
  /** Whether a document is a markdown note the index covers. */
  isNoteDocument(document: Doc): boolean;
  /** The settings that apply to `ref`. */
  settings(ref: Ref): NoteSettings;
}

/** Where the index says what it did (the extension's log channel has this shape). */
export interface IndexLog {
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}
