import type { FlashcardSeparators } from '../model/model';
import { compileClozePattern, patternDeletions, type ClozePattern } from './cloze-patterns';
import { maskCodeSpans } from './inline-text';
import { DEFAULT_READING_SETTINGS } from './parser-settings';

/** A card found in a note, before ids and 1-based lines are given. Lines are 0-based, inclusive. */
export interface CardDraft {
  kind: 'mcq' | 'flashcard' | 'cloze';
  line: number;
  endLine: number;
  prompt: string;
  answer?: string;
  options?: { label: string; explanation: string; correct: boolean; line: number }[];
  reversed?: boolean;
  clozeGroup?: number;
  /** Extra identity text (see card-id.ts). */
  idExtra?: string;
  /** The question's own text when the prompt also shows context (a code sample): the id is made from it. */
  idPrompt?: string;
  /** The reader (note format) that made it, for `explainNote`; never part of the card. */
  format?: string;
}

const ANKI_CLOZE = /\{\{c(\d+)::([\s\S]*?)(?:::([^{}]*?))?\}\}/g;

/** The default cloze patterns, compiled once. */
export const DEFAULT_CLOZE_PATTERNS: readonly ClozePattern[] = DEFAULT_READING_SETTINGS.clozePatterns.map((source) => compileClozePattern(source) as ClozePattern);

/**
 * `text` cut after its last `}}`: an Anki cloze must end there, and without the cut every
 * unclosed `{{c1::` would scan to the end of the text (quadratic on hostile lines).
 */
export function clozeSearchArea(text: string): string {
  const last = text.lastIndexOf('}}');
  return last < 0 ? '' : text.slice(0, last + 2);
}

/** Masks code spans and Anki cloze markup, which may contain `::` without being flashcards. */
function maskForSeparators(line: string): string {
  const masked = maskCodeSpans(line);
  const area = clozeSearchArea(masked);
  return area.replace(ANKI_CLOZE, (m) => '\u0000'.repeat(m.length)) + masked.slice(area.length);
}

/**
 * Single-line flashcards of one paragraph, in Obsidian Spaced Repetition syntax:
 * `front::back`, and `front:::back` for a card and its reverse. Lines for which
 * `isMetadata` says yes are skipped.
 */
export function singleLineFlashcards(source: string, firstLine: number, separators: FlashcardSeparators, isMetadata?: (line: string) => boolean): CardDraft[] {
  const cards: CardDraft[] = [];
  const ordered = [
    { sep: separators.reversedSeparator, reversed: true },
    { sep: separators.separator, reversed: false },
  ].sort((a, b) => b.sep.length - a.sep.length);
  source.split('\n').forEach((line, index) => {
    // `name:: value` properties (Logseq, Dataview) look like cards but are metadata.
    if (isMetadata?.(line)) return;
    const masked = maskForSeparators(line);
    for (const { sep, reversed } of ordered) {
      if (sep === '') continue;
      const at = masked.indexOf(sep);
      if (at < 0) continue;
      const written = line.slice(0, at).trim();
      const front = withoutLeadingTags(written);
      const back = withoutBlockId(line.slice(at + sep.length).trim());
      if (front === '') return;
      const lineNo = firstLine + index;
      // The id stays the one made from the line as written (tags included), as before tags were left out.
      cards.push(front === written ? { kind: 'flashcard', line: lineNo, endLine: lineNo, prompt: front, answer: back } : { kind: 'flashcard', line: lineNo, endLine: lineNo, prompt: front, answer: back, idPrompt: written });
      if (reversed) cards.push({ kind: 'flashcard', line: lineNo, endLine: lineNo, prompt: back, answer: front, reversed: true, idExtra: 'reversed' });
      return;
    }
  });
  return cards;
}

/** `#flashcards/science ` or `#🧠 ` opening a card's line: a tag filing the card in a deck, not its text. */
const LEADING_TAG = /^#[^\s#]+\s+/u;

/** The text of a card's first line without the tags that open it (when text follows them). */
export function withoutLeadingTags(text: string): string {
  if (!text.startsWith('#')) return text;
  let rest = text;
  let tag = LEADING_TAG.exec(rest);
  while (tag) {
    rest = rest.slice(tag[0].length);
    tag = LEADING_TAG.exec(rest);
  }
  return rest.trim() === '' ? text : rest;
}

/** An Obsidian block id closing a line (` ^bio-12`) is a link target, not content. */
const TRAILING_BLOCK_ID = /\s\^[A-Za-z0-9-]+$/;

/** The text of one line without a trailing Obsidian block id. */
export function withoutBlockId(text: string): string {
  return text.includes('^') ? text.replace(TRAILING_BLOCK_ID, '') : text;
}

/**
 * Where a paragraph holds a multi-line flashcard: the index of the line that is only
 * the multi-line separator (`?`, or `??` for a card and its reverse).
 */
export function multilineSeparatorLine(source: string, separators: FlashcardSeparators): { index: number; reversed: boolean } | undefined {
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    if (line === separators.multilineReversedSeparator) return { index: i, reversed: true };
    if (line === separators.multilineSeparator) return { index: i, reversed: false };
  }
  return undefined;
}

/**
 * At most this many cloze cards come from one paragraph. Every cloze card repeats its
 * whole paragraph as its prompt, so a paragraph with thousands of `==highlights==` (notes
 * that use highlights for emphasis) would cost its length times their number: 4,000 in a
 * 58 KB paragraph took 29 s and 172 MB. The rest are reported, not dropped silently.
 */
export const MAX_CLOZE_CARDS_PER_PARAGRAPH = 50;
/** And at most this many characters of prompts in all, for a few deletions in a huge paragraph. */
const CLOZE_PROMPT_BUDGET = 2_000_000;

/** What `clozeCards` found: the cards, the lines of empty deletions, and deletions left out by the limit. */
export interface ClozeCards {
  cards: CardDraft[];
  emptyLines: number[];
  /** Set when the paragraph has more cloze groups than become cards. */
  overLimit?: { groups: number; kept: number };
}

interface Deletion {
  start: number;
  end: number;
  text: string;
  hint?: string;
  group: number;
}

/**
 * Cloze cards of one paragraph: Anki's `{{c1::text}}` / `{{c1::text::hint}}` (one card per
 * group number) and the deletions of the cloze patterns (`==highlights==` by default: one
 * card each, or one per group id). Code spans are never cloze, nor is a pattern's deletion
 * of the whole paragraph (emphasis).
 */
export function clozeCards(source: string, firstLine: number, lastLine: number, patterns: readonly ClozePattern[] = DEFAULT_CLOZE_PATTERNS): ClozeCards {
  const masked = maskCodeSpans(source);
  const deletions: Deletion[] = [];
  const emptyLines: number[] = [];
  // Lines of empty deletions, counted forward once: matches come in text order.
  let counted = 0;
  let newlines = 0;
  for (const m of clozeSearchArea(masked).matchAll(ANKI_CLOZE)) {
    const start = m.index ?? 0;
    const textStart = start + '{{c'.length + m[1].length + '::'.length;
    const text = source.slice(textStart, textStart + m[2].length);
    if (text.trim() === '') {
      newlines += countNewlines(source, counted, start);
      counted = start;
      emptyLines.push(firstLine + newlines);
      continue;
    }
    deletions.push({ start, end: start + m[0].length, text, ...(m[3] !== undefined && m[3].trim() !== '' ? { hint: m[3].trim() } : {}), group: Number(m[1]) });
  }
  const highestGroup = deletions.reduce((max, d) => Math.max(max, d.group), 0);
  const anki = deletions.length;
  // Pattern deletions overlapping an Anki one are left out; the rest get groups in text order.
  const found = patternDeletions(masked, patterns, deletions).sort((a, b) => a.start - b.start);
  let nextGroup = highestGroup;
  const groupOfId = new Map<string, number>();
  for (const d of found) {
    let group: number;
    if (d.id === undefined) group = ++nextGroup;
    else group = groupOfId.get(d.id) ?? (/^\d+$/.test(d.id) && Number(d.id) > 0 ? Number(d.id) : ++nextGroup);
    if (d.id !== undefined) groupOfId.set(d.id, group);
    nextGroup = Math.max(nextGroup, group);
    deletions.push({ start: d.start, end: d.end, text: source.slice(d.answerStart, d.answerEnd), ...(d.hint !== undefined ? { hint: d.hint } : {}), group });
  }
  if (deletions.length === 0 || (anki === 0 && isWholeParagraphDeletion(source, deletions))) return { cards: [], emptyLines };
  deletions.sort((a, b) => a.start - b.start);
  const allGroups = [...new Set(deletions.map((d) => d.group))].sort((a, b) => a - b);
  const limit = Math.max(1, Math.min(MAX_CLOZE_CARDS_PER_PARAGRAPH, Math.floor(CLOZE_PROMPT_BUDGET / Math.max(1, source.length))));
  const groups = allGroups.length > limit ? allGroups.slice(0, limit) : allGroups;
  const cards = groups.map((group): CardDraft => {
    let prompt = '';
    let at = 0;
    const answers: string[] = [];
    for (const d of deletions) {
      prompt += source.slice(at, d.start);
      if (d.group === group) {
        prompt += d.hint ? `[${d.hint}]` : '[...]';
        answers.push(d.text);
      } else {
        prompt += d.text;
      }
      at = d.end;
    }
    prompt += source.slice(at);
    return {
      kind: 'cloze',
      line: firstLine,
      endLine: lastLine,
      prompt,
      answer: answers.join(', '),
      clozeGroup: group,
      idExtra: answers.join('\u0001'),
    };
  });
  if (groups.length < allGroups.length) return { cards, emptyLines, overLimit: { groups: allGroups.length, kept: groups.length } };
  return { cards, emptyLines };
}

/**
 * Whether the paragraph's one deletion holds all its words (`==Always back up first.==`):
 * that is emphasis, and a cloze of it would show nothing.
 */
function isWholeParagraphDeletion(source: string, deletions: readonly Deletion[]): boolean {
  if (deletions.length !== 1) return false;
  const outside = source.slice(0, deletions[0].start) + source.slice(deletions[0].end);
  return !LETTER_OR_DIGIT.test(outside);
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function countNewlines(text: string, from: number, end: number): number {
  let count = 0;
  for (let i = from; i < end; i++) if (text.charCodeAt(i) === 0x0a) count++;
  return count;
}
