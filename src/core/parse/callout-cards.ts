// Obsidian callouts that are flashcards: the callout's title is the front, its quoted
// lines below the back.
//
//   > [!flashcard] What does a stable sort keep?
//   > The order of elements that compare equal.
//
// Only the card types (`flashcard`, `card`, `fc`, `anki`) are cards; a `[!question]`
// callout is one when its title asks (`?`), never when it reveals an answer ("Show
// answer"): that one answers the question above it. A card callout holding only its title
// takes its back from an answer callout right below it (interview-question notes):
//
//   > [!question] A token was stolen; how do you cancel it?
//
//   > [!success]- Answer
//   > Short expiry, and a deny list checked on each request.
import { isAnswerLabel } from './details';
import { plainTextOf } from './inline-text';
import type { Block } from './block-tree';
import { lastNonBlank, textOfLines, type BlockReader } from './reader';

/** `[!type]`, `[!type]-` or `[!type]+` at the start of a callout's first line, then its title. */
const CALLOUT_HEAD = /^\[!([A-Za-z][\w-]*)\][+-]?(?:[ \t]+|$)/;
const CARD_TYPES: ReadonlySet<string> = new Set(['flashcard', 'flashcards', 'card', 'fc', 'anki']);
/** Callout types that hold an answer whatever their title (Obsidian's `success` and its aliases). */
const ANSWER_TYPES: ReadonlySet<string> = new Set(['success', 'check', 'done', 'answer', 'solution']);

export const calloutCardsReader: BlockReader = {
  name: 'callout-cards',
  startsOn: new Set(['blockquote']),
  when: 'before',
  read(blocks, i, context) {
    const quote = blocks[i];
    const head = calloutHead(quote);
    if (!head) return undefined;
    const { type, title } = head;
    const plainTitle = plainTextOf(title);
    const asks = type === 'question' && /[?？]\s*$/.test(plainTitle) && !isAnswerLabel(plainTitle);
    if (!CARD_TYPES.has(type) && !asks) return undefined;
    const { endLine, body } = calloutBody(quote, context.lines);
    let back = body;
    let front = title;
    if (front === '') {
      // A callout without a title has its front on the next line.
      const split = back.indexOf('\n');
      front = (split < 0 ? back : back.slice(0, split)).trim();
      back = split < 0 ? '' : back.slice(split + 1).trim();
    }
    if (front === '') return undefined;
    const answer = back === '' ? answerCallout(blocks[i + 1], context.lines) : undefined;
    if (answer) {
      context.addCard({ kind: 'flashcard', line: quote.startLine, endLine: answer.endLine, prompt: front, answer: answer.text });
      return 1;
    }
    context.addCard({ kind: 'flashcard', line: quote.startLine, endLine, prompt: front, answer: back });
    if (back === '') context.problem(quote.startLine, 'warning', 'flashcard has no back: the callout holds only its title', 'empty-answer');
    return 0;
  },
};

/**
 * The answer a callout holds when it is one (`> [!success]- Answer`, `> [!tip]- Solution`):
 * an answer type, or any type titled as an answer; its body, or its title when the body is
 * empty and the title is more than a label. Undefined for any other block.
 */
function answerCallout(block: Block | undefined, lines: readonly string[]): { text: string; endLine: number } | undefined {
  const head = block && calloutHead(block);
  if (!block || !head) return undefined;
  const title = plainTextOf(head.title);
  const labelled = isAnswerLabel(title);
  if (!ANSWER_TYPES.has(head.type) && !labelled) return undefined;
  const { endLine, body } = calloutBody(block, lines);
  const text = body !== '' ? body : labelled ? '' : title;
  return text === '' ? undefined : { text, endLine };
}

/** A blockquote that is a callout (`> [!type]- Title`): its type, in lower case, and its title as written. */
function calloutHead(quote: Block): { type: string; title: string } | undefined {
  const first = quote.type === 'blockquote' ? quote.children[0] : undefined;
  if (first?.type !== 'paragraph') return undefined;
  const source = first.inline?.content ?? '';
  if (!source.startsWith('[!')) return undefined;
  const headLine = source.split('\n', 1)[0];
  const head = CALLOUT_HEAD.exec(headLine);
  return head ? { type: head[1].toLowerCase(), title: headLine.slice(head[0].length).trim() } : undefined;
}

/** A callout's last non-blank line and its body: the lines after its title, without their quote marks. */
function calloutBody(quote: Block, lines: readonly string[]): { endLine: number; body: string } {
  const endLine = lastNonBlank(lines, quote.startLine, quote.endLine);
  const bodyLines = lines.slice(quote.startLine + 1, endLine + 1).map(withoutQuoteMark);
  return { endLine, body: textOfLines(bodyLines, 0, bodyLines.length - 1) };
}

/** A line of a blockquote without its `>` mark (and the one space after it); a lazy line as it is. */
function withoutQuoteMark(line: string): string {
  const text = line.trimStart();
  if (!text.startsWith('>')) return line;
  return text.startsWith('> ') ? text.slice(2) : text.slice(1);
}
