import * as vscode from 'vscode';
import { DEFAULT_FLASHCARD_SEPARATORS, parseNote, type FlashcardSeparators, type Note } from '../../core';

/** One note of the index: where it is, its key in the workspace, and its parse. */
export interface IndexedNote {
  readonly uri: vscode.Uri;
  /** Path relative to its workspace folder (with the folder name in multi-root workspaces). */
  readonly key: string;
  /** The parse of the note's current text. */
  readonly note: Note;
  /** The open document's version this parse is of; undefined when parsed from disk. */
  readonly version: number | undefined;
}

/** Why a note was left out of the index. */
export interface SkippedNote {
  readonly uri: vscode.Uri;
  readonly reason: string;
}

const DEBOUNCE_MS = 150;
/** How long the background scan works before yielding to the extension host. */
const SLICE_MS = 15;

/** A key for maps of notes. */
function keyOf(uri: vscode.Uri): string {
  return uri.toString();
}

/** Whether a document is a markdown note the index covers. */
export function isNoteDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown' && (document.uri.scheme === 'file' || document.uri.scheme === 'vscode-remote' || document.uri.scheme === 'untitled' || document.uri.scheme === 'vscode-userdata');
}

/**
 * Every markdown note of the workspace, parsed once per version.
 *
 * - Finds notes in every workspace folder, honouring `files.exclude` and skipping
 *   `node_modules`, in the background after activation (`whenReady`).
 * - The open editor's text wins over the file on disk; edits are re-parsed after a short
 *   debounce, saves/creates/deletes/renames on disk are followed by a file watcher.
 * - Providers call `noteFor(document)`: it returns the cached parse of the document's
 *   current version and only parses when that version was never parsed.
 */
export class NotesIndex implements vscode.Disposable {
  private readonly notes = new Map<string, IndexedNote>();
  private readonly skipped = new Map<string, SkippedNote>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = new vscode.EventEmitter<readonly vscode.Uri[]>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private scan: Promise<void> | undefined;
  private scanGeneration = 0;
  private disposed = false;

  /** Fires with the notes whose parse changed (added, edited, removed). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.md');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.scheduleFromDisk(uri)),
      watcher.onDidChange((uri) => this.scheduleFromDisk(uri)),
      watcher.onDidDelete((uri) => this.remove([uri])),
      vscode.workspace.onDidRenameFiles((event) => {
        this.remove(event.files.map((f) => f.oldUri));
        for (const { newUri } of event.files) if (newUri.path.endsWith('.md')) this.scheduleFromDisk(newUri);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (isNoteDocument(event.document) && event.contentChanges.length > 0) this.scheduleDocument(event.document);
      }),
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (isNoteDocument(document)) this.updateFromDocument(document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        // Unsaved edits were discarded: the file on disk is the note again.
        if (isNoteDocument(document) && document.uri.scheme !== 'untitled') this.scheduleFromDisk(document.uri);
        else if (isNoteDocument(document)) this.remove([document.uri]);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('noteReview') || event.affectsConfiguration('files.exclude')) void this.rescan();
      }),
    );
  }

  /** Starts finding and parsing the workspace's notes in the background; resolves when done. */
  whenReady(): Promise<void> {
    this.scan ??= this.scanWorkspace(this.scanGeneration);
    return this.scan;
  }

  /** Forgets everything and scans the workspace again (settings or folders changed). */
  rescan(): Promise<void> {
    this.scanGeneration++;
    this.notes.clear();
    this.skipped.clear();
    this.scan = this.scanWorkspace(this.scanGeneration);
    return this.scan;
  }

  /** All indexed notes, ordered by key. */
  all(): IndexedNote[] {
    return [...this.notes.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  /** The indexed note at `uri`, if any. */
  get(uri: vscode.Uri): IndexedNote | undefined {
    return this.notes.get(keyOf(uri));
  }

  /** Notes left out (too big, binary, not UTF-8), with the reason. */
  skippedNotes(): SkippedNote[] {
    return [...this.skipped.values()];
  }

  /**
   * The parse of `document`'s current version: cached when that version was parsed
   * before, else parsed now (once) and cached.
   */
  noteFor(document: vscode.TextDocument): Note {
    const cached = this.notes.get(keyOf(document.uri));
    if (cached && cached.version === document.version) return cached.note;
    return this.updateFromDocument(document).note;
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const d of this.disposables) d.dispose();
  }

  /** Current parse options from the settings. */
  private parseOptions(uri: vscode.Uri): { flashcards: FlashcardSeparators; noteKey: string } {
    const config = vscode.workspace.getConfiguration('noteReview.flashcards', uri);
    const get = (name: keyof FlashcardSeparators): string => {
      const value = config.get<string>(name);
      return typeof value === 'string' && value !== '' ? value : DEFAULT_FLASHCARD_SEPARATORS[name];
    };
    return {
      flashcards: {
        separator: get('separator'),
        reversedSeparator: get('reversedSeparator'),
        multilineSeparator: get('multilineSeparator'),
        multilineReversedSeparator: get('multilineReversedSeparator'),
      },
      noteKey: noteKeyOf(uri),
    };
  }

  private updateFromDocument(document: vscode.TextDocument): IndexedNote {
    const entry: IndexedNote = {
      uri: document.uri,
      key: noteKeyOf(document.uri),
      note: this.safeParse(document.uri, document.getText()),
      version: document.version,
    };
    this.store(entry);
    return entry;
  }

  private scheduleDocument(document: vscode.TextDocument): void {
    this.debounce(document.uri, () => {
      if (!document.isClosed) this.updateFromDocument(document);
    });
  }

  private scheduleFromDisk(uri: vscode.Uri): void {
    this.debounce(uri, () => void this.updateFromDisk(uri));
  }

  private debounce(uri: vscode.Uri, action: () => void): void {
    const key = keyOf(uri);
    const previous = this.pending.get(key);
    if (previous) clearTimeout(previous);
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (!this.disposed) action();
      }, DEBOUNCE_MS),
    );
  }

  /** Re-reads a note from disk, unless an open editor holds it (the editor's text wins). */
  private async updateFromDisk(uri: vscode.Uri): Promise<void> {
    const open = vscode.workspace.textDocuments.find((d) => keyOf(d.uri) === keyOf(uri));
    if (open && !open.isClosed) {
      if (this.notes.get(keyOf(uri))?.version !== open.version) this.updateFromDocument(open);
      return;
    }
    if (isExcluded(uri)) return;
    const text = await this.readNote(uri);
    if (this.disposed) return;
    if (text === undefined) {
      this.remove([uri]);
      return;
    }
    this.store({ uri, key: noteKeyOf(uri), note: this.safeParse(uri, text), version: undefined });
  }

  /** Reads a note's text, or undefined (and one log line) when it cannot be a note. */
  private async readNote(uri: vscode.Uri): Promise<string | undefined> {
    const limitBytes = maxNoteBytes(uri);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) return undefined;
      if (stat.size > limitBytes) return this.skip(uri, `larger than noteReview.maxNoteSizeMB (${formatMB(stat.size)} > ${formatMB(limitBytes)})`);
      const bytes = await vscode.workspace.fs.readFile(uri);
      const head = bytes.subarray(0, 8192);
      if (head.includes(0)) return this.skip(uri, 'binary file (NUL bytes)');
      try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        this.skipped.delete(keyOf(uri));
        return text;
      } catch {
        return this.skip(uri, 'not valid UTF-8');
      }
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      return this.skip(uri, error instanceof Error ? error.message : String(error));
    }
  }

  private skip(uri: vscode.Uri, reason: string): undefined {
    const key = keyOf(uri);
    if (this.skipped.get(key)?.reason !== reason) this.log.warn(`Skipped ${noteKeyOf(uri)}: ${reason}`);
    this.skipped.set(key, { uri, reason });
    return undefined;
  }

  private safeParse(uri: vscode.Uri, text: string): Note {
    try {
      return parseNote(text, this.parseOptions(uri));
    } catch (error) {
      // The parser is meant never to throw; if it does, the note shows as empty, not the extension as broken.
      this.log.error(`Parsing ${noteKeyOf(uri)} failed:`, error instanceof Error ? (error.stack ?? error.message) : String(error));
      return { sections: [], cards: [], terms: [], problems: [], lineCount: text.split('\n').length, codeBlocks: [] };
    }
  }

  private store(entry: IndexedNote): void {
    this.notes.set(keyOf(entry.uri), entry);
    this.changed.fire([entry.uri]);
  }

  private remove(uris: readonly vscode.Uri[]): void {
    const removed = uris.filter((uri) => this.notes.delete(keyOf(uri)));
    for (const uri of uris) this.skipped.delete(keyOf(uri));
    if (removed.length > 0) this.changed.fire(removed);
  }

  private async scanWorkspace(generation: number): Promise<void> {
    const started = Date.now();
    const uris: vscode.Uri[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.md'), excludeGlob(folder.uri));
      uris.push(...found);
    }
    if (generation !== this.scanGeneration || this.disposed) return;
    let sliceStart = Date.now();
    const batch: vscode.Uri[] = [];
    for (const uri of uris) {
      const open = vscode.workspace.textDocuments.find((d) => keyOf(d.uri) === keyOf(uri));
      if (open) {
        if (!this.notes.has(keyOf(uri))) this.updateFromDocument(open);
        continue;
      }
      const text = await this.readNote(uri);
      if (generation !== this.scanGeneration || this.disposed) return;
      if (text !== undefined) {
        this.notes.set(keyOf(uri), { uri, key: noteKeyOf(uri), note: this.safeParse(uri, text), version: undefined });
        batch.push(uri);
      }
      if (Date.now() - sliceStart > SLICE_MS) {
        // Yield so that the extension host keeps answering while a big workspace is parsed.
        this.changed.fire(batch.splice(0));
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceStart = Date.now();
      }
    }
    // Notes open in editors but outside the folders (or untitled) are notes too.
    for (const document of vscode.workspace.textDocuments) {
      if (isNoteDocument(document) && !this.notes.has(keyOf(document.uri))) this.updateFromDocument(document);
    }
    this.changed.fire(batch.splice(0));
    this.log.info(`Indexed ${this.notes.size} notes in ${Date.now() - started} ms` + (this.skipped.size > 0 ? ` (${this.skipped.size} skipped)` : ''));
  }
}

/** A note's key: its path relative to its workspace folder (folder name first in multi-root), else its path. */
export function noteKeyOf(uri: vscode.Uri): string {
  if (uri.scheme === 'untitled') return uri.path;
  const folders = vscode.workspace.workspaceFolders ?? [];
  return vscode.workspace.getWorkspaceFolder(uri) ? vscode.workspace.asRelativePath(uri, folders.length > 1) : uri.fsPath;
}

function maxNoteBytes(uri: vscode.Uri): number {
  const mb = vscode.workspace.getConfiguration('noteReview', uri).get<number>('maxNoteSizeMB', 5);
  return Math.max(0, Number.isFinite(mb) ? mb : 5) * 1024 * 1024;
}

function formatMB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** `files.exclude` patterns that are on, plus `node_modules`, as one glob for findFiles. */
function excludeGlob(scope: vscode.Uri): string {
  const excludes = vscode.workspace.getConfiguration('files', scope).get<Record<string, unknown>>('exclude') ?? {};
  const patterns = Object.entries(excludes)
    .filter(([, on]) => on === true)
    .map(([pattern]) => pattern);
  return `{${['**/node_modules/**', ...patterns].join(',')}}`;
}

/** Whether a file the watcher reports lies in `node_modules` or an excluded folder. */
function isExcluded(uri: vscode.Uri): boolean {
  if (uri.path.includes('/node_modules/')) return true;
  const excludes = vscode.workspace.getConfiguration('files', uri).get<Record<string, unknown>>('exclude') ?? {};
  const relative = vscode.workspace.asRelativePath(uri, false);
  return Object.entries(excludes).some(([pattern, on]) => on === true && simpleGlobMatch(pattern, relative));
}

/** Matches the common `files.exclude` shapes (`**\/name`, `**\/name/**`, `dir/**`, `*.ext`). */
function simpleGlobMatch(pattern: string, path: string): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '(?:.*/)?')
    .replace(/\*\*/g, '.*')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${escaped}(?:/.*)?$`).test(path);
}
