// Scoring of the parser against hand-written expectations: which cards a human would call
// cards, where they start, and what their answer is. Pure (no file access): the corpus
// loader and `npm run fidelity` feed it; test/unit/fidelity.test.ts pins its rules down.
// The matching rules are documented in test/fixtures/styles/README.md; keep both in step.
import MarkdownIt from 'markdown-it';
import type { Card, CardKind } from '../../src/core';

/**
 * One card a human reading the note would call a card.
 * `answer` is the right option text(s) of an `mcq` (an array, order free; empty when the
 * note marks no answer), else the back of a flashcard or the deleted text of a cloze
 * (an empty string when the note gives none).
 */
export interface ExpectedCard {
  readonly line: number;
  readonly kind: CardKind;
  readonly prompt: string;
  readonly answer: string | readonly string[];
}

/** A card as the parser found it, reduced to what is scored. */
export interface FoundCard {
  readonly line: number;
  readonly kind: CardKind;
  readonly prompt: string;
  readonly answer: string | readonly string[];
}

/**
 * How far (in lines) a found card may start from the expected line and still be the same
 * card, when its prompt is like the expected one (`similarPrompts`). A label above the
 * question may or may not be counted as the card's start: alone on the line above (`Q:`,
 * `**Question 3**`, a bare `1.`, a tag-only line) it moves the start by one line; as a block
 * of its own with a blank line between (`### Question 4`, `START` and the note type) by two
 * or three. A card on the same line is the same card whatever its prompt; a card one to
 * three lines away with another prompt is a neighbour (a property line, the next one-line
 * card), not the card expected.
 */
export const NEAR_LINES = 3;

/** A found card paired with the expected card it is. */
export interface MatchedCard {
  readonly expected: ExpectedCard;
  readonly found: FoundCard;
  readonly answerRight: boolean;
  readonly promptRight: boolean;
}

/** The score of one note. Rates are 0–1; a note with nothing expected and nothing found scores 1. */
export interface NoteScore {
  readonly expected: number;
  readonly found: number;
  readonly matched: number;
  readonly answersRight: number;
  readonly promptsRight: number;
  readonly recall: number;
  readonly precision: number;
  readonly answerAccuracy: number;
  readonly promptAccuracy: number;
  readonly matches: readonly MatchedCard[];
  /** Expected cards the parser did not find. */
  readonly missed: readonly ExpectedCard[];
  /** Cards the parser found that no expected card accounts for. */
  readonly invented: readonly FoundCard[];
}

/** Totals over several notes: every rate is over cards (micro-averaged), not an average of notes. */
export interface TotalScore {
  readonly notes: number;
  readonly expected: number;
  readonly found: number;
  readonly matched: number;
  readonly answersRight: number;
  readonly promptsRight: number;
  readonly recall: number;
  readonly precision: number;
  readonly answerAccuracy: number;
  readonly promptAccuracy: number;
}

/** The scored shape of a parsed card: the right options' labels for an mcq, else its answer. */
export function foundCardOf(card: Card): FoundCard {
  const answer = card.kind === 'mcq' ? (card.options ?? []).filter((o) => o.correct).map((o) => o.label) : (card.answer ?? '');
  return { line: card.line, kind: card.kind, prompt: card.prompt, answer };
}

/**
 * Pairs found cards with expected ones and scores them.
 *
 * A found card matches an expected one of the same kind that starts on the same line, or
 * within `NEAR_LINES` lines with a similar prompt. Each card is used once. Candidate pairs are taken closest line first,
 * then those whose answer agrees, then those whose prompt agrees, then in note order: so two
 * cards on one line (a cloze with two deletions, a reversed flashcard) pair up by content.
 */
export function scoreNote(expected: readonly ExpectedCard[], found: readonly FoundCard[]): NoteScore {
  interface Candidate {
    readonly e: number;
    readonly f: number;
    readonly distance: number;
    readonly answerRight: boolean;
    readonly promptRight: boolean;
  }
  const candidates: Candidate[] = [];
  expected.forEach((exp, e) => {
    found.forEach((fnd, f) => {
      const distance = Math.abs(exp.line - fnd.line);
      if (exp.kind !== fnd.kind || distance > NEAR_LINES) return;
      if (distance > 0 && !similarPrompts(exp.prompt, fnd.prompt)) return;
      candidates.push({ e, f, distance, answerRight: sameAnswer(exp.answer, fnd.answer), promptRight: sameText(exp.prompt, fnd.prompt) });
    });
  });
  candidates.sort(
    (a, b) =>
      a.distance - b.distance ||
      Number(b.answerRight) - Number(a.answerRight) ||
      Number(b.promptRight) - Number(a.promptRight) ||
      a.e - b.e ||
      a.f - b.f,
  );
  const usedExpected = new Set<number>();
  const usedFound = new Set<number>();
  const matches: (MatchedCard & { readonly e: number })[] = [];
  for (const c of candidates) {
    if (usedExpected.has(c.e) || usedFound.has(c.f)) continue;
    usedExpected.add(c.e);
    usedFound.add(c.f);
    matches.push({ e: c.e, expected: expected[c.e], found: found[c.f], answerRight: c.answerRight, promptRight: c.promptRight });
  }
  matches.sort((a, b) => a.e - b.e);
  const answersRight = matches.filter((m) => m.answerRight).length;
  const promptsRight = matches.filter((m) => m.promptRight).length;
  return {
    expected: expected.length,
    found: found.length,
    matched: matches.length,
    answersRight,
    promptsRight,
    recall: rate(matches.length, expected.length),
    precision: rate(matches.length, found.length),
    answerAccuracy: rate(answersRight, matches.length),
    promptAccuracy: rate(promptsRight, matches.length),
    matches: matches.map(({ expected: exp, found: fnd, answerRight, promptRight }) => ({ expected: exp, found: fnd, answerRight, promptRight })),
    missed: expected.filter((_, e) => !usedExpected.has(e)),
    invented: found.filter((_, f) => !usedFound.has(f)),
  };
}

/** Sums note scores; rates are over all cards of all notes. */
export function totalOf(scores: readonly NoteScore[]): TotalScore {
  const sum = (pick: (s: NoteScore) => number): number => scores.reduce((n, s) => n + pick(s), 0);
  const expected = sum((s) => s.expected);
  const found = sum((s) => s.found);
  const matched = sum((s) => s.matched);
  const answersRight = sum((s) => s.answersRight);
  const promptsRight = sum((s) => s.promptsRight);
  return {
    notes: scores.length,
    expected,
    found,
    matched,
    answersRight,
    promptsRight,
    recall: rate(matched, expected),
    precision: rate(matched, found),
    answerAccuracy: rate(answersRight, matched),
    promptAccuracy: rate(promptsRight, matched),
  };
}

function rate(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

/** Whether two answers agree: texts after `normaliseText`; option lists as sets of such texts. */
export function sameAnswer(expected: string | readonly string[], found: string | readonly string[]): boolean {
  if (typeof expected === 'string' || typeof found === 'string') {
    return typeof expected === typeof found && sameText(expected as string, found as string);
  }
  const want = [...new Set(expected.map(normaliseText))].sort();
  const got = [...new Set(found.map(normaliseText))].sort();
  return want.length === got.length && want.every((text, i) => text === got[i]);
}

/**
 * Whether two prompts ask the same thing, wording details aside: their normalised texts,
 * lower-cased and split into words (letters and digits), share at least half of all their
 * words, or one holds every word of the other (a label or numbering added or left out).
 */
export function similarPrompts(a: string, b: string): boolean {
  const words = (text: string): Set<string> => new Set(normaliseText(text).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const x = words(a);
  const y = words(b);
  if (x.size === 0 || y.size === 0) return sameText(a, b);
  const shared = [...x].filter((w) => y.has(w)).length;
  return shared === x.size || shared === y.size || shared / (x.size + y.size - shared) >= 0.5;
}

function sameText(expected: string, found: string): boolean {
  return normaliseText(expected) === normaliseText(found);
}

let markdown: MarkdownIt.MarkdownIt | undefined;

/**
 * The text a reader sees, for comparing answers written in different markdown: the text
 * markdown-it reads from it (emphasis, code and link markers, list and quote markers,
 * HTML tags and comments dropped; code and entity text kept), `==highlight==` markers
 * dropped, Unicode NFC, all whitespace runs made one space, trimmed. Case and punctuation
 * count.
 */
export function normaliseText(source: string): string {
  markdown ??= new MarkdownIt('default', { html: true, linkify: false, typographer: false });
  const parts: string[] = [];
  for (const token of markdown.parse(source, {})) {
    if (token.type === 'inline') {
      for (const child of token.children ?? []) {
        if (child.type === 'text' || child.type === 'code_inline') parts.push(child.content);
        else if (child.type === 'softbreak' || child.type === 'hardbreak') parts.push(' ');
        else if (child.type === 'image') parts.push(child.content);
      }
      parts.push(' ');
    } else if (token.type === 'fence' || token.type === 'code_block') {
      parts.push(token.content, ' ');
    } else if (token.type === 'html_block') {
      parts.push(token.content.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^>]*>/g, ' '), ' ');
    }
  }
  const text = collapse(parts.join('').replace(/==/g, ''));
  // A bare `1.` or `-` is an empty list item to markdown-it; such an answer is its own text.
  return text === '' ? collapse(source) : text;
}

function collapse(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** A term the note defines, as a human reads it (only scored for notes whose expectation lists terms). */
export interface ExpectedTerm {
  readonly line: number;
  readonly term: string;
  readonly definition: string;
}

/** The score of a note's terms: a found term matches an expected one on the same line with the same text. */
export interface TermScore {
  readonly expected: number;
  readonly found: number;
  readonly matched: number;
  readonly definitionsRight: number;
  readonly recall: number;
  readonly precision: number;
  readonly definitionAccuracy: number;
  readonly missed: readonly ExpectedTerm[];
  readonly invented: readonly ExpectedTerm[];
}

/**
 * Scores terms. Terms match exactly by line (a term is one line of a glossary; the line
 * next to it is another term) and by text after `normaliseText`; the definition counts as
 * right when it agrees after the same normalisation.
 */
export function scoreTerms(expected: readonly ExpectedTerm[], found: readonly ExpectedTerm[]): TermScore {
  const usedFound = new Set<number>();
  const missed: ExpectedTerm[] = [];
  let definitionsRight = 0;
  for (const exp of expected) {
    const f = found.findIndex((t, i) => !usedFound.has(i) && t.line === exp.line && sameText(t.term, exp.term));
    if (f < 0) {
      missed.push(exp);
      continue;
    }
    usedFound.add(f);
    if (sameText(exp.definition, found[f].definition)) definitionsRight++;
  }
  const matched = usedFound.size;
  return {
    expected: expected.length,
    found: found.length,
    matched,
    definitionsRight,
    recall: rate(matched, expected.length),
    precision: rate(matched, found.length),
    definitionAccuracy: rate(definitionsRight, matched),
    missed,
    invented: found.filter((_, i) => !usedFound.has(i)),
  };
}

/** Sums term scores over notes, like `totalOf`. */
export function termTotalOf(scores: readonly TermScore[]): Omit<TermScore, 'missed' | 'invented'> & { readonly notes: number } {
  const sum = (pick: (s: TermScore) => number): number => scores.reduce((n, s) => n + pick(s), 0);
  const expected = sum((s) => s.expected);
  const found = sum((s) => s.found);
  const matched = sum((s) => s.matched);
  const definitionsRight = sum((s) => s.definitionsRight);
  return {
    notes: scores.length,
    expected,
    found,
    matched,
    definitionsRight,
    recall: rate(matched, expected),
    precision: rate(matched, found),
    definitionAccuracy: rate(definitionsRight, matched),
  };
}
