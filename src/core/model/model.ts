/**
 * The notes model: what Note Review understands of one markdown note.
 *
 * All line numbers are 1-based and inclusive, counted in the note's own text
 * (a CRLF counts as one line break, like in the editor).
 */
import type { ReadingSettings } from '../parse/parser-settings';

/** How serious a problem in a note is. Errors make `note-review lint` exit 1. */
export type Severity = 'error' | 'warning' | 'info';

/** One heading of a note and the lines it governs. */
export interface Section {
  /** Heading text as plain text (inline markup removed). */
  readonly title: string;
  /** 1 for `#`, 6 for `######`; setext `===` is 1 and `---` is 2. */
  readonly level: number;
  /** Line of the heading itself. */
  readonly line: number;
  /** Last line before the next heading of the same or a higher level (trailing blank lines excluded). */
  readonly endLine: number;
  /** Titles from the top-level ancestor down to this section itself (the breadcrumb). */
  readonly path: readonly string[];
}

/** The kinds of cards a note can hold. */
export type CardKind = 'mcq' | 'flashcard' | 'cloze';

/** One option of a multiple-choice card. */
export interface Option {
  /** The option's text as markdown, without the marker that made it right (backticks, bold, `[x]`, ✅…) and without its explanation. */
  readonly label: string;
  /** Why this option is right or wrong, as markdown; empty when the note gives none. */
  readonly explanation: string;
  /** Whether the note marks this option as a right answer. */
  readonly correct: boolean;
  /** Line where the option starts. */
  readonly line: number;
}

/**
 * Something to study: a question with its answer.
 *
 * ```markdown
 * 2. What is the pricing model of Cloud Computing?
 *
 * - Discounts over time
 * - `Pay-as-you-go pricing -> you are only charged for what you use.`
 * ```
 * is an `mcq` card whose second option is correct.
 */
export interface Card {
  /** Stable id, see `card-id.ts` for the rule. Unique within one parse. */
  readonly id: string;
  readonly kind: CardKind;
  /** First line of the card (the question). */
  readonly line: number;
  /** Last line of the card (its last option, answer line or back). */
  readonly endLine: number;
  /** Breadcrumb of the section holding the card; empty above the first heading. */
  readonly section: readonly string[];
  /** The question as markdown (numbering and `Q12.` labels removed; cloze deletions shown as `[...]`). */
  readonly prompt: string;
  /** Options of an `mcq` card, in note order. */
  readonly options?: readonly Option[];
  /** The answer as markdown, for `flashcard` and `cloze` cards. */
  readonly answer?: string;
  /** For flashcards written with a reversed separator: true for the back-to-front twin. */
  readonly reversed?: boolean;
  /** For cloze cards: the group (`c1` → 1; each `==highlight==` is its own group, numbered in order). */
  readonly clozeGroup?: number;
}

/** A term the note defines: the glossary behind hover definitions. */
export interface Term {
  /** The term as written (plain text). */
  readonly term: string;
  /** Its definition as markdown. */
  readonly definition: string;
  /** Line where the definition is written. */
  readonly line: number;
}

/** Something in a note that Note Review cannot use as the author probably meant. */
export interface Problem {
  readonly line: number;
  readonly severity: Severity;
  readonly message: string;
  /** A machine-readable kind, for quick fixes: `no-answer`, `duplicate-question`, … */
  readonly code: ProblemCode;
}

/** Machine-readable kinds of problems. */
export type ProblemCode =
  | 'no-answer'
  | 'options-without-question'
  | 'duplicate-question'
  | 'empty-answer'
  | 'answer-out-of-range'
  | 'empty-cloze'
  | 'too-many-clozes'
  /** A `note-review:` setting in the front matter that cannot be used (it is left out). */
  | 'bad-note-setting';

/** Everything parsed from one note. */
export interface Note {
  readonly sections: readonly Section[];
  readonly cards: readonly Card[];
  readonly terms: readonly Term[];
  readonly problems: readonly Problem[];
  /** Number of lines of the note. */
  readonly lineCount: number;
  /**
   * Blocks whose text is not prose: fenced and indented code, HTML blocks (comments
   * included), front matter. Hovers and answer masks ignore them. 1-based, inclusive.
   */
  readonly codeBlocks: readonly LineRange[];
}

/** A range of whole lines, 1-based and inclusive. */
export interface LineRange {
  readonly line: number;
  readonly endLine: number;
}

/** Separators of Obsidian Spaced Repetition flashcards; users change them, so they are settings. */
export interface FlashcardSeparators {
  /** `front::back` */
  readonly separator: string;
  /** `front:::back` makes two cards, one reversed. */
  readonly reversedSeparator: string;
  /** A line holding only this between a multi-line front and back. */
  readonly multilineSeparator: string;
  /** Like `multilineSeparator`, making two cards, one reversed. */
  readonly multilineReversedSeparator: string;
}

/** Options of `parseNote`. Every field is optional. */
export interface ParseOptions {
  /** Flashcard separators; defaults are Obsidian Spaced Repetition's. */
  readonly flashcards?: Partial<FlashcardSeparators>;
  /**
   * How notes are read (see parser-settings.ts): the separators again (these win over
   * `flashcards`), cloze patterns, card tags, readers turned off... A note's front matter
   * can override each of them for itself.
   */
  readonly reading?: Partial<ReadingSettings>;
  /**
   * A key of the note within its workspace (for example its relative path). It is mixed
   * into card ids so that identical questions in two notes get distinct ids.
   */
  readonly noteKey?: string;
}

/** The default flashcard separators, as in Obsidian Spaced Repetition. */
export const DEFAULT_FLASHCARD_SEPARATORS: FlashcardSeparators = {
  separator: '::',
  reversedSeparator: ':::',
  multilineSeparator: '?',
  multilineReversedSeparator: '??',
};
