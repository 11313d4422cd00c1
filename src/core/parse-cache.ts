import { hash64 } from './card-id';
import type { Card, LineRange, Note, Option, ParseOptions, Problem, Section, Term } from './model';
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
export const PARSER_VERSION = 4;

/** Where a parse cache keeps its snapshot between sessions (the extension's storage, a file, memory). */
export interface ParseCacheStore {
  /** The snapshot saved last, or undefined when there is none. */
  read(): Promise<string | undefined>;
  /** Replaces the saved snapshot. */
  write(snapshot: string): Promise<void>;
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
/** Entries one per line, each parsed only when asked for (see parseSnapshot). */
const LAYOUT = 'entry-lines';
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
  private readonly maxEntries: number;
  private readonly parseFn: (text: string, options: ParseOptions) => Note;
  /** Entries in least-recently-used order (a Map keeps insertion order). */
  private readonly entries = new Map<string, Entry>();
  /** Entries of the loaded snapshot as their JSON text: parsed and validated only when first asked for. */
  private loaded = new Map<string, string>();
  private dirty = false;
  private stats = { hits: 0, misses: 0, rejected: 0 };

  constructor(
    private readonly store: ParseCacheStore,
    options: ParseCacheOptions = {},
  ) {
    this.version = `${PARSER_VERSION}:${options.version ?? ''}`;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.parseFn = options.parse ?? parseNote;
    this.pause = options.pause;
  }

  private readonly pause: (() => Promise<void>) | undefined;

  /**
   * Reads the saved snapshot. Anything unreadable is ignored (the result says what was
   * found, for a log line); never throws for bad data or a failing store.
   */
  async load(): Promise<ParseCacheLoad> {
    let raw: string | undefined;
    try {
      raw = await this.store.read();
    } catch {
      return { status: 'unreadable', entries: 0 };
    }
    const { status, entries } = parseSnapshot(raw, this.version);
    this.loaded = entries;
    return { status, entries: entries.size };
  }

  /** The parse of `text` with `options`: from the cache when seen before, else parsed now and remembered. */
  parse(text: string, options: ParseOptions = {}): Note {
    return this.parseWithKey(text, options).note;
  }

  /** Like `parse`, also telling the entry's key and whether the parse came from the cache. */
  parseWithKey(text: string, options: ParseOptions = {}): CachedParse {
    const key = cacheKey(text, options);
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
      await this.store.write(await this.snapshotText());
    } catch (error) {
      this.dirty = true;
      throw error;
    }
  }

  /** The snapshot text `save` would write. */
  snapshot(): string {
    return formatSnapshot(this.version, this.entries);
  }

  /** `snapshot`, built in slices with a pause between them when the cache has one. */
  private async snapshotText(): Promise<string> {
    if (!this.pause) return this.snapshot();
    const lines: string[] = [];
    let sliceStart = Date.now();
    for (const line of snapshotLines(this.version, [...this.entries])) {
      lines.push(line);
      if (Date.now() - sliceStart > SAVE_SLICE_MS) {
        await this.pause();
        sliceStart = Date.now();
      }
    }
    return lines.join('\n');
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
    const text = this.loaded.get(key);
    if (text === undefined) return undefined;
    this.loaded.delete(key);
    const raw = parseEntry(text);
    if (!raw || raw.length !== length || !isNote(raw.note)) {
      this.stats.rejected++;
      this.dirty = true;
      return undefined;
    }
    // Taken over from the snapshot: the saved text would not change, so this alone is no reason to save.
    const evicts = this.entries.size >= this.maxEntries;
    const wasDirty = this.dirty;
    this.remember(key, { length, note: raw.note });
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
  const f = options.flashcards ?? {};
  const optionText = [options.noteKey ?? '', f.separator ?? '', f.reversedSeparator ?? '', f.multilineSeparator ?? '', f.multilineReversedSeparator ?? ''].join('\u0000');
  return `${hash64(optionText)}:${hash64(text)}:${text.length}`;
}

/**
 * The snapshot text: a header line, one line per entry, `key<TAB>{"length":…,"note":…}`
 * (keys hold no tab, and JSON text no raw line break), and a last line with the number of
 * entries, so that a file cut short is seen as damaged. Loading only splits the lines;
 * each entry's JSON is parsed when its note is asked for, so a big snapshot never blocks
 * the extension host in one long `JSON.parse`.
 */
export function formatSnapshot(version: string, entries: Iterable<[string, { readonly length: number; readonly note: unknown }]>): string {
  return [...snapshotLines(version, entries)].join('\n');
}

/** The lines of a snapshot text, one at a time (so that `save` can pause between them). */
function* snapshotLines(version: string, entries: Iterable<[string, { readonly length: number; readonly note: unknown }]>): Generator<string> {
  yield snapshotHeader(version);
  let count = 0;
  for (const [key, entry] of entries) {
    yield entryLine(key, entry);
    count++;
  }
  yield snapshotTrailer(count);
}

/** Every entry of a snapshot text, parsed (for tests and tools; the cache parses lazily). */
export function readSnapshot(text: string): { version: string; entries: Map<string, { length: number; note: unknown }> } | undefined {
  const read = splitSnapshot(text);
  if (read.status !== 'ok') return undefined;
  const entries = new Map<string, { length: number; note: unknown }>();
  for (const [key, line] of read.entries) {
    const entry = parseEntry(line);
    if (entry) entries.set(key, entry);
  }
  return { version: read.version, entries };
}

function snapshotHeader(version: string): string {
  return JSON.stringify({ format: FORMAT, layout: LAYOUT, version });
}

function snapshotTrailer(count: number): string {
  return JSON.stringify({ entries: count });
}

function entryLine(key: string, entry: { readonly length: number; readonly note: unknown }): string {
  return `${key}\t${JSON.stringify({ length: entry.length, note: entry.note })}`;
}

/** The header's version and the entry lines (unparsed), or why there are none. */
function splitSnapshot(text: string): { status: 'ok'; version: string; entries: Map<string, string> } | { status: 'corrupt' | 'other-layout' } {
  const headerEnd = text.indexOf('\n');
  let header: unknown;
  try {
    header = JSON.parse(headerEnd < 0 ? text : text.slice(0, headerEnd));
  } catch {
    return { status: 'corrupt' };
  }
  if (!isRecord(header) || header.format !== FORMAT) return { status: 'corrupt' };
  // A snapshot of the same cache in an older layout: another build's, not damage.
  if (header.layout !== LAYOUT || typeof header.version !== 'string') return { status: 'other-layout' };
  if (headerEnd < 0) return { status: 'corrupt' };
  const trailerStart = text.lastIndexOf('\n') + 1;
  const entries = new Map<string, string>();
  let lines = 0;
  for (let start = headerEnd + 1; start < trailerStart; ) {
    const end = text.indexOf('\n', start);
    const tab = text.indexOf('\t', start);
    if (tab > start && tab < end) entries.set(text.slice(start, tab), text.slice(tab + 1, end));
    lines++;
    start = end + 1;
  }
  if (text.slice(trailerStart) !== snapshotTrailer(lines)) return { status: 'corrupt' };
  return { status: 'ok', version: header.version, entries };
}

function parseEntry(text: string): { length: number; note: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isRecord(value) && typeof value.length === 'number' ? { length: value.length, note: value.note } : undefined;
}

function parseSnapshot(raw: string | undefined, version: string): { status: ParseCacheLoad['status']; entries: Map<string, string> } {
  const none = new Map<string, string>();
  if (raw === undefined) return { status: 'missing', entries: none };
  if (typeof raw !== 'string' || raw === '') return { status: 'corrupt', entries: none };
  const read = splitSnapshot(raw);
  if (read.status === 'corrupt') return { status: 'corrupt', entries: none };
  if (read.status !== 'ok' || read.version !== version) return { status: 'stale', entries: none };
  return { status: 'loaded', entries: read.entries };
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
