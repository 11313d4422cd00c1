import type MarkdownIt from 'markdown-it';
import type { TableRow } from './block-tree';
import { collapseWhitespace, leadingStrong, maskCodeSpans, plainText, plainTextOf } from './inline-text';

type Token = MarkdownIt.Token;

/** A term found in a note, before line numbers are made 1-based. */
export interface TermDraft {
  term: string;
  definition: string;
  /** 0-based line. */
  line: number;
}

const PLACEHOLDERS = new Set(['', 'todo', 'tbd', 'tbc', '...', '…', '?', '??', '-', '--', 'n/a', 'na', 'xxx', 'wip', 'fixme']);

/** Whether a definition says nothing (empty, `TODO`, `...`, `*[definition goes here]*`). */
export function isPlaceholderDefinition(definition: string): boolean {
  if (!OPENS_BRACKETED.test(definition) && hasManyPlainAlphanumerics(definition)) return false;
  const text = plainTextOf(definition).toLowerCase();
  if (PLACEHOLDERS.has(text) || PLACEHOLDERS.has(text.replace(/[.:!]+$/, '').trim())) return true;
  // A note to self in brackets: `[definition goes here]`, `(TODO)`, `<add a description>`.
  const inner = BRACKETED.exec(text)?.[1].trim();
  return inner !== undefined && (PLACEHOLDERS.has(inner) || PLACEHOLDER_WORDS.test(inner));
}

/** Text that may be a bracketed placeholder: a bracket first, maybe inside emphasis. */
const OPENS_BRACKETED = /^[\s*_]*[[(<{]/;
/** One pair of brackets around the whole text, none inside (so not a wiki link `[[…]]`). */
const BRACKETED = /^[[(<{]([^[\](){}<>]*)[\])>}]$/;
const PLACEHOLDER_WORDS = /\b(?:goes here|definition|description|placeholder|to ?do|tbd|fill (?:in|me)|add (?:here|later|more)|answer here|your answer)\b/;

/**
 * Whether `text` has more ASCII letters and digits than any placeholder (five, "fixme"),
 * and no link, HTML or entity, which could hide some from its plain text. Markup
 * characters are punctuation, so such text cannot be a placeholder: this spares the inline
 * parse of every real definition.
 */
function hasManyPlainAlphanumerics(text: string): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x3c || c === 0x26) return false; // [ < &
    if ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) count++;
  }
  return count > 5;
}

/** Whether `term` is short enough to be a term (not a sentence). */
export function isTermLike(term: string): boolean {
  const words = term.split(/\s+/).filter(Boolean);
  return term.length > 0 && term.length <= 60 && words.length <= 6 && !/[?!]$/.test(term) && !/[.!?]\s/.test(term);
}

/**
 * Reads a glossary bullet: `Term -> definition`, `Term → definition`, `Term: definition`,
 * `**Term**: definition`, `**Term** - definition`, `**Term:** definition` (with
 * `explicitOnly`, not the plain `Term: definition`). Not a chain of
 * arrows (`a -> b -> c`), a reaction (`A + B -> C`) or a placeholder definition.
 *
 * ```markdown
 * - BLEU -> you evaluate translation.
 * ```
 */
export function parseTermBullet(source: string, knownTokens?: readonly Token[], explicitOnly = false): { term: string; definition: string } | undefined {
  const text = collapseWhitespace(source);
  // The caller's tokens are those of `source`; they still fit when collapsing changed nothing.
  const bold = leadingStrong(text, text === source ? knownTokens : undefined);
  if (bold) {
    const innerColon = bold.inner.trimEnd().endsWith(':');
    const sep = /^\s*(?::|->|→|-|–|—)\s+/.exec(bold.rest);
    if (innerColon || sep) {
      const term = plainTextOf(innerColon ? bold.inner.trimEnd().slice(0, -1) : bold.inner);
      const definition = (innerColon && !sep ? bold.rest : bold.rest.slice(sep ? sep[0].length : 0)).trim();
      return accept(term, definition);
    }
  }
  const masked = maskCodeSpans(text);
  for (const arrow of [' -> ', ' → ']) {
    const at = masked.indexOf(arrow);
    if (at < 0) continue;
    // A chain (`glucose -> pyruvate -> ATP`) or a reaction (`A + B -> C`) is a process, not a definition.
    const after = masked.slice(at + arrow.length);
    if (after.includes(' -> ') || after.includes(' → ') || masked.slice(0, at).includes(' + ')) return undefined;
    if (at > 0) return accept(plainTextOf(text.slice(0, at)), text.slice(at + arrow.length).trim());
  }
  // `explicitOnly`: only arrows and bold terms, not a plain `Label: text` (see the caller).
  const colon = explicitOnly ? null : /:(\s|$)/.exec(masked);
  if (colon && colon.index > 0 && !/https?$/i.test(masked.slice(0, colon.index))) {
    return accept(plainTextOf(text.slice(0, colon.index)), text.slice(colon.index + 1).trim());
  }
  return undefined;
}

function accept(term: string, definition: string): { term: string; definition: string } | undefined {
  if (!isTermLike(term) || isPlaceholderDefinition(definition)) return undefined;
  return { term, definition };
}

const SUBJECT_VERBS = new Set([
  'is', 'are', 'was', 'were', 'can', 'could', 'will', 'would', 'may', 'might', 'must', 'should', 'shall',
  'does', 'do', 'did', 'has', 'have', 'had', 'refers', 'means', 'stands', 'lets', 'helps',
]);

/** How many terms one sentence defines at most: more bold subjects or appositions in one sentence make a list, not definitions. */
export const MAX_TERMS_PER_SENTENCE = 3;

/**
 * Terms defined by a sentence whose subject is a bold phrase:
 * "The **foundation model** can do …", "Amazon **Nova Reel** is a model …", or a bold
 * phrase followed by an apposition: "You can use **Amazon titan**, which is …".
 * A bold phrase elsewhere in a sentence ("generate a **coherent text**.") is emphasis, not a term.
 *
 * Linear in the paragraph: the bold phrases come in text order, so one cursor moving
 * forward finds each one's sentence and counts the words before it (looking back from
 * every phrase to its sentence's start made a long sentence of bold phrases quadratic),
 * and a sentence gives at most MAX_TERMS_PER_SENTENCE terms (each term repeats the
 * whole sentence as its definition).
 */
export function boldSubjectTerms(children: readonly Token[], firstLine: number): TermDraft[] {
  // Flatten to plain text, remembering where each bold phrase sits and on which line.
  let plain = '';
  let line = firstLine;
  const bolds: { start: number; end: number; line: number }[] = [];
  const open: number[] = [];
  for (const token of children) {
    switch (token.type) {
      case 'strong_open':
        open.push(plain.length);
        break;
      case 'strong_close': {
        const start = open.pop();
        if (start !== undefined && open.length === 0) bolds.push({ start, end: plain.length, line });
        break;
      }
      case 'softbreak':
      case 'hardbreak':
        plain += ' ';
        line++;
        break;
      default:
        plain += plainText([token]);
    }
  }
  const terms: TermDraft[] = [];
  const sentences = new SentenceCursor(plain);
  let sentenceOfLastTerm = -1;
  let termsInSentence = 0;
  for (const bold of bolds) {
    sentences.advanceTo(bold.start);
    const term = plain.slice(bold.start, bold.end).trim();
    if (!isTermLike(term) || term.endsWith(':')) continue;
    const sentenceStart = sentences.sentenceStart;
    const nextWord = wordAt(plain, bold.end);
    const isSubject = sentences.wordsSinceStart <= 2 && (SUBJECT_VERBS.has(nextWord) || colonOrDashAt(plain, bold.end));
    const isApposition = appositionAt(plain, bold.end);
    if (!isSubject && !isApposition) continue;
    if (sentenceStart !== sentenceOfLastTerm) {
      sentenceOfLastTerm = sentenceStart;
      termsInSentence = 0;
    }
    if (termsInSentence >= MAX_TERMS_PER_SENTENCE) continue;
    const sentenceEnd = sentences.endAfter(bold.end);
    // `**Osmosis**: *[definition goes here]*`, `**Osmosis** is TBD.` say nothing yet.
    if (isSubject && isPlaceholderDefinition(plain.slice(bold.end, sentenceEnd).replace(LEADING_SEPARATOR, ''))) continue;
    const definition = plain.slice(sentenceStart, sentenceEnd).trim();
    if (definition.length > term.length) {
      terms.push({ term, definition, line: bold.line });
      termsInSentence++;
    }
  }
  return terms;
}

/**
 * Walks plain text forward once, knowing at each stop where its sentence starts (after a
 * `.`, `!` or `?` followed by white space) and how many words stand between that start
 * and the stop, and finding where a sentence ends.
 */
class SentenceCursor {
  /** Where the sentence holding the last stop starts. */
  sentenceStart = 0;
  /** Words (runs of non-white-space) from `sentenceStart` to the last stop. */
  wordsSinceStart = 0;
  private position = 0;
  /** The last sentence end found, and from where it was searched. */
  private end = -1;

  constructor(private readonly text: string) {}

  /** Moves to `stop` (never back). */
  advanceTo(stop: number): void {
    const text = this.text;
    for (let i = this.position; i < stop; i++) {
      const c = text.charCodeAt(i);
      if (isWhiteSpace(c)) {
        if (i > 0 && isSentenceMark(text.charCodeAt(i - 1))) {
          this.sentenceStart = i + 1;
          this.wordsSinceStart = 0;
        }
      } else if (i === 0 || isWhiteSpace(text.charCodeAt(i - 1))) {
        this.wordsSinceStart++;
      }
    }
    this.position = Math.max(this.position, stop);
  }

  /** Where the sentence that holds `from` ends: after its `.`, `!` or `?` followed by white space or the end (`from` never moves back). */
  endAfter(from: number): number {
    if (this.end > from) return this.end;
    const text = this.text;
    for (let i = Math.max(from, this.end); i < text.length; i++) {
      if (isSentenceMark(text.charCodeAt(i)) && (i + 1 === text.length || isWhiteSpace(text.charCodeAt(i + 1)))) {
        this.end = i + 1;
        return this.end;
      }
    }
    this.end = text.length;
    return this.end;
  }
}

function isSentenceMark(c: number): boolean {
  return c === 0x2e || c === 0x21 || c === 0x3f; // . ! ?
}

/** JavaScript's white space (`\s`, what `trim` removes), one UTF-16 unit. */
function isWhiteSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The word (ASCII letters and apostrophes) after white space at `at`, lowercased; '' when none. */
function wordAt(text: string, at: number): string {
  let i = at;
  while (i < text.length && isWhiteSpace(text.charCodeAt(i))) i++;
  WORD.lastIndex = i;
  return WORD.exec(text)?.[0].toLowerCase() ?? '';
}

const WORD = /[A-Za-z']+/y;
/** What joins a bold subject to what it says: `:`, a dash or the verb. */
const LEADING_SEPARATOR = /^\s*(?:[:—–]|[A-Za-z']+)?\s*/;
const COLON_OR_DASH = /\s*[:—–]\s/y;
const APPOSITION = /,\s+(which|a|an|the)\s/iy;

/** Whether `: `, `— ` or `– ` follows at `at` (after white space). */
function colonOrDashAt(text: string, at: number): boolean {
  COLON_OR_DASH.lastIndex = at;
  return COLON_OR_DASH.test(text);
}

/** Whether an apposition follows at `at`: `, which …`, `, a …`, `, the …`. */
function appositionAt(text: string, at: number): boolean {
  APPOSITION.lastIndex = at;
  return APPOSITION.test(text);
}

/**
 * Definition-list entries inside one paragraph (markdown-it keeps them as text lines):
 * ```markdown
 * Term
 * : definition
 * ```
 */
export function definitionListTerms(source: string, firstLine: number, previousTerm?: { term: string; line: number }): TermDraft[] {
  const lines = source.split('\n');
  const terms: TermDraft[] = [];
  let term: { term: string; line: number } | undefined = previousTerm;
  for (let i = 0; i < lines.length; i++) {
    const def = /^:\s+(.*)$/.exec(lines[i]);
    if (def) {
      if (term && !isPlaceholderDefinition(def[1])) terms.push({ term: term.term, definition: def[1].trim(), line: term.line });
    } else {
      const text = plainTextOf(lines[i]);
      term = isTermLike(text) ? { term: text, line: firstLine + i } : undefined;
    }
  }
  return terms;
}

/** Header words of a glossary table's first column (`| Term | Definition |`). */
const TERM_HEADER = /^(?:terms?|words?|concepts?|acronyms?|abbreviations?|keywords?|vocabulary|jargon|glossary)$/i;
/** Header words of its second column. */
const DEFINITION_HEADER = /^(?:definitions?|meanings?|descriptions?|explanations?|stands for|means|expansion)$/i;

/**
 * The terms of a glossary table: one whose header names its first column a term
 * (`Term`, `Concept`, `Acronym`…) and its second a definition (`Definition`, `Meaning`,
 * `Description`…); each row defines the term in its first cell by its second. Tables with
 * other headers (`| Name | Type |` in API docs, `| Question | Answer |` in design notes)
 * define nothing.
 *
 * ```markdown
 * | Term    | Definition                    |
 * | ------- | ----------------------------- |
 * | Latency | Time for one packet to arrive |
 * ```
 */
export function glossaryTableTerms(rows: readonly TableRow[]): TermDraft[] {
  const [header, ...body] = rows;
  if (!header || header.cells.length < 2) return [];
  if (!TERM_HEADER.test(plainTextOf(header.cells[0]).trim()) || !DEFINITION_HEADER.test(plainTextOf(header.cells[1]).trim())) return [];
  const terms: TermDraft[] = [];
  for (const row of body) {
    const term = plainTextOf(row.cells[0] ?? '').trim();
    const definition = (row.cells[1] ?? '').trim();
    if (isTermLike(term) && !isPlaceholderDefinition(definition)) terms.push({ term, definition, line: row.line });
  }
  return terms;
}
