import type MarkdownIt from 'markdown-it';

type MarkdownParser = MarkdownIt.MarkdownIt;
type BlockState = InstanceType<MarkdownParser['block']['State']>;

/**
 * Front matter: a block of metadata (YAML, usually) at the very top of a note, between two
 * fences of three or more dashes, the closing one as long as the opening one, neither
 * indented. Obsidian, Jekyll, Hugo and most static site tools read it; it is never part of
 * the note's text, so it is never a section, a card or a term.
 *
 * ```markdown
 * ---
 * title: Cells
 * tags: [biology]
 * ---
 * # Cells
 * ```
 */

/**
 * Where front matter ends: the 0-based line after its closing fence, or 0 when the note has
 * none (no fence on the first line, or no closing fence: then the dashes are markdown).
 * `lineAt(i)` gives line `i` of the note without its line break, undefined past the end.
 */
export function frontMatterEnd(lineAt: (line: number) => string | undefined): number {
  const open = fenceLength(lineAt(0));
  if (open === 0) return 0;
  for (let line = 1; ; line++) {
    const text = lineAt(line);
    if (text === undefined) return 0;
    if (fenceLength(text) === open) return line + 1;
  }
}

/** The number of dashes of a fence line (`---`, trailing blanks allowed), or 0. */
function fenceLength(text: string | undefined): number {
  if (text === undefined || !text.startsWith('---')) return 0;
  let dashes = 3;
  while (text.charCodeAt(dashes) === 0x2d) dashes++;
  for (let i = dashes; i < text.length; i++) if (text.charCodeAt(i) !== 0x20 && text.charCodeAt(i) !== 0x09) return 0;
  return dashes;
}

/**
 * Adds front matter to a markdown-it parser: a block rule, first in the list, that takes
 * the note's first lines as one `front_matter` token when they are front matter (see
 * frontMatterEnd). Like markdown-it's own rules it bails out at once everywhere else, and
 * respects `silent`.
 */
export function useFrontMatter(md: MarkdownParser): void {
  md.block.ruler.before('table', 'front_matter', frontMatterRule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
}

function frontMatterRule(state: BlockState, startLine: number, _endLine: number, silent: boolean): boolean {
  // Only the very first line of the whole text, outside any container.
  if (startLine !== 0 || state.blkIndent !== 0 || state.parentType !== 'root' || state.src.charCodeAt(0) !== 0x2d) return false;
  const lineAt = (line: number): string | undefined => (line < state.lineMax ? state.src.slice(state.bMarks[line], state.eMarks[line]) : undefined);
  const end = frontMatterEnd(lineAt);
  if (end === 0) return false;
  if (silent) return true;
  const token = state.push('front_matter', '', 0);
  token.block = true;
  token.hidden = true;
  token.map = [0, end];
  token.markup = lineAt(0)?.trimEnd() ?? '---';
  token.content = state.src.slice(state.bMarks[1], state.bMarks[end - 1]);
  state.line = end;
  return true;
}
