import * as vscode from 'vscode';
import { DEFAULT_FLASHCARD_SEPARATORS, parseNote, type FlashcardSeparators, type Note } from '../../core';
import { parseIncremental, updateIncremental, type IncrementalNote } from '../../core/incremental-parse';
import { ParseCache, type ParseCacheStore } from '../../core/parse-cache';
import { NOTE_READ_AHEAD, readAhead } from '../../core/read-ahead';
import { workspaceFolderLabel } from './workspace-folder-label';

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

/** Where the index keeps parses between sessions (see `ParseCache`). */
export interface NotesIndexCacheOptions {
  readonly store: ParseCacheStore;
  /** The build's version (extension version and bundle stamp): snapshots of other builds are ignored. */
  readonly version: string | Promise<string>;
}

/** Work the index has done since it was built, for tests and the log. */
export interface NotesIndexCounts {
  /** Notes read from disk (or clean documents) that were parsed: not found in the parse cache. */
  readonly diskParses: number;
  /** Notes read from disk (or clean documents) whose parse came from the parse cache. */
  readonly cacheHits: number;
  /** Full parses of edited (or untitled) documents' text. */
  readonly documentParses: number;
  /** Parses of edited documents that re-parsed only the changed chunks (`updateIncremental`). */
  readonly incrementalUpdates: number;
}

/** Typing pauses this long before the note is parsed again. */
const DEBOUNCE_MS = 150;
/** How long the background scan works before yielding to the extension host. */
const SLICE_MS = 15;
/** What the scan's read-ahead gives for a note that was open in an editor. */
const READ_FROM_EDITOR = Symbol('read from the editor');
const NOTE_GLOB = '**/*.{md,markdown}';
const NOTE_EXTENSION = /\.(md|markdown)$/i;
/**
 * Documents at least this long are parsed in chunks, so that an edit re-parses only the
 * chunks it touches; shorter ones parse whole in a few milliseconds.
 */
const INCREMENTAL_MIN_CHARS = 32 * 1024;
/** The parse cache is saved at most this often (and when the index is disposed). */
const CACHE_SAVE_DELAY_MS = 5_000;
/** At most this many parses are kept in the cache (only those of current notes are saved). */
const CACHE_MAX_ENTRIES = 20_000;
/** The window getting the focus back checks the notes against the disk at most this often. */
const CATCH_UP_MIN_INTERVAL_MS = 30_000;

/** A key for maps of notes. */
function keyOf(uri: vscode.Uri): string {
  return uri.toString();
}

/** Whether a document is a markdown note the index covers. */
export function isNoteDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown' && (document.uri.scheme === 'file' || document.uri.scheme === 'vscode-remote' || document.uri.scheme === 'untitled' || document.uri.scheme === 'vscode-userdata');
}

/** A note as stored: the public entry plus a fingerprint of the text it was parsed from. */
interface Entry extends IndexedNote {
  readonly fingerprint: string;
  /** The parse cache's key of this parse, when it went through the cache. */
  readonly cacheKey?: string;
  /**
   * The open document whose `version` this parse serves. Versions restart at 1 when a
   * note is closed and opened again, so a version alone does not name a text.
   */
  readonly source?: vscode.TextDocument;
}

/** Whether `entry` is the parse of `document`'s current version. */
function serves(entry: Entry | undefined, document: vscode.TextDocument): boolean {
  return entry !== undefined && entry.source === document && entry.version === document.version;
}

/**
 * Every markdown note of the workspace, parsed once per version.
 *
 * - Finds notes in every workspace folder, honouring `files.exclude` and skipping
 *   `node_modules`, in the background after activation (`whenReady`).
 * - The open editor's text wins over the file on disk; edits are re-parsed after a short
 *   debounce, saves/creates/deletes/renames on disk are followed by a file watcher.
 * - Only what changed is parsed again: a note whose text has the same fingerprint as its
 *   last parse (saved, reopened, touched on disk) keeps that parse.
 * - Providers call `noteFor(document)`: it returns the cached parse of the document's
 *   current version and only parses when that version was never parsed. It serves any
 *   markdown document; `all`, `get` and `onDidChange` cover the workspace's notes only
 *   (untitled ones included; a file opened from elsewhere is not one of them).
 */
export class NotesIndex implements vscode.Disposable {
  private readonly notes = new Map<string, Entry>();
  /**
   * Open documents that are not notes of the workspace (outside its folders, excluded,
   * too big): parsed for their providers only, never listed or announced.
   */
  private readonly outside = new Map<string, Entry>();
  private readonly skipped = new Map<string, SkippedNote>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = new vscode.EventEmitter<readonly vscode.Uri[]>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private scan: Promise<void> | undefined;
  private scanGeneration = 0;
  /** Parses from disk waiting for their time slice (see inTimeSlice). */
  private readonly sliceQueue: (() => void)[] = [];
  private draining = false;
  private disposed = false;
  /** Chunked parses of big open documents, for cheap updates after edits. */
  private readonly incremental = new Map<string, { readonly document: vscode.TextDocument; readonly state: IncrementalNote; readonly optionsKey: string }>();
  /** The parse cache, once loaded (parses bypass it until then). */
  private cache: ParseCache | undefined;
  private cacheLoad: Promise<void> | undefined;
  private cacheSaveTimer: ReturnType<typeof setTimeout> | undefined;
  private cacheSaving: Promise<void> = Promise.resolve();
  /** Saving waits for a full scan: before it, the cache has not seen every note yet. */
  private scanCompleted = false;
  private rejectionLogged = false;
  private counters = { diskParses: 0, cacheHits: 0, documentParses: 0, incrementalUpdates: 0 };
  /** Modification time and size of each note when it was last read from disk (see catchUpWithDisk). */
  private readonly diskStamps = new Map<string, string>();
  private lastCatchUp = 0;
  private catchingUp: Promise<vscode.Uri[]> | undefined;

  /** Fires with the notes whose parse changed (added, edited, removed). */
  readonly onDidChange = this.changed.event;

  /**
   * `options.cache`: keeps parses in a snapshot between sessions, so that notes unchanged
   * since the last start are not parsed again. Without it every note is parsed.
   */
  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly options: { readonly cache?: NotesIndexCacheOptions } = {},
  ) {
    const notesWatcher = vscode.workspace.createFileSystemWatcher(NOTE_GLOB);
    // A deleted folder is reported once, for the folder, which the notes glob does not match;
    // so is a folder moved in from outside VS Code (its notes get no events of their own).
    const deletionWatcher = vscode.workspace.createFileSystemWatcher('**', false, true, false);
    this.disposables.push(
      notesWatcher,
      deletionWatcher,
      notesWatcher.onDidCreate((uri) => this.scheduleFromDisk(uri)),
      notesWatcher.onDidChange((uri) => this.scheduleFromDisk(uri)),
      deletionWatcher.onDidDelete((uri) => this.removeUnder(uri)),
      deletionWatcher.onDidCreate((uri) => void this.maybeFolderAdded(uri)),
      vscode.workspace.onDidRenameFiles((event) => {
        for (const { oldUri, newUri } of event.files) {
          this.removeUnder(oldUri);
          if (NOTE_EXTENSION.test(newUri.path)) this.scheduleFromDisk(newUri);
          else void this.scanFolder(newUri);
        }
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (!isNoteDocument(event.document)) return;
        if (event.contentChanges.length > 0) this.scheduleDocument(event.document);
        // Saved or reverted. A revert on closing an editor can leave the document holding the
        // edited text, no longer dirty and never updated: the file on disk is the note then.
        else if (!event.document.isDirty && event.document.uri.scheme !== 'untitled') this.scheduleFromDisk(event.document.uri);
      }),
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (isNoteDocument(document)) this.updateFromDocument(document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.closed(document)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan({ reparse: false })),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('noteReview.flashcards') || event.affectsConfiguration('noteReview.maxNoteSizeMB')) void this.rescan({ reparse: true });
        else if (event.affectsConfiguration('files.exclude')) void this.rescan({ reparse: false });
      }),
      // Notes edited in another program while this window was in the background: file
      // events can be missed (the workbench's recursive watcher sometimes never watches a
      // folder created after it started), so coming back checks the notes against the disk.
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused && this.scanCompleted && Date.now() - this.lastCatchUp >= CATCH_UP_MIN_INTERVAL_MS) void this.catchUpWithDisk();
      }),
    );
  }

  /**
   * Compares the modification time and size of every indexed note that no editor holds
   * with those it had when it was read, and re-reads the ones that differ or are gone.
   * Costs one stat per note (a few milliseconds for a thousand notes); it does not look for
   * notes created in folders no watcher saw (Refresh Notes does). Resolves with the notes
   * it found changed.
   */
  catchUpWithDisk(): Promise<vscode.Uri[]> {
    this.catchingUp ??= this.compareWithDisk().finally(() => {
      this.catchingUp = undefined;
      this.lastCatchUp = Date.now();
    });
    return this.catchingUp;
  }

  private async compareWithDisk(): Promise<vscode.Uri[]> {
    const open = new Set(vscode.workspace.textDocuments.filter((d) => !d.isClosed).map((d) => keyOf(d.uri)));
    const candidates = [...this.notes.values()].filter((entry) => entry.uri.scheme !== 'untitled' && !open.has(keyOf(entry.uri)));
    const changed: vscode.Uri[] = [];
    for await (const [uri, stamp] of readAhead(candidates.map((entry) => entry.uri), (uri) => diskStampOf(uri), NOTE_READ_AHEAD)) {
      if (this.disposed) break;
      const key = keyOf(uri);
      if (!this.notes.has(key) || stamp === this.diskStamps.get(key)) continue;
      changed.push(uri);
      this.scheduleFromDisk(uri);
    }
    if (changed.length > 0) this.log.info(`${changed.length} notes changed on disk without a file event; reading them again`);
    return changed;
  }

  /** Starts finding and parsing the workspace's notes in the background; resolves when done. */
  whenReady(): Promise<void> {
    this.scan ??= this.scanWorkspace(this.scanGeneration, false);
    return this.scan;
  }

  /**
   * Finds the workspace's notes again: adds new ones, drops those gone or now excluded.
   * With `reparse` (parse settings changed) every note is parsed again; otherwise only
   * notes whose text changed are.
   */
  rescan(options: { reparse: boolean } = { reparse: true }): Promise<void> {
    this.scanGeneration++;
    if (options.reparse) {
      this.skipped.clear();
      this.outside.clear();
    }
    this.scan = this.scanWorkspace(this.scanGeneration, options.reparse);
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
   * before, else parsed now (once) and cached. Documents outside the index (excluded,
   * over the size limit) get a parse too, but are not listed by `all()`.
   */
  noteFor(document: vscode.TextDocument): Note {
    const key = keyOf(document.uri);
    const cached = this.notes.get(key) ?? this.outside.get(key);
    if (cached && serves(cached, document)) return cached.note;
    return this.updateFromDocument(document).note;
  }

  /** Counts of the work done since the index was built (parses, cache hits, incremental updates). */
  counts(): NotesIndexCounts {
    return { ...this.counters };
  }

  /**
   * Saves the parse cache now if it changed (only once the workspace has been scanned in
   * full); resolves when written or failed (a failure is logged by the store).
   */
  flushCache(): Promise<void> {
    if (this.cacheSaveTimer) clearTimeout(this.cacheSaveTimer);
    this.cacheSaveTimer = undefined;
    const cache = this.cache;
    if (!cache || !this.scanCompleted) return this.cacheSaving;
    this.cacheSaving = this.cacheSaving.then(async () => {
      // Only the parses of current notes are kept: the snapshot stays the size of the workspace.
      cache.retainOnly(this.cacheKeysInUse());
      if (!cache.unsaved) return;
      const started = Date.now();
      try {
        await cache.save();
        this.log.debug(`Saved the parse cache in ${Date.now() - started} ms`);
      } catch {
        // The store logged it; the next save tries again.
      }
    });
    return this.cacheSaving;
  }

  dispose(): void {
    void this.flushCache();
    this.disposed = true;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.incremental.clear();
    for (const d of this.disposables) d.dispose();
  }

  /** Loads the parse cache's snapshot (once); resolves when the cache is ready or there is none. */
  private loadCache(): Promise<void> {
    const options = this.options.cache;
    if (!options) return Promise.resolve();
    this.cacheLoad ??= (async () => {
      try {
        // The snapshot text is built in slices, the host answering in between.
        const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
        const cache = new ParseCache(options.store, { version: await options.version, maxEntries: CACHE_MAX_ENTRIES, pause });
        const loaded = await cache.load();
        if (loaded.status === 'corrupt') this.log.warn('Parse cache: the saved snapshot is damaged and was ignored; notes are parsed afresh');
        else if (loaded.status === 'stale') this.log.info('Parse cache: the saved snapshot is of another version and was ignored');
        this.cache = cache;
      } catch (error) {
        this.log.warn(`Parse cache: not used (${error instanceof Error ? error.message : String(error)})`);
      }
    })();
    return this.cacheLoad;
  }

  private scheduleCacheSave(): void {
    if (!this.cache || !this.scanCompleted || this.cacheSaveTimer || this.disposed) return;
    this.cacheSaveTimer = setTimeout(() => {
      this.cacheSaveTimer = undefined;
      void this.flushCache();
    }, CACHE_SAVE_DELAY_MS);
  }

  private cacheKeysInUse(): Set<string> {
    const keys = new Set<string>();
    for (const entry of [...this.notes.values(), ...this.outside.values()]) if (entry.cacheKey) keys.add(entry.cacheKey);
    return keys;
  }

  /** Parses text as stored on disk: from the parse cache when it holds this text's parse. */
  private parseStored(uri: vscode.Uri, text: string): { note: Note; cacheKey?: string } {
    const options = this.parseOptions(uri);
    if (!this.cache) {
      this.counters.diskParses++;
      return { note: this.safeParse(uri, text, options) };
    }
    try {
      const result = this.cache.parseWithKey(text, options);
      if (result.cached) this.counters.cacheHits++;
      else {
        this.counters.diskParses++;
        this.scheduleCacheSave();
      }
      return { note: result.note, cacheKey: result.key };
    } catch (error) {
      this.counters.diskParses++;
      return { note: this.parseFailed(uri, text, error) };
    }
  }

  /**
   * Parses an open document's text. A big document is parsed in chunks, and its next
   * versions update only the chunks an edit touched; a clean one (the file's text) may come
   * from the parse cache; anything else is parsed whole.
   */
  private parseDocument(document: vscode.TextDocument, text: string): { note: Note; cacheKey?: string } {
    const key = keyOf(document.uri);
    const options = this.parseOptions(document.uri);
    const optionsKey = JSON.stringify(options);
    const previous = this.incremental.get(key);
    // Chunks are only reused for the same document instance parsed with the same options.
    const reusable = previous && previous.document === document && previous.optionsKey === optionsKey ? previous.state : undefined;
    if (!reusable && !document.isDirty && this.cache) {
      this.incremental.delete(key);
      return this.parseStored(document.uri, text);
    }
    if (text.length >= INCREMENTAL_MIN_CHARS || reusable) {
      try {
        const state = reusable ? updateIncremental(reusable, text) : parseIncremental(text, options);
        if (reusable) this.counters.incrementalUpdates++;
        else this.counters.documentParses++;
        this.incremental.set(key, { document, state, optionsKey });
        return { note: state.note };
      } catch (error) {
        // Never expected; the whole-note parse below is the reference anyway.
        this.log.debug(`Incremental parse of ${noteKeyOf(document.uri)} failed, parsing it whole:`, error instanceof Error ? error.message : String(error));
        this.incremental.delete(key);
      }
    }
    this.incremental.delete(key);
    this.counters.documentParses++;
    return { note: this.safeParse(document.uri, text, options) };
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

  /** Parses an open document's text (unless unchanged) and stores it where it belongs. */
  private updateFromDocument(document: vscode.TextDocument): IndexedNote {
    const key = keyOf(document.uri);
    const text = document.getText();
    const excluded = !inWorkspace(document.uri) || isExcluded(document.uri);
    // Over the size limit, providers get an empty note: that is what "skipped" means.
    const tooBig = !excluded && !this.withinSizeLimit(document.uri, text.length);
    const previous = this.notes.get(key) ?? this.outside.get(key);
    const fingerprint = tooBig ? 'too-big' : fingerprintOf(text);
    const noteKey = noteKeyOf(document.uri);
    const parsed =
      // Card ids are made from the note's key, which changes when workspace folders do.
      previous?.fingerprint === fingerprint && previous.key === noteKey
        ? { note: previous.note, cacheKey: previous.cacheKey }
        : tooBig
          ? { note: this.safeParse(document.uri, '', this.parseOptions(document.uri)) }
          : this.parseDocument(document, text);
    const note = parsed.note;
    const entry: Entry = { uri: document.uri, key: noteKey, note, version: document.version, fingerprint, source: document, cacheKey: parsed.cacheKey };
    if (excluded || tooBig) {
      this.outside.set(key, entry);
      this.remove([document.uri]);
      return entry;
    }
    const wasIndexed = this.notes.has(key);
    this.outside.delete(key);
    this.notes.set(key, entry);
    // Consumers key their work on the version too (masks painted for version N wait for an
    // event once the document moves on), so a new version is news even with the same parse.
    if (!wasIndexed || note !== previous?.note || previous?.version !== entry.version) this.changed.fire([document.uri]);
    return entry;
  }

  /** A document closed: its unsaved edits (if any) are gone, the file on disk is the note again. */
  private closed(document: vscode.TextDocument): void {
    if (!isNoteDocument(document)) return;
    const key = keyOf(document.uri);
    this.outside.delete(key);
    this.incremental.delete(key);
    this.cancelPending(document.uri);
    if (document.uri.scheme === 'untitled' || !inWorkspace(document.uri)) this.remove([document.uri]);
    else if (this.notes.has(key)) this.scheduleFromDisk(document.uri);
  }

  private scheduleDocument(document: vscode.TextDocument): void {
    this.debounce(document.uri, () => {
      if (document.isClosed) return;
      const key = keyOf(document.uri);
      // A provider may have asked for this version already (noteFor parses on demand).
      if (!serves(this.notes.get(key) ?? this.outside.get(key), document)) this.updateFromDocument(document);
    });
  }

  private scheduleFromDisk(uri: vscode.Uri): void {
    this.debounce(uri, () => void this.updateFromDisk(uri));
  }

  private debounce(uri: vscode.Uri, action: () => void): void {
    this.cancelPending(uri);
    const key = keyOf(uri);
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (!this.disposed) action();
      }, DEBOUNCE_MS),
    );
  }

  /**
   * Runs `work` in turn with the other queued parses from disk, yielding to the event loop
   * whenever a slice has used SLICE_MS, so that the extension host keeps answering.
   */
  private inTimeSlice(work: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.sliceQueue.push(() => {
        try {
          work();
          resolve();
        } catch (error) {
          reject(error);
        }
      });
      if (!this.draining) void this.drainSlices();
    });
  }

  private async drainSlices(): Promise<void> {
    this.draining = true;
    let sliceStart = Date.now();
    while (this.sliceQueue.length > 0) {
      (this.sliceQueue.shift() as () => void)();
      if (Date.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceStart = Date.now();
      }
    }
    this.draining = false;
  }

  private cancelPending(uri: vscode.Uri): void {
    const key = keyOf(uri);
    const previous = this.pending.get(key);
    if (previous) clearTimeout(previous);
    this.pending.delete(key);
  }

  /**
   * Re-reads a note from disk, unless an editor holds unsaved text for it (that text wins).
   * A clean open document gets the disk's parse for its current version.
   */
  private async updateFromDisk(uri: vscode.Uri): Promise<void> {
    const open = openDocument(uri);
    if (open?.isDirty) {
      if (!serves(this.notes.get(keyOf(uri)), open)) this.updateFromDocument(open);
      return;
    }
    if (isExcluded(uri)) {
      this.remove([uri]);
      return;
    }
    const text = await this.readNote(uri);
    // Many files can change at once (a git checkout, a folder copied in): their reads
    // complete together, so the parses take turns in time slices.
    await this.inTimeSlice(() => {
      if (this.disposed) return;
      const nowOpen = openDocument(uri);
      if (nowOpen?.isDirty) return; // edited meanwhile: the change event parses the editor's text
      if (text === undefined) this.remove([uri]);
      else if (this.storeFromDisk(uri, text, false, nowOpen)) this.changed.fire([uri]);
    });
  }

  /**
   * Stores a note read from disk; parses it only when its text changed (or `reparse`).
   * `document`: the clean open document this text stands for, if any. Returns whether
   * the parse or the version it serves changed.
   */
  private storeFromDisk(uri: vscode.Uri, text: string, reparse: boolean, document?: vscode.TextDocument): boolean {
    const key = keyOf(uri);
    const previous = this.notes.get(key);
    const fingerprint = fingerprintOf(text);
    const served = document ? { version: document.version, source: document } : { version: undefined, source: undefined };
    const noteKey = noteKeyOf(uri);
    if (!reparse && previous?.fingerprint === fingerprint && previous.key === noteKey) {
      this.notes.set(key, { ...previous, ...served });
      return previous.version !== served.version;
    }
    const { note, cacheKey } = this.parseStored(uri, text);
    this.notes.set(key, { uri, key: noteKey, note, fingerprint, cacheKey, ...served });
    return true;
  }

  private withinSizeLimit(uri: vscode.Uri, size: number): boolean {
    const limitBytes = maxNoteBytes(uri);
    if (size <= limitBytes) return true;
    this.skip(uri, `larger than noteReview.maxNoteSizeMB (${formatMB(size)} > ${formatMB(limitBytes)})`);
    return false;
  }

  /** Reads a note's text, or undefined (and one log line) when it cannot be a note. */
  private async readNote(uri: vscode.Uri): Promise<string | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) return undefined;
      if (!this.withinSizeLimit(uri, stat.size)) return undefined;
      const bytes = await vscode.workspace.fs.readFile(uri);
      const head = bytes.subarray(0, 8192);
      if (head.includes(0)) return this.skip(uri, 'binary file (NUL bytes)');
      try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        this.skipped.delete(keyOf(uri));
        this.diskStamps.set(keyOf(uri), stampOf(stat));
        return text;
      } catch {
        return this.skip(uri, 'not valid UTF-8');
      }
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      return this.skip(uri, error instanceof Error ? error.message : String(error));
    }
  }

  /** Remembers why a note is left out; logs one line per note and reason, not per attempt. */
  private skip(uri: vscode.Uri, reason: string): undefined {
    const key = keyOf(uri);
    if (this.skipped.get(key)?.reason !== reason) this.log.warn(`Skipped ${noteKeyOf(uri)}: ${reason}`);
    this.skipped.set(key, { uri, reason });
    return undefined;
  }

  private safeParse(uri: vscode.Uri, text: string, options: ReturnType<NotesIndex['parseOptions']>): Note {
    try {
      return parseNote(text, options);
    } catch (error) {
      return this.parseFailed(uri, text, error);
    }
  }

  private parseFailed(uri: vscode.Uri, text: string, error: unknown): Note {
    // The parser is meant never to throw; if it does, the note shows as empty, not the extension as broken.
    this.log.error(`Parsing ${noteKeyOf(uri)} failed:`, error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { sections: [], cards: [], terms: [], problems: [], lineCount: text.split('\n').length, codeBlocks: [] };
  }

  private remove(uris: readonly vscode.Uri[]): void {
    const removed = uris.filter((uri) => this.forget(uri));
    if (removed.length > 0) this.changed.fire(removed);
  }

  /** Drops a note and what was known of its file; returns whether it was indexed. */
  private forget(uri: vscode.Uri): boolean {
    this.diskStamps.delete(keyOf(uri));
    return this.notes.delete(keyOf(uri));
  }

  /** Removes the note at `uri`, or every note inside the folder at `uri`. */
  private removeUnder(uri: vscode.Uri): void {
    const folderPrefix = keyOf(uri).replace(/\/?$/, '/');
    const gone = [...this.notes.values()].filter((entry) => {
      const key = keyOf(entry.uri);
      return (key === keyOf(uri) || key.startsWith(folderPrefix)) && !openDocument(entry.uri)?.isDirty;
    });
    for (const entry of gone) {
      this.cancelPending(entry.uri);
      this.skipped.delete(keyOf(entry.uri));
    }
    this.remove(gone.map((entry) => entry.uri));
  }

  /** Adds the notes of a folder that appeared (renamed or moved in through VS Code). */
  /**
   * Indexes the notes of a folder that appeared (moved or copied in from outside VS Code).
   * Every created path comes here, so the cheap refusals go first: notes (their own watcher
   * has them), excluded paths and dependency folders, and names with a file extension
   * (a folder named like `notes.v2` is then left to Refresh Notes).
   */
  private async maybeFolderAdded(uri: vscode.Uri): Promise<void> {
    if (this.disposed || NOTE_EXTENSION.test(uri.path) || /\/(node_modules|\.git)(\/|$)/.test(uri.path)) return;
    if (/\.[A-Za-z0-9]{1,8}$/.test(uri.path) || !inWorkspace(uri) || isExcluded(uri)) return;
    try {
      if (!((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory)) return;
    } catch {
      return; // gone again
    }
    await this.scanFolder(uri);
  }

  private async scanFolder(uri: vscode.Uri): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, NOTE_GLOB), searchExcludeGlob(folder.uri));
    for (const note of found) if (!isExcluded(note)) this.scheduleFromDisk(note);
  }

  private async scanWorkspace(generation: number, reparse: boolean): Promise<void> {
    const started = Date.now();
    const before = this.counts();
    await this.loadCache();
    const found = new Map<string, vscode.Uri>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, NOTE_GLOB), searchExcludeGlob(folder.uri));
      for (const uri of uris) if (!isExcluded(uri)) found.set(keyOf(uri), uri);
    }
    if (generation !== this.scanGeneration || this.disposed) return;
    // Open markdown documents of the workspace are notes too, whatever their name (untitled too).
    for (const document of vscode.workspace.textDocuments) {
      if (isNoteDocument(document) && inWorkspace(document.uri) && !isExcluded(document.uri)) found.set(keyOf(document.uri), document.uri);
    }
    this.remove([...this.notes.values()].filter((entry) => !found.has(keyOf(entry.uri))).map((entry) => entry.uri));

    let sliceStart = Date.now();
    const batch: vscode.Uri[] = [];
    let parsed = 0;
    // Notes open in an editor are read from it; the others from disk, several reads ahead.
    const fromDisk = (uri: vscode.Uri): Promise<string | undefined | typeof READ_FROM_EDITOR> => (openDocument(uri) ? Promise.resolve(READ_FROM_EDITOR) : this.readNote(uri));
    for await (const [uri, read] of readAhead([...found.values()], fromDisk, NOTE_READ_AHEAD)) {
      if (generation !== this.scanGeneration || this.disposed) return;
      const open = openDocument(uri);
      if (open) {
        const before = this.notes.get(keyOf(uri));
        if (reparse || !serves(before, open)) {
          if (reparse) this.forget(uri);
          this.updateFromDocument(open);
          parsed++;
        }
        continue;
      }
      // Open when the read started, closed since: its file is the note now.
      const text = read === READ_FROM_EDITOR ? await this.readNote(uri) : read;
      if (generation !== this.scanGeneration || this.disposed) return;
      if (openDocument(uri)) continue; // opened meanwhile: the open event indexed it
      if (text === undefined) {
        if (this.notes.has(keyOf(uri))) batch.push(uri);
        this.forget(uri);
      } else if (this.storeFromDisk(uri, text, reparse)) {
        batch.push(uri);
        parsed++;
      }
      if (Date.now() - sliceStart > SLICE_MS) {
        // Yield so that the extension host keeps answering while a big workspace is parsed.
        if (batch.length > 0) this.changed.fire(batch.splice(0));
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (generation !== this.scanGeneration || this.disposed) return;
        sliceStart = Date.now();
      }
    }
    if (batch.length > 0) this.changed.fire(batch.splice(0));
    const after = this.counts();
    const fromCache = after.cacheHits - before.cacheHits;
    this.log.info(
      `Indexed ${this.notes.size} notes (${parsed - fromCache} parsed` +
        (this.cache ? `, ${fromCache} from the parse cache` : '') +
        `) in ${Date.now() - started} ms` +
        (this.skipped.size > 0 ? `; ${this.skipped.size} skipped` : ''),
    );
    const rejected = this.cache?.counts().rejected ?? 0;
    if (rejected > 0 && !this.rejectionLogged) {
      this.rejectionLogged = true;
      this.log.warn(`Parse cache: ${rejected} saved parses were malformed and ignored (parsed again)`);
    }
    this.scanCompleted = true;
    // The scan has just read every note: the first check is due a while after it, not at the next focus.
    this.lastCatchUp = Date.now();
    this.scheduleCacheSave();
  }
}

/**
 * Whether a note at `uri` is one of the workspace's: in one of its folders, or untitled (a
 * note being written in this window). A file opened from elsewhere is not.
 */
function inWorkspace(uri: vscode.Uri): boolean {
  return uri.scheme === 'untitled' || vscode.workspace.getWorkspaceFolder(uri) !== undefined;
}

/** The open document at `uri`, if any. */
function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = keyOf(uri);
  return vscode.workspace.textDocuments.find((d) => !d.isClosed && keyOf(d.uri) === key);
}

/** What tells a file's versions apart without reading it: its modification time and size. */
function stampOf(stat: vscode.FileStat): string {
  return `${stat.mtime}:${stat.size}`;
}

/** The stamp of the file at `uri` now, or undefined when it is gone or unreadable. */
async function diskStampOf(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return stampOf(await vscode.workspace.fs.stat(uri));
  } catch {
    return undefined;
  }
}

/** A cheap fingerprint of a note's text (two 32-bit hashes and the length), to skip parsing unchanged text. */
function fingerprintOf(text: string): string {
  let fnv = 0x811c9dc5;
  let djb = 5381;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    fnv = Math.imul(fnv ^ c, 0x01000193);
    djb = (Math.imul(djb, 33) + c) | 0;
  }
  return `${text.length}:${(fnv >>> 0).toString(36)}:${(djb >>> 0).toString(36)}`;
}

/** A note's key: its path relative to its workspace folder (the folder's label first in multi-root), else its path. */
export function noteKeyOf(uri: vscode.Uri): string {
  if (uri.scheme === 'untitled') return uri.path;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return uri.fsPath;
  const relative = vscode.workspace.asRelativePath(uri, false);
  // Not asRelativePath(uri, true): it names the folder by its name, which two folders can share.
  return (vscode.workspace.workspaceFolders ?? []).length > 1 ? `${workspaceFolderLabel(folder)}/${relative}` : relative;
}

function maxNoteBytes(uri: vscode.Uri): number {
  const mb = vscode.workspace.getConfiguration('noteReview', uri).get<number>('maxNoteSizeMB', 5);
  return Math.max(0, Number.isFinite(mb) ? mb : 5) * 1024 * 1024;
}

function formatMB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The `files.exclude` patterns that are switched on for `scope` (conditional `when` patterns are not). */
function excludePatterns(scope: vscode.Uri): string[] {
  const excludes = vscode.workspace.getConfiguration('files', scope).get<Record<string, unknown>>('exclude') ?? {};
  return Object.entries(excludes)
    .filter(([, on]) => on === true)
    .map(([pattern]) => pattern);
}

/**
 * The exclude glob handed to findFiles, so that the search does not walk excluded trees.
 * VS Code's globs do not nest braces, so patterns with braces are left to `isExcluded`,
 * which every result goes through anyway.
 */
function searchExcludeGlob(scope: vscode.Uri): string {
  const patterns = ['**/node_modules/**', ...excludePatterns(scope).filter((p) => !/[{}]/.test(p))];
  return `{${patterns.join(',')}}`;
}

/** Whether a note lies in `node_modules` or matches a `files.exclude` pattern of its folder. */
function isExcluded(uri: vscode.Uri): boolean {
  if (/\/node_modules\//.test(uri.path)) return true;
  if (!vscode.workspace.getWorkspaceFolder(uri)) return false;
  const relative = vscode.workspace.asRelativePath(uri, false);
  return excludePatterns(uri).some((pattern) => globMatches(pattern, relative));
}

/**
 * Whether a `files.exclude` glob matches a workspace-relative path or one of its parent
 * folders (excluding a folder excludes what it holds). Supports `**`, `*`, `?`, `[...]` and
 * `{a,b}` as VS Code's globs do.
 */
export function globMatches(pattern: string, path: string): boolean {
  return new RegExp(`^${globToRegExp(pattern.replace(/^\.\//, ''))}(?:/.*)?$`).test(path);
}

function globToRegExp(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      out += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '{') {
      const close = glob.indexOf('}', i + 1);
      if (close < 0) out += '\\{';
      else {
        out += `(?:${glob.slice(i + 1, close).split(',').map(globToRegExp).join('|')})`;
        i = close;
      }
    } else out += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return out;
}
