// A quiz sheet whose questions are headings with numbered options below and, often, no
// answer marked anywhere (a trivia night's questions):
//
//   ## Which company first offered a public object store?
//   1. Amazon
//   2. Google
//   ---
//
// Each is a multiple-choice card; with no option marked it is one without an answer (a
// warning), never a flashcard whose back is the option list. Numbered lists under a
// heading are most often steps ("## How do I install it?" / "1. Clone …"), so it takes the
// rhythm of a sheet: a note with at least two such headings among the same siblings, or an
// option marked right, or an `Answer:` line after the list.
import { withAnswerWord } from './answer-words';
import type { Block } from './block-tree';
import { plainTextOf } from './inline-text';
import { parseAnswerLine, parseOption, settleMarks, type ParsedOption } from './multiple-choice';
import { lastNonBlank, type BlockReader, type ReaderContext } from './reader';
import { isRhetoricalHeading } from './rhetorical-headings';

const MIN_OPTIONS = 2;
const MAX_OPTIONS = 8;
/** An option is a short line; longer items are steps or notes. */
const MAX_OPTION_LENGTH = 80;
/** Headings of this shape needed among the same siblings when no answer is marked. */
const MIN_SHEET_QUESTIONS = 2;

/** Words that open a quiz question or an instruction to pick one (`Name a tool …`). */
const ASK_START = /^\W*(?:what|which|who|whom|whose|when|where|why|is|are|was|were|do|does|did|can|could|should|would|will|name|pick|choose|select|identify)\b/i;
/** A procedure (`How do I …?`) lists steps, not options. */
const PROCEDURE_START = /^\W*how\b/i;
/** A line that gives the answer with a label (`Answer: 2`, `**Correct answer:** B`). */
const ANSWER_LABEL_START = /^\W*(?:(?:the\s+)?(?:correct|right)\s+)?(?:answers?|ans)\b/i;

/** How many headings of each sibling list have the sheet's shape, counted once per list. */
const sheetQuestionCounts = new WeakMap<readonly Block[], number>();

export const headingOptionsReader: BlockReader = {
  name: 'heading-options',
  startsOn: new Set(['heading']),
  when: 'before',
  read(blocks, i, context) {
    if (!hasShape(blocks, i, context)) return undefined;
    const heading = blocks[i];
    const list = blocks[i + 1];
    const options: ParsedOption[] = list.children.map((item, k) => ({
      ...parseOption(item.children[0].inline?.content ?? '', item.startLine + 1),
      letter: String.fromCharCode(65 + k),
      number: list.level + k,
    }));
    settleMarks(options);
    let used = 1;
    let endLine = lastNonBlank(context.lines, list.startLine, list.endLine);
    const after = blocks[i + 2];
    const answer = after?.type === 'paragraph' ? answerIn(after, options, context.settings.answerWords) : undefined;
    if (answer) {
      for (const index of answer.indexes) options[index].correct = true;
      for (const letter of answer.unknownLetters) {
        context.problem(heading.startLine, 'error', `the answer names option ${letter}, but the question has ${options.length} options`, 'answer-out-of-range');
      }
      used = 2;
      endLine = lastNonBlank(context.lines, after.startLine, after.endLine);
    }
    const marked = answer !== undefined || options.some((o) => o.correct);
    if (!marked && sheetQuestions(blocks, context) < MIN_SHEET_QUESTIONS) return undefined;
    context.addCard({
      kind: 'mcq',
      line: heading.startLine,
      endLine,
      prompt: (heading.inline?.content ?? '').trim(),
      options: options.map((o) => ({ label: o.label, explanation: o.explanation, correct: o.correct, line: o.line })),
    });
    return used;
  },
};

/**
 * Whether a card read from a part of a note may read otherwise in the whole note: a
 * question heading's flashcard whose back is only a numbered list may be one question of a
 * sheet whose other questions are elsewhere in the note (see incremental-parse.ts).
 */
export function mayBeSheetQuestion(card: { readonly kind: string; readonly prompt: string; readonly answer?: string }): boolean {
  // The cheap tests first: this runs on every flashcard of a note read in chunks.
  if (card.kind !== 'flashcard' || !card.answer || !/^\d/.test(card.answer)) return false;
  const lines = card.answer.split('\n');
  if (lines.length < MIN_OPTIONS || lines.length > MAX_OPTIONS || !lines.every((line) => /^\d{1,3}[.)]\s/.test(line))) return false;
  return isAskingTitle(plainTextOf(card.prompt));
}

/** A title that asks as a quiz question does (not a procedure's `How …?`). */
function isAskingTitle(title: string): boolean {
  return (/[?？]$/.test(title) || ASK_START.test(title)) && !PROCEDURE_START.test(title);
}

/** A question heading, then a numbered list of short one-line items, then nothing but an answer line or a rule before the next heading. */
function hasShape(blocks: readonly Block[], i: number, context: ReaderContext): boolean {
  const list = blocks[i + 1];
  if (list?.type !== 'ordered_list' || list.children.length < MIN_OPTIONS || list.children.length > MAX_OPTIONS) return false;
  const title = plainTextOf(blocks[i].inline?.content ?? '').trim();
  if (!isAskingTitle(title)) return false;
  if (isRhetoricalHeading(title) || context.isBoilerplate(title)) return false;
  for (const item of list.children) {
    const first = item.children[0];
    if (item.children.length !== 1 || first.type !== 'paragraph') return false;
    const text = first.inline?.content ?? '';
    if (text.includes('\n') || text.length > MAX_OPTION_LENGTH) return false;
  }
  const after = blocks[i + 2];
  const nextAt = after?.type === 'paragraph' && ANSWER_LABEL_START.test(withAnswerWord(after.inline?.content ?? '', context.settings.answerWords)) ? i + 3 : i + 2;
  const next = blocks[nextAt];
  return next === undefined || next.type === 'heading' || next.type === 'hr';
}

function answerIn(paragraph: Block, options: readonly ParsedOption[], answerWords: readonly string[]): ReturnType<typeof parseAnswerLine> {
  const line = withAnswerWord((paragraph.inline?.content ?? '').split('\n', 1)[0], answerWords);
  return ANSWER_LABEL_START.test(line) ? parseAnswerLine(line, options) : undefined;
}

/** How many headings among `blocks` have the sheet's shape (computed once per sibling list). */
function sheetQuestions(blocks: readonly Block[], context: ReaderContext): number {
  let count = sheetQuestionCounts.get(blocks);
  if (count === undefined) {
    count = 0;
    for (let k = 0; k < blocks.length; k++) if (blocks[k].type === 'heading' && hasShape(blocks, k, context)) count++;
    sheetQuestionCounts.set(blocks, count);
  }
  return count;
}
