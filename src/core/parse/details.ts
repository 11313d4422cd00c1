import type { Block } from './block-tree';
import { collapseWhitespace } from './inline-text';

/** A `<details>` block: its summary and its body, with the blocks it spans. */
export interface DetailsBlock {
  summary: string;
  body: string;
  /** Index, among the siblings, of the last block inside the details. */
  lastIndex: number;
  /** 0-based lines, inclusive. */
  startLine: number;
  endLine: number;
}

/** Whether an html block opens a `<details>` element. */
export function opensDetails(block: Block | undefined): boolean {
  return block !== undefined && block.type === 'html_block' && /^\s*<details[\s>]/i.test(block.content);
}

function count(text: string, pattern: RegExp): number {
  return (text.match(pattern) ?? []).length;
}

/**
 * Reads the `<details>` element starting at `blocks[index]`. markdown-it splits it into
 * several blocks when it holds blank lines (html, markdown paragraphs, html), so the
 * element ends at the sibling where the `</details>` tags balance.
 */
export function readDetails(blocks: readonly Block[], index: number, lines: readonly string[]): DetailsBlock | undefined {
  if (!opensDetails(blocks[index])) return undefined;
  let depth = 0;
  let last = index;
  for (let j = index; j < blocks.length; j++) {
    const block = blocks[j];
    // The closing tag may also end a paragraph of the body (`…text\n</b></details>`): inline HTML.
    const html = block.type === 'html_block' ? block.content : block.type === 'paragraph' && j > index ? (block.inline?.content ?? '') : '';
    if (html.includes('details')) depth += count(html, /<details[\s>]/gi) - count(html, /<\/details>/gi);
    last = j;
    if (depth <= 0) break;
  }
  const startLine = blocks[index].startLine;
  let endLine = blocks[last].endLine - 1;
  while (endLine > startLine && (lines[endLine] ?? '').trim() === '') endLine--;
  const raw = lines.slice(startLine, endLine + 1).join('\n');
  // Searched only up to the last `</summary>`: unclosed `<summary>` tags would each scan to the end.
  let summaryEnd = -1;
  for (const close of raw.matchAll(/<\/summary>/gi)) summaryEnd = close.index ?? -1;
  const summaryMatch = summaryEnd < 0 ? null : /<summary[^>]*>([\s\S]*?)<\/summary>/i.exec(raw.slice(0, summaryEnd + '</summary>'.length));
  const bodyStart = summaryMatch ? (summaryMatch.index ?? 0) + summaryMatch[0].length : raw.indexOf('>') + 1;
  const closeAt = raw.toLowerCase().lastIndexOf('</details>');
  // An inner `<details><summary>Answer</summary>` only wraps the answer: its label is not part of it.
  const bodyRaw = withoutAnswerLabels(raw.slice(bodyStart, closeAt > bodyStart ? closeAt : raw.length));
  return {
    summary: summaryMatch ? collapseWhitespace(stripTags(summaryMatch[1])) : '',
    body: dedent(stripTags(bodyRaw)).trim(),
    lastIndex: last,
    startLine,
    endLine,
  };
}

/**
 * The body without the `<summary>…</summary>` of inner details blocks that only label the
 * answer. One pass over the tags: a regex from every unclosed `<summary>` to the end would
 * make a note full of them quadratic.
 */
function withoutAnswerLabels(html: string): string {
  let out = '';
  let from = 0;
  let open = -1;
  for (const tag of html.matchAll(/<(\/?)summary/gi)) {
    const at = tag.index ?? 0;
    if (tag[1] === '') {
      open = at;
      continue;
    }
    if (open < from) continue;
    const textStart = html.indexOf('>', open) + 1;
    const end = at + '</summary>'.length;
    if (textStart > 0 && textStart <= at && html[end - 1] === '>' && isAnswerLabel(stripTags(html.slice(textStart, at)))) {
      out += html.slice(from, open);
      from = end;
    }
    open = -1;
  }
  return out + html.slice(from);
}

/**
 * Removes HTML tags (`<b>`, `</b>`, `<br/>`): the body of a details block is shown as
 * markdown text. Linear: once a tag has no closing `>`, no later one has either.
 */
function stripTags(html: string): string {
  let out = '';
  let from = 0;
  for (let lt = html.indexOf('<'); lt >= 0; lt = html.indexOf('<', lt + 1)) {
    const first = html[lt + 1] === '/' ? html[lt + 2] : html[lt + 1];
    if (first === undefined || !/[A-Za-z]/.test(first)) continue;
    const gt = html.indexOf('>', lt);
    if (gt < 0) break;
    out += html.slice(from, lt);
    from = gt + 1;
    lt = gt;
  }
  return out + html.slice(from);
}

function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const min = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(min)).join('\n');
}

/** Whether a summary is only a label for the answer ("Answer", "Show solution", "Click to expand"). */
export function isAnswerLabel(summary: string): boolean {
  const text = summary.trim().toLowerCase().replace(/[:.!…]+$/, '');
  if (text === '') return true;
  return text.length <= 40 && /^(?:(?:show|click|reveal|see|view|check|toggle)\s+(?:to\s+)?(?:(?:expand|reveal|show|see|view)\s+)?)?(?:the\s+)?(?:correct\s+)?(?:answers?|solutions?|explanations?|hints?|details|expand|more|reveal|show|result)\b/.test(text);
}
