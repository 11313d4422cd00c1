import type MarkdownIt from 'markdown-it';
import { collapseWhitespace, maskCodeSpans, plainTextOf, wholeCodeSpan, wholeStrong } from './inline-text';

type Token = MarkdownIt.Token;

/** How an option was marked as the right answer, if it was. */
export type AnswerMarker = 'code' | 'bold' | 'task' | 'emoji' | 'text';

/** An option as read from its source, before the question decides what counts. */
export interface ParsedOption {
  label: string;
  explanation: string;
  correct: boolean;
  marker?: AnswerMarker;
  /** `[ ]` or `( )`: the author explicitly marked it wrong. */
  uncheckedTask: boolean;
  /** The letter the note gives it (`B.`, `b)`), upper-cased; for numbered options the letter of its number (2 → B). */
  letter?: string;
  /** The number of an option of a numbered list. */
  number?: number;
  line: number;
}

// The explanation separators: ' -> ', ' → ', ' - ', ' – ', ' — ' (see firstSeparator).
const RIGHT_MARKS = ['✅', '✔️', '✔', '☑️', '☑', '✓'];
const WRONG_MARKS = ['❌', '✖️', '✖', '✗', '✘'];
const LETTER_LABEL = /^\(?([A-Ha-h])[.)]\s+/;
/** `B:` before an option's text (or alone, the option being the code block below it). */
const COLON_LETTER_LABEL = /^([A-H]):(?:\s+|$)/;
/** A task box `[x]` / `[ ]`, or a radio button `(x)` / `( )` (quiz tools' single-choice form). */
const TASK_PREFIX = /^(?:\[([ xX])\]|\(([ xX])\))\s+/;

/** Splits `text` at the first explanation separator outside code spans. */
export function splitExplanation(text: string): { label: string; explanation: string } {
  const masked = text.includes('`') ? maskCodeSpans(text) : text;
  const at = firstSeparator(masked);
  if (at < 0) {
    // A separator at the very end (`label ->`) leaves no explanation.
    const trailing = /\s(->|→)\s*$/.exec(masked);
    return { label: (trailing ? text.slice(0, trailing.index) : text).trim(), explanation: '' };
  }
  const length = masked.charCodeAt(at + 2) === 0x3e ? 4 : 3;
  return { label: text.slice(0, at).trim(), explanation: text.slice(at + length).trim() };
}

/**
 * Where the first explanation separator starts in `text`, or -1. One scan from space
 * to space instead of one `indexOf` per separator: every option goes through here.
 */
function firstSeparator(text: string): number {
  for (let at = text.indexOf(' '); at >= 0; at = text.indexOf(' ', at + 1)) {
    const c = text.charCodeAt(at + 1);
    if (c === 0x2d) {
      // ' -> ' or ' - '
      const next = text.charCodeAt(at + 2);
      if ((next === 0x3e && text.charCodeAt(at + 3) === 0x20) || next === 0x20) return at;
    } else if ((c === 0x2192 || c === 0x2013 || c === 0x2014) && text.charCodeAt(at + 2) === 0x20) return at;
  }
  return -1;
}

/** Removes a trailing right/wrong mark (✅, "(correct)", ❌) and says which it was. */
function stripEndMark(text: string): { text: string; mark?: 'right' | 'wrong' } {
  const trimmed = text.trimEnd();
  // Every mark ends with a non-ASCII character or a closing bracket: most text ends otherwise.
  const last = trimmed.charCodeAt(trimmed.length - 1);
  if (last < 0x80 && last !== 0x29 && last !== 0x5d) return { text: trimmed };
  for (const mark of RIGHT_MARKS) if (trimmed.endsWith(mark)) return { text: trimmed.slice(0, -mark.length).trimEnd(), mark: 'right' };
  for (const mark of WRONG_MARKS) if (trimmed.endsWith(mark)) return { text: trimmed.slice(0, -mark.length).trimEnd(), mark: 'wrong' };
  // The regex only runs when the text can end with "(correct)": it scans from every space otherwise.
  const correct = /[)\]]$/.test(trimmed) ? /\s*[([](correct|right|answer)[)\]]$/i.exec(trimmed) : null;
  if (correct) return { text: trimmed.slice(0, correct.index).trimEnd(), mark: 'right' };
  return { text: trimmed };
}

/** Removes a leading right/wrong mark. */
function stripStartMark(text: string): { text: string; mark?: 'right' | 'wrong' } {
  const trimmed = text.trimStart();
  // Every mark starts with a non-ASCII character.
  if (trimmed.charCodeAt(0) < 0x80) return { text: trimmed };
  for (const mark of RIGHT_MARKS) if (trimmed.startsWith(mark)) return { text: trimmed.slice(mark.length).trimStart(), mark: 'right' };
  for (const mark of WRONG_MARKS) if (trimmed.startsWith(mark)) return { text: trimmed.slice(mark.length).trimStart(), mark: 'wrong' };
  return { text: trimmed };
}

/** Whether a line of a paragraph starts with an option letter (`A.`, `b)`, `(C)`). */
export function letterOf(line: string): string | undefined {
  const m = LETTER_LABEL.exec(line.trimStart());
  return m ? m[1].toUpperCase() : undefined;
}

/** The letter of a line that starts an option, also inside bold (`**B. Cloud functions**`, a right option). */
export function letterOfOptionLine(line: string): string | undefined {
  const text = line.trimStart();
  if (!text.startsWith('**') && !text.startsWith('__')) return letterOf(text);
  const m = LETTER_LABEL.exec(text.slice(2));
  return m && text.trimEnd().endsWith(text.slice(0, 2)) ? m[1].toUpperCase() : undefined;
}

/** A paragraph of feedback on the option above (`_Feedback: Not quite …_`, `Explanation: …`), on its first line's text. */
export function isFeedbackLine(line: string): boolean {
  return /^[\s*_]*(?:feedback|explanation|rationale|reason)\s*[:：\-–—]/i.test(line);
}

/**
 * Reads one option from its markdown source.
 *
 * ```markdown
 * `Pay-as-you-go pricing -> you are only charged for what you use.`
 * ```
 * is a right option labelled "Pay-as-you-go pricing" with that explanation.
 */
export function parseOption(source: string, line: number, extraExplanation = '', knownTokens?: readonly Token[]): ParsedOption {
  let text = collapseWhitespace(source);
  const untouched = text;
  let correct = false;
  let marker: AnswerMarker | undefined;
  let uncheckedTask = false;

  const task = TASK_PREFIX.exec(text);
  if (task) {
    text = text.slice(task[0].length);
    if ((task[1] ?? task[2]) === ' ') uncheckedTask = true;
    else {
      correct = true;
      marker = 'task';
    }
  }
  let letter: string | undefined;
  // Options also take `A:` as their letter (`* [x] B: …`), which only lettered lines and bullets reach here.
  const lettered = LETTER_LABEL.exec(text) ?? COLON_LETTER_LABEL.exec(text);
  if (lettered) {
    letter = lettered[1].toUpperCase();
    text = text.slice(lettered[0].length);
  }
  const start = stripStartMark(text);
  text = start.text;
  const end = stripEndMark(text);
  text = end.text;
  if (start.mark === 'right' || end.mark === 'right') {
    correct = true;
    marker ??= 'emoji';
  }

  // `knownTokens` describe `source`; they can stand for `text` only while nothing was stripped.
  const tokens = text === untouched && untouched === source ? knownTokens : undefined;
  // A task box is the option's mark: a code span after it is only how the option is written.
  const code = task ? undefined : wholeCodeSpan(text, tokens);
  const strong = code === undefined ? wholeStrong(text, tokens) : undefined;
  if (code !== undefined) {
    correct = true;
    marker ??= 'code';
    text = code;
  } else if (strong !== undefined) {
    correct = true;
    marker ??= 'bold';
    text = strong;
    // `**B. Cloud functions**`: the right option written wholly in bold, its letter inside.
    const boldLettered = letter === undefined ? LETTER_LABEL.exec(text) : null;
    if (boldLettered) {
      letter = boldLettered[1].toUpperCase();
      text = text.slice(boldLettered[0].length);
    }
  }

  const split = splitExplanation(text);
  let label = split.label;
  let explanation = split.explanation;
  if (code === undefined && strong === undefined) {
    // `**label** -> why`: a bold label with a plain explanation marks the option too.
    const boldLabel = wholeStrong(label);
    if (boldLabel !== undefined && explanation !== '') {
      correct = true;
      marker ??= 'bold';
      label = boldLabel;
    }
    // A mark may also close the explanation: `label -> why ✅`.
    const explanationEnd = stripEndMark(explanation);
    if (explanationEnd.mark === 'right') {
      correct = true;
      marker ??= 'emoji';
    }
    explanation = explanationEnd.text;
  }
  const labelEnd = stripEndMark(label);
  if (labelEnd.mark === 'right') {
    correct = true;
    marker ??= 'emoji';
  }
  label = labelEnd.text;
  if (extraExplanation.trim() !== '') explanation = explanation === '' ? extraExplanation.trim() : `${explanation}\n${extraExplanation.trim()}`;
  // Built field by field in the order of ParsedOption (spreads of optional parts cost more, and every option comes here).
  if (letter) return marker ? { label, explanation, correct, marker, uncheckedTask, letter, line } : { label, explanation, correct, uncheckedTask, letter, line };
  return marker ? { label, explanation, correct, marker, uncheckedTask, line } : { label, explanation, correct, uncheckedTask, line };
}

/**
 * Applies the rules that need all options of a question: when every option is bold,
 * bold is the author's styling, not an answer mark.
 */
export function settleMarks(options: ParsedOption[]): void {
  if (options.length > 1 && options.every((o) => o.marker === 'bold')) {
    for (const o of options) {
      o.correct = false;
      delete o.marker;
    }
  }
}

function normaliseLabel(text: string): string {
  return plainTextOf(text)
    .toLowerCase()
    .replace(/^\(?[a-h][.)]\s+/, '')
    .replace(/[.;,:!]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const ANSWER_WORD_START = /^[^A-Za-z0-9]*(?:the\s+)?(?:correct|right|answers?|ans\b|solution)/i;

/** Length of a question's longest option label (source), computed once per question. */
const longestLabels = new WeakMap<readonly ParsedOption[], number>();
function longestLabel(options: readonly ParsedOption[]): number {
  let longest = longestLabels.get(options);
  if (longest === undefined) {
    longest = options.reduce((max, o) => Math.max(max, o.label.length), 0);
    longestLabels.set(options, longest);
  }
  return longest;
}

/** Normalised labels of a question's options, computed once per question (answer lines are checked line by line). */
const normalisedLabels = new WeakMap<readonly ParsedOption[], string[]>();
function labelsOf(options: readonly ParsedOption[]): string[] {
  let labels = normalisedLabels.get(options);
  if (!labels) {
    labels = options.map((o) => normaliseLabel(o.label));
    normalisedLabels.set(options, labels);
  }
  return labels;
}

/** Index of the option with this letter: its own letter when the note gives letters, else its position. */
function indexOfLetter(letter: string, options: readonly ParsedOption[]): number {
  if (options.some((o) => o.letter !== undefined)) return options.findIndex((o) => o.letter === letter);
  return letter.charCodeAt(0) - 65;
}

/** What an answer line says: the option indexes it names, or letters that name no option. */
export interface AnswerLine {
  readonly indexes: number[];
  readonly unknownLetters: string[];
}

const ANSWER_PREFIX = /^(?:the\s+)?(?:(?:correct|right)\s+)?(?:answers?|ans|solution|correct\s+options?|correct)\s*(?:is|are)?\s*[:：=\-–—]?\s*/i;

/**
 * Reads a line given after the options that names the right answer(s):
 * `Answer: B`, `Answer:B`, `Correct Answer: CE`, `A, C, D`, `✅ B`, or the text of
 * the right option restated. Returns undefined when the line names no answer.
 */
/**
 * `parseAnswerLine`'s cheap refusal: false when `lineSource` can name no answer among
 * options whose labels are at most `longestLabel` long.
 */
export function mayBeAnswerLine(lineSource: string, longestLabel: number): boolean {
  const raw = lineSource.trim();
  return raw.length <= Math.max(longestLabel + 24, 40) || ANSWER_WORD_START.test(raw);
}

export function parseAnswerLine(lineSource: string, options: readonly ParsedOption[]): AnswerLine | undefined {
  // A cheap refusal first, for the prose that often follows a question: a line much longer
  // than every option that does not start with an answer word can name no answer (letters
  // are short, and a restated option is as long as the option plus a little markup).
  if (!mayBeAnswerLine(lineSource, longestLabel(options))) return undefined;
  let text = plainTextOf(lineSource);
  const start = stripStartMark(text);
  text = stripEndMark(start.text).text;
  if (text === '') return undefined;
  const prefix = ANSWER_PREFIX.exec(text);
  const hasPrefix = prefix !== null && prefix[0].trim() !== '' && /answer|ans\b|solution|correct/i.test(prefix[0]);
  const rest = hasPrefix ? text.slice(prefix[0].length).trim() : text;
  return namedAnswer(rest, options, hasPrefix ? 'labelled' : start.mark === 'right' || isWhollyEmphasised(lineSource) ? 'marked' : 'bare');
}

/**
 * How sure a text is to name an answer: after an answer label (`Answer:`, an answer key's
 * entry), marked (`✅ B`, a wholly bold line), or bare (a plain line after the options).
 */
export type AnswerTextKind = 'labelled' | 'marked' | 'bare';

/**
 * The options that `rest` (plain text, any answer label removed) names: letters (`B`,
 * `A, C and D`, `CE`), numbers of numbered options (`2`, `2) Mercury`), a letter with the
 * option's text (`B — 32`, `B (443)`, `A) Python and C) Java`), or an option's text
 * restated. A bare text only counts when it restates an option or is letters only.
 */
export function namedAnswer(rest: string, options: readonly ParsedOption[], kind: AnswerTextKind): AnswerLine | undefined {
  const hasPrefix = kind === 'labelled';
  const numbered = options.some((o) => o.number !== undefined);
  // Numbered options (`1.`, `2.`) are named by number after an answer prefix: `Answer: 2`, `Answer: 2) Mercury`.
  if (hasPrefix && numbered) {
    const numbers = /^\d+(?:\s*(?:,|&|\/|\band\b)\s*\d+)*\.?$/.test(rest) ? (rest.match(/\d+/g) ?? []) : /^(\d+)\s*[.):]\s*\S/.exec(rest)?.slice(1, 2);
    if (numbers) return byNumbers(numbers.map(Number), options);
  }
  let letters = lettersIn(rest, hasPrefix);
  if (!letters && hasPrefix) {
    // The option's own text first (`Answer: A.I. services`), then a letter with its text.
    const exact = labelsOf(options).indexOf(normaliseLabel(rest));
    if (exact >= 0) return { indexes: [exact], unknownLetters: [] };
    letters = labelledLetters(rest);
  }
  if (letters) {
    const indexes: number[] = [];
    const unknownLetters: string[] = [];
    for (const letter of letters) {
      const index = indexOfLetter(letter, options);
      if (index >= 0 && index < options.length) indexes.push(index);
      else unknownLetters.push(letter);
    }
    return { indexes: [...new Set(indexes)], unknownLetters };
  }
  if (kind === 'bare') {
    // A bare plain line only counts when it restates an option exactly; most lines are
    // far longer or shorter than any option, which is cheap to rule out first.
    if (!options.some((o) => Math.abs(o.label.length - rest.length) <= 8)) return undefined;
    const index = labelsOf(options).indexOf(normaliseLabel(rest));
    return index >= 0 ? { indexes: [index], unknownLetters: [] } : undefined;
  }
  const restLabel = normaliseLabel(rest);
  const exact = labelsOf(options).indexOf(restLabel);
  if (exact >= 0) return { indexes: [exact], unknownLetters: [] };
  return undefined;
}

/** Options named by their numbers (`Answer: 2`). */
function byNumbers(numbers: readonly number[], options: readonly ParsedOption[]): AnswerLine {
  const indexes: number[] = [];
  const unknownLetters: string[] = [];
  for (const n of numbers) {
    const index = options.findIndex((o) => o.number === n);
    if (index >= 0) indexes.push(index);
    else unknownLetters.push(String(n));
  }
  return { indexes: [...new Set(indexes)], unknownLetters };
}

/**
 * Letters named with option text after an answer label: `B. Pay-as-you-go`, `B — 32`,
 * `B (443)`, `A) Python and C) Java`. Each part must start with a letter and a mark
 * that sets it off from a word (`.`, `)`, `:`, a dash between spaces, a bracket).
 */
function labelledLetters(text: string): string[] | undefined {
  const parts = text.split(/\s*(?:[,;&]|\band\b)\s*(?=\(?[A-Ha-h](?:[.):]|\s+[-–—]\s|\s*\())/);
  const letters: string[] = [];
  for (const part of parts) {
    const m = LETTER_WITH_TEXT.exec(part);
    if (!m) return undefined;
    letters.push(m[1].toUpperCase());
  }
  return letters.length > 0 ? letters : undefined;
}

const LETTER_WITH_TEXT = /^\(?([A-Ha-h])(?:[.):]\s*|\s+[-–—]\s+|\s*\()/;

function isWhollyEmphasised(source: string): boolean {
  const trimmed = source.trim();
  return wholeStrong(trimmed) !== undefined || /^(\*|_)[^*_].*\1$/.test(trimmed);
}

/** Letters named by `text` (`B`, `A, C and D`, `CE` after an answer prefix), or undefined. */
function lettersIn(text: string, afterPrefix: boolean): string[] | undefined {
  const cleaned = text.replace(/[.]$/, '').trim();
  if (/^\(?[A-H]\)?(?:\s*(?:,|&|\/|\band\b|\s)\s*\(?[A-H]\)?)*$/.test(cleaned)) {
    return cleaned.match(/[A-H]/g) ?? undefined;
  }
  // After a label, `or` joins letters too: `Answer: A or D` accepts both.
  if (afterPrefix && /^\(?[A-H]\)?(?:\s*(?:,|&|\/|\band\b|\bor\b|\s)\s*\(?[A-H]\)?)*$/.test(cleaned)) {
    return cleaned.match(/\b[A-H]\b/g) ?? undefined;
  }
  if (afterPrefix && /^\(?[a-h]\)?(?:\s*(?:,|&|\/|\band\b|\bor\b)\s*\(?[a-h]\)?)*$/.test(cleaned)) {
    return (cleaned.match(/[a-h]/g) ?? []).map((l) => l.toUpperCase());
  }
  if (afterPrefix && /^[A-H]{2,8}$/.test(cleaned)) return cleaned.split('');
  return undefined;
}

/** Whether a question's text asks a question: ends with `?`, or says "Select TWO", "Which of the following". */
export function looksLikeQuestion(plain: string): boolean {
  const trimmed = plain.trim().replace(/(?:[\s*_)\]"'”✅✔☑❓]|\uFE0F)+$/u, '');
  if (trimmed.endsWith('?') || trimmed.endsWith('？')) return true;
  return (
    /\b(select|choose|pick|mark)\s+(one|two|three|four|five|all|the|\d)\b/i.test(plain) ||
    /\bwhich of the following\b/i.test(plain) ||
    // `… (2 correct answers)`, as quiz exports count the answers to pick.
    /\(\s*(?:\d|one|two|three|four)\s+correct\s+answers?\s*\)/i.test(plain)
  );
}

const QUESTION_LABEL = /^(?:\*\*|__)?\s*(?:Q(?:uestion)?\s*#?\s*(\d+)|#{1,6}(\d+))\s*[.:)]?\s*(?:\*\*|__)?\s*[.:)]?\s*/i;

/**
 * Removes a `Q12.`/`**Question 3:**` label from a question; says whether there was one,
 * and its number (which an answer key at the end of the note refers to).
 */
export function stripQuestionLabel(source: string): { text: string; labelled: boolean; number?: number } {
  const m = QUESTION_LABEL.exec(source);
  if (!m || m[0].trim() === '') return { text: source, labelled: false };
  return { text: source.slice(m[0].length), labelled: true, number: Number(m[1] ?? m[2]) };
}
