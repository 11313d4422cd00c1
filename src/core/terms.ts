import type MarkdownIt from 'markdown-it';
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

/** Whether a definition says nothing (empty, `TODO`, `...`). */
export function isPlaceholderDefinition(definition: string): boolean {
  if (hasManyPlainAlphanumerics(definition)) return false;
  const text = plainTextOf(definition).toLowerCase();
  return PLACEHOLDERS.has(text) || PLACEHOLDERS.has(text.replace(/[.:!]+$/, '').trim());
}

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
 * `**Term**: definition`, `**Term** - definition`, `**Term:** definition`.
 *
 * ```markdown
 * - BLEU -> you evaluate translation.
 * ```
 */
export function parseTermBullet(source: string, knownTokens?: readonly Token[]): { term: string; definition: string } | undefined {
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
    if (at > 0) return accept(plainTextOf(text.slice(0, at)), text.slice(at + arrow.length).trim());
  }
  const colon = /:(\s|$)/.exec(masked);
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

/**
 * Terms defined by a sentence whose subject is a bold phrase:
 * "The **foundation model** can do …", "Amazon **Nova Reel** is a model …", or a bold
 * phrase followed by an apposition: "You can use **Amazon titan**, which is …".
 * A bold phrase elsewhere in a sentence ("generate a **coherent text**.") is emphasis, not a term.
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
  for (const bold of bolds) {
    const term = plain.slice(bold.start, bold.end).trim();
    if (!isTermLike(term) || term.endsWith(':')) continue;
    const sentenceStart = lastSentenceBreak(plain, bold.start);
    const before = plain.slice(sentenceStart, bold.start).trim();
    const after = plain.slice(bold.end);
    const nextWord = /^\s*([A-Za-z']+)/.exec(after)?.[1]?.toLowerCase() ?? '';
    const isSubject = before.split(/\s+/).filter(Boolean).length <= 2 && (SUBJECT_VERBS.has(nextWord) || /^\s*[:—–]\s/.test(after));
    const isApposition = /^,\s+(which|a|an|the)\s/i.test(after);
    if (!isSubject && !isApposition) continue;
    const sentenceEnd = nextSentenceBreak(plain, bold.end);
    const definition = plain.slice(sentenceStart, sentenceEnd).trim();
    if (definition.length > term.length) terms.push({ term, definition, line: bold.line });
  }
  return terms;
}

function lastSentenceBreak(text: string, before: number): number {
  for (let i = before - 1; i > 0; i--) {
    if (/\s/.test(text[i]) && /[.!?]/.test(text[i - 1])) return i + 1;
  }
  return 0;
}

function nextSentenceBreak(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (/[.!?]/.test(text[i]) && (i + 1 === text.length || /\s/.test(text[i + 1]))) return i + 1;
  }
  return text.length;
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
