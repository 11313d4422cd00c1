// Where the comments of a line of code are, by a cheap textual scan: enough to show term
// hovers in comments and not in identifiers, without a tokenizer. Strings are skipped so
// that "http://…" in a string is not a comment; Python docstrings count as code.
import type { ColumnRange } from '../../../core/editor/glossary';

/** How a language writes comments. */
export interface CommentSyntax {
  /** Markers that start a comment running to the end of the line (`//`, `#`). */
  readonly line: readonly string[];
  /** Open and close markers of block comments (`/*`, `*\/`). */
  readonly block: readonly (readonly [string, string])[];
}

const C_LIKE: CommentSyntax = { line: ['//'], block: [['/*', '*/']] };
const HASH: CommentSyntax = { line: ['#'], block: [] };

/**
 * Comment syntax by VS Code language id. Languages missing here (plaintext, LaTeX, unknown
 * ones) are prose: their whole text is searched for terms.
 */
const SYNTAX_BY_LANGUAGE: Readonly<Record<string, CommentSyntax>> = {
  c: C_LIKE,
  cpp: C_LIKE,
  csharp: C_LIKE,
  css: { line: [], block: [['/*', '*/']] },
  dart: C_LIKE,
  go: C_LIKE,
  groovy: C_LIKE,
  java: C_LIKE,
  javascript: C_LIKE,
  javascriptreact: C_LIKE,
  jsonc: C_LIKE,
  kotlin: C_LIKE,
  less: C_LIKE,
  'objective-c': C_LIKE,
  php: { line: ['//', '#'], block: [['/*', '*/']] },
  rust: C_LIKE,
  scala: C_LIKE,
  scss: C_LIKE,
  swift: C_LIKE,
  typescript: C_LIKE,
  typescriptreact: C_LIKE,
  coffeescript: HASH,
  dockerfile: HASH,
  elixir: HASH,
  makefile: HASH,
  perl: HASH,
  powershell: { line: ['#'], block: [['<#', '#>']] },
  python: HASH,
  r: HASH,
  ruby: HASH,
  shellscript: HASH,
  toml: HASH,
  yaml: HASH,
  haskell: { line: ['--'], block: [['{-', '-}']] },
  lua: { line: ['--'], block: [['--[[', ']]']] },
  sql: { line: ['--'], block: [['/*', '*/']] },
  html: { line: [], block: [['<!--', '-->']] },
  xml: { line: [], block: [['<!--', '-->']] },
  bat: { line: ['REM ', 'rem ', '::'], block: [] },
  ini: { line: [';', '#'], block: [] },
  clojure: { line: [';'], block: [] },
  lisp: { line: [';'], block: [] },
  erlang: { line: ['%'], block: [] },
  matlab: { line: ['%'], block: [] },
  vb: { line: ["'"], block: [] },
  fsharp: { line: ['//'], block: [['(*', '*)']] },
  ocaml: { line: [], block: [['(*', '*)']] },
};

/** The comment syntax of a language, or undefined when its whole text is prose. */
export function commentSyntaxOf(languageId: string): CommentSyntax | undefined {
  return Object.prototype.hasOwnProperty.call(SYNTAX_BY_LANGUAGE, languageId) ? SYNTAX_BY_LANGUAGE[languageId] : undefined;
}

/** How far back to look for an unclosed block comment; a heuristic, not a parser. */
const BLOCK_LOOKBACK_LINES = 300;

/**
 * The comment ranges of line `lineIndex`. `lineAt` returns the text of a 0-based line; only
 * a bounded number of earlier lines is read, to tell whether the line starts inside a block
 * comment.
 */
export function commentRanges(lineAt: (index: number) => string, lineIndex: number, syntax: CommentSyntax): ColumnRange[] {
  const open = openBlockAtLineStart(lineAt, lineIndex, syntax);
  return scanLine(lineAt(lineIndex), syntax, open).ranges;
}

/** The block comment still open at the start of `lineIndex`, if any. */
function openBlockAtLineStart(lineAt: (index: number) => string, lineIndex: number, syntax: CommentSyntax): readonly [string, string] | undefined {
  if (syntax.block.length === 0) return undefined;
  const first = Math.max(0, lineIndex - BLOCK_LOOKBACK_LINES);
  let open: readonly [string, string] | undefined;
  for (let i = first; i < lineIndex; i++) open = scanLine(lineAt(i), syntax, open).openAtEnd;
  return open;
}

function scanLine(text: string, syntax: CommentSyntax, openAtStart: readonly [string, string] | undefined): { ranges: ColumnRange[]; openAtEnd: readonly [string, string] | undefined } {
  const ranges: ColumnRange[] = [];
  let open = openAtStart;
  let commentStart = open ? 0 : -1;
  let quote: string | undefined;
  let i = 0;
  while (i < text.length) {
    if (open) {
      const close = text.indexOf(open[1], i);
      if (close < 0) {
        ranges.push({ start: commentStart, end: text.length });
        return { ranges, openAtEnd: open };
      }
      ranges.push({ start: commentStart, end: close + open[1].length });
      i = close + open[1].length;
      open = undefined;
      continue;
    }
    const c = text[i];
    if (quote) {
      if (c === '\\') i += 2;
      else {
        if (c === quote) quote = undefined;
        i++;
      }
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      // In Visual Basic an apostrophe starts a comment, not a string.
      if (!syntax.line.includes(c)) {
        quote = c;
        i++;
        continue;
      }
    }
    const block = syntax.block.find(([start]) => text.startsWith(start, i));
    if (block) {
      open = block;
      commentStart = i;
      i += block[0].length;
      continue;
    }
    if (syntax.line.some((marker) => text.startsWith(marker, i))) {
      ranges.push({ start: i, end: text.length });
      return { ranges, openAtEnd: undefined };
    }
    i++;
  }
  if (open) ranges.push({ start: commentStart, end: text.length });
  return { ranges, openAtEnd: open };
}

/** The parts of a line of `length` characters outside `ranges` (which are ordered and disjoint). */
export function complementOf(ranges: readonly ColumnRange[], length: number): ColumnRange[] {
  const outside: ColumnRange[] = [];
  let at = 0;
  for (const { start, end } of ranges) {
    if (start > at) outside.push({ start: at, end: start });
    at = Math.max(at, end);
  }
  if (at < length) outside.push({ start: at, end: length });
  return outside;
}
