import { hash64, normaliseForId } from '../model/card-id';
import type { Card, LineRange, Note, Option, Section, Term } from '../model/model';

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
export function quizCountsBySection(note: Note, termCards: TermCardChoice = 'both'): { line: number; count: number }[] {
  // The lines of the quiz items, without building the term cards: only their number matters here.
  const itemLines: number[] = note.cards.map((card) => card.line);
  for (const plan of termCardPlans(note, termCards, 1)) {
    if (plan.asksWhich) itemLines.push(plan.term.line);
    if (plan.asksWhat) itemLines.push(plan.term.line);
  }
  const lines = Float64Array.from(itemLines).sort();
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
function firstAbove(values: ArrayLike<number>, value: number): number {
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
 * the first heading. A binary search: sections are in line order.
 *
 * ```markdown
 * # Notes          ← line 1
 * ## Cloud         ← line 3
 * Some text.       ← sectionAt(note, 4) is "Cloud"
 * ```
 */
export function sectionAt(note: Note, line: number): Section | undefined {
  const sections = note.sections;
  let lo = 0;
  let hi = sections.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sections[mid].line <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sections[lo - 1] : undefined;
}

function lineOfSection(section: Section): number {
  return section.line;
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
  const items: QuizItem[] = [];
  // Ids of one term asked twice (defined twice) get `-2`, `-3`… in note order; a base id
  // is a hash without `-`, so a suffixed id never meets another base.
  const usedIds = new Map<string, number>();
  const uniqueId = (base: string) => {
    const uses = (usedIds.get(base) ?? 0) + 1;
    usedIds.set(base, uses);
    return uses === 1 ? base : `${base}-${uses}`;
  };
  for (const { term, key, section, distractors, asksWhich, asksWhat } of termCardPlans(note, termCards, TERM_DISTRACTORS)) {
    if (asksWhich) {
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
    if (!asksWhat) continue;
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

/** The term cards one term gets, before they are built. */
interface TermCardPlan {
  readonly term: Term;
  /** The term's identity key (see normaliseForId). */
  readonly key: string;
  readonly section: readonly string[];
  /** The wrong options of "which term is this?", nearest first. */
  readonly distractors: readonly Term[];
  /** Whether it gets "which term is this?" (multiple choice). */
  readonly asksWhich: boolean;
  /** Whether it gets "what is X?" (a flashcard). */
  readonly asksWhat: boolean;
}

/**
 * Which terms get term cards and which ones (see termItems), with up to `distractorCount`
 * wrong options each. Linear-logarithmic in the note's terms, cards and sections: the
 * wrong options are the nearest terms by line, found from the term's place among them
 * (see NearestTerms).
 */
function termCardPlans(note: Note, termCards: TermCardChoice, distractorCount: number): TermCardPlan[] {
  if (termCards === 'off' || note.terms.length === 0) return [];
  const sectionLines = note.sections.map(lineOfSection);
  const ownerIndex = (line: number) => firstAbove(sectionLines, line) - 1;
  const cardsBySection = countBy(note.cards.map((c) => ownerIndex(c.line)));
  const termsBySection = countBy(note.terms.map((t) => ownerIndex(t.line)));
  const nearest = new NearestTerms(uniqueTerms(note.terms));
  const plans: TermCardPlan[] = [];
  for (const term of note.terms) {
    const owner = ownerIndex(term.line);
    const cards = cardsBySection.get(owner) ?? 0;
    if (cards >= FEW_CARDS && cards >= (termsBySection.get(owner) ?? 0)) continue;
    const key = normaliseForId(term.term);
    const distractors = nearest.around(term.line, key, normaliseForId(term.definition), distractorCount);
    const asksWhich = distractors.length > 0 && termCards !== 'whatIs';
    plans.push({
      term,
      key,
      section: owner >= 0 ? note.sections[owner].path : [],
      distractors,
      asksWhich,
      // "What is X?" also stands in when no other term can serve as a wrong option.
      asksWhat: !(termCards === 'whichTerm' && distractors.length > 0),
    });
  }
  return plans;
}

/**
 * The wrong options of "which term is this?": the terms nearest a line (by distance in
 * lines, then the upper one first, then note order), skipping the term asked (same key)
 * and terms with the same definition (an option that would also be right).
 *
 * The terms are in line order, so the nearest ones are on either side of the line's place
 * among them (a binary search). Terms with an excluded definition are skipped a whole
 * run at a time (a run: neighbours sharing a definition), and the side above the line is
 * read a line's group at a time, first term first: each term asked costs a few steps,
 * whatever the note, where sorting every term for every term was quadratic.
 */
class NearestTerms {
  private readonly lines: number[];
  private readonly keys: string[];
  private readonly definitionKeys: string[];
  /** For each term, the first and last index of its run of neighbours with the same definition. */
  private readonly runStart: Int32Array;
  private readonly runEnd: Int32Array;
  /** For each term, the index of the first term on its line. */
  private readonly lineStart: Int32Array;

  constructor(private readonly terms: readonly Term[]) {
    const n = terms.length;
    this.lines = terms.map((t) => t.line);
    this.keys = terms.map((t) => normaliseForId(t.term));
    this.definitionKeys = terms.map((t) => normaliseForId(t.definition));
    this.runStart = new Int32Array(n);
    this.runEnd = new Int32Array(n);
    this.lineStart = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const sameRun = i > 0 && this.definitionKeys[i] === this.definitionKeys[i - 1];
      this.runStart[i] = sameRun ? this.runStart[i - 1] : i;
      this.lineStart[i] = i > 0 && this.lines[i] === this.lines[i - 1] ? this.lineStart[i - 1] : i;
    }
    for (let i = n - 1; i >= 0; i--) {
      this.runEnd[i] = i < n - 1 && this.definitionKeys[i] === this.definitionKeys[i + 1] ? this.runEnd[i + 1] : i;
    }
  }

  /** Up to `count` terms nearest `line`, none with key `key` or definition key `definitionKey`. */
  around(line: number, key: string, definitionKey: string, count: number): Term[] {
    const split = firstAtOrAbove(this.lines, line);
    const below = this.forward(split, this.terms.length - 1, key, definitionKey, count);
    // Above the line: nearest line first, and on one line, note order.
    const above: number[] = [];
    let last = split - 1;
    while (above.length < count && last >= 0) {
      const found = this.backToAccepted(last, key, definitionKey);
      if (found < 0) break;
      const first = this.lineStart[found];
      above.push(...this.forward(first, found, key, definitionKey, count - above.length));
      last = first - 1;
    }
    // Merge by distance; on a tie the upper term (smaller line) comes first.
    const picked: Term[] = [];
    let a = 0;
    let b = 0;
    while (picked.length < count && (a < above.length || b < below.length)) {
      const takeAbove = b >= below.length || (a < above.length && line - this.lines[above[a]] <= this.lines[below[b]] - line);
      picked.push(this.terms[takeAbove ? above[a++] : below[b++]]);
    }
    return picked;
  }

  private excluded(i: number, key: string, definitionKey: string): boolean {
    return this.definitionKeys[i] === definitionKey || this.keys[i] === key;
  }

  /** Indexes of the first `count` accepted terms in [from, to], in order. */
  private forward(from: number, to: number, key: string, definitionKey: string, count: number): number[] {
    const found: number[] = [];
    let i = from;
    while (i <= to && found.length < count) {
      if (this.definitionKeys[i] === definitionKey) i = this.runEnd[i] + 1;
      else if (this.keys[i] === key) i++;
      else found.push(i++);
    }
    return found;
  }

  /** The last accepted index at or before `from`, or -1. */
  private backToAccepted(from: number, key: string, definitionKey: string): number {
    let i = from;
    while (i >= 0 && this.excluded(i, key, definitionKey)) i = this.definitionKeys[i] === definitionKey ? this.runStart[i] - 1 : i - 1;
    return i;
  }
}

/** Index of the first value at or above `value` in ascending `values`. */
function firstAtOrAbove(values: readonly number[], value: number): number {
  return firstAbove(values, value - 1);
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

/**
 * Hides the term where the definition names it ("The **LLMs** are…" → "The **___** are…"):
 * every case-insensitive occurrence that no letter or digit touches on either side.
 */
export function maskTerm(definition: string, term: string): string {
  if (term === '' || !isAscii(definition) || !isAscii(term)) return maskTermByRegExp(definition, term);
  // ASCII only (most notes): a plain search, where a RegExp per term cost more than the
  // rest of the term cards. Unicode case folding and letters agree with ASCII's here.
  const haystack = definition.toLowerCase();
  const needle = term.toLowerCase();
  let out = '';
  let copied = 0;
  let at = haystack.indexOf(needle);
  while (at >= 0 && needle.length > 0) {
    const end = at + needle.length;
    if (!isAsciiAlphanumeric(haystack.charCodeAt(at - 1)) && !isAsciiAlphanumeric(haystack.charCodeAt(end))) {
      out += `${definition.slice(copied, at)}___`;
      copied = end;
      at = haystack.indexOf(needle, end);
    } else {
      at = haystack.indexOf(needle, at + 1);
    }
  }
  return copied === 0 ? definition : out + definition.slice(copied);
}

/** The same with Unicode letters, digits and case folding, for text beyond ASCII. */
function maskTermByRegExp(definition: string, term: string): string {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return definition.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu'), '___');
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Whether a character code is an ASCII letter or digit (NaN, outside the text, is not). */
function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
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
