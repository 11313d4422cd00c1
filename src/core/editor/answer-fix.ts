import type { Card, Note, Option } from '../model/model';
import { parseOption } from '../parse/multiple-choice';
import { parseNote } from '../parse/parse-note';

/**
 * How a note marks the right option of a question:
 * - `code`: the whole option is one code span, `` - `Pay-as-you-go -> why` ``
 * - `task`: a checked task item, `- [x] Pay-as-you-go`
 * - `bold`: the whole option is bold, `- **Pay-as-you-go**`
 * - `check`: the option ends with ✅
 * - `correct`: the option ends with `(correct)`
 */
export type AnswerStyle = 'code' | 'task' | 'bold' | 'check' | 'correct';

/** One replacement inside one line. Lines are 1-based, columns 0-based (UTF-16 code units). */
export interface LineEdit {
  readonly line: number;
  readonly startColumn: number;
  readonly endColumn: number;
  readonly newText: string;
}

/** A way to mark one option of a question as its right answer. */
export interface AnswerFix {
  /** Index of the option in `card.options`. */
  readonly optionIndex: number;
  /** The option's label, as in the parse. */
  readonly label: string;
  /** The style the edits write. */
  readonly style: AnswerStyle;
  /** The edits, in line order; applying all of them marks the option. */
  readonly edits: readonly LineEdit[];
}

/** Styles tried, in this order, after the question's and the note's own style. */
const FALLBACK_STYLES: readonly AnswerStyle[] = ['bold', 'code', 'check'];

/** `- `, `* `, `+ `, `1. `, `1) `, with blockquote markers and indentation before it. */
const LIST_MARKER = /^(\s*(?:>\s*)*(?:[-*+]|\d{1,9}[.)])\s+)/;
const BLOCKQUOTE_ONLY = /^(\s*(?:>\s*)*)/;
/** `[ ]`, `[x]`, or the radio buttons `( )`, `(x)`. */
const TASK_BOX = /^([[(])([ xX])[\])]\s+/;
const LETTER_LABEL = /^\(?[A-Ha-h][.)]\s+/;

/** Where the text of an option starts and ends on its lines, and what precedes it. */
interface OptionSource {
  /** 0-based column where the option's text starts on its first line (after bullet, `[ ]` and letter). */
  readonly textStart: number;
  /** Column of the `[ ]` (or `( )`) box on the first line, if the option is an unchecked task item. */
  readonly uncheckedBoxColumn?: number;
  /** The opening bracket of that box: checking it keeps its kind. */
  readonly uncheckedBoxOpen?: '[' | '(';
  /** Whether the option is a bullet, so that a task box can be added. */
  readonly bulleted: boolean;
  /** 1-based last line of the option's text (continuation lines included). */
  readonly lastLine: number;
  /** 0-based column just after the option's text on its last line (trailing spaces excluded). */
  readonly textEnd: number;
}

/** Reads where an option's text is in the note's lines. */
function optionSource(lines: readonly string[], option: Option, nextOptionLine: number | undefined): OptionSource {
  const first = lines[option.line - 1] ?? '';
  const list = LIST_MARKER.exec(first);
  let column = list ? list[1].length : (BLOCKQUOTE_ONLY.exec(first)?.[1].length ?? 0);
  if (!list) column += first.slice(column).length - first.slice(column).trimStart().length;
  let uncheckedBoxColumn: number | undefined;
  let uncheckedBoxOpen: '[' | '(' | undefined;
  const box = TASK_BOX.exec(first.slice(column));
  // `[ )` is no box: the brackets must pair.
  if (box && (box[1] === '[') === box[0].includes(']')) {
    if (box[2] === ' ') {
      uncheckedBoxColumn = column;
      uncheckedBoxOpen = box[1] as '[' | '(';
    }
    column += box[0].length;
  }
  const letter = LETTER_LABEL.exec(first.slice(column));
  if (letter) column += letter[0].length;

  // Continuation lines: a lazy or indented paragraph line of the same option, up to a
  // blank line, the next option, or anything that starts another block.
  let lastLine = option.line;
  for (let n = option.line + 1; n <= lines.length; n++) {
    if (nextOptionLine !== undefined && n >= nextOptionLine) break;
    const text = lines[n - 1];
    if (text.trim() === '' || LIST_MARKER.test(text) || /^\s*(#|```|~~~|<|\(?[A-Ha-h][.)]\s)/.test(text)) break;
    lastLine = n;
  }
  const last = lines[lastLine - 1] ?? '';
  return { textStart: column, ...(uncheckedBoxColumn !== undefined ? { uncheckedBoxColumn, uncheckedBoxOpen } : {}), bulleted: list !== null, lastLine, textEnd: last.trimEnd().length };
}

/** The source text of an option, continuation lines joined with spaces. */
function optionText(lines: readonly string[], source: OptionSource, firstLine: number): string {
  const parts: string[] = [];
  for (let n = firstLine; n <= source.lastLine; n++) {
    const text = lines[n - 1];
    const start = n === firstLine ? source.textStart : 0;
    const end = n === source.lastLine ? source.textEnd : text.length;
    parts.push(text.slice(start, end).trim());
  }
  return parts.join(' ');
}

/** A code span around `text` whose fence no backtick run inside it can close. */
function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = longestRun > 0 || text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** The edits that mark an option in `style`, or undefined when the style cannot apply to it. */
function editsFor(style: AnswerStyle, source: OptionSource, option: Option, lines: readonly string[]): LineEdit[] | undefined {
  const firstLine = option.line;
  const wrap = (open: string, close: string): LineEdit[] =>
    firstLine === source.lastLine
      ? [{ line: firstLine, startColumn: source.textStart, endColumn: source.textEnd, newText: open + lines[firstLine - 1].slice(source.textStart, source.textEnd) + close }]
      : [
          { line: firstLine, startColumn: source.textStart, endColumn: source.textStart, newText: open },
          { line: source.lastLine, startColumn: source.textEnd, endColumn: source.textEnd, newText: close },
        ];
  switch (style) {
    case 'code': {
      if (firstLine !== source.lastLine) return wrap('`', '`');
      const text = optionText(lines, source, firstLine);
      return [{ line: firstLine, startColumn: source.textStart, endColumn: source.textEnd, newText: codeSpan(text) }];
    }
    case 'bold':
      return wrap('**', '**');
    case 'task':
      if (source.uncheckedBoxColumn !== undefined) {
        return [{ line: firstLine, startColumn: source.uncheckedBoxColumn, endColumn: source.uncheckedBoxColumn + 3, newText: source.uncheckedBoxOpen === '(' ? '(x)' : '[x]' }];
      }
      return source.bulleted ? [{ line: firstLine, startColumn: source.textStart, endColumn: source.textStart, newText: '[x] ' }] : undefined;
    case 'check':
      return [{ line: source.lastLine, startColumn: source.textEnd, endColumn: source.textEnd, newText: ' ✅' }];
    case 'correct':
      return [{ line: source.lastLine, startColumn: source.textEnd, endColumn: source.textEnd, newText: ' (correct)' }];
  }
}

/** Applies line edits (any order) to a copy of `lines`. */
export function applyLineEdits(lines: readonly string[], edits: readonly LineEdit[]): string[] {
  const result = [...lines];
  const ordered = [...edits].sort((a, b) => b.line - a.line || b.startColumn - a.startColumn);
  for (const edit of ordered) {
    const text = result[edit.line - 1] ?? '';
    result[edit.line - 1] = text.slice(0, edit.startColumn) + edit.newText + text.slice(edit.endColumn);
  }
  return result;
}

/** Strips the list marker and blockquote markers from an option's first line. */
function withoutListMarker(line: string): string {
  const list = LIST_MARKER.exec(line);
  return list ? line.slice(list[1].length) : line.replace(BLOCKQUOTE_ONLY, '');
}

/** The style in which an option's own line marks it right, if its line does. */
function styleOfMarkedOption(line: string, option: Option): AnswerStyle | undefined {
  const parsed = parseOption(withoutListMarker(line), option.line);
  switch (parsed.marker) {
    case 'code':
      return 'code';
    case 'task':
      return 'task';
    case 'bold':
      return 'bold';
    case 'emoji':
      return /[([](correct|right|answer)[)\]]\s*$/i.test(line.trim()) ? 'correct' : 'check';
    default:
      return undefined;
  }
}

/**
 * The style the note's questions use to mark their right option: the most common one
 * among the options marked on their own line (ties go to the earliest seen). Undefined when
 * no question marks an option on its own line (for example when all use `Answer: B` lines).
 *
 * ```markdown
 * 1. What is the pricing model of Cloud Computing?
 * - Discounts over time
 * - `Pay-as-you-go pricing -> you are only charged for what you use.`
 * ```
 * uses the `code` style.
 */
export function answerStyleOf(text: string, note: Note): AnswerStyle | undefined {
  const lines = splitLines(text);
  const counts = new Map<AnswerStyle, number>();
  for (const card of note.cards) {
    for (const option of card.options ?? []) {
      if (!option.correct) continue;
      const style = styleOfMarkedOption(lines[option.line - 1] ?? '', option);
      if (style) counts.set(style, (counts.get(style) ?? 0) + 1);
    }
  }
  let best: AnswerStyle | undefined;
  for (const [style, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = style;
  return best;
}

function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
}

/**
 * For a multiple-choice card with no marked answer, one fix per option that marks that
 * option as the right answer, in the style the note's other questions use (`preferred`,
 * usually from `answerStyleOf`). A question whose options are `[ ]` task items is checked
 * instead. Each fix is checked by parsing the edited question: it must make exactly that
 * option right and keep every option's label (so the card keeps its id); when a style would
 * not, the next one is tried (bold, code, ✅).
 *
 * ```markdown
 * 8. AWS Regions are composed of?
 * - Two or more edge locations - used to distribute content
 * - Three or more availability zones - isolated and physically separate
 * ```
 * with `preferred` `code` gives, for the second option, an edit to
 * `` - `Three or more availability zones - isolated and physically separate` ``.
 */
export function answerFixes(text: string, card: Card, preferred?: AnswerStyle): AnswerFix[] {
  const options = card.options ?? [];
  if (card.kind !== 'mcq' || options.length === 0 || options.some((o) => o.correct)) return [];
  const lines = splitLines(text);
  const sources = options.map((option, i) => optionSource(lines, option, options[i + 1]?.line));
  const questionUsesTasks = sources.some((s) => s.uncheckedBoxColumn !== undefined);
  const styles = unique([...(questionUsesTasks ? (['task'] as const) : []), ...(preferred ? [preferred] : []), ...FALLBACK_STYLES]);
  const fixes: AnswerFix[] = [];
  options.forEach((option, index) => {
    for (const style of styles) {
      const edits = editsFor(style, sources[index], option, lines);
      if (edits && marksOnly(lines, card, index, edits)) {
        fixes.push({ optionIndex: index, label: option.label, style, edits });
        return;
      }
    }
  });
  return fixes;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Whether the edited question parses with option `index` as its only right one, labels unchanged. */
function marksOnly(lines: readonly string[], card: Card, index: number, edits: readonly LineEdit[]): boolean {
  const edited = applyLineEdits(lines, edits).slice(card.line - 1, card.endLine);
  const reparsed = parseNote(edited.join('\n')).cards.filter((c) => c.kind === 'mcq');
  if (reparsed.length !== 1) return false;
  const options = reparsed[0].options ?? [];
  const before = card.options ?? [];
  return (
    options.length === before.length &&
    options.every((o, i) => o.correct === (i === index) && o.label === before[i].label)
  );
}
