// An in-memory note source for the core notes index: a workspace folder of files, open
// documents, settings and events, with reads that can be held back to stage races.
import { DEFAULT_FLASHCARD_SEPARATORS } from '../../src/core';
import type { NoteDocument, NoteFileStat, NoteSettings, NoteSource, NoteSourceEvent } from '../../src/core/index/note-source';
import { NotesIndex, type NotesIndexCacheOptions } from '../../src/core/index/notes-index';
import type { ParseCacheStore } from '../../src/core/parse/parse-cache';
import { Emitter } from '../../src/core/util/emitter';
import { ManualClock } from './review-support';

/** The workspace folder every test note lives in. */
export const ROOT = 'file:///ws/';

/** A note reference: `file:///ws/<path>` (or `untitled:…`). */
export function ref(path: string): string {
  return `${ROOT}${path}`;
}

/** An open editor's document. */
export class MemoryDocument implements NoteDocument<string> {
  version = 1;
  isDirty = false;
  isClosed = false;
  languageId = 'markdown';
  constructor(
    readonly uri: string,
    private text: string,
  ) {}
  getText(): string {
    return this.text;
  }
  /** Types into the document: a new version, unsaved. */
  edit(text: string): void {
    this.text = text;
    this.version++;
    this.isDirty = true;
  }
}

interface MemoryFile {
  readonly bytes: Uint8Array;
  readonly mtime: number;
}

/**
 * Files by reference, open documents and settings, in memory. Events are fired by the
 * test (`fire`), as a watcher would, or not at all (a change behind the editor's back).
 * `holdReads` makes every read wait for `releaseReads`; a held read gives the bytes the
 * file had when it started, as a read in flight on a real disk does.
 */
export class MemoryNoteSource implements NoteSource<string, MemoryDocument> {
  readonly files = new Map<string, MemoryFile>();
  readonly documents: MemoryDocument[] = [];
  exclude: string[] = [];
  maxNoteBytes = 5 * 1024 * 1024;
  reads = 0;
  stats = 0;
  private readonly events = new Emitter<NoteSourceEvent<string, MemoryDocument>>();
  private held: (() => void)[] | undefined;
  private mtime = 1_000;
  readonly onDidChange = this.events.event;

  /** Writes a file (a new modification time), without any event. */
  write(path: string, text: string): string {
    this.files.set(ref(path), { bytes: new TextEncoder().encode(text), mtime: ++this.mtime });
    return ref(path);
  }

  /** Deletes a file or a folder, without any event. */
  delete(path: string): void {
    for (const key of [...this.files.keys()]) if (key === ref(path) || key.startsWith(`${ref(path)}/`)) this.files.delete(key);
  }

  fire(event: NoteSourceEvent<string, MemoryDocument>): void {
    this.events.fire(event);
  }

  holdReads(): void {
    this.held = [];
  }

  releaseReads(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const release of held) release();
  }

  open(path: string): MemoryDocument {
    const file = this.files.get(ref(path));
    const document = new MemoryDocument(ref(path), file ? new TextDecoder().decode(file.bytes) : '');
    this.documents.push(document);
    this.fire({ kind: 'documentOpened', document });
    return document;
  }

  close(document: MemoryDocument): void {
    document.isClosed = true;
    this.documents.splice(this.documents.indexOf(document), 1);
    this.fire({ kind: 'documentClosed', document });
  }

  idOf(r: string): string {
    return r;
  }
  pathOf(r: string): string {
    return r.replace(/^[a-z]+:(\/\/)?/, '');
  }
  isUntitled(r: string): boolean {
    return r.startsWith('untitled:');
  }
  relativePath(r: string): string | undefined {
    return r.startsWith(ROOT) ? r.slice(ROOT.length) : undefined;
  }
  noteKeyOf(r: string): string {
    return this.relativePath(r) ?? this.pathOf(r);
  }
  async findNotes(under?: string): Promise<string[]> {
    const prefix = under === undefined ? ROOT : `${under}/`;
    return [...this.files.keys()].filter((r) => r.startsWith(prefix) && /\.(md|markdown)$/i.test(r) && !r.includes('/node_modules/')).sort();
  }
  /** Runs on every stat (a test moves its clock on here: a slow disk). */
  onStat: (() => void) | undefined;
  async stat(r: string): Promise<NoteFileStat | undefined> {
    this.stats++;
    this.onStat?.();
    const file = this.files.get(r);
    if (file) return { isDirectory: false, size: file.bytes.length, mtime: file.mtime };
    return [...this.files.keys()].some((k) => k.startsWith(`${r}/`)) ? { isDirectory: true, size: 0, mtime: 0 } : undefined;
  }
  async read(r: string): Promise<Uint8Array | undefined> {
    this.reads++;
    const bytes = this.files.get(r)?.bytes;
    if (this.held) await new Promise<void>((resolve) => this.held?.push(resolve));
    return bytes;
  }
  openDocuments(): readonly MemoryDocument[] {
    return this.documents;
  }
  isNoteDocument(document: MemoryDocument): boolean {
    return document.languageId === 'markdown';
  }
  settings(): NoteSettings {
    return { flashcards: { ...DEFAULT_FLASHCARD_SEPARATORS }, maxNoteBytes: this.maxNoteBytes, exclude: this.exclude };
  }
}

/** A parse-cache store in memory. */
export class MemoryCacheStore implements ParseCacheStore {
  saved: string | undefined;
  async read(): Promise<string | undefined> {
    return this.saved;
  }
  async write(snapshot: string): Promise<void> {
    this.saved = snapshot;
  }
}

/** A log that keeps its lines. */
export function recordingLog(): { log: { debug: (m: string) => void; info: (m: string) => void; warn: (m: string) => void; error: (m: string) => void }; lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { log: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') }, lines };
}

/** A core index over `source` on `clock`, its pauses immediate. */
export function memoryIndex(source: MemoryNoteSource, clock: ManualClock, cache?: NotesIndexCacheOptions): { index: NotesIndex<string, MemoryDocument>; lines: string[] } {
  const { log, lines } = recordingLog();
  const index = new NotesIndex<string, MemoryDocument>({ source, log, now: () => clock.now(), timers: clock, pause: () => Promise.resolve(), cache });
  return { index, lines };
}
