import type { FlashcardSeparators } from './model';
import { maskCodeSpans } from './inline-text';

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
}

const ANKI_CLOZE = /\{\{c(\d+)::([\s\S]*?)(?:::([^{}]*?))?\}\}/g;
const HIGHLIGHT = /==(?=[^\s=])((?:[^=\n]|=(?!=))*?[^\s=])==/g;

/**
 * `text` cut after its last `}}`: an Anki cloze must end there, and without the cut every
 * unclosed `{{c1::` would scan to the end of the text (quadratic on hostile lines).
 */
function clozeSearchArea(text: string): string {
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
 * `front::back`, and `front:::back` for a card and its reverse.
 */
export function singleLineFlashcards(source: string, firstLine: number, separators: FlashcardSeparators): CardDraft[] {
  const cards: CardDraft[] = [];
  const ordered = [
    { sep: separators.reversedSeparator, reversed: true },
    { sep: separators.separator, reversed: false },
  ].sort((a, b) => b.sep.length - a.sep.length);
  source.split('\n').forEach((line, index) => {
    const masked = maskForSeparators(line);
    for (const { sep, reversed } of ordered) {
      if (sep === '') continue;
      const at = masked.indexOf(sep);
      if (at < 0) continue;
      const front = line.slice(0, at).trim();
      const back = line.slice(at + sep.length).trim();
      if (front === '') return;
      const lineNo = firstLine + index;
      cards.push({ kind: 'flashcard', line: lineNo, endLine: lineNo, prompt: front, answer: back });
      if (reversed) cards.push({ kind: 'flashcard', line: lineNo, endLine: lineNo, prompt: back, answer: front, reversed: true, idExtra: 'reversed' });
      return;
    }
  });
  return cards;
}

/**
 * Where a paragraph holds a multi-line flashcard: the index of the line that is only
 * the multi-line separator (`?`, or `??` for a card and its reverse).
 */
export function multilineSeparatorLine(source: string, separators: FlashcardSeparators): { index: number; reversed: boolean } | undefined {
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === separators.multilineReversedSeparator) return { index: i, reversed: true };
    if (line === separators.multilineSeparator) return { index: i, reversed: false };
  }
  return undefined;
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
 * group number) and `==highlights==` (one card each). Code spans are never cloze.
 */
export function clozeCards(source: string, firstLine: number, lastLine: number): { cards: CardDraft[]; emptyLines: number[] } {
  const masked = maskCodeSpans(source);
  const deletions: Deletion[] = [];
  const emptyLines: number[] = [];
  for (const m of clozeSearchArea(masked).matchAll(ANKI_CLOZE)) {
    const start = m.index ?? 0;
    const textStart = start + '{{c'.length + m[1].length + '::'.length;
    const text = source.slice(textStart, textStart + m[2].length);
    if (text.trim() === '') {
      emptyLines.push(firstLine + countNewlines(source, start));
      continue;
    }
    deletions.push({ start, end: start + m[0].length, text, ...(m[3] !== undefined && m[3].trim() !== '' ? { hint: m[3].trim() } : {}), group: Number(m[1]) });
  }
  const highestGroup = deletions.reduce((max, d) => Math.max(max, d.group), 0);
  let highlightGroup = highestGroup;
  for (const m of masked.matchAll(HIGHLIGHT)) {
    const start = m.index ?? 0;
    if (deletions.some((d) => start < d.end && start + m[0].length > d.start)) continue;
    deletions.push({ start, end: start + m[0].length, text: source.slice(start + 2, start + m[0].length - 2), group: ++highlightGroup });
  }
  if (deletions.length === 0) return { cards: [], emptyLines };
  deletions.sort((a, b) => a.start - b.start);
  const groups = [...new Set(deletions.map((d) => d.group))].sort((a, b) => a - b);
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
  return { cards, emptyLines };
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (text[i] === '\n') count++;
  return count;
}
