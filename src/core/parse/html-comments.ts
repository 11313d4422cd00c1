import { notesBlockMarkdown } from './block-tree';
import { maskCodeSpans } from './inline-text';

/**
 * Removes HTML comments (`<!-- … -->`) from a card's markdown: they are notes to tools, not
 * to the reader (Obsidian Spaced Repetition keeps its schedule in `<!--SR:!2026-03-01,4,270-->`,
 * Anki exporters their note id in `<!--ID: 1712…-->`), and the reviewer must not see them.
 * Comments inside code (fenced or indented blocks, code spans) are text and stay. A line
 * left blank by a removal goes (a blank line still parts the paragraphs around it), and
 * so do the blanks a removal leaves at a line's end.
 *
 * ```markdown
 * Mitochondria::The power plant of the cell <!--SR:!2026-03-01,4,270-->
 * ```
 * has the back "The power plant of the cell".
 */
export function withoutHtmlComments(markdown: string): string {
  if (!markdown.includes('<!--')) return markdown;
  const masked = maskCodeSpans(withCodeBlocksMasked(markdown));
  let out = '';
  let copied = 0;
  /** Where in `out` each comment was. */
  const cuts: number[] = [];
  let at = masked.indexOf('<!--');
  while (at >= 0) {
    const close = masked.indexOf('-->', at + 4);
    // Unclosed: the rest is not a comment markdown would hide in a paragraph either; leave it.
    if (close < 0) break;
    out += markdown.slice(copied, at);
    cuts.push(out.length);
    copied = close + 3;
    at = masked.indexOf('<!--', copied);
  }
  if (cuts.length === 0) return markdown;
  out += markdown.slice(copied);
  return tidyAround(out, cuts);
}

/** The text with every line of a fenced or indented code block replaced by NULs of the same length. */
function withCodeBlocksMasked(markdown: string): string {
  const tokens = notesBlockMarkdown().parse(markdown, {});
  const codeLines: [number, number][] = [];
  for (const token of tokens) if ((token.type === 'fence' || token.type === 'code_block') && token.map) codeLines.push([token.map[0], token.map[1]]);
  if (codeLines.length === 0) return markdown;
  const lines = markdown.split('\n');
  for (const [start, end] of codeLines) for (let line = start; line < end && line < lines.length; line++) lines[line] = '\u0000'.repeat(lines[line].length);
  return lines.join('\n');
}

/** Drops the lines a removal left blank and the blanks it left at a line's end. */
function tidyAround(text: string, cuts: readonly number[]): string {
  const lines = text.split('\n');
  const touched = new Set<number>();
  let line = 0;
  let lineStart = 0;
  for (const cut of cuts) {
    while (line < lines.length - 1 && lineStart + lines[line].length < cut) {
      lineStart += lines[line].length + 1;
      line++;
    }
    touched.add(line);
  }
  const kept: string[] = [];
  lines.forEach((text, index) => {
    if (!touched.has(index)) kept.push(text);
    else if (text.trim() !== '') kept.push(text.trimEnd());
    // A comment between two paragraphs still parts them, once.
    else if (kept.length > 0 && kept[kept.length - 1].trim() !== '') kept.push('');
  });
  return kept.join('\n').trim();
}
