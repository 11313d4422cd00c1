import MarkdownIt from 'markdown-it';
import { useFrontMatter } from './front-matter';

type Token = MarkdownIt.Token;
type TokenNesting = -1 | 0 | 1;
type MarkdownParser = MarkdownIt.MarkdownIt;

/**
 * A block of a note as markdown-it sees it, nested like the document
 * (list items inside lists, paragraphs inside list items...).
 *
 * Lines are 0-based here, `endLine` exclusive, exactly markdown-it's `map`;
 * the parser converts to 1-based lines only when it builds the model.
 */
export interface Block {
  readonly type: BlockType;
  readonly startLine: number;
  readonly endLine: number;
  readonly children: Block[];
  /** The inline token of a paragraph or heading (its `content` is the source, container indentation removed). */
  readonly inline?: Token;
  /** Heading level (1–6), ordered list start number, or 0. */
  readonly level: number;
  /**
   * The source of a code or HTML block (markdown-it's token content); empty for others.
   * Blocks keep no token but the inline ones: the rest of the token stream is garbage as
   * soon as the tree is built, which spares the collector a note's worth of live tokens.
   */
  readonly content: string;
  /** The parse environment of the note (link references), for parsing inline content later. */
  readonly env: MarkdownIt.Env;
  /** A table's rows, its header first; absent on other blocks. */
  readonly rows?: readonly TableRow[];
}

/** A row of a table: its 0-based line and the source of each of its cells. */
export interface TableRow {
  readonly line: number;
  readonly cells: readonly string[];
}

export type BlockType =
  | 'paragraph'
  | 'heading'
  | 'bullet_list'
  | 'ordered_list'
  | 'list_item'
  | 'blockquote'
  | 'html_block'
  | 'code'
  | 'front_matter'
  | 'hr'
  | 'table'
  | 'other';

let sharedParser: MarkdownParser | undefined;
let blockParser: MarkdownParser | undefined;

/**
 * The markdown-it instance used for reading notes: CommonMark with tables and
 * strikethrough, raw HTML recognised (so that `<details>` and comments are
 * blocks of their own), no typographer (it would change the text we quote), and a note's
 * front matter read as one block (see front-matter.ts).
 */
export function notesMarkdown(): MarkdownParser {
  if (!sharedParser) {
    sharedParser = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
    useFrontMatter(sharedParser);
    useDirectTokens(sharedParser);
    useDirectInlineTokens(sharedParser);
  }
  return sharedParser;
}

/**
 * The same parser with the inline pass switched off: `parse` yields the block structure
 * (with each paragraph's and heading's source in its inline token) and no inline tokens.
 * Most paragraphs of notes are prose that the model never looks inside, so their inline
 * parse is done on demand by `inlineChildren`, once, and only where needed.
 */
export function notesBlockMarkdown(): MarkdownParser {
  if (!blockParser) {
    blockParser = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
    blockParser.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);
    useFrontMatter(blockParser);
    useDirectTokens(blockParser);
  }
  return blockParser;
}

/**
 * markdown-it 15's Token constructor sets its thirteen fields through a transpiled
 * class-field helper (`_defineProperty`, with a `toPropertyKey` call each): a quarter of a
 * block parse went there. The block parser's state creates its tokens with plain
 * assignments instead: the same fields in the same order, on the same prototype (so
 * `attrGet`, `instanceof Token` and the renderer work as before). `push` is markdown-it's
 * own, line for line. The unit test "block tokens" checks the tokens against stock
 * markdown-it's on every note fixture; markdown-it's version is pinned.
 */
function useDirectTokens(md: MarkdownParser): void {
  const StockState = md.block.State;
  const TokenClass = stockTokenClass(md);
  const DirectToken = directTokenClass(TokenClass);
  type BlockState = InstanceType<typeof StockState>;
  /**
   * markdown-it's StateBlock constructor, field for field, but for how it finds the lines:
   * the stock loop reads every character of the note; this one reads each line's
   * indentation and leaves the rest of the line to `indexOf`. Same marks, including the
   * stock quirk that a last line of only blanks, without a line break, is not a line.
   */
  const DirectBlockState = function (this: BlockState, src: string, parser: MarkdownParser, env: MarkdownIt.Env, tokens: Token[]) {
    const bMarks: number[] = [];
    const eMarks: number[] = [];
    const tShift: number[] = [];
    const sCount: number[] = [];
    const bsCount: number[] = [];
    this.bMarks = bMarks;
    this.eMarks = eMarks;
    this.tShift = tShift;
    this.sCount = sCount;
    this.bsCount = bsCount;
    this.blkIndent = 0;
    this.line = 0;
    this.lineMax = 0;
    this.tight = false;
    this.listIndent = -1;
    this.parentType = 'root';
    this.level = 0;
    this.Token = TokenClass;
    this.src = src;
    this.md = parser;
    this.env = env;
    this.tokens = tokens;
    const length = src.length;
    let start = 0;
    while (start < length) {
      let pos = start;
      let indent = 0;
      let offset = 0;
      for (; pos < length; pos++) {
        const ch = src.charCodeAt(pos);
        if (ch === 0x20) offset++;
        else if (ch === 0x09) offset += 4 - (offset % 4);
        else break;
        indent++;
      }
      if (pos >= length) break;
      let end = src.indexOf('\n', pos);
      if (end < 0) end = length;
      bMarks.push(start);
      eMarks.push(end);
      tShift.push(indent);
      sCount.push(offset);
      bsCount.push(0);
      start = end + 1;
    }
    bMarks.push(length);
    eMarks.push(length);
    tShift.push(0);
    sCount.push(0);
    bsCount.push(0);
    this.lineMax = bMarks.length - 1;
  } as unknown as typeof StockState;
  const proto = Object.create(StockState.prototype) as BlockState;
  proto.push = function (this: BlockState, type: string, tag: string, nesting: TokenNesting): Token {
    const token = new DirectToken(type, tag, nesting);
    token.block = true;
    if (nesting < 0) this.level--;
    token.level = this.level;
    if (nesting > 0) this.level++;
    this.tokens.push(token);
    return token;
  };
  DirectBlockState.prototype = proto;
  md.block.State = DirectBlockState;
}

type TokenConstructor = new (type: string, tag: string, nesting: TokenNesting) => Token;

/** markdown-it's own Token class (a field of its states, not exported by the package). */
function stockTokenClass(md: MarkdownParser): TokenConstructor {
  return new md.block.State('', md, {}, []).Token as TokenConstructor;
}

/** markdown-it's Token, built with plain assignments (see useDirectTokens). */
function directTokenClass(TokenClass: TokenConstructor): TokenConstructor {
  const DirectToken = function (this: Token, type: string, tag: string, nesting: TokenNesting) {
    this.map = null;
    this.level = 0;
    this.children = null;
    this.content = '';
    this.markup = '';
    this.info = '';
    this.block = false;
    this.hidden = false;
    this.type = type;
    this.tag = tag;
    this.attrs = null;
    this.nesting = nesting;
    this.meta = null;
  } as unknown as TokenConstructor;
  DirectToken.prototype = TokenClass.prototype;
  return DirectToken;
}

/**
 * The same for the inline parser, whose state is created for every paragraph parsed
 * (twelve helper calls each) and pushes most tokens of a render. The constructor, `push`
 * and `pushPending` are markdown-it's own, line for line; the unit test "block tokens"
 * also compares the inline tokens and the state's fields with stock markdown-it's.
 */
function useDirectInlineTokens(md: MarkdownParser): void {
  const StockState = md.inline.State;
  const TokenClass = stockTokenClass(md);
  const DirectToken = directTokenClass(TokenClass);
  type InlineState = InstanceType<typeof StockState>;
  const DirectInlineState = function (this: InlineState, src: string, parser: MarkdownParser, env: MarkdownIt.Env, outTokens: Token[]) {
    this.pos = 0;
    this.level = 0;
    this.pending = '';
    this.pendingLevel = 0;
    this.cache = {};
    this.backticks = {};
    this.backticksScanned = false;
    this.skipHtmlSpecial = false;
    this.linkLevel = 0;
    this.delimiters = [];
    this._prev_delimiters = [];
    this.Token = TokenClass;
    this.src = src;
    this.env = env;
    this.md = parser;
    this.tokens = outTokens;
    this.tokens_meta = Array(outTokens.length);
    this.posMax = this.src.length;
  } as unknown as typeof StockState;
  const proto = Object.create(StockState.prototype) as InlineState;
  proto.pushPending = function (this: InlineState): Token {
    const token = new DirectToken('text', '', 0);
    token.content = this.pending;
    token.level = this.pendingLevel;
    this.tokens.push(token);
    this.pending = '';
    return token;
  };
  proto.push = function (this: InlineState, type: string, tag: string, nesting: TokenNesting): Token {
    if (this.pending) this.pushPending();
    const token = new DirectToken(type, tag, nesting);
    let tokenMeta: { delimiters: MarkdownIt.Delimiter[] } | undefined;
    if (nesting < 0) {
      this.level--;
      this.delimiters = this._prev_delimiters.pop() as MarkdownIt.Delimiter[];
    }
    token.level = this.level;
    if (nesting > 0) {
      this.level++;
      this._prev_delimiters.push(this.delimiters);
      this.delimiters = [];
      tokenMeta = { delimiters: this.delimiters };
    }
    this.pendingLevel = this.level;
    this.tokens.push(token);
    this.tokens_meta.push(tokenMeta as never);
    return token;
  };
  DirectInlineState.prototype = proto;
  md.inline.State = DirectInlineState;
}

let backticksRule: ((state: InstanceType<MarkdownParser['inline']['State']>, silent: boolean) => boolean) | undefined;

/**
 * When the whole of `source` is one code span, the inline tokens a full inline parse would
 * give it (that one `code_inline` token); otherwise undefined. Text starting with a
 * backtick can only start with markdown-it's own `backticks` rule (every rule before it
 * needs another first character), so when that rule alone takes the whole text, the full
 * parse is this token and nothing else. Right options of notes are mostly such spans: this
 * spares them an inline parse.
 */
export function wholeCodeSpanTokens(source: string): readonly Token[] | undefined {
  if (source.charCodeAt(0) !== 0x60 || source.charCodeAt(source.length - 1) !== 0x60) return undefined;
  const md = notesMarkdown();
  backticksRule ??= md.inline.ruler.__rules__.find((rule) => rule.name === 'backticks')?.fn as typeof backticksRule;
  if (!backticksRule) return undefined;
  const tokens: Token[] = [];
  const state = new md.inline.State(source, md, {}, tokens);
  if (!backticksRule(state, false) || state.pos !== state.posMax || state.pending !== '' || tokens.length !== 1 || tokens[0].type !== 'code_inline') return undefined;
  return tokens;
}

/**
 * The inline tokens of a paragraph or heading, parsed on first use with the note's parse
 * environment (so reference links resolve as in a full parse) and kept on the token.
 */
export function inlineChildren(block: Block): readonly Token[] {
  const inline = block.inline;
  if (!inline) return [];
  const meta = (inline.meta ?? {}) as { inlineParsed?: boolean };
  if (meta.inlineParsed) return inline.children ?? [];
  const md = notesMarkdown();
  const children: Token[] = [];
  md.inline.parse(inline.content, md, block.env, children);
  inline.children = joinText(children);
  inline.meta = { ...meta, inlineParsed: true };
  return inline.children;
}

/** What markdown-it's `text_join` core rule does: escapes become text, adjacent text tokens merge. */
function joinText(tokens: Token[]): Token[] {
  const joined: Token[] = [];
  for (const token of tokens) {
    if (token.type === 'text_special') token.type = 'text';
    const previous = joined[joined.length - 1];
    if (token.type === 'text' && previous?.type === 'text') previous.content += token.content;
    else joined.push(token);
  }
  return joined;
}

/** The block type of a token that opens nothing (code, HTML, front matter, a rule). */
function leafTypeOf(tokenType: string): BlockType {
  switch (tokenType) {
    case 'fence':
    case 'code_block':
      return 'code';
    case 'html_block':
      return 'html_block';
    case 'front_matter':
      return 'front_matter';
    case 'hr':
      return 'hr';
    default:
      return 'other';
  }
}

/** The block type of an opening token (a switch: token types are interned strings). */
function containerTypeOf(tokenType: string): BlockType {
  switch (tokenType) {
    case 'paragraph_open':
      return 'paragraph';
    case 'list_item_open':
      return 'list_item';
    case 'bullet_list_open':
      return 'bullet_list';
    case 'heading_open':
      return 'heading';
    case 'ordered_list_open':
      return 'ordered_list';
    case 'blockquote_open':
      return 'blockquote';
    case 'table_open':
      return 'table';
    default:
      return 'other';
  }
}

/**
 * Builds the block tree of a token stream from `md.parse`. Linear in the number of tokens.
 * `found`, when given, collects the headings and the code and HTML blocks, wherever they
 * are nested, in document order (saves the parser two walks of the tree).
 */
export function buildBlockTree(tokens: readonly Token[], env: MarkdownIt.Env = {}, found?: { headings: Block[]; codeAndHtml: Block[] }): Block[] {
  const root: Block[] = [];
  const stack: Block[] = [];
  // Most blocks never get children (paragraphs, headings, code): they share one empty
  // array until a first child arrives (a note has hundreds of thousands of blocks).
  const current = (): Block[] => {
    const top = stack[stack.length - 1];
    if (!top) return root;
    if (top.children === NO_CHILDREN) (top as { children: Block[] }).children = [];
    return top.children;
  };
  let skipDepth = 0; // inside a table: its inner tokens are not blocks of their own

  for (const token of tokens) {
    if (skipDepth > 0) {
      // The table's cells, kept as source text (the table is the top of the stack).
      const rows = (stack[stack.length - 1] as { rows?: { line: number; cells: string[] }[] }).rows;
      if (token.type === 'tr_open') rows?.push({ line: token.map ? token.map[0] : 0, cells: [] });
      else if (token.type === 'inline') rows?.[rows.length - 1]?.cells.push(token.content);
      if (token.type === 'table_open') skipDepth++;
      else if (token.type === 'table_close') skipDepth--;
      if (skipDepth === 0) stack.pop();
      continue;
    }
    if (token.nesting === 1) {
      const type = containerTypeOf(token.type);
      const map = token.map;
      const block: Block = {
        type,
        startLine: map ? map[0] : 0,
        endLine: map ? map[1] : 0,
        children: NO_CHILDREN,
        level: type === 'heading' || type === 'ordered_list' ? blockLevel(token) : 0,
        content: '',
        env,
      };
      if (type === 'table') (block as { rows?: TableRow[] }).rows = [];
      current().push(block);
      if (type === 'heading') found?.headings.push(block);
      stack.push(block);
      if (type === 'table') skipDepth = 1;
    } else if (token.nesting === -1) {
      stack.pop();
    } else if (token.type === 'inline') {
      const parent = stack[stack.length - 1] as Block | undefined;
      if (parent && (parent.type === 'paragraph' || parent.type === 'heading')) {
        (parent as { inline?: Token }).inline = token;
      }
    } else {
      const map = token.map;
      const type = leafTypeOf(token.type);
      const block: Block = { type, startLine: map ? map[0] : 0, endLine: map ? map[1] : 0, children: NO_CHILDREN, level: 0, content: token.content, env };
      current().push(block);
      // Front matter is no prose either: hovers and masks leave it alone too.
      if (type === 'code' || type === 'html_block' || type === 'front_matter') found?.codeAndHtml.push(block);
    }
  }
  return root;
}

/** The children of every childless block: frozen, so that a stray push fails loudly. */
const NO_CHILDREN = Object.freeze([]) as unknown as Block[];

function blockLevel(token: Token): number {
  if (token.type === 'heading_open') return token.tag.charCodeAt(1) - 48; // h1–h6
  if (token.type === 'ordered_list_open') return Number(token.attrGet('start') ?? 1);
  return 0;
}

/** Below this many blocks, a plain copy is cheaper than a view. */
const SMALL_SIBLING_COUNT = 16;

/**
 * The siblings after `blocks[index]`, like `blocks.slice(index + 1)` but without copying
 * when there are many: readers look only a few blocks ahead, and copying the rest of a
 * note with 100,000 top-level blocks for each of them made parsing quadratic. The view is
 * read-only; array methods work on it (they are generic), `slice` returns another view.
 */
export function siblingsAfter(blocks: readonly Block[], index: number): readonly Block[] {
  return viewOf(blocks, Math.min(index + 1, blocks.length), blocks.length);
}

function viewOf(blocks: readonly Block[], start: number, end: number): readonly Block[] {
  const length = Math.max(0, end - start);
  if (length <= SMALL_SIBLING_COUNT) return blocks.slice(start, end);
  const indexOf = (prop: string | symbol): number => {
    if (typeof prop !== 'string') return -1;
    const k = Number(prop);
    return Number.isInteger(k) && k >= 0 && k < length && String(k) === prop ? k : -1;
  };
  const slice = (from = 0, to = length): readonly Block[] => {
    const clamp = (n: number): number => (n < 0 ? Math.max(0, length + n) : Math.min(n, length));
    return viewOf(blocks, start + clamp(from), start + Math.max(clamp(from), clamp(to)));
  };
  return new Proxy([] as Block[], {
    get(target, prop, receiver) {
      if (prop === 'length') return length;
      if (prop === 'slice') return slice;
      const k = indexOf(prop);
      if (k >= 0) return blocks[start + k];
      return Reflect.get(target, prop, receiver);
    },
    has(target, prop) {
      return indexOf(prop) >= 0 || Reflect.has(target, prop);
    },
    set() {
      return false;
    },
  });
}
