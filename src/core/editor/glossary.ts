import type { Term } from '../model/model';
import { maskCodeSpans } from '../parse/inline-text';

/** One definition of a term, in one note. */
export interface GlossaryEntry {
  /** The term as the note writes it (`LLMs`, `foundation model`). */
  readonly term: string;
  /** The definition as markdown. */
  readonly definition: string;
  /** 1-based line of the definition in its note. */
  readonly line: number;
  /** The key the note was added under (see `Glossary.setNote`). */
  readonly noteKey: string;
}

/** A range of columns in one line: 0-based UTF-16 offsets, `end` exclusive. */
export interface ColumnRange {
  readonly start: number;
  readonly end: number;
}

/** A term found in a line of text, with every definition it matches. */
export interface TermMatch extends ColumnRange {
  /** The text of the line the term covers (`foundation models`). */
  readonly text: string;
  /** Every definition of the term, ordered by note key then line. Never empty. */
  readonly entries: readonly GlossaryEntry[];
}

/** A word of a line or of a term: where it is and the forms it matches under. */
interface Word extends ColumnRange {
  /** Lower-case forms with simple plural endings folded (`llms` → `llms`, `llm`). */
  readonly forms: readonly string[];
}

/** One way to write a term, tokenised for matching. */
interface Pattern {
  readonly entry: GlossaryEntry;
  /** For each word, the set of its forms. */
  readonly words: readonly ReadonlySet<string>[];
  /** What stands between consecutive words, normalised (see `normaliseSeparator`). */
  readonly separators: readonly string[];
  /** Punctuation written before the first word (`.NET`), lower case. */
  readonly prefix: string;
  /** Punctuation written after the last word (`C++`), lower case. */
  readonly suffix: string;
}

// Words are letters, digits and underscores; an apostrophe inside a word belongs to it
// (`model's`). Hyphens separate words, so "BLEU" is found in "BLEU-4" and "rouge-n".
const WORD = /[\p{L}\p{N}_]+(?:['’][\p{L}\p{N}_]+)*/gu;
/** "Retrieval Augmented Generation (RAG)": both halves are names of the term. */
const PARENTHESISED_ALIAS = /^(.+?)\s*\(([^()]+)\)$/;

/**
 * The lower-case forms of a word that match other words: the word itself and, for simple
 * English plurals and possessives, the word without its ending. Two words match when their
 * forms meet, so "LLM" matches "LLMs", "database" matches "databases" and "ontology"
 * matches "ontologies", in either direction.
 */
function wordForms(word: string): string[] {
  let w = word.toLowerCase();
  const forms = [w];
  if (/['’]s$/.test(w)) {
    w = w.slice(0, -2);
    forms.push(w);
  }
  if (w.length > 3 && w.endsWith('ies')) forms.push(`${w.slice(0, -3)}y`);
  if (w.length > 3 && w.endsWith('es')) forms.push(w.slice(0, -2));
  if (w.length > 2 && w.endsWith('s') && !w.endsWith('ss')) forms.push(w.slice(0, -1));
  return forms;
}

/**
 * Whitespace and dashes between words are all one space ("pre-training" is "pre training");
 * other punctuation must be written as it is ("Node.js" is not "Node. js").
 */
function normaliseSeparator(text: string): string {
  return /^[\s\-\u2010-\u2014]+$/.test(text) ? ' ' : text.replace(/\s+/g, ' ').toLowerCase();
}

function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const m of text.matchAll(WORD)) words.push({ start: m.index, end: m.index + m[0].length, forms: wordForms(m[0]) });
  return words;
}

function patternOf(name: string, entry: GlossaryEntry): Pattern | undefined {
  const text = name.trim();
  const words = wordsOf(text);
  if (words.length === 0) return undefined;
  return {
    entry,
    words: words.map((w) => new Set(w.forms)),
    separators: words.slice(1).map((w, i) => normaliseSeparator(text.slice(words[i].end, w.start))),
    prefix: text.slice(0, words[0].start).replace(/\s+/g, '').toLowerCase(),
    suffix: text.slice(words[words.length - 1].end).replace(/\s+/g, '').toLowerCase(),
  };
}

/** The names a term answers to: itself, and both halves of "Long Name (ABBR)". */
function namesOf(term: string): string[] {
  const alias = PARENTHESISED_ALIAS.exec(term.trim());
  return alias ? [alias[1], alias[2]] : [term];
}

function meets(forms: readonly string[], set: ReadonlySet<string>): boolean {
  return forms.some((f) => set.has(f));
}

/**
 * The terms defined across many notes, indexed for finding the term under a cursor.
 *
 * Notes are added, replaced and removed one at a time (`setNote`, `deleteNote`), so a
 * glossary follows an edited workspace without being rebuilt. The index maps every form
 * of a term's first word to the term's patterns; a lookup tokenises one line and checks
 * only the patterns whose first word appears near the cursor.
 *
 * Matching is whole-word and case-insensitive, folds simple plurals both ways ("LLM" finds
 * the definition of "LLMs", "foundation models" that of "foundation model"), treats spaces
 * and dashes between words alike ("pre-training", "pre training"), and prefers the longest
 * term ("continued pre-training" over "training"). Inline code spans are never matched.
 *
 * ```ts
 * const glossary = new Glossary();
 * glossary.setNote('notes.md', parseNote('- BLEU -> you evaluate translation.').terms);
 * glossary.lookupAt('Compare BLEU scores', 9); // { start: 8, end: 12, text: 'BLEU', entries: [...] }
 * ```
 */
export class Glossary {
  private readonly patternsByNote = new Map<string, Pattern[]>();
  /** Every form of a pattern's first word → the patterns starting with it. */
  private readonly byFirstWord = new Map<string, Set<Pattern>>();
  private maxWords = 0;

  /** Number of notes that define at least one term. */
  get noteCount(): number {
    return this.patternsByNote.size;
  }

  /** Keys of the notes that define at least one term. */
  noteKeys(): string[] {
    return [...this.patternsByNote.keys()];
  }

  /** Replaces the terms of the note with key `noteKey` (any string that identifies the note). */
  setNote(noteKey: string, terms: readonly Term[]): void {
    this.deleteNote(noteKey);
    const patterns: Pattern[] = [];
    for (const { term, definition, line } of terms) {
      const entry: GlossaryEntry = { term, definition, line, noteKey };
      for (const name of namesOf(term)) {
        const pattern = patternOf(name, entry);
        if (pattern) patterns.push(pattern);
      }
    }
    if (patterns.length === 0) return;
    this.patternsByNote.set(noteKey, patterns);
    for (const pattern of patterns) {
      this.maxWords = Math.max(this.maxWords, pattern.words.length);
      for (const form of pattern.words[0]) {
        let set = this.byFirstWord.get(form);
        if (!set) this.byFirstWord.set(form, (set = new Set()));
        set.add(pattern);
      }
    }
  }

  /** Forgets the terms of a note; returns whether it had any. */
  deleteNote(noteKey: string): boolean {
    const patterns = this.patternsByNote.get(noteKey);
    if (!patterns) return false;
    this.patternsByNote.delete(noteKey);
    for (const pattern of patterns) {
      for (const form of pattern.words[0]) {
        const set = this.byFirstWord.get(form);
        set?.delete(pattern);
        if (set?.size === 0) this.byFirstWord.delete(form);
      }
    }
    // maxWords only bounds the search; recomputing it keeps lookups tight after big terms leave.
    this.maxWords = 0;
    for (const list of this.patternsByNote.values()) for (const p of list) this.maxWords = Math.max(this.maxWords, p.words.length);
    return true;
  }

  /**
   * The longest term occurrence in `lineText` that covers `column` (0-based; the column
   * just after a term's last character still counts, as for VS Code's word ranges), or
   * undefined. Code spans (`` `BLEU` ``) and the `ignore` ranges are never matched.
   */
  lookupAt(lineText: string, column: number, ignore: readonly ColumnRange[] = []): TermMatch | undefined {
    if (this.byFirstWord.size === 0) return undefined;
    const text = maskRanges(maskCodeSpans(lineText), ignore);
    const words = wordsOf(text);
    const under = words.findIndex((w) => w.start <= column && column <= w.end);
    if (under < 0) return undefined;
    let best: { start: number; end: number; patterns: Pattern[] } | undefined;
    for (let first = Math.max(0, under - this.maxWords + 1); first <= under; first++) {
      for (const pattern of this.candidates(words[first])) {
        const span = matchAt(text, words, first, pattern);
        // The term must reach the word under the cursor, not stop short of it.
        if (!span || first + pattern.words.length - 1 < under) continue;
        const better = !best || span.end - span.start > best.end - best.start || (span.end - span.start === best.end - best.start && span.start < best.start);
        if (better) best = { ...span, patterns: [pattern] };
        else if (best && span.start === best.start && span.end === best.end) best.patterns.push(pattern);
      }
    }
    if (!best) return undefined;
    return { start: best.start, end: best.end, text: lineText.slice(best.start, best.end), entries: uniqueEntries(best.patterns) };
  }

  /**
   * Where `term` is written in `lineText` (for example on its definition line), or
   * undefined. Matches like `lookupAt`: "LLMs" is found in "The **LLMs** are …".
   */
  findInLine(lineText: string, term: string): ColumnRange | undefined {
    const text = maskCodeSpans(lineText);
    const words = wordsOf(text);
    const patterns = namesOf(term)
      .map((name) => patternOf(name, { term, definition: '', line: 0, noteKey: '' }))
      .filter((p): p is Pattern => p !== undefined);
    for (let first = 0; first < words.length; first++) {
      for (const pattern of patterns) {
        const span = matchAt(text, words, first, pattern);
        if (span) return span;
      }
    }
    return undefined;
  }

  private *candidates(word: Word): Iterable<Pattern> {
    const seen = new Set<Pattern>();
    for (const form of word.forms) {
      for (const pattern of this.byFirstWord.get(form) ?? []) {
        if (!seen.has(pattern)) {
          seen.add(pattern);
          yield pattern;
        }
      }
    }
  }
}

/** The columns `pattern` covers when its first word is `words[first]`, or undefined when it does not match there. */
function matchAt(text: string, words: readonly Word[], first: number, pattern: Pattern): ColumnRange | undefined {
  const last = first + pattern.words.length - 1;
  if (last >= words.length) return undefined;
  for (let i = 0; i < pattern.words.length; i++) {
    if (!meets(words[first + i].forms, pattern.words[i])) return undefined;
    if (i > 0 && normaliseSeparator(text.slice(words[first + i - 1].end, words[first + i].start)) !== pattern.separators[i - 1]) return undefined;
  }
  let start = words[first].start;
  let end = words[last].end;
  if (pattern.prefix !== '') {
    if (text.slice(start - pattern.prefix.length, start).toLowerCase() !== pattern.prefix) return undefined;
    start -= pattern.prefix.length;
  }
  if (pattern.suffix !== '') {
    if (text.slice(end, end + pattern.suffix.length).toLowerCase() !== pattern.suffix) return undefined;
    end += pattern.suffix.length;
  }
  return { start, end };
}

/** `text` with the characters in `ranges` replaced by NUL, which no word contains. */
function maskRanges(text: string, ranges: readonly ColumnRange[]): string {
  if (ranges.length === 0) return text;
  const chars = text.split('');
  for (const { start, end } of ranges) for (let i = Math.max(0, start); i < Math.min(end, chars.length); i++) chars[i] = '\u0000';
  return chars.join('');
}

/** The entries behind `patterns`, each once (an aliased term has two patterns), by note key then line. */
function uniqueEntries(patterns: readonly Pattern[]): GlossaryEntry[] {
  const entries = [...new Set(patterns.map((p) => p.entry))];
  return entries.sort((a, b) => (a.noteKey < b.noteKey ? -1 : a.noteKey > b.noteKey ? 1 : a.line - b.line));
}
