import type MarkdownIt from 'markdown-it';
import { notesMarkdown } from './block-tree';

type Token = MarkdownIt.Token;

/** How many inline parses are remembered; the parser asks for the same option or label text several times in a row. */
const INLINE_CACHE_SIZE = 256;
const inlineCache = new Map<string, readonly Token[]>();

/**
 * The inline tokens of a piece of markdown source (one paragraph's worth). Results are
 * memoised (a small cache, emptied when full): callers only read the tokens, never change them.
 */
export function inlineTokens(source: string): readonly Token[] {
  const cached = inlineCache.get(source);
  if (cached) return cached;
  const [inline] = notesMarkdown().parseInline(source, {});
  const tokens = inline?.children ?? [];
  if (inlineCache.size >= INLINE_CACHE_SIZE) inlineCache.clear();
  inlineCache.set(source, tokens);
  return tokens;
}

/** Inline tokens without empty text tokens, which markdown-it leaves around some markup. */
function meaningful(tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => !(t.type === 'text' && t.content.trim() === ''));
}

/** Plain text of inline tokens: markup dropped, code kept, line breaks as spaces. */
export function plainText(tokens: readonly Token[]): string {
  let text = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'code_inline':
      case 'text_special':
        text += token.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        text += ' ';
        break;
      case 'image':
        text += plainText(token.children ?? []);
        break;
      default:
        break;
    }
  }
  return text;
}

/** Plain text of markdown source (see `plainText`), trimmed. */
export function plainTextOf(source: string): string {
  // Without any character that can start inline markup, markdown-it yields one text token: the source itself.
  if (!INLINE_SPECIAL.test(source) && !source.includes('\u0000')) return collapseWhitespace(source);
  return collapseWhitespace(plainText(inlineTokens(source)));
}

/** markdown-it's inline terminator characters (where a rule other than plain text may start) and CR; NUL is checked apart. */
const INLINE_SPECIAL = /[\n!#$%&*+\-:<=>@[\\\]^_`{}~\r]/;

/**
 * When the whole of `source` is one code span (`` `like this` ``), its content; otherwise undefined.
 * `knownTokens` are the inline tokens of `source` when the caller already has them (a
 * paragraph's own tokens), which saves parsing it again.
 */
export function wholeCodeSpan(source: string, knownTokens?: readonly Token[]): string | undefined {
  const trimmed = source.trim();
  // One code span and nothing but blank text around it: it starts and ends with a backtick.
  if (!trimmed.startsWith('`') || !trimmed.endsWith('`')) return undefined;
  const tokens = meaningful(knownTokens ?? inlineTokens(trimmed));
  return tokens.length === 1 && tokens[0].type === 'code_inline' ? tokens[0].content : undefined;
}

/** When the whole of `source` is bold (`**like this**`), the source inside the markers; otherwise undefined. */
export function wholeStrong(source: string, knownTokens?: readonly Token[]): string | undefined {
  const trimmed = source.trim();
  if (!/^[*_]/.test(trimmed) || !/[*_]$/.test(trimmed)) return undefined;
  const tokens = meaningful(knownTokens ?? inlineTokens(trimmed));
  if (tokens.length < 3 || tokens[0].type !== 'strong_open' || tokens[tokens.length - 1].type !== 'strong_close') return undefined;
  // The first strong must close only at the end: `**a** and **b**` is not wholly bold.
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type === 'strong_open') depth++;
    else if (tokens[i].type === 'strong_close') {
      depth--;
      if (depth === 0 && i !== tokens.length - 1) return undefined;
    }
  }
  const markerLength = tokens[0].markup.length;
  return trimmed.slice(markerLength, trimmed.length - markerLength).trim();
}

/** When `source` starts with a bold span, that span's inner source and the rest after it. */
export function leadingStrong(source: string, knownTokens?: readonly Token[]): { inner: string; rest: string } | undefined {
  const trimmed = source.trimStart();
  if (!/^[*_]/.test(trimmed)) return undefined;
  const tokens = meaningful(knownTokens ?? inlineTokens(trimmed));
  if (tokens.length === 0 || tokens[0].type !== 'strong_open') return undefined;
  const marker = tokens[0].markup;
  const close = trimmed.indexOf(marker, marker.length);
  if (close < 0) return undefined;
  return { inner: trimmed.slice(marker.length, close), rest: trimmed.slice(close + marker.length) };
}

/**
 * Returns `source` with the content of every code span replaced by NUL characters
 * of the same length, so that searches for separators (`::`, ` -> `, `==`) skip code.
 * Follows CommonMark's rule: a backtick run is closed by the next run of the same length.
 */
export function maskCodeSpans(source: string): string {
  let i = source.indexOf('`');
  if (i < 0) return source;
  // Text between code spans is copied in slices, not character by character.
  let out = '';
  let copied = 0;
  while (i >= 0) {
    let run = 0;
    while (source[i + run] === '`') run++;
    const fence = '`'.repeat(run);
    let search = i + run;
    let close = -1;
    while (search < source.length) {
      const found = source.indexOf(fence, search);
      if (found < 0) break;
      let end = found + run;
      while (source[end] === '`') end++;
      if (end - found === run) {
        close = found;
        break;
      }
      search = end;
    }
    if (close < 0) {
      // An unclosed run is literal backticks; the search goes on after it.
      i = source.indexOf('`', i + run);
      continue;
    }
    out += source.slice(copied, i + run) + '\u0000'.repeat(close - i - run);
    copied = close;
    i = source.indexOf('`', close + run);
  }
  return out + source.slice(copied);
}

/** Collapses whitespace runs to single spaces and trims. */
export function collapseWhitespace(text: string): string {
  // Most text has single spaces only: then trimming is all there is to do.
  if (!/\s\s|[^\S ]/.test(text)) return text.trim();
  return text.replace(/\s+/g, ' ').trim();
}
