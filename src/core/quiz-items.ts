import { hash64, normaliseForId } from './card-id';
import type { Card, LineRange, Note, Option, Section, Term } from './model';

/**
 * Which quiz items the quiz panel asks, and how.
 *
 * A quiz asks every card of its scope, plus *term cards* for the sections that define
 * terms but hold few cards of their own: "which term is this?" as multiple choice (the
 * wrong options are other terms defined nearby) and "what is X?" as a flashcard.
 */

/** How a card is asked. */
export type AskingMode =
  /** Multiple choice with one right option: pick it. */
  | 'choice'
  /** Multiple choice with several right options: tick them, then check. */
  | 'multiple'
  /** Multiple choice with no marked answer: reveal the explanations, then say whether you knew it. */
  | 'self-check'
  /** Flashcards and cloze deletions: front, then back, then rate your recall. */
  | 'recall';

/**
 * Which term cards a quiz makes (setting `noteReview.quiz.termCards`): both kinds, only
 * "which term is this?" (multiple choice), only "what is X?" (flashcard), or none.
 */
export type TermCardChoice = 'both' | 'whichTerm' | 'whatIs' | 'off';

/** One question of a quiz: a card (from the note or made from a term) and where it comes from. */
export interface QuizItem {
  /** The card's id (term cards get ids of their own, `term-…`). Unique within a quiz. */
  readonly id: string;
  /** Opaque key of the note the card comes from (the extension uses the note's URI). */
  readonly source: string;
  readonly card: Card;
  readonly mode: AskingMode;
  /** For term cards: the term asked about. */
  readonly term?: string;
}

/**
 * A section with at least one term gets term cards when it holds fewer than this many
 * cards of its own (or fewer cards than terms): a section of notes full of definitions
 * and no questions still gets something to ask.
 */
export const FEW_CARDS = 3;

/** How many wrong options a "which term is this?" question gets, at most. */
export const TERM_DISTRACTORS = 3;

/**
 * How a card is asked: multiple choice by its number of right options, flashcards and
 * cloze by recall.
 */
export function askingModeOf(card: Card): AskingMode {
  if (card.kind !== 'mcq') return 'recall';
  const right = (card.options ?? []).filter((o) => o.correct).length;
  if (right === 0) return 'self-check';
  return right > 1 ? 'multiple' : 'choice';
}

/**
 * The lines of the section whose heading is at `line`, sub-sections included: from the
 * heading to the line before the next heading of the same or a higher level.
 */
export function sectionRange(note: Note, section: Pick<Section, 'line'>): LineRange | undefined {
  const index = note.sections.findIndex((s) => s.line === section.line);
  if (index < 0) return undefined;
  const own = note.sections[index];
  const next = note.sections.slice(index + 1).find((s) => s.level <= own.level);
  return { line: own.line, endLine: next ? next.line - 1 : Math.max(own.line, note.lineCount) };
}

/**
 * How many quiz items each section holds (sub-sections included), for every section at
 * once: one pass over the sections with a stack, and a binary search per section over the
 * items' lines. Linear-logarithmic, where asking `sectionRange` per section would be quadratic.
 */
export function quizCountsBySection(note: Note, source: string, termCards: TermCardChoice = 'both'): { line: number; count: number }[] {
  const lines = quizItemsOf(note, source, undefined, termCards).map((item) => item.card.line);
  const ends = new Array<number>(note.sections.length).fill(Math.max(1, note.lineCount));
  const open: number[] = [];
  note.sections.forEach((section, index) => {
    while (open.length > 0 && note.sections[open[open.length - 1]].level >= section.level) ends[open.pop() as number] = section.line - 1;
    open.push(index);
  });
  return note.sections.map((section, index) => ({
    line: section.line,
    count: firstAbove(lines, Math.max(section.line, ends[index])) - firstAbove(lines, section.line - 1),
  }));
}

/** Index of the first value greater than `value` in ascending `values`. */
function firstAbove(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The innermost section at `line` (the last heading at or above it), or undefined above
 * the first heading.
 *
 * ```markdown
 * # Notes          ← line 1
 * ## Cloud         ← line 3
 * Some text.       ← sectionAt(note, 4) is "Cloud"
 * ```
 */
export function sectionAt(note: Note, line: number): Section | undefined {
  let found: Section | undefined;
  for (const section of note.sections) {
    if (section.line <= line) found = section;
    else break;
  }
  return found;
}

/** The section that owns a line directly (not through a sub-section): the innermost one. */
function ownerLine(note: Note, line: number): number {
  return sectionAt(note, line)?.line ?? 0;
}

/**
 * Every quiz item of a note in note order (cards and term cards interleaved by line), or
 * only those in `range`.
 *
 * Whether a section gets term cards depends on the section alone, never on the range, so
 * an item's id means the same question in every scope.
 */
export function quizItemsOf(note: Note, source: string, range?: LineRange, termCards: TermCardChoice = 'both'): QuizItem[] {
  const inRange = (line: number) => !range || (line >= range.line && line <= range.endLine);
  const items: QuizItem[] = note.cards.filter((c) => inRange(c.line)).map((card) => ({ id: card.id, source, card, mode: askingModeOf(card) }));
  for (const item of termItems(note, source, termCards)) if (inRange(item.card.line)) items.push(item);
  // Stable sort: cards and the term cards of a line keep their relative order.
  return items.sort((a, b) => a.card.line - b.card.line);
}

/**
 * Term cards for the sections of a note that define terms but hold few cards of their
 * own (see FEW_CARDS): for each term a "which term is this?" multiple choice (when the
 * note defines other terms to serve as wrong options) and a "what is X?" flashcard.
 *
 * ```markdown
 * ## Metrics
 * - BLEU -> you evaluate translation.
 * - ROUGE -> you evaluate summarization.
 * ```
 * gives "Which term is this? *you evaluate translation.*" with options BLEU and ROUGE,
 * and "What is **BLEU**?" with the definition as its answer.
 */
export function termItems(note: Note, source: string, termCards: TermCardChoice = 'both'): QuizItem[] {
  if (termCards === 'off') return [];
  const cardsBySection = countBy(note.cards.map((c) => ownerLine(note, c.line)));
  const termsBySection = countBy(note.terms.map((t) => ownerLine(note, t.line)));
  const distinct = uniqueTerms(note.terms);
  const items: QuizItem[] = [];
  const usedIds = new Set<string>();
  const uniqueId = (base: string) => {
    let id = base;
    for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
    usedIds.add(id);
    return id;
  };
  for (const term of note.terms) {
    const owner = ownerLine(note, term.line);
    const cards = cardsBySection.get(owner) ?? 0;
    if (cards >= FEW_CARDS && cards >= (termsBySection.get(owner) ?? 0)) continue;
    const section = sectionAt(note, term.line)?.path ?? [];
    const key = normaliseForId(term.term);
    const distractors = distinct
      .filter((other) => normaliseForId(other.term) !== key && normaliseForId(other.definition) !== normaliseForId(term.definition))
      .sort((a, b) => Math.abs(a.line - term.line) - Math.abs(b.line - term.line) || a.line - b.line)
      .slice(0, TERM_DISTRACTORS);
    if (distractors.length > 0 && termCards !== 'whatIs') {
      const id = uniqueId(`term-${hash64(`which\u0000${source}\u0000${key}`)}`);
      const options: Option[] = [
        { label: term.term, explanation: '', correct: true, line: term.line },
        ...distractors.map((d) => ({ label: d.term, explanation: d.definition, correct: false, line: d.line })),
      ];
      items.push({
        id,
        source,
        term: term.term,
        mode: 'choice',
        card: {
          id,
          kind: 'mcq',
          line: term.line,
          endLine: term.line,
          section,
          prompt: `Which term is this?\n\n${quote(maskTerm(term.definition, term.term))}`,
          // Without this the right option would always come first.
          options: permute(options, seededRandom(hashSeed(id))),
        },
      });
    }
    // "What is X?" also stands in when no other term can serve as a wrong option.
    if (termCards === 'whichTerm' && distractors.length > 0) continue;
    const id = uniqueId(`term-${hash64(`what\u0000${source}\u0000${key}`)}`);
    items.push({
      id,
      source,
      term: term.term,
      mode: 'recall',
      card: { id, kind: 'flashcard', line: term.line, endLine: term.line, section, prompt: `What is **${escapeMarkdown(term.term)}**?`, answer: term.definition },
    });
  }
  return items;
}

/** The first definition of each term (case-insensitive), in note order. */
function uniqueTerms(terms: readonly Term[]): Term[] {
  const seen = new Set<string>();
  return terms.filter((t) => {
    const key = normaliseForId(t.term);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function countBy(keys: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** Hides the term where the definition names it ("The **LLMs** are…" → "The **___** are…"). */
export function maskTerm(definition: string, term: string): string {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return definition.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu'), '___');
}

function quote(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|~=])/g, '\\$1');
}

/** A deterministic pseudo-random generator (mulberry32) giving numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from text (for per-card deterministic orders). */
export function hashSeed(text: string): number {
  return parseInt(hash64(text).slice(0, 8), 16);
}

/** A shuffled copy of `values` (Fisher–Yates with the given generator). */
export function permute<T>(values: readonly T[], random: () => number): T[] {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
