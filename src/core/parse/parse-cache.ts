import { hash64, textFingerprint } from '../util/hash';
import { TimeSlicer, type Now } from '../util/time-slice';
import type { Card, LineRange, Note, Option, ParseOptions, Problem, Section, Term } from '../model/model';
import { packNote, unpackNote } from './note-codec';
import { parseNote } from './parse-note';

/**
 * Version of the parser's output. Bump it whenever `parseNote` gives a different model for
 * the same text, so that parses cached by an older build are not used. Adapters mix in more
 * (the extension's version and bundle), since a forgotten bump must not serve stale parses.
 */
// 2: at most 50 cloze cards per paragraph (too-many-clozes).
// 3: a sentence defines at most 3 bold-subject terms; front matter is no note text; HTML
//    comments leave card text; whole-paragraph highlights, arrow chains, placeholder
//    definitions and boilerplate question headings make nothing; options end with the
//    list's rhythm.
// 4: answer lines after a question item's list, answer keys, letters named with their
//    option's text (`Answer: B — 32`); tagged cards (`#card`); Logseq properties are
//    never cards; rhetorical headings ("Any questions?", "Why Markdown?") are no cards;
//    details answers after a code sample; numbered question headings without `?`;
//    placeholder and `---` left out of heading answers; Q:/A: pairs; numbered options
//    under `Q4.`/`###5.` labels.
// 5: format readers of readers.ts: Anki exporter blocks, mdanki `%` sections, question
//    headings over numbered options, `## Question 7` headings, and the front matter's
//    `note-review: headingsAreCards`.
// 6: reading settings (cloze patterns, end marker, card tags, required tags, readers
//    off, an empty separator turns its cards off) per folder and in front matter.
// 7: radio-button options, `(x)` right and `( )` wrong; glossary tables define terms; an
//    answer callout below a question callout is its back.
export const PARSER_VERSION = 7;

/**
 * Where a parse cache keeps its snapshot between sessions (the extension's storage, a file,
 * memory). A store that can take the snapshot line by line (`readLines`, `writeLines`) is
 * given it so: a snapshot of 100,000 notes is then never one string (V8 caps a string at
 * about 512 MB), nor built or split in one block.
 */
export interface ParseCacheStore {
  /** The snapshot saved last, or undefined when there is none. */
  read(): Promise<string | undefined>;
  /** Replaces the saved snapshot. */
  write(snapshot: string): Promise<void>;
  /** The snapshot saved last as its lines (without line breaks), or undefined when there is none. */
  readLines?(): Promise<AsyncIterable<string> | undefined>;
  /** Replaces the saved snapshot with these lines (joined by line breaks). */
  writeLines?(lines: AsyncIterable<string>): Promise<void>;
}

/** What a snapshot remembers of a note file: its id, its stamp (modification time and size) and its parse's key. */
export interface FileStamp {
  readonly stamp: string;
  readonly key: string;
}

/** How a parse cache is built. */
export interface ParseCacheOptions {
  /** Extra version text (extension version, bundle stamp): a snapshot saved under another one is ignored. */
  readonly version?: string;
  /** At most this many entries are saved (the most recently used). Default 20,000. */
  readonly maxEntries?: number;
  /** The parser; tests pass a counting one. Default `parseNote`. */
  readonly parse?: (text: string, options: ParseOptions) => Note;
  /**
   * Gives the event loop a turn; `save` calls it between entries every few milliseconds
   * while it writes the snapshot text. Default: none (the text is built in one go).
   */
  readonly pause?: () => Promise<void>;
  /** The clock the save's time slices are measured with. Default `Date.now`. */
  readonly now?: Now;
}

/** What `ParseCache.load` found: a usable snapshot, none, or one it ignored (and why). */
export interface ParseCacheLoad {
  /**
   * `loaded`: a snapshot of this version; `missing`: none saved; `unreadable`: the store
   * failed; `corrupt`: not a snapshot (bad JSON or shape); `stale`: another version's.
   */
  readonly status: 'loaded' | 'missing' | 'unreadable' | 'corrupt' | 'stale';
  /** Entries of the snapshot that may be used (each is checked again when first asked for). */
  readonly entries: number;
}

/** A parse with its cache key, and whether it came from the cache. */
export interface CachedParse {
  readonly note: Note;
  /** The key `retainOnly` takes (see `cacheKey`). */
  readonly key: string;
  readonly cached: boolean;
}

interface Entry {
  /** Length of the text, checked along with its hash. */
  readonly length: number;
  readonly note: Note;
}

const FORMAT = 'note-review-parse-cache';
/**
 * Entries one per line as JSON arrays holding packed notes (`note-codec.ts`), each decoded
 * when its note is first asked for (see `formatSnapshot`). Snapshots of the earlier layout (`entry-lines`: each
 * note as the JSON of its objects) read as another build's: ignored, notes parsed afresh once.
 */
const LAYOUT = 'packed-lines';
/** What starts a snapshot line that holds a file stamp (`=<TAB>[id, stamp, key]`) rather than a parse: never a cache key. */
const STAMP_KEY = '=';
/** Time `save` builds the snapshot text for before it pauses. */
const SAVE_SLICE_MS = 8;
const DEFAULT_MAX_ENTRIES = 20_000;

/**
 * Parses notes once per content: a note whose text, parse options and parser version were
 * seen before gets its earlier parse back. The cache lives in memory and is saved as one
 * snapshot through a `ParseCacheStore`, so that a second start on 1,000 notes parses none
 * of them again. A snapshot that does not parse, has another version, or holds entries of
 * the wrong shape is ignored (entry by entry): a cache is never trusted over the parser.
 *
 * ```ts
 * const cache = new ParseCache(store, { version: extensionVersion });
 * await cache.load();
 * const note = cache.parse(text, { noteKey: 'notes/aws.md' }); // parses, or reuses
 * await cache.save();
 * ```
 */
export class ParseCache {
  private readonly version: string;
  private maxEntries: number;
  private readonly parseFn: (text: string, options: ParseOptions) => Note;
  /** Entries in least-recently-used order (a Map keeps insertion order). */
  private readonly entries = new Map<string, Entry>();
  /**
   * Entries of the loaded snapshot not asked for yet, as their line's text: each is decoded
   * when its note is first asked for, so that a warm start lists its first notes before
   * the whole snapshot is decoded (decoding it all at load put the Sections view's first
   * rows of 2,000 notes 1.6 s later on a loaded machine). The index asks for every note
   * right after the load, so the text lives only through the warm start.
   */
  private loaded = new Map<string, string>();
  private dirty = false;
  private stats = { hits: 0, misses: 0, rejected: 0 };
  /** The stamps of the note files whose parses are saved, by file id (see `recall`). */
  private stamps = new Map<string, FileStamp>();

  constructor(
    private readonly store: ParseCacheStore,
    options: ParseCacheOptions = {},
  ) {
    this.version = `${PARSER_VERSION}:${options.version ?? ''}`;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.parseFn = options.parse ?? parseNote;
    this.pause = options.pause;
    this.now = options.now ?? Date.now;
  }

  private readonly pause: (() => Promise<void>) | undefined;
  private readonly now: Now;

  /**
   * Reads the saved snapshot. Anything unreadable is ignored (the result says what was
   * found, for a log line); never throws for bad data or a failing store.
   */
  async load(): Promise<ParseCacheLoad> {
    let raw: string | AsyncIterable<string> | undefined;
    try {
      raw = this.store.readLines ? await this.store.readLines() : await this.store.read();
    } catch {
      return { status: 'unreadable', entries: 0 };
    }
    let read: { status: ParseCacheLoad['status']; entries: Map<string, string>; stamps: Map<string, FileStamp>; rejected: number };
    try {
      // Split in time slices when the cache has a pause: a big snapshot arrives faster than the host should wait.
      const slicer = this.pause ? new TimeSlicer(this.now, this.pause, SAVE_SLICE_MS) : undefined;
      read = await parseSnapshot(raw, this.version, slicer);
    } catch {
      return { status: 'unreadable', entries: 0 };
    }
    this.loaded = read.entries;
    this.stamps = read.stamps;
    if (read.rejected > 0) {
      this.stats.rejected += read.rejected;
      this.dirty = true;
    }
    return { status: read.status, entries: read.entries.size };
  }

  /**
   * The saved parse of the note file `id`, when the snapshot says it was made from that
   * file at `stamp` (its modification time and size) with these options: the file is then
   * trusted not to have changed, and is not read. Undefined when the stamp, the options or
   * the saved parse do not fit (read the file and call `parseWithKey`).
   */
  recall(id: string, stamp: string, options: ParseOptions = {}): CachedParse | undefined {
    const saved = this.stamps.get(id);
    if (!saved || saved.stamp !== stamp || !saved.key.startsWith(`${optionsHash(options)}:`)) return undefined;
    const length = Number(saved.key.slice(saved.key.lastIndexOf(':') + 1));
    const note = this.lookup(saved.key, length);
    if (!note) return undefined;
    this.stats.hits++;
    return { note, key: saved.key, cached: true };
  }

  /**
   * Replaces the file stamps the next `save` writes (see `recall`): one per note file whose
   * parse is kept, as read from disk. Marks the cache unsaved when they differ from the saved ones.
   */
  setStamps(stamps: ReadonlyMap<string, FileStamp>): void {
    if (!sameStamps(stamps, this.stamps)) this.dirty = true;
    this.stamps = new Map(stamps);
  }

  /** The parse of `text` with `options`: from the cache when seen before, else parsed now and remembered. */
  parse(text: string, options: ParseOptions = {}): Note {
    return this.parseWithKey(text, options).note;
  }

  /** Like `parse`, also telling the entry's key and whether the parse came from the cache. */
  parseWithKey(text: string, options: ParseOptions = {}, fingerprint: string = textFingerprint(text)): CachedParse {
    // `fingerprint`: the text's `textFingerprint`, when the caller has it already.
    const key = `${optionsHash(options)}:${fingerprint}`;
    const cached = this.lookup(key, text.length);
    if (cached) {
      this.stats.hits++;
      return { note: cached, key, cached: true };
    }
    this.stats.misses++;
    const note = this.parseFn(text, options);
    this.remember(key, { length: text.length, note });
    return { note, key, cached: false };
  }

  /**
   * Forgets every entry whose key is not in `keys` (the parses still in use), including
   * snapshot entries never asked for. The next `save` writes only those kept.
   */
  retainOnly(keys: ReadonlySet<string>): void {
    for (const key of [...this.entries.keys()]) {
      if (!keys.has(key)) {
        this.entries.delete(key);
        this.dirty = true;
      }
    }
    if (this.loaded.size > 0) {
      this.loaded.clear();
      this.dirty = true;
    }
  }

  /**
   * Makes room for at least `entries` parses: a workspace with more notes than the limit
   * would otherwise evict parses still in use, and its next start would parse them again.
   */
  reserve(entries: number): void {
    this.maxEntries = Math.max(this.maxEntries, entries);
  }

  /** Whether `save` would write anything. */
  get unsaved(): boolean {
    return this.dirty;
  }

  /**
   * Saves the entries used or added since loading (stale ones drop out), when anything
   * changed: a session that only took parses from the snapshot does not write it again.
   * A failed write leaves the cache unsaved (and rejects).
   */
  async save(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    try {
      if (this.store.writeLines) await this.store.writeLines(this.linesToSave());
      else await this.store.write(await this.snapshotText());
    } catch (error) {
      this.dirty = true;
      throw error;
    }
  }

  /** The snapshot text `save` would write. */
  snapshot(): string {
    return [...snapshotLines(this.version, this.entries, this.stampsToSave())].join('\n');
  }

  /** `snapshot`, built in slices with a pause between them when the cache has one. */
  private async snapshotText(): Promise<string> {
    if (!this.pause) return this.snapshot();
    const lines: string[] = [];
    for await (const line of this.linesToSave()) lines.push(line);
    return lines.join('\n');
  }

  /** The snapshot's lines, made in time slices with a pause between them when the cache has one. */
  private async *linesToSave(): AsyncGenerator<string> {
    const slicer = this.pause ? new TimeSlicer(this.now, this.pause, SAVE_SLICE_MS) : undefined;
    for (const line of snapshotLines(this.version, [...this.entries], this.stampsToSave())) {
      yield line;
      await slicer?.yieldIfSpent();
    }
  }

  /** Stamps of saved parses only: one whose parse is gone would never be recalled. */
  private stampsToSave(): [string, FileStamp][] {
    return [...this.stamps].filter(([, s]) => this.entries.has(s.key));
  }

  /** Counts since construction: cache hits, parses, and saved entries rejected as malformed. */
  counts(): { readonly hits: number; readonly misses: number; readonly rejected: number } {
    return { ...this.stats };
  }

  private lookup(key: string, length: number): Note | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      if (entry.length !== length) return undefined;
      // Move to the most recently used end.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.note;
    }
    const line = this.loaded.get(key);
    if (line === undefined) return undefined;
    this.loaded.delete(key);
    const raw = parseEntry(line);
    // The key ends with the text's length: a saved entry of another length was tampered with.
    if (!raw || raw.key !== key || raw.length !== length) {
      this.stats.rejected++;
      this.dirty = true;
      return undefined;
    }
    // Taken over from the snapshot: the saved text would not change, so this alone is no reason to save.
    const evicts = this.entries.size >= this.maxEntries;
    const wasDirty = this.dirty;
    this.remember(key, { length: raw.length, note: raw.note });
    this.dirty = wasDirty || evicts;
    return raw.note;
  }

  private remember(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.dirty = true;
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}

/**
 * The cache key of a text parsed with some options: hashes of the options that change the
 * parse (separators, note key) and of the text, with the text's length.
 */
export function cacheKey(text: string, options: ParseOptions): string {
  return `${optionsHash(options)}:${textFingerprint(text)}`;
}

/** The hash of the options that change a parse (separators, note key): the first part of a cache key. */
function optionsHash(options: ParseOptions): string {
  const f = options.flashcards ?? {};
  const parts = [options.noteKey ?? '', '\u0000', f.separator ?? '', '\u0000', f.reversedSeparator ?? '', '\u0000', f.multilineSeparator ?? '', '\u0000', f.multilineReversedSeparator ?? ''];
  // The reading settings, in a fixed key order, when there are any.
  if (options.reading !== undefined) parts.push('\u0000', JSON.stringify(options.reading, Object.keys(options.reading).sort()));
  return hash64(...parts);
}

function sameStamps(a: ReadonlyMap<string, FileStamp>, b: ReadonlyMap<string, FileStamp>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, s] of a) {
    const other = b.get(id);
    if (other?.stamp !== s.stamp || other.key !== s.key) return false;
  }
  return true;
}

/**
 * The snapshot text: a header line, one line per entry, `[key, length, packed note]` (JSON
 * text holds no raw line break), one per file stamp, `=<TAB>[id, stamp, key]`, and a last
 * line with the number of lines between, so that a file cut short is seen as damaged. Each
 * line is its own `JSON.parse`, when its note is asked for, so a big snapshot never blocks
 * the extension host in one long parse.
 */
export function formatSnapshot(version: string, entries: Iterable<[string, { readonly length: number; readonly note: unknown }]>): string {
  // For tests and tools, which take notes from `readSnapshot` and change them.
  return [...snapshotLines(version, entries as Iterable<[string, { readonly length: number; readonly note: Note }]>)].join('\n');
}

/** The lines of a snapshot text, one at a time (so that `save` can pause between them). */
function* snapshotLines(version: string, entries: Iterable<[string, { readonly length: number; readonly note: Note }]>, stamps: Iterable<[string, FileStamp]> = []): Generator<string> {
  yield snapshotHeader(version);
  let count = 0;
  for (const [key, entry] of entries) {
    yield entryLine(key, entry);
    count++;
  }
  for (const [id, { stamp, key }] of stamps) {
    yield `${STAMP_KEY}\t${JSON.stringify([id, stamp, key])}`;
    count++;
  }
  yield snapshotTrailer(count);
}

/** Every entry of a snapshot text, parsed (for tests and tools; the cache parses lazily). */
export function readSnapshot(text: string): { version: string; entries: Map<string, { length: number; note: unknown }> } | undefined {
  const read = splitSnapshot(linesOf(text));
  if (read.status !== 'ok') return undefined;
  const entries = new Map<string, { length: number; note: unknown }>();
  for (const line of read.entries.values()) {
    const entry = parseEntry(line);
    if (entry) entries.set(entry.key, { length: entry.length, note: entry.note });
  }
  return { version: read.version, entries };
}

function snapshotHeader(version: string): string {
  return JSON.stringify({ format: FORMAT, layout: LAYOUT, version });
}

function snapshotTrailer(count: number): string {
  return JSON.stringify({ entries: count });
}

function entryLine(key: string, entry: { readonly length: number; readonly note: Note }): string {
  return JSON.stringify([key, entry.length, packNote(entry.note)]);
}

/** The lines of a text, one at a time (no array of them all). */
function* linesOf(text: string): Generator<string> {
  for (let start = 0; ; ) {
    const end = text.indexOf('\n', start);
    if (end < 0) {
      yield text.slice(start);
      return;
    }
    yield text.slice(start, end);
    start = end + 1;
  }
}

type SplitSnapshot = { status: 'ok'; version: string; entries: Map<string, string>; stamps: Map<string, FileStamp>; rejected: number } | { status: 'corrupt' | 'other-layout' | 'other-version' };

/**
 * Reads a snapshot's lines one by one: the header's version, the entry lines by their key
 * (decoded when asked for; a line without a readable key is counted and left out) and the
 * file stamps.
 */
class SnapshotSplitter {
  private header: { version: string } | undefined;
  private readonly entries = new Map<string, string>();
  private rejected = 0;
  private readonly stamps = new Map<string, FileStamp>();
  private lines = 0;
  private last: string | undefined;
  /** Set once the snapshot is known to be unusable. */
  failed: 'corrupt' | 'other-layout' | 'other-version' | undefined;

  /** `version`: the only version whose entries are wanted (another reads as `other-version`, undecoded); any when unset. */
  constructor(private readonly version?: string) {}

  line(text: string): void {
    if (this.failed) return;
    if (!this.header) {
      this.header = this.readHeader(text);
      return;
    }
    // The line before this one was not the last: it is an entry.
    if (this.last !== undefined) this.entry(this.last);
    this.last = text;
  }

  end(): SplitSnapshot {
    if (this.failed) return { status: this.failed };
    if (!this.header || this.last === undefined || this.last !== snapshotTrailer(this.lines)) return { status: 'corrupt' };
    return { status: 'ok', version: this.header.version, entries: this.entries, stamps: this.stamps, rejected: this.rejected };
  }

  private readHeader(text: string): { version: string } | undefined {
    let header: unknown;
    try {
      header = JSON.parse(text);
    } catch {
      this.failed = 'corrupt';
      return undefined;
    }
    if (!isRecord(header) || header.format !== FORMAT) this.failed = 'corrupt';
    // A snapshot of the same cache in an older layout: another build's, not damage.
    else if (header.layout !== LAYOUT || typeof header.version !== 'string') this.failed = 'other-layout';
    else if (this.version !== undefined && header.version !== this.version) this.failed = 'other-version';
    else return { version: header.version };
    return undefined;
  }

  private entry(text: string): void {
    this.lines++;
    if (!text.startsWith(`${STAMP_KEY}\t`)) {
      const key = entryKeyOf(text);
      if (key !== undefined) this.entries.set(key, text);
      else this.rejected++;
      return;
    }
    try {
      const [id, stamp, entryKey] = JSON.parse(text.slice(STAMP_KEY.length + 1)) as unknown[];
      if (typeof id === 'string' && typeof stamp === 'string' && typeof entryKey === 'string') this.stamps.set(id, { stamp, key: entryKey });
    } catch {
      // A damaged stamp only costs reading that note.
    }
  }
}

function splitSnapshot(lines: Iterable<string>): SplitSnapshot {
  const splitter = new SnapshotSplitter();
  for (const line of lines) {
    splitter.line(line);
    if (splitter.failed) break;
  }
  return splitter.end();
}

async function splitSnapshotAsync(lines: AsyncIterable<string> | Iterable<string>, slicer: TimeSlicer | undefined, version: string): Promise<SplitSnapshot> {
  const splitter = new SnapshotSplitter(version);
  for await (const line of lines) {
    splitter.line(line);
    if (splitter.failed) break;
    await slicer?.yieldIfSpent();
  }
  return splitter.end();
}

/**
 * The key an entry line (`["key",length,[…]]`) starts with, without decoding the rest, or
 * undefined when the line does not start so. The key is parsed as JSON, not cut from the
 * line: a cut would keep the whole piece of snapshot the line was cut from alive for as
 * long as the key.
 */
function entryKeyOf(text: string): string | undefined {
  if (!text.startsWith('["')) return undefined;
  let i = 2;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  if (i >= text.length || text[i + 1] !== ',') return undefined;
  try {
    const key: unknown = JSON.parse(text.slice(1, i + 1));
    return typeof key === 'string' && key !== STAMP_KEY ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An entry line's key, text length and note, or undefined when it is not one (bad JSON, a
 * malformed note). The key is read from the JSON, not cut from the line: a cut would keep
 * the whole piece of snapshot the line was cut from alive for as long as the key.
 */
function parseEntry(text: string): { key: string; length: number; note: Note } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 3 || typeof value[0] !== 'string' || value[0] === STAMP_KEY || typeof value[1] !== 'number') return undefined;
  const note = unpackNote(value[2]);
  return note && { key: value[0], length: value[1], note };
}

async function parseSnapshot(raw: string | AsyncIterable<string> | undefined, version: string, slicer?: TimeSlicer): Promise<{ status: ParseCacheLoad['status']; entries: Map<string, string>; stamps: Map<string, FileStamp>; rejected: number }> {
  const none = { entries: new Map<string, string>(), stamps: new Map<string, FileStamp>(), rejected: 0 };
  if (raw === undefined) return { status: 'missing', ...none };
  if (raw === '' || (typeof raw !== 'string' && (typeof raw !== 'object' || raw === null || !(Symbol.asyncIterator in raw)))) return { status: 'corrupt', ...none };
  // Decoding takes time slices whichever way the snapshot comes (a whole text or its lines).
  const read = await splitSnapshotAsync(typeof raw === 'string' ? linesOf(raw) : raw, slicer, version);
  if (read.status === 'corrupt') return { status: 'corrupt', ...none };
  if (read.status !== 'ok') return { status: 'stale', ...none };
  return { status: 'loaded', entries: read.entries, stamps: read.stamps, rejected: read.rejected };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const SEVERITIES = new Set(['error', 'warning', 'info']);
const KINDS = new Set(['mcq', 'flashcard', 'cloze']);

function isSection(v: unknown): v is Section {
  return isRecord(v) && isString(v.title) && isInt(v.level) && isInt(v.line) && isInt(v.endLine) && isStringArray(v.path);
}

function isOption(v: unknown): v is Option {
  return isRecord(v) && isString(v.label) && isString(v.explanation) && typeof v.correct === 'boolean' && isInt(v.line);
}

function isCard(v: unknown): v is Card {
  return (
    isRecord(v) &&
    isString(v.id) &&
    isString(v.kind) &&
    KINDS.has(v.kind) &&
    isInt(v.line) &&
    isInt(v.endLine) &&
    isStringArray(v.section) &&
    isString(v.prompt) &&
    (v.options === undefined || (Array.isArray(v.options) && v.options.every(isOption))) &&
    (v.answer === undefined || isString(v.answer)) &&
    (v.reversed === undefined || typeof v.reversed === 'boolean') &&
    (v.clozeGroup === undefined || isInt(v.clozeGroup))
  );
}

function isTerm(v: unknown): v is Term {
  return isRecord(v) && isString(v.term) && isString(v.definition) && isInt(v.line);
}

function isProblem(v: unknown): v is Problem {
  return isRecord(v) && isInt(v.line) && isString(v.severity) && SEVERITIES.has(v.severity) && isString(v.message) && isString(v.code);
}

function isLineRange(v: unknown): v is LineRange {
  return isRecord(v) && isInt(v.line) && isInt(v.endLine);
}

/**
 * Whether `value` has the shape of a `Note` (every field, every element), with every line
 * inside the note. Used on anything read back from storage.
 */
export function isNote(value: unknown): value is Note {
  if (!isRecord(value) || !isInt(value.lineCount) || value.lineCount < 0) return false;
  const lineCount = value.lineCount;
  const inside = (r: { line: number; endLine?: number }): boolean => r.line >= 1 && r.line <= lineCount && (r.endLine === undefined || (r.endLine >= r.line && r.endLine <= lineCount));
  return (
    Array.isArray(value.sections) &&
    value.sections.every((s) => isSection(s) && inside(s)) &&
    Array.isArray(value.cards) &&
    value.cards.every((c) => isCard(c) && inside(c)) &&
    Array.isArray(value.terms) &&
    value.terms.every((t) => isTerm(t) && inside(t)) &&
    Array.isArray(value.problems) &&
    value.problems.every((p) => isProblem(p) && inside(p)) &&
    Array.isArray(value.codeBlocks) &&
    value.codeBlocks.every((r) => isLineRange(r) && inside(r))
  );
}
