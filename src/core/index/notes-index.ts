import { parseIncremental, updateIncremental, type IncrementalNote } from '../parse/incremental-parse';
import type { Note, ParseOptions } from '../model/model';
import { ParseCache, type FileStamp, type ParseCacheStore } from '../parse/parse-cache';
import { parseNote } from '../parse/parse-note';
import { NOTE_READ_AHEAD, readAhead } from './read-ahead';
import { Emitter, type Disposable, type Event } from '../util/emitter';
import { textFingerprint } from '../util/hash';
import { SliceQueue, TimeSlicer, type Now, type Pause } from '../util/time-slice';
import type { Timers } from '../util/timers';
import { decodeNote } from './decode-note';
import { ExcludeGlobs } from './exclude-globs';
import { PROGRESS_INTERVAL_MS, type IndexProgress } from './index-progress';
import type { IndexLog, NoteDocument, NoteFileStat, NoteSettings, NoteSource, NoteSourceEvent } from './note-source';

/** One note of the index: where it is, its key in the workspace, and its parse. */
export interface IndexedNote<Ref> {
  readonly uri: Ref;
  /** Path relative to its workspace folder (with the folder name in multi-root workspaces). */
  readonly key: string;
  /** The parse of the note's current text. */
  readonly note: Note;
  /** The open document's version this parse is of; undefined when parsed from disk. */
  readonly version: number | undefined;
}

/** Why a note was left out of the index. */
export interface SkippedNote<Ref> {
  readonly uri: Ref;
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
  /** Notes whose parse was taken from the cache on their modification time and size alone, unread. */
  readonly unreadHits: number;
}

/** The ports of a `NotesIndex`. */
export interface NotesIndexOptions<Ref, Doc extends NoteDocument<Ref>> {
  readonly source: NoteSource<Ref, Doc>;
  readonly log: IndexLog;
  readonly now: Now;
  readonly timers: Timers;
  /** Gives the host a turn between time slices. */
  readonly pause: Pause;
  /** Keeps parses in a snapshot between sessions; without it every note is parsed. */
  readonly cache?: NotesIndexCacheOptions;
}

/** Typing pauses this long before the note is parsed again. */
export const DEBOUNCE_MS = 150;
/** How long the background scan works before yielding to the host. */
export const SLICE_MS = 15;
/**
 * Documents at least this long are parsed in chunks, so that an edit re-parses only the
 * chunks it touches; shorter ones parse whole in a few milliseconds.
 */
export const INCREMENTAL_MIN_CHARS = 32 * 1024;
/** While a scan runs, the notes it indexed are announced (`onDidChange`) at most this often after the first batch. */
export const CHANGE_BATCH_MS = 200;
/** The parse cache is saved at most this often (and when the index is disposed). */
export const CACHE_SAVE_DELAY_MS = 5_000;
/** At least this many parses are kept in the cache, more when the workspace has more notes (only those of current notes are saved). */
export const CACHE_MAX_ENTRIES = 20_000;
/** The window getting the focus back checks the notes against the disk at most this often. */
export const CATCH_UP_MIN_INTERVAL_MS = 30_000;

const NOTE_EXTENSION = /\.(md|markdown)$/i;
/** What the scan's read-ahead gives for a note that was open in an editor. */
const READ_FROM_EDITOR = Symbol('read from the editor');

/** A note file as read from disk: its text, or its parse recalled from the cache unread. */
type DiskRead = ({ readonly text: string } | { readonly recalled: { readonly note: Note; readonly cacheKey: string } }) & {
  readonly stamp: string;
  /** The parse options (with the note's key) when it was read: asked of the source once per read, which is not free at 10,000 notes. */
  readonly options: ParseOptions & { noteKey: string };
};

/** A note as stored: the public entry plus a fingerprint of the text it was parsed from. */
interface Entry<Ref, Doc> extends IndexedNote<Ref> {
  /** `textFingerprint` of the text, or `too-big`. */
  readonly fingerprint: string;
  /** The parse cache's key of this parse, when it went through the cache. */
  readonly cacheKey?: string;
  /** Modification time and size of the file this parse was read from (unset for editor text). */
  readonly stamp?: string;
  /**
   * The open document whose `version` this parse serves. Versions restart at 1 when a
   * note is closed and opened again, so a version alone does not name a text.
   */
  readonly source?: Doc;
}

/** What tells a file's versions apart without reading it: its modification time and size. */
function stampOf(stat: NoteFileStat): string {
  return `${stat.mtime}:${stat.size}`;
}

function formatMB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Every markdown note of the workspace, parsed once per version. Pure: the files, open
 * documents, settings and events come from a `NoteSource`; time, timers and pauses are
 * ports, so every race runs in plain Node with a manual clock.
 *
 * - Finds notes in every workspace folder, honouring `files.exclude` and skipping
 *   `node_modules`, in the background (`whenReady`).
 * - The open editor's text wins over the file on disk; edits are re-parsed after a short
 *   debounce, saves/creates/deletes/renames on disk are followed through the source's events.
 * - Only what changed is parsed again: a note whose text has the same fingerprint as its
 *   last parse (saved, reopened, touched on disk) keeps that parse; at start, a note whose
 *   modification time and size are those of its cached parse is not even read.
 * - Providers call `noteFor(document)`: it returns the cached parse of the document's
 *   current version and only parses when that version was never parsed. It serves any
 *   markdown document; `all`, `get` and `onDidChange` cover the workspace's notes only
 *   (untitled ones included; a file opened from elsewhere is not one of them).
 *
 * ```ts
 * const index = new NotesIndex({ source, log, now: Date.now, timers: globalThis, pause });
 * await index.whenReady();
 * index.all().map((n) => n.key); // ['aws.md', 'notes/gcp.md']
 * ```
 */
export class NotesIndex<Ref, Doc extends NoteDocument<Ref>> implements Disposable {
  private readonly source: NoteSource<Ref, Doc>;
  private readonly log: IndexLog;
  private readonly notes = new Map<string, Entry<Ref, Doc>>();
  /** The ids of `notes` ordered by key, kept until a note is added, removed or re-keyed. */
  private sortedIds: string[] | undefined;
  /**
   * Open documents that are not notes of the workspace (outside its folders, excluded,
   * too big): parsed for their providers only, never listed or announced.
   */
  private readonly outside = new Map<string, Entry<Ref, Doc>>();
  private readonly skipped = new Map<string, SkippedNote<Ref>>();
  private readonly pending = new Map<string, unknown>();
  private readonly changed = new Emitter<readonly Ref[]>();
  private readonly progressed = new Emitter<IndexProgress>();
  /** The running scan's counts; undefined when no scan runs. */
  private scanCounts: { done: number; total: number } | undefined;
  private lastProgressAt = 0;
  private readonly subscription: Disposable;
  private readonly excludes = new ExcludeGlobs();
  private scan: Promise<void> | undefined;
  private scanGeneration = 0;
  /** Parses from disk waiting for their time slice. */
  private readonly slices: SliceQueue;
  private disposed = false;
  /** Chunked parses of big open documents, for cheap updates after edits. */
  private readonly incremental = new Map<string, { readonly document: Doc; readonly state: IncrementalNote; readonly optionsKey: string }>();
  /** The parse cache, once loaded (parses bypass it until then). */
  private cache: ParseCache | undefined;
  private cacheLoad: Promise<void> | undefined;
  private cacheSaveTimer: unknown;
  private cacheSaving: Promise<void> = Promise.resolve();
  /** Saving waits for a full scan: before it, the cache has not seen every note yet. */
  private scanCompleted = false;
  private rejectionLogged = false;
  private counters = { diskParses: 0, cacheHits: 0, documentParses: 0, incrementalUpdates: 0, unreadHits: 0 };
  /** Modification time and size of each note when it was last read from disk (see catchUpWithDisk). */
  private readonly diskStamps = new Map<string, string>();
  private lastCatchUp = 0;
  /**
   * Counts deletions reported by the source. A read that began before a deletion may end
   * with the text the file had (a read in flight on a real disk does): such a read is
   * checked against the disk again before its note is stored.
   */
  private deletions = 0;
  private catchingUp: Promise<Ref[]> | undefined;

  /** Fires with the notes whose parse changed (added, edited, removed). */
  readonly onDidChange: Event<readonly Ref[]> = this.changed.event;

  /** Fires as a scan of the workspace (the first one, or a rescan) goes through the notes. */
  readonly onDidProgress: Event<IndexProgress> = this.progressed.event;

  constructor(private readonly options: NotesIndexOptions<Ref, Doc>) {
    this.source = options.source;
    this.log = options.log;
    this.slices = new SliceQueue(options.now, options.pause, SLICE_MS);
    this.subscription = this.source.onDidChange((event) => this.handle(event));
  }

  /** Follows what the source reports. */
  private handle(event: NoteSourceEvent<Ref, Doc>): void {
    if (this.disposed) return;
    switch (event.kind) {
      case 'fileChanged':
        return this.scheduleFromDisk(event.ref);
      case 'deleted':
        this.deletions++;
        return this.removeUnder(event.ref);
      case 'created':
        return void this.maybeFolderAdded(event.ref);
      case 'renamed':
        this.deletions++;
        this.removeUnder(event.from);
        if (NOTE_EXTENSION.test(this.source.pathOf(event.to))) this.scheduleFromDisk(event.to);
        else void this.scanFolder(event.to);
        return;
      case 'documentEdited':
        if (this.source.isNoteDocument(event.document)) this.scheduleDocument(event.document);
        return;
      case 'documentSaved':
        // Saved or reverted. A revert on closing an editor can leave the document holding the
        // edited text, no longer dirty and never updated: the file on disk is the note then.
        if (this.source.isNoteDocument(event.document) && !event.document.isDirty && !this.source.isUntitled(event.document.uri)) this.scheduleFromDisk(event.document.uri);
        return;
      case 'documentOpened':
        if (this.source.isNoteDocument(event.document)) this.updateFromDocument(event.document);
        return;
      case 'documentClosed':
        return this.closed(event.document);
      case 'foldersChanged':
        return void this.rescan({ reparse: false });
      case 'settingsChanged':
        return void this.rescan({ reparse: event.reparse });
      case 'focused':
        // File events can be missed (a watcher may never watch a folder created after it
        // started), so coming back checks the notes against the disk.
        if (this.scanCompleted && this.options.now() - this.lastCatchUp >= CATCH_UP_MIN_INTERVAL_MS) void this.catchUpWithDisk();
        return;
      default: {
        const never: never = event;
        return never;
      }
    }
  }

  /**
   * Compares the modification time and size of every indexed note that no editor holds
   * with those it had when it was read, and re-reads the ones that differ or are gone.
   * Costs one stat per note; it does not look for notes created in folders no watcher saw
   * (a rescan does). Resolves with the notes it found changed.
   */
  catchUpWithDisk(): Promise<Ref[]> {
    this.catchingUp ??= this.compareWithDisk().finally(() => {
      this.catchingUp = undefined;
      this.lastCatchUp = this.options.now();
    });
    return this.catchingUp;
  }

  private async compareWithDisk(): Promise<Ref[]> {
    const open = new Set(this.openDocuments().map((d) => this.source.idOf(d.uri)));
    const candidates = [...this.notes.values()].filter((entry) => !this.source.isUntitled(entry.uri) && !open.has(this.source.idOf(entry.uri)));
    const changed: Ref[] = [];
    const stampNow = async (ref: Ref): Promise<string | undefined> => {
      try {
        const stat = await this.source.stat(ref);
        return stat && stampOf(stat);
      } catch {
        return undefined;
      }
    };
    for await (const [uri, stamp] of readAhead(candidates.map((entry) => entry.uri), stampNow, NOTE_READ_AHEAD)) {
      if (this.disposed) break;
      const id = this.source.idOf(uri);
      if (!this.notes.has(id) || stamp === this.diskStamps.get(id)) continue;
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
  all(): IndexedNote<Ref>[] {
    // Views ask for every note after each batch of changes; most batches change parses, not keys.
    this.sortedIds ??= [...this.notes].sort(([, a], [, b]) => a.key.localeCompare(b.key)).map(([id]) => id);
    return this.sortedIds.map((id) => this.notes.get(id) as Entry<Ref, Doc>);
  }

  /** The indexed note at `uri`, if any. */
  get(uri: Ref): IndexedNote<Ref> | undefined {
    return this.notes.get(this.source.idOf(uri));
  }

  /** How far the running scan has got, or undefined when none runs (for a view created mid-scan). */
  progress(): IndexProgress | undefined {
    return this.scanCounts && { ...this.scanCounts, finished: false };
  }

  /** The number of indexed notes (`all().length` without sorting them). */
  get size(): number {
    return this.notes.size;
  }

  /** Notes left out (too big, binary, not UTF-8), with the reason. */
  skippedNotes(): SkippedNote<Ref>[] {
    return [...this.skipped.values()];
  }

  /**
   * The parse of `document`'s current version: cached when that version was parsed
   * before, else parsed now (once) and cached. Documents outside the index (excluded,
   * over the size limit) get a parse too, but are not listed by `all()`.
   */
  noteFor(document: Doc): Note {
    const id = this.source.idOf(document.uri);
    const cached = this.notes.get(id) ?? this.outside.get(id);
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
    if (this.cacheSaveTimer !== undefined) this.options.timers.clearTimeout(this.cacheSaveTimer);
    this.cacheSaveTimer = undefined;
    const cache = this.cache;
    if (!cache || !this.scanCompleted) return this.cacheSaving;
    this.cacheSaving = this.cacheSaving.then(async () => {
      // Only the parses of current notes are kept: the snapshot stays the size of the workspace.
      cache.retainOnly(this.cacheKeysInUse());
      cache.setStamps(this.fileStamps());
      if (!cache.unsaved) return;
      const started = this.options.now();
      try {
        await cache.save();
        this.log.debug(`Saved the parse cache in ${this.options.now() - started} ms`);
      } catch {
        // The store logged it; the next save tries again.
      }
    });
    return this.cacheSaving;
  }

  dispose(): void {
    void this.flushCache();
    this.disposed = true;
    for (const timer of this.pending.values()) this.options.timers.clearTimeout(timer);
    this.pending.clear();
    this.incremental.clear();
    this.subscription.dispose();
    this.changed.dispose();
    this.progressed.dispose();
  }

  /** Loads the parse cache's snapshot (once); resolves when the cache is ready or there is none. */
  private loadCache(): Promise<void> {
    const options = this.options.cache;
    if (!options) return Promise.resolve();
    this.cacheLoad ??= (async () => {
      try {
        // The snapshot text is built in slices, the host answering in between.
        const cache = new ParseCache(options.store, { version: await options.version, maxEntries: CACHE_MAX_ENTRIES, pause: this.options.pause, now: this.options.now });
        const loaded = await cache.load();
        if (loaded.status === 'corrupt') this.log.warn('Parse cache: the saved snapshot is damaged and was ignored; notes are parsed afresh');
        else if (loaded.status === 'stale') this.log.info('Parse cache: the saved snapshot is of another version and was ignored');
        this.cache = cache;
      } catch (error) {
        this.log.warn(`Parse cache: not used (${describe(error)})`);
      }
    })();
    return this.cacheLoad;
  }

  private scheduleCacheSave(): void {
    if (!this.cache || !this.scanCompleted || this.cacheSaveTimer !== undefined || this.disposed) return;
    this.cacheSaveTimer = this.options.timers.setTimeout(() => {
      this.cacheSaveTimer = undefined;
      void this.flushCache();
    }, CACHE_SAVE_DELAY_MS);
  }

  private cacheKeysInUse(): Set<string> {
    const keys = new Set<string>();
    for (const entry of [...this.notes.values(), ...this.outside.values()]) if (entry.cacheKey) keys.add(entry.cacheKey);
    return keys;
  }

  /** The file stamp of each note whose parse was made from its file on disk (see `ParseCache.recall`). */
  private fileStamps(): Map<string, FileStamp> {
    const stamps = new Map<string, FileStamp>();
    for (const [id, entry] of this.notes) if (entry.stamp && entry.cacheKey) stamps.set(id, { stamp: entry.stamp, key: entry.cacheKey });
    return stamps;
  }

  /** Parses text as stored on disk: from the parse cache when it holds this text's parse. */
  private parseStored(uri: Ref, text: string, fingerprint: string, options: ParseOptions = this.parseOptions(uri)): { note: Note; cacheKey?: string } {
    if (!this.cache) {
      this.counters.diskParses++;
      return { note: this.safeParse(uri, text, options) };
    }
    try {
      const result = this.cache.parseWithKey(text, options, fingerprint);
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
  private parseDocument(document: Doc, text: string, fingerprint: string): { note: Note; cacheKey?: string } {
    const id = this.source.idOf(document.uri);
    const options = this.parseOptions(document.uri);
    const optionsKey = JSON.stringify(options);
    const previous = this.incremental.get(id);
    // Chunks are only reused for the same document instance parsed with the same options.
    const reusable = previous && previous.document === document && previous.optionsKey === optionsKey ? previous.state : undefined;
    if (!reusable && !document.isDirty && this.cache) {
      this.incremental.delete(id);
      return this.parseStored(document.uri, text, fingerprint);
    }
    if (text.length >= INCREMENTAL_MIN_CHARS || reusable) {
      try {
        const state = reusable ? updateIncremental(reusable, text) : parseIncremental(text, options);
        if (reusable) this.counters.incrementalUpdates++;
        else this.counters.documentParses++;
        this.incremental.set(id, { document, state, optionsKey });
        return { note: state.note };
      } catch (error) {
        // Never expected; the whole-note parse below is the reference anyway.
        this.log.debug(`Incremental parse of ${this.source.noteKeyOf(document.uri)} failed, parsing it whole:`, describe(error));
        this.incremental.delete(id);
      }
    }
    this.incremental.delete(id);
    this.counters.documentParses++;
    return { note: this.safeParse(document.uri, text, options) };
  }

  /** Current parse options from the settings. */
  private parseOptions(uri: Ref, settings: NoteSettings = this.source.settings(uri)): ParseOptions & { noteKey: string } {
    return { flashcards: { ...settings.flashcards }, ...(settings.reading !== undefined ? { reading: settings.reading } : {}), noteKey: this.source.noteKeyOf(uri) };
  }

  /** Parses an open document's text (unless unchanged) and stores it where it belongs. */
  private updateFromDocument(document: Doc): IndexedNote<Ref> {
    const id = this.source.idOf(document.uri);
    const text = document.getText();
    const excluded = !this.inWorkspace(document.uri) || this.isExcluded(document.uri);
    // Over the size limit, providers get an empty note: that is what "skipped" means.
    const tooBig = !excluded && !this.withinSizeLimit(document.uri, text.length);
    const previous = this.notes.get(id) ?? this.outside.get(id);
    const fingerprint = tooBig ? 'too-big' : textFingerprint(text);
    const noteKey = this.source.noteKeyOf(document.uri);
    const parsed =
      // Card ids are made from the note's key, which changes when workspace folders do.
      previous?.fingerprint === fingerprint && previous.key === noteKey
        ? { note: previous.note, cacheKey: previous.cacheKey }
        : tooBig
          ? { note: this.safeParse(document.uri, '', this.parseOptions(document.uri)) }
          : this.parseDocument(document, text, fingerprint);
    const note = parsed.note;
    const entry: Entry<Ref, Doc> = { uri: document.uri, key: noteKey, note, version: document.version, fingerprint, source: document, cacheKey: parsed.cacheKey };
    if (excluded || tooBig) {
      this.outside.set(id, entry);
      this.remove([document.uri]);
      return entry;
    }
    const wasIndexed = this.notes.has(id);
    this.outside.delete(id);
    this.putNote(id, entry);
    // Consumers key their work on the version too (masks painted for version N wait for an
    // event once the document moves on), so a new version is news even with the same parse.
    if (!wasIndexed || note !== previous?.note || previous?.version !== entry.version) this.changed.fire([document.uri]);
    return entry;
  }

  /** A document closed: its unsaved edits (if any) are gone, the file on disk is the note again. */
  private closed(document: Doc): void {
    if (!this.source.isNoteDocument(document)) return;
    const id = this.source.idOf(document.uri);
    this.outside.delete(id);
    this.incremental.delete(id);
    this.cancelPending(document.uri);
    if (this.source.isUntitled(document.uri) || !this.inWorkspace(document.uri)) this.remove([document.uri]);
    else if (this.notes.has(id)) this.scheduleFromDisk(document.uri);
  }

  private scheduleDocument(document: Doc): void {
    this.debounce(document.uri, () => {
      if (document.isClosed) return;
      const id = this.source.idOf(document.uri);
      // A provider may have asked for this version already (noteFor parses on demand).
      if (!serves(this.notes.get(id) ?? this.outside.get(id), document)) this.updateFromDocument(document);
    });
  }

  private scheduleFromDisk(uri: Ref): void {
    this.debounce(uri, () => void this.updateFromDisk(uri));
  }

  private debounce(uri: Ref, action: () => void): void {
    this.cancelPending(uri);
    const id = this.source.idOf(uri);
    this.pending.set(
      id,
      this.options.timers.setTimeout(() => {
        this.pending.delete(id);
        if (!this.disposed) action();
      }, DEBOUNCE_MS),
    );
  }

  private cancelPending(uri: Ref): void {
    const id = this.source.idOf(uri);
    const previous = this.pending.get(id);
    if (previous !== undefined) this.options.timers.clearTimeout(previous);
    this.pending.delete(id);
  }

  /**
   * Re-reads a note from disk, unless an editor holds unsaved text for it (that text wins).
   * A clean open document gets the disk's parse for its current version.
   */
  private async updateFromDisk(uri: Ref): Promise<void> {
    const open = this.openDocument(uri);
    if (open?.isDirty) {
      if (!serves(this.notes.get(this.source.idOf(uri)), open)) this.updateFromDocument(open);
      return;
    }
    if (this.isExcluded(uri)) {
      this.remove([uri]);
      return;
    }
    const deletions = this.deletions;
    let read = await this.readNote(uri, false);
    if (read && this.deletions !== deletions && !(await this.exists(uri))) read = undefined;
    const checked = this.deletions;
    // Many files can change at once (a git checkout, a folder copied in): their reads
    // complete together, so the parses take turns in time slices.
    await this.slices.run(() => {
      if (this.disposed) return;
      // Deleted (or moved) while waiting for its turn: read it again.
      if (this.deletions !== checked) return this.scheduleFromDisk(uri);
      const nowOpen = this.openDocument(uri);
      if (nowOpen?.isDirty) return; // edited meanwhile: the change event parses the editor's text
      if (read === undefined) this.remove([uri]);
      else if (this.storeFromDisk(uri, read, false, nowOpen)) this.changed.fire([uri]);
    });
  }

  /**
   * Stores a note read from disk; parses it only when its text changed (or `reparse`).
   * `document`: the clean open document this text stands for, if any. Returns whether
   * the parse or the version it serves changed.
   */
  private storeFromDisk(uri: Ref, read: DiskRead, reparse: boolean, document?: Doc): boolean {
    const id = this.source.idOf(uri);
    const previous = this.notes.get(id);
    const served = document ? { version: document.version, source: document } : { version: undefined, source: undefined };
    const noteKey = read.options.noteKey;
    // A recalled parse's cache key ends with the fingerprint of the text it was made from.
    const fingerprint = 'recalled' in read ? read.recalled.cacheKey.slice(read.recalled.cacheKey.indexOf(':') + 1) : textFingerprint(read.text);
    if (!reparse && previous?.fingerprint === fingerprint && previous.key === noteKey) {
      this.putNote(id, { ...previous, stamp: read.stamp, ...served });
      return previous.version !== served.version;
    }
    const { note, cacheKey } = 'recalled' in read ? read.recalled : this.parseStored(uri, read.text, fingerprint, read.options);
    this.putNote(id, { uri, key: noteKey, note, fingerprint, cacheKey, stamp: read.stamp, ...served });
    return true;
  }

  private withinSizeLimit(uri: Ref, size: number, settings: NoteSettings = this.source.settings(uri)): boolean {
    const limitBytes = settings.maxNoteBytes;
    if (size <= limitBytes) return true;
    this.skip(uri, `larger than noteReview.maxNoteSizeMB (${formatMB(size)} > ${formatMB(limitBytes)})`);
    return false;
  }

  /**
   * Reads a note, or undefined (and one log line) when it cannot be a note. With `recall`,
   * a note whose modification time and size are those the parse cache saved its parse
   * with is not read: its parse is recalled.
   */
  private async readNote(uri: Ref, recall: boolean): Promise<DiskRead | undefined> {
    const id = this.source.idOf(uri);
    try {
      const stat = await this.source.stat(uri);
      if (!stat || stat.isDirectory) return undefined;
      // Read once per note: a workspace's settings are looked up per resource, which is not free at 10,000 notes.
      const settings = this.source.settings(uri);
      if (!this.withinSizeLimit(uri, stat.size, settings)) return undefined;
      const stamp = stampOf(stat);
      const options = this.parseOptions(uri, settings);
      if (recall && this.cache) {
        const recalled = this.cache.recall(id, stamp, options);
        if (recalled) {
          this.skipped.delete(id);
          this.diskStamps.set(id, stamp);
          return { recalled: { note: recalled.note, cacheKey: recalled.key }, stamp, options };
        }
      }
      const bytes = await this.source.read(uri);
      if (!bytes) return undefined;
      const decoded = decodeNote(bytes);
      if (!decoded.ok) return this.skip(uri, decoded.reason);
      this.skipped.delete(id);
      this.diskStamps.set(id, stamp);
      return { text: decoded.text, stamp, options };
    } catch (error) {
      return this.skip(uri, describe(error));
    }
  }

  /** Remembers why a note is left out; logs one line per note and reason, not per attempt. */
  private skip(uri: Ref, reason: string): undefined {
    const id = this.source.idOf(uri);
    if (this.skipped.get(id)?.reason !== reason) this.log.warn(`Skipped ${this.source.noteKeyOf(uri)}: ${reason}`);
    this.skipped.set(id, { uri, reason });
    return undefined;
  }

  private safeParse(uri: Ref, text: string, options: ParseOptions): Note {
    try {
      return parseNote(text, options);
    } catch (error) {
      return this.parseFailed(uri, text, error);
    }
  }

  private parseFailed(uri: Ref, text: string, error: unknown): Note {
    // The parser is meant never to throw; if it does, the note shows as empty, not the extension as broken.
    this.log.error(`Parsing ${this.source.noteKeyOf(uri)} failed:`, error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { sections: [], cards: [], terms: [], problems: [], lineCount: text.split('\n').length, codeBlocks: [] };
  }

  private remove(uris: readonly Ref[]): void {
    const removed = uris.filter((uri) => this.forget(uri));
    if (removed.length > 0) this.changed.fire(removed);
  }

  /** Drops a note and what was known of its file; returns whether it was indexed. */
  private forget(uri: Ref): boolean {
    const id = this.source.idOf(uri);
    this.diskStamps.delete(id);
    if (!this.notes.delete(id)) return false;
    this.sortedIds = undefined;
    return true;
  }

  /** Stores a note's entry; the order of `all()` is made again only when a key is added or changes. */
  private putNote(id: string, entry: Entry<Ref, Doc>): void {
    if (this.notes.get(id)?.key !== entry.key) this.sortedIds = undefined;
    this.notes.set(id, entry);
  }

  /** Removes the note at `uri`, or every note inside the folder at `uri`. */
  private removeUnder(uri: Ref): void {
    const id = this.source.idOf(uri);
    const folderPrefix = id.replace(/\/?$/, '/');
    const gone = [...this.notes.values()].filter((entry) => {
      const key = this.source.idOf(entry.uri);
      return (key === id || key.startsWith(folderPrefix)) && !this.openDocument(entry.uri)?.isDirty;
    });
    for (const entry of gone) {
      this.cancelPending(entry.uri);
      this.skipped.delete(this.source.idOf(entry.uri));
    }
    this.remove(gone.map((entry) => entry.uri));
  }

  /**
   * Indexes the notes of a folder that appeared (moved or copied in from outside the
   * editor). Every created path comes here, so the cheap refusals go first: notes (their
   * own events have them), excluded paths and dependency folders, and names with a file
   * extension (a folder named like `notes.v2` is then left to a rescan).
   */
  private async maybeFolderAdded(uri: Ref): Promise<void> {
    const path = this.source.pathOf(uri);
    if (this.disposed || NOTE_EXTENSION.test(path) || /\/(node_modules|\.git)(\/|$)/.test(path)) return;
    if (/\.[A-Za-z0-9]{1,8}$/.test(path) || !this.inWorkspace(uri) || this.isExcluded(uri)) return;
    try {
      if (!(await this.source.stat(uri))?.isDirectory) return;
    } catch {
      return; // gone again
    }
    await this.scanFolder(uri);
  }

  private async scanFolder(uri: Ref): Promise<void> {
    const found = await this.source.findNotes(uri);
    for (const note of found) if (!this.isExcluded(note)) this.scheduleFromDisk(note);
  }

  /** Scans the workspace; its last progress report says finished however the scan ends, unless a newer scan took over. */
  private async scanWorkspace(generation: number, reparse: boolean): Promise<void> {
    try {
      await this.scanNotes(generation, reparse);
    } finally {
      if (generation === this.scanGeneration && !this.disposed && this.scanCounts) {
        const { done, total } = this.scanCounts;
        this.scanCounts = undefined;
        this.progressed.fire({ done, total, finished: true });
      }
    }
  }

  private async scanNotes(generation: number, reparse: boolean): Promise<void> {
    const started = this.options.now();
    const before = this.counts();
    this.reportProgress(0, 0, true);
    // The snapshot loads while the notes are listed.
    const [, listed] = await Promise.all([this.loadCache(), this.source.findNotes()]);
    const slicer = new TimeSlicer(this.options.now, this.options.pause, SLICE_MS);
    const found = new Map<string, Ref>();
    for (const uri of listed) {
      if (!this.isExcluded(uri)) found.set(this.source.idOf(uri), uri);
      await slicer.yieldIfSpent();
    }
    if (generation !== this.scanGeneration || this.disposed) return;
    // Open markdown documents of the workspace are notes too, whatever their name (untitled too).
    for (const document of this.source.openDocuments()) {
      if (this.source.isNoteDocument(document) && this.inWorkspace(document.uri) && !this.isExcluded(document.uri)) found.set(this.source.idOf(document.uri), document.uri);
    }
    this.remove([...this.notes.values()].filter((entry) => !found.has(this.source.idOf(entry.uri))).map((entry) => entry.uri));

    const deletions = this.deletions;
    const batch: Ref[] = [];
    let parsed = 0;
    let done = 0;
    let announcedAt = -Infinity;
    this.reportProgress(0, found.size, true);
    // Every note's parse is kept however many there are (the index holds them anyway).
    this.cache?.reserve(found.size + this.outside.size);
    // Notes open in an editor are read from it; the others from disk, several reads ahead.
    const fromDisk = (uri: Ref): Promise<DiskRead | undefined | typeof READ_FROM_EDITOR> => (this.openDocument(uri) ? Promise.resolve(READ_FROM_EDITOR) : this.readNote(uri, !reparse));
    for await (const [uri, read] of readAhead([...found.values()], fromDisk, NOTE_READ_AHEAD)) {
      if (generation !== this.scanGeneration || this.disposed) return;
      this.reportProgress(done++, found.size, false);
      const open = this.openDocument(uri);
      if (open) {
        const before = this.notes.get(this.source.idOf(uri));
        if (reparse || !serves(before, open)) {
          if (reparse) this.forget(uri);
          this.updateFromDocument(open);
          parsed++;
        }
        continue;
      }
      // Open when the read started, closed since: its file is the note now.
      let fromFile = read === READ_FROM_EDITOR ? await this.readNote(uri, !reparse) : read;
      if (fromFile !== undefined && this.deletions !== deletions && !(await this.exists(uri))) fromFile = undefined;
      if (generation !== this.scanGeneration || this.disposed) return;
      if (this.openDocument(uri)) continue; // opened meanwhile: the open event indexed it
      if (fromFile === undefined) {
        if (this.notes.has(this.source.idOf(uri))) batch.push(uri);
        this.forget(uri);
      } else if (this.storeFromDisk(uri, fromFile, reparse)) {
        batch.push(uri);
        parsed++;
        if ('recalled' in fromFile) {
          this.counters.unreadHits++;
          this.counters.cacheHits++;
        }
      }
      if (slicer.spent) {
        // Yield so that the host keeps answering while a big workspace is parsed. The first
        // notes are announced at once (views show rows early), the rest in batches: listeners
        // that go over every note would otherwise do so after every slice.
        const now = this.options.now();
        if (batch.length > 0 && now - announcedAt >= CHANGE_BATCH_MS) {
          announcedAt = now;
          this.changed.fire(batch.splice(0));
        }
        await slicer.yieldIfSpent();
        if (generation !== this.scanGeneration || this.disposed) return;
      }
    }
    if (batch.length > 0) this.changed.fire(batch.splice(0));
    this.scanCounts = { done: found.size, total: found.size };
    const after = this.counts();
    const fromCache = after.cacheHits - before.cacheHits;
    this.log.info(
      `Indexed ${this.notes.size} notes (${parsed - fromCache} parsed` +
        (this.cache ? `, ${fromCache} from the parse cache` : '') +
        `) in ${this.options.now() - started} ms` +
        (this.skipped.size > 0 ? `; ${this.skipped.size} skipped` : ''),
    );
    const rejected = this.cache?.counts().rejected ?? 0;
    if (rejected > 0 && !this.rejectionLogged) {
      this.rejectionLogged = true;
      this.log.warn(`Parse cache: ${rejected} saved parses were malformed and ignored (parsed again)`);
    }
    this.scanCompleted = true;
    // The scan has just read every note: the first check is due a while after it, not at the next focus.
    this.lastCatchUp = this.options.now();
    this.scheduleCacheSave();
  }

  /** Records the scan's progress; tells listeners when `force`d or `PROGRESS_INTERVAL_MS` after the last report. */
  private reportProgress(done: number, total: number, force: boolean): void {
    const counts = (this.scanCounts ??= { done, total });
    counts.done = done;
    counts.total = total;
    const now = this.options.now();
    if (!force && now - this.lastProgressAt < PROGRESS_INTERVAL_MS) return;
    this.lastProgressAt = now;
    this.progressed.fire({ done, total, finished: false });
  }

  /**
   * Whether a note at `uri` is one of the workspace's: in one of its folders, or untitled (a
   * note being written in this window). A file opened from elsewhere is not.
   */
  private inWorkspace(uri: Ref): boolean {
    return this.source.isUntitled(uri) || this.source.relativePath(uri) !== undefined;
  }

  /** Whether a note lies in `node_modules` or matches a `files.exclude` glob of its folder. */
  private isExcluded(uri: Ref): boolean {
    if (/\/node_modules\//.test(this.source.pathOf(uri))) return true;
    const relative = this.source.relativePath(uri);
    if (relative === undefined) return false;
    return this.excludes.matches(this.source.settings(uri).exclude, relative);
  }

  /** Whether the file at `uri` is there now. */
  private async exists(uri: Ref): Promise<boolean> {
    try {
      return (await this.source.stat(uri)) !== undefined;
    } catch {
      return false;
    }
  }

  private openDocuments(): Doc[] {
    return this.source.openDocuments().filter((d) => !d.isClosed);
  }

  /** The open document at `uri`, if any. */
  private openDocument(uri: Ref): Doc | undefined {
    const id = this.source.idOf(uri);
    return this.source.openDocuments().find((d) => !d.isClosed && this.source.idOf(d.uri) === id);
  }
}

/** Whether `entry` is the parse of `document`'s current version. */
function serves<Ref, Doc extends NoteDocument<Ref>>(entry: Entry<Ref, Doc> | undefined, document: Doc): boolean {
  return entry !== undefined && entry.source === document && entry.version === document.version;
}
