// `## Question 7` headings that only number a question: the question is the heading or the
// paragraph right below (a code sample after it belongs to the question), and the answer
// is what follows it: a sibling heading named for the answer (`### Output:`,
// `### Answer`), a `<details><summary>Answer</summary>` block, or the blocks up to the
// next heading.
//
//   ### Question 1:                    ## Question 7
//   What does this print?              ### Explain currying
//   ```js … ```                        Turning f(a, b) into f(a)(b).
//   ### Output:
//   `true`
import type { Block } from './block-tree';
import { isAnswerLabel, opensDetails, readDetails } from './details';
import { plainTextOf } from './inline-text';
import { lastNonBlank, textOfLines, type BlockReader, type ReaderContext } from './reader';

/** A title that is only a question's number: `Question 7`, `Question 1:`, `Q 12.`, `Que #3`. */
const NUMBER_ONLY_TITLE = /^\W*(?:(?:question|ques|que)\s*#?\s*\d{1,4}\s*[:.)\-–—]?|q\s*#?\s*\d{1,4}\s*[:.)\-–—])\W*$/i;

/** A paragraph that asks or sets a task (`What …`, `Explain …`, or a `?`): a bare `Q3` heading's paragraph could be a quarter's report. */
const ASKS = /[?？]|^\W*(?:what|why|how|when|where|which|who|whom|whose|is|are|do|does|did|can|could|should|would|will|explain|define|describe|compare|write|implement|find|give|name|list|predict|guess)\b/i;

/** Headings whose section is the answer of the question above. */
const ANSWER_TITLE = /^\W*(?:answer|ans|output|solution|result|correct answer)\s*[:.]?\W*$/i;

/** Blocks that belong to the question when they come right after its paragraph. */
const QUESTION_CONTEXT: ReadonlySet<string> = new Set(['code', 'table']);

/** Blocks that make an answer written without its own heading. */
const ANSWER_BLOCKS: ReadonlySet<string> = new Set(['paragraph', 'bullet_list', 'ordered_list', 'code', 'blockquote', 'table']);

/** Whether a heading's plain title only numbers a question (`Question 7`): its question and answer are in the blocks and headings below. */
export function isQuestionNumberTitle(title: string): boolean {
  return NUMBER_ONLY_TITLE.test(title);
}

export const questionLabelHeadingReader: BlockReader = {
  name: 'question-label-heading',
  startsOn: new Set(['heading']),
  when: 'fallback',
  read(blocks, i, context) {
    const heading = blocks[i];
    const source = heading.inline?.content ?? '';
    // Cheap refusal before the plain text is built: the title must start with its `Q`.
    if (!/^\W{0,4}q/i.test(source) || !isQuestionNumberTitle(plainTextOf(source))) return undefined;
    const next = blocks[i + 1];
    if (next?.type === 'heading' && next.level > heading.level) return questionInHeadingBelow(blocks, i + 1, context);
    if (next?.type === 'paragraph') return questionInParagraphBelow(blocks, i + 1, context);
    return undefined;
  },
};

/** `## Question 7` / `### Explain currying` / body: the sub-heading asks, its body answers. */
function questionInHeadingBelow(blocks: readonly Block[], at: number, context: ReaderContext): number | undefined {
  const question = blocks[at];
  const prompt = (question.inline?.content ?? '').trim();
  // A sub-heading ending in `?` is a question heading of its own, read as such by the built-in readers.
  if (prompt === '' || /[?？]\s*$/.test(prompt) || context.isBoilerplate(plainTextOf(prompt))) return undefined;
  const body = context.headingBody(question);
  let j = at + 1;
  while (j < blocks.length && blocks[j].type !== 'heading') j++;
  const last = body && body.end > body.from ? lastNonBlank(context.lines, body.from, body.end) : question.startLine;
  const answer = last > question.startLine && body ? textOfLines(context.lines, body.from, last) : '';
  record(context, question.startLine, last, prompt, prompt, answer);
  return j - at;
}

/** `### Question 1:` / the question's paragraph (and code) / the answer. */
function questionInParagraphBelow(blocks: readonly Block[], at: number, context: ReaderContext): number | undefined {
  const { lines } = context;
  const paragraph = blocks[at];
  const question = (paragraph.inline?.content ?? '').trim();
  if (question === '') return undefined;
  let j = at + 1;
  while (j < blocks.length && QUESTION_CONTEXT.has(blocks[j].type)) j++;
  const contextText = j > at + 1 ? textOfLines(lines, blocks[at + 1].startLine, lastNonBlank(lines, blocks[at + 1].startLine, blocks[j - 1].endLine)) : '';
  const prompt = contextText === '' ? question : `${question}\n\n${contextText}`;
  const next = blocks[j];
  let questionEnd = lastNonBlank(lines, paragraph.startLine, blocks[j - 1].endLine);
  const answerHeading = next?.type === 'heading' && ANSWER_TITLE.test(plainTextOf(next.inline?.content ?? ''));
  if (!answerHeading && !ASKS.test(question)) return undefined;
  if (answerHeading) {
    // The answer under its own heading (`### Output:`): that heading's body.
    const body = context.headingBody(next);
    let k = j + 1;
    while (k < blocks.length && blocks[k].type !== 'heading') k++;
    const last = body && body.end > body.from ? lastNonBlank(lines, body.from, body.end) : next.startLine;
    const answer = body && last >= body.from ? textOfLines(lines, body.from, last) : '';
    record(context, paragraph.startLine, Math.max(last, questionEnd), prompt, question, answer);
    return k - at;
  }
  if (opensDetails(next)) {
    const details = readDetails(blocks, j, lines);
    if (details && isAnswerLabel(details.summary)) {
      record(context, paragraph.startLine, details.endLine, prompt, question, details.body);
      return details.lastIndex - at + 1;
    }
  }
  // The answer written right below the question, up to the next heading.
  let k = j;
  while (k < blocks.length && ANSWER_BLOCKS.has(blocks[k].type)) k++;
  if (k > j) questionEnd = lastNonBlank(lines, blocks[j].startLine, blocks[k - 1].endLine);
  const answer = k > j ? textOfLines(lines, blocks[j].startLine, questionEnd) : '';
  record(context, paragraph.startLine, questionEnd, prompt, question, answer);
  return k - at;
}

function record(context: ReaderContext, line: number, endLine: number, prompt: string, question: string, answer: string): void {
  context.addCard(prompt === question ? { kind: 'flashcard', line, endLine, prompt, answer } : { kind: 'flashcard', line, endLine, prompt, answer, idPrompt: question });
  if (answer === '') context.problem(line, 'warning', 'question has no answer: nothing follows it before the next heading', 'empty-answer');
}
