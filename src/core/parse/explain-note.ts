// How a note was read: every card with the reader that made it, then the near misses,
// blocks shaped like a question that no reader made a card of. The shapes are found on
// markdown-it's block tree; only single lines of text are looked at with patterns.
import { buildBlockTree, notesBlockMarkdown, type Block } from './block-tree';
import { letterOf, letterOfOptionLine, looksLikeQuestion, stripQuestionLabel } from './multiple-choice';
import { withAnswerWord } from './answer-words';
import { noteOverridesOf } from './note-settings';
import { noteReadingSettings, readNote } from './parse-note';
import { afterAnswerLabel, afterQuestionLabel } from './qa-pairs';
import type { Card, Note, ParseOptions } from '../model/model';

/** One card as the explanation lists it. 1-based lines. */
export interface ExplainedCard {
  readonly line: number;
  readonly endLine: number;
  readonly kind: Card['kind'];
  /** The reader (note format) that made it: a reader's name of readers.ts, or a built-in format. */
  readonly format: string;
  readonly prompt: string;
  /** The answer as text: the back, the cloze deletion, or the right options (`B. Argon`); empty when none is marked. */
  readonly answer: string;
}

/** What a near miss looks like. */
export type NearMissShape =
  /** A numbered list item that asks (`3. Which gas…?`) but has no options or answer a reader found. */
  | 'numbered-question'
  /** A `Q:` / `Q12.` / `Question 3:` label with no card. */
  | 'labelled-question'
  /** A paragraph that is a bold question (`**What is DNS?**`) with no card. */
  | 'bold-question'
  /** A question followed by lettered options (`A.`/`A)`) that made no card. */
  | 'question-with-options'
  /** A question followed by an `Answer:` line that made no card. */
  | 'question-with-answer-line'
  /** Lettered options (`A.`/`A)`) with no question read above them. */
  | 'lettered-options';

/** A block shaped like a question that no reader made a card of. 1-based lines. */
export interface NearMiss {
  readonly line: number;
  readonly endLine: number;
  readonly shape: NearMissShape;
  /** The block's first line, trimmed. */
  readonly text: string;
  /** Why it looks like a question and was not read as one. */
  readonly reason: string;
  /** The note formats it could have used, as short examples (see the README's "Note formats"). */
  readonly forms: readonly string[];
}

export interface NoteExplanation {
  readonly cards: readonly ExplainedCard[];
  readonly nearMisses: readonly NearMiss[];
}

/** The Problems-panel code of a near miss. */
export const NEAR_MISS_CODE = 'near-miss';

const MCQ_FORMS = ['lettered options below it (`A. …`, `B. …`) and an `Answer: B` line', 'the right option marked: in backticks, **bold**, `- [x]` or with ✅'];
const FLASHCARD_FORMS = ['`Q: …` on one line, `A: …` on the next', 'a heading ending in `?` with the answer below it', '`question::answer` on one line'];

const FORMS: Readonly<Record<NearMissShape, readonly string[]>> = {
  'numbered-question': [...MCQ_FORMS, '`Q: …` / `A: …` lines'],
  'labelled-question': ['an `A: …` line right after the question', ...MCQ_FORMS],
  'bold-question': FLASHCARD_FORMS,
  'question-with-options': ['an `Answer: B` line after the options', 'the right option marked: in backticks, **bold**, `- [x]` or with ✅'],
  'question-with-answer-line': ['`Q: …` / `A: …` labels on the two lines', 'lettered options between the question and its `Answer:` line'],
  'lettered-options': ['the question on the line right above the options (numbered, or ending in `?`)', 'an `Answer: B` line after the options'],
};

const REASONS: Readonly<Record<NearMissShape, string>> = {
  'numbered-question': 'a numbered question, but no options or answer were found for it',
  'labelled-question': 'labelled as a question, but no answer or options were found for it',
  'bold-question': 'a bold question, but no answer was found for it',
  'question-with-options': 'a question with lettered options, but no right option is marked or named',
  'question-with-answer-line': 'a question with an answer line, but the two were not read as a card',
  'lettered-options': 'lettered options, but no question was read with them',
};

/**
 * Parses a note and explains the reading: its cards in line order, each with the reader
 * that made it and its answer, then its near misses. Linear in the note's size.
 */
export function explainNote(text: string, options: ParseOptions = {}): NoteExplanation {
  const { note, formats } = readNote(text, options);
  const cards = note.cards.map((card, k): ExplainedCard => ({ line: card.line, endLine: card.endLine, kind: card.kind, format: formats[k], prompt: card.prompt, answer: answerText(card) }));
  return { cards, nearMisses: findNearMisses(text, note, options) };
}

/** The answer of a card as one line of text. */
function answerText(card: Card): string {
  if (card.kind !== 'mcq') return card.answer ?? '';
  return (card.options ?? [])
    .map((option, k) => (option.correct ? `${String.fromCharCode(65 + (k % 26))}. ${option.label}` : undefined))
    .filter((text) => text !== undefined)
    .join('; ');
}

/**
 * The near misses of a note already parsed into `note` (its cards say which lines were
 * read): blocks shaped like a question on no card's lines. Linear: one markdown-it parse
 * and one walk of the block tree, each block looked at with a bounded look-ahead.
 */
export function findNearMisses(text: string, note: Pick<Note, 'cards'>, options: ParseOptions = {}): NearMiss[] {
  const source = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  const env = {};
  const blocks = buildBlockTree(notesBlockMarkdown().parse(source, env), env);
  const lines = source.split('\n');
  const headingLines = new Set<number>();
  collectHeadingLines(blocks, headingLines);
  // The answer words the note was read with (its folder's, then its front matter's), so that `Respuesta: B` is an answer line here too.
  const frontMatter = blocks[0]?.type === 'front_matter' ? blocks[0] : undefined;
  const { answerWords } = noteReadingSettings(options, noteOverridesOf(frontMatter?.content).overrides);
  const finder = new NearMissFinder(lines, coveredLineCounts(note.cards, lines.length, headingLines), answerWords);
  finder.walk(blocks);
  return finder.found;
}

function collectHeadingLines(blocks: readonly Block[], into: Set<number>): void {
  for (const block of blocks) {
    if (block.type === 'heading') into.add(block.startLine);
    else if (block.children.length > 0) collectHeadingLines(block.children, into);
  }
}

/**
 * `counts[k]`: how many of the 0-based lines before k some card covers (a prefix sum, for
 * O(1) range checks). A flashcard made from a heading covers only its heading: its back
 * is the whole section, whose own questions may still be missed.
 */
function coveredLineCounts(cards: readonly Pick<Card, 'line' | 'endLine' | 'kind'>[], lineCount: number, headingLines: ReadonlySet<number>): Uint32Array {
  const starts = new Int32Array(lineCount + 2);
  for (const card of cards) {
    const from = Math.max(0, Math.min(lineCount, card.line - 1));
    const to = headingLines.has(from) && card.kind !== 'mcq' ? from + 1 : Math.max(from + 1, Math.min(lineCount, card.endLine));
    starts[from]++;
    starts[to]--;
  }
  const counts = new Uint32Array(lineCount + 1);
  let open = 0;
  for (let k = 0; k < lineCount; k++) {
    open += starts[k];
    counts[k + 1] = counts[k] + (open > 0 ? 1 : 0);
  }
  return counts;
}

class NearMissFinder {
  readonly found: NearMiss[] = [];

  constructor(
    private readonly lines: readonly string[],
    private readonly covered: Uint32Array,
    private readonly answerWords: readonly string[],
  ) {}

  /** Looks at the blocks of one container, and into the containers no near miss was found on. */
  walk(blocks: readonly Block[]): void {
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i];
      // A container may hold a card and a miss side by side: only its leaves are checked as read.
      if (block.type === 'paragraph') {
        if (!this.isRead(block)) i += this.checkParagraph(blocks, i, false);
      } else if (block.type === 'bullet_list' || block.type === 'ordered_list') {
        if (isLetteredList(block) && !this.isRead(block)) {
          this.report(block, 'lettered-options');
          continue;
        }
        for (const item of block.children) {
          const reported = this.found.length;
          // A bare list of questions (`Questions to explore next`) has nothing a card could be made of: only an item with more under it is a miss.
          const answered = item.children.length > 1 || (item.children[0]?.inline?.content ?? '').includes('\n');
          if (block.type === 'ordered_list' && answered && item.children[0]?.type === 'paragraph' && !this.isRead(item)) this.checkParagraph(item.children, 0, true);
          // A numbered question takes its item in: its options and notes are not misses of their own.
          if (this.found.length === reported) this.walk(item.children);
        }
      } else if (block.type === 'blockquote') {
        this.walk(block.children);
      }
    }
  }

  /**
   * Looks at `blocks[i]`, a paragraph (the first of a numbered item when `numbered`):
   * reports it when shaped like a question, and returns how many following siblings
   * the near miss takes in (its lettered options or answer line).
   */
  private checkParagraph(blocks: readonly Block[], i: number, numbered: boolean): number {
    const block = blocks[i];
    const source = (block.inline?.content ?? '').trim();
    const newline = source.indexOf('\n');
    const firstLine = newline < 0 ? source : source.slice(0, newline);
    const lastLine = newline < 0 ? source : source.slice(source.lastIndexOf('\n') + 1);
    const next = blocks[i + 1];
    if (letteredLineCount(source) >= 2) {
      // `Which gas…?` with `A. Oxygen` / `B. Argon` on the lines below, in one paragraph.
      this.report(block, letterOf(firstLine) === 'A' ? 'lettered-options' : 'question-with-options');
      return 0;
    }
    const asks = asksOnLine(lastLine);
    const labelled = afterQuestionLabel(firstLine) !== undefined || stripQuestionLabel(firstLine).labelled;
    if ((asks || labelled) && next !== undefined && !this.isRead(next) && (isLetteredList(next) || (next.type === 'paragraph' && letteredLineCount((next.inline?.content ?? '').trim()) >= 2))) {
      this.report(block, 'question-with-options', next);
      return 1;
    }
    if ((asks || labelled) && next?.type === 'paragraph' && !this.isRead(next) && isAnswerLine(withAnswerWord(firstLineOf(next), this.answerWords))) {
      this.report(block, 'question-with-answer-line', next);
      return 1;
    }
    if (labelled) {
      this.report(block, 'labelled-question');
      return 0;
    }
    // `3. Which gas…?` with the writer's answer on the lines below it, in the item.
    if (numbered && (asks || asksOnLine(firstLine))) {
      this.report(block, 'numbered-question');
      return 0;
    }
    if (asks && newline < 0 && isWholeStrong(source)) {
      this.report(block, 'bold-question');
      return 0;
    }
    return 0;
  }

  /** Whether any line of the block is a card's. */
  private isRead(block: Block): boolean {
    const from = Math.min(block.startLine, this.lines.length);
    const to = Math.min(Math.max(block.endLine, from), this.lines.length);
    return this.covered[to] - this.covered[from] > 0;
  }

  private report(block: Block, shape: NearMissShape, through: Block = block): void {
    let endLine = Math.max(through.endLine - 1, block.startLine);
    while (endLine > block.startLine && (this.lines[endLine] ?? '').trim() === '') endLine--;
    this.found.push({ line: block.startLine + 1, endLine: endLine + 1, shape, text: (this.lines[block.startLine] ?? '').trim(), reason: REASONS[shape], forms: FORMS[shape] });
  }
}

/** Longer lines are prose, never a question's line; the bound also keeps the text checks linear. */
const MAX_QUESTION_LINE = 400;

/** Whether a line asks (ends with `?`, "Which of the following…"), emphasis marks aside. */
function asksOnLine(line: string): boolean {
  if (line.length > MAX_QUESTION_LINE) return false;
  let from = 0;
  let to = line.length;
  while (from < to && (line[from] === '*' || line[from] === '_')) from++;
  while (to > from && (line[to - 1] === '*' || line[to - 1] === '_')) to--;
  return looksLikeQuestion(line.slice(from, to));
}

function firstLineOf(block: Block): string {
  const source = (block.inline?.content ?? '').trim();
  const newline = source.indexOf('\n');
  return newline < 0 ? source : source.slice(0, newline);
}

/** An `Answer: B` / `Ans: c` line (a bare `A:` is a Q&A pair's answer, also an answer line). */
function isAnswerLine(line: string): boolean {
  return afterAnswerLabel(line) !== undefined;
}

/** How many lines of a paragraph start with an option letter, counted in order from `A` (`A.`, `B)`, `(C)`). */
function letteredLineCount(source: string): number {
  let expected = 65;
  let count = 0;
  let start = 0;
  while (start <= source.length) {
    const end = source.indexOf('\n', start);
    const line = end < 0 ? source.slice(start) : source.slice(start, end);
    if (letterOfOptionLine(line)?.charCodeAt(0) === expected) {
      expected++;
      count++;
    }
    if (end < 0) break;
    start = end + 1;
  }
  return count;
}

/** A bullet list whose first two items start `A.` and `B.` (or `A)`, `(A)`). */
function isLetteredList(block: Block): boolean {
  if (block.type !== 'bullet_list' || block.children.length < 2) return false;
  const letters = block.children.slice(0, 2).map((item) => (item.children[0]?.type === 'paragraph' ? letterOfOptionLine(firstLineOf(item.children[0])) : undefined));
  return letters[0] === 'A' && letters[1] === 'B';
}

/** `**What is DNS?**`: the whole line in one strong emphasis. */
function isWholeStrong(line: string): boolean {
  return (line.startsWith('**') && line.endsWith('**') && line.length > 4) || (line.startsWith('__') && line.endsWith('__') && line.length > 4);
}
