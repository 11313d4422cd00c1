import { buildBlockTree, inlineChildren, notesBlockMarkdown, siblingsAfter, wholeCodeSpanTokens, type Block } from './block-tree';
import { afterAnswerKeyLabel, isAnswerKeyTitle, keyEntriesInLines, type KeyEntry } from './answer-key';
import { CardIdAllocator, cardKeyParts, normaliseForId } from '../model/card-id';
import { isAnswerLabel, opensDetails, readDetails } from './details';
import { withoutHtmlComments } from './html-comments';
import { clozeCards, multilineSeparatorLine, singleLineFlashcards, withoutLeadingTags, type CardDraft, type ClozeCards } from './inline-cards';
import { collapseWhitespace, leadingStrong, plainText, plainTextOf, wholeCodeSpan } from './inline-text';
import {
  type Card,
  type FlashcardSeparators,
  type LineRange,
  type Note,
  type ParseOptions,
  type Problem,
  type ProblemCode,
  type Section,
  type Severity,
  type Term,
} from '../model/model';
import {
  isFeedbackLine,
  letterOf,
  letterOfOptionLine,
  looksLikeQuestion,
  mayBeAnswerLine,
  namedAnswer,
  parseAnswerLine,
  parseOption,
  settleMarks,
  stripQuestionLabel,
  type ParsedOption,
} from './multiple-choice';
import { afterAnswerLabel, afterQuestionLabel } from './qa-pairs';
import { withAnswerWord } from './answer-words';
import { compiledClozePatterns, type ClozePattern } from './cloze-patterns';
import { frontMatterValue, noteOverridesOf } from './note-settings';
import { DEFAULT_READING_SETTINGS, withOverrides, type ReadingSettings } from './parser-settings';
import type { BlockReader, ReaderContext } from './reader';
import { READERS } from './readers';
import { isRhetoricalHeading } from './rhetorical-headings';
import { cardTagOf, isPropertyLine, logseqCloze, type TaggedLine } from './tagged-cards';
import { boldSubjectTerms, definitionListTerms, glossaryTableTerms, isPlaceholderDefinition, parseTermBullet, type TermDraft } from './terms';

/**
 * Parses one markdown note into sections, cards, terms and problems.
 *
 * Built on markdown-it's token stream and its line maps: code blocks, HTML blocks and
 * lists are what CommonMark says they are. Deterministic, and linear in the note's size.
 *
 * ```markdown
 * ## Quiz
 * 1. Which pricing model does AWS use?
 *
 * - Flat-rate pricing
 * - `Pay-as-you-go pricing -> you are charged for what you use.`
 * ```
 * gives one section "Quiz" and one `mcq` card whose second option is right.
 */
export function parseNote(text: string, options: ParseOptions = {}): Note {
  return readNote(text, options).note;
}

/** A parse, and which reader made each card (`formats[k]` for `note.cards[k]`): what `explainNote` shows. */
export interface NoteReading {
  readonly note: Note;
  readonly formats: readonly string[];
}

/**
 * Parses part of a note (a chunk of the incremental parser) as parseNote parses the whole:
 * but for the whole note's indentation, which a part cannot judge.
 */
export function parseNotePart(text: string, options: ParseOptions = {}): Note {
  return readNote(text, options, false).note;
}

/** Parses a note as parseNote does, and says which reader (note format) made each card. */
export function readNote(text: string, options: ParseOptions = {}, whole = true): NoteReading {
  const normalised = normaliseText(text);
  const source = whole ? withoutCommonIndent(normalised) : normalised;
  const lines = source.split('\n');
  // Block structure only: inline content is parsed later, for the blocks that need it.
  const found = { headings: [] as Block[], codeAndHtml: [] as Block[] };
  const blocks = blockTreeOf(source, found);
  const outline = buildOutline(found.headings, lines);
  const frontMatter = blocks[0]?.type === 'front_matter' ? blocks[0] : undefined;
  const fromNote = noteOverridesOf(frontMatter?.content);
  const settings = noteReadingSettings(options, fromNote.overrides);
  const separators: FlashcardSeparators = {
    separator: settings.separator,
    reversedSeparator: settings.reversedSeparator,
    multilineSeparator: settings.multilineSeparator,
    multilineReversedSeparator: settings.multilineReversedSeparator,
  };
  const reader = new NoteReader(lines, outline, separators, pagePropertiesOf(blocks), settings);
  // A bad setting is reported on its line in the front matter; the note is read without it.
  for (const problem of fromNote.problems) reader.report((frontMatter?.startLine ?? 0) + 1 + problem.line, 'warning', problem.message, 'bad-note-setting');
  if (carriesRequiredTag(lines, frontMatter?.content, settings.requiredTags)) reader.readContainer(blocks);
  return reader.finish(options.noteKey ?? '', outline.sections, lines.length, codeBlocksOf(found.codeAndHtml, lines));
}

/** The block tree of a note; the token stream is dropped on return (only the inline tokens stay, in the tree). */
function blockTreeOf(source: string, found: { headings: Block[]; codeAndHtml: Block[] }): Block[] {
  const env = {};
  return buildBlockTree(notesBlockMarkdown().parse(source, env), env, found);
}

/** The line ranges of code and HTML blocks. */
function codeBlocksOf(blocks: readonly Block[], lines: readonly string[]): LineRange[] {
  return blocks.map((block) => ({ line: block.startLine + 1, endLine: trimBlankEnd(lines, block.startLine, block.endLine) + 1 }));
}

/**
 * A note whose every line is indented by the same four or more blanks (text pasted from a
 * program's string or an e-mail) without that indentation: markdown would make the whole
 * note one code block and find nothing in it. Lines keep their numbers.
 */
function withoutCommonIndent(source: string): string {
  const first = source.charCodeAt(0);
  // Most notes start at the margin: one look settles them.
  if (first !== 0x20 && first !== 0x09 && first !== 0x0a) return source;
  let common: string | undefined;
  for (const line of source.split('\n')) {
    if (line.trim() === '') continue;
    let k = 0;
    while (k < line.length && (line.charCodeAt(k) === 0x20 || line.charCodeAt(k) === 0x09) && (common === undefined || k < common.length) && (common === undefined || line[k] === common[k])) k++;
    common = line.slice(0, k);
    if (common.replace(/\t/g, '    ').length < 4) return source;
  }
  if (common === undefined) return source;
  const cut = common.length;
  return source
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : line.slice(cut)))
    .join('\n');
}

/** Strips a BOM and turns CRLF/CR line breaks into LF, as markdown-it does internally. */
function normaliseText(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.replace(/\r\n?/g, '\n');
}

/**
 * Whether a note carries one of `tags` (`#flashcards`, also nested: `#flashcards/bio`) in
 * its text or in its front matter's `tags`; true when no tag is required.
 */
function carriesRequiredTag(lines: readonly string[], frontMatter: string | undefined, tags: readonly string[]): boolean {
  if (tags.length === 0) return true;
  const names = tags.map((tag) => tag.replace(/^#/, '').toLowerCase());
  for (const line of lines) {
    if (!line.includes('#')) continue;
    for (const m of line.matchAll(HASHTAG)) if (names.some((name) => isTagOrChild(m[1].toLowerCase(), name))) return true;
  }
  // Front matter: `tags: [flashcards]`, `tags: flashcards, biology`, or `- flashcards` under `tags:`.
  const value = frontMatterValue(frontMatter, (key) => /^tags?$/i.test(key));
  const words = [value ?? []].flat(2).flatMap((item) => String(item).split(/[\s,]+/));
  return words.some((word) => names.some((name) => isTagOrChild(word.replace(/^#/, '').toLowerCase(), name)));
}

/** A hashtag at the start of a line or after a blank: its name. */
const HASHTAG = /(?:^|\s)#([^\s#]+)/g;

function isTagOrChild(tag: string, name: string): boolean {
  return tag === name || tag.startsWith(`${name}/`);
}

/**
 * The settings a note is read with: the defaults, then the folder's (`flashcards` as the
 * index has always given them, where empty means the default; `reading`, where an empty
 * separator turns its cards off), then the note's own front matter (`fromNote`).
 */
export function noteReadingSettings(options: ParseOptions, fromNote: Partial<ReadingSettings>): ReadingSettings {
  return withOverrides(DEFAULT_READING_SETTINGS, definedOnly(options.flashcards ?? {}), options.reading ?? {}, fromNote);
}

function definedOnly<T extends object>(value: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string' && v !== '')) as Partial<T>;
}

interface HeadingInfo {
  /** 0-based line of the heading. */
  line: number;
  /** 0-based first line after the heading's own lines (setext headings have two). */
  afterLine: number;
  /** 0-based exclusive end of its body before the first sub-heading. */
  bodyEnd: number;
  section: Section;
}

interface Outline {
  sections: Section[];
  headings: HeadingInfo[];
}

/** Sections from every heading (wherever it is: lists too, in document order), nested by level. */
function buildOutline(headingBlocks: readonly Block[], lines: readonly string[]): Outline {
  const found = headingBlocks.map((block) => ({ block, title: headingTitle(block) }));

  const sections: Section[] = [];
  const headings: HeadingInfo[] = [];
  const stack: { level: number; title: string }[] = [];
  for (let k = 0; k < found.length; k++) {
    const { block, title } = found[k];
    let end = lines.length; // exclusive, 0-based
    for (let m = k + 1; m < found.length; m++) {
      if (found[m].block.level <= block.level) {
        end = found[m].block.startLine;
        break;
      }
    }
    let last = end - 1;
    while (last > block.startLine && (lines[last] ?? '').trim() === '') last--;
    while (stack.length > 0 && stack[stack.length - 1].level >= block.level) stack.pop();
    stack.push({ level: block.level, title });
    const section: Section = { title, level: block.level, line: block.startLine + 1, endLine: last + 1, path: stack.map((s) => s.title) };
    sections.push(section);
    const nextHeading = k + 1 < found.length ? found[k + 1].block.startLine : lines.length;
    headings.push({ line: block.startLine, afterLine: block.endLine, bodyEnd: Math.min(nextHeading, end), section });
  }
  return { sections, headings };
}

interface ProblemDraft {
  line: number; // 0-based
  severity: Severity;
  message: string;
  code: ProblemCode;
}

/** The result of looking for a multiple-choice question's options and answer. */
interface McqMatch {
  options: ParsedOption[];
  /** Number of following sibling blocks used (options list, answer paragraph...). */
  consumed: number;
  /** 0-based last line of the card. */
  endLine: number;
  answer?: { indexes: number[]; unknownLetters: string[] };
  letteredOptions: boolean;
  /** The question text, when lettered options were inside the question paragraph. */
  questionSource: string;
  /** Blocks between the question and its options (images, code) that belong to the question. */
  contextBlocks: number;
  /** Options from a numbered list nested under the question. */
  numberedOptions?: boolean;
  /** Items of the options' list after the options (see optionItemCount): read as the notes they are. */
  itemsAfter?: Block[];
}

/** Where a question stands, for `tryQuestion`. */
interface QuestionPlace {
  /** A `Q12.`/`Question 3` label before the question. */
  labelled: boolean;
  /** A numbered list item. */
  numbered: boolean;
  /** The options are inside the question's list item. */
  nested?: boolean;
  /** The blocks after the question's list, when it is the list's last item (an answer line may follow it). */
  after?: readonly Block[];
  /** Set by tryQuestion: how many of `after` the card used. */
  usedAfter?: number;
  /** The question's number (its list item's, or its label's), which an answer key refers to. */
  number?: number;
}

/** Walks the block tree once, collecting cards, terms and problems. */
class NoteReader {
  private readonly cards: CardDraft[] = [];
  private readonly terms: TermDraft[] = [];
  private readonly problems: ProblemDraft[] = [];
  private readonly headingByLine = new Map<number, HeadingInfo>();
  /** Titles of headings repeated all over the note (see boilerplateTitles): never questions. */
  private readonly boilerplate: ReadonlySet<string>;
  /** Numbered questions read without an answer since the last answer key, by their number. */
  private readonly awaitingKey = new Map<number, { card: CardDraft; options: readonly ParsedOption[] }>();
  /** Multiple-choice cards read without an answer: warned about at the end, unless a key answered them. */
  private readonly unanswered: CardDraft[] = [];

  constructor(
    private readonly lines: readonly string[],
    private readonly outline: Outline,
    private readonly separators: FlashcardSeparators,
    /** The paragraph of `name:: value` lines that opens the note (Logseq page properties), if any. */
    private readonly pageProperties: Block | undefined,
    settings: ReadingSettings,
  ) {
    for (const heading of outline.headings) this.headingByLine.set(heading.line, heading);
    this.off = new Set(settings.readersOff);
    this.clozePatterns = compiledClozePatterns(settings.clozePatterns);
    this.cardTags = settings.cardTags;
    this.answerWords = settings.answerWords;
    this.boilerplate = boilerplateTitles(outline.sections);
    this.context = {
      lines,
      settings,
      addCard: (card) => {
        card.format ??= this.activeReader;
        this.cards.push(card);
        if (card.kind === 'mcq' && !card.options?.some((o) => o.correct)) this.unanswered.push(card);
      },
      problem: (line, severity, message, code) => this.problem(line, severity, message, code),
      isBoilerplate: (title) => this.boilerplate.has(titleKey(title)),
      headingBody: (heading) => {
        const info = this.headingByLine.get(heading.startLine);
        return info ? { from: info.afterLine, end: info.bodyEnd } : undefined;
      },
    };
  }

  /** What the format readers of readers.ts see of this note. */
  private readonly context: ReaderContext;
  /** Readers turned off (`readersOff`): they are not tried, and no card of theirs is kept. */
  private readonly off: ReadonlySet<string>;
  private readonly clozePatterns: readonly ClozePattern[];
  private readonly cardTags: readonly string[];
  /** Extra answer labels (`answerWords`): lines opening with one are read as `Answer:` lines. */
  private readonly answerWords: readonly string[];

  /** A line as the answer-line readers see it (see answer-words.ts). */
  private asAnswerLine(line: string): string {
    return this.answerWords.length === 0 ? line : withAnswerWord(line, this.answerWords);
  }

  /** Records a problem found outside the blocks (a bad front matter setting). Lines are 0-based. */
  report(line: number, severity: Severity, message: string, code: ProblemCode): void {
    this.problem(line, severity, message, code);
  }
  /** The name of the reader of readers.ts being tried, which its cards are stamped with. */
  private activeReader = '';

  /** Reads the blocks of one container (the document, a list item, a blockquote). */
  readContainer(blocks: readonly Block[]): void {
    for (let i = 0; i < blocks.length; i++) {
      i += this.readBlock(blocks, i);
    }
  }

  /** Reads `blocks[i]`; returns how many following siblings it used too. */
  private readBlock(blocks: readonly Block[], i: number): number {
    const block = blocks[i];
    const readers = READERS_BY_TYPE.get(block.type);
    if (readers) {
      for (const reader of readers.before) {
        if (this.off.has(reader.name)) continue;
        this.activeReader = reader.name;
        const used = reader.read(blocks, i, this.context);
        if (used !== undefined) return used;
      }
      const cardsBefore = this.cards.length;
      const used = this.readBuiltIn(blocks, i);
      if (used > 0 || this.cards.length > cardsBefore) return used;
      for (const reader of readers.fallback) {
        if (this.off.has(reader.name)) continue;
        this.activeReader = reader.name;
        const fallbackUsed = reader.read(blocks, i, this.context);
        if (fallbackUsed !== undefined) return fallbackUsed;
      }
      return used;
    }
    return this.readBuiltIn(blocks, i);
  }

  /** The built-in readers of this file, by block type. */
  private readBuiltIn(blocks: readonly Block[], i: number): number {
    const block = blocks[i];
    switch (block.type) {
      case 'heading':
        return this.readHeading(blocks, i);
      case 'paragraph':
        return this.readParagraph(blocks, i);
      case 'bullet_list':
      case 'ordered_list':
        return this.readList(blocks, i);
      case 'blockquote':
        this.readContainer(block.children);
        return 0;
      case 'html_block':
        return this.readHtml(blocks, i);
      case 'table':
        // A glossary table defines terms; tables hold no cards.
        if (block.rows) this.terms.push(...glossaryTableTerms(block.rows));
        return 0;
      default:
        // Code, rules and comments hold no cards.
        return 0;
    }
  }

  private readHeading(blocks: readonly Block[], i: number): number {
    const block = blocks[i];
    const source = block.inline?.content ?? '';
    const { text, labelled, number } = stripQuestionLabel(source);
    const rest = siblingsAfter(blocks, i);
    const tagged = this.tryTaggedHeading(blocks, i);
    if (tagged !== undefined) return tagged;
    if (this.awaitingKey.size > 0 && isAnswerKeyTitle(headingTitle(block))) {
      const used = this.readAnswerKey(rest, 0, true);
      if (used > 0) return used;
    }
    if (labelled && text.trim() === '' && rest[0]?.type === 'paragraph' && mayHaveOptions(rest[0].inline?.content ?? '', rest, 1)) {
      // `### Q12.` with the question in the paragraph below.
      const used = this.tryQuestion(rest[0].inline?.content ?? '', block.startLine, rest.slice(1), { labelled: true, numbered: false, ...(number !== undefined ? { number } : {}) });
      if (used !== undefined) return used + 1;
    } else if (text.trim() !== '' && mayHaveOptions(source, blocks, i + 1)) {
      const used = this.tryQuestion(source, block.startLine, rest, { labelled, numbered: false });
      if (used !== undefined) return used;
    }
    // `## 7. Explain currying`: a numbered heading that asks or instructs, without `?`.
    const numbered = /[?？]/.test(text) ? undefined : NUMBERED_TITLE.exec(text);
    const prompt = numbered && ASK_WORD.test(numbered[1]) ? numbered[1] : /[?？]/.test(text) && looksLikeHeadingQuestion(plainTextOf(text)) ? text : undefined;
    if (prompt !== undefined && !this.off.has('heading-question')) {
      const heading = this.headingByLine.get(block.startLine);
      if (heading && !this.boilerplate.has(titleKey(heading.section.title)) && !isRhetoricalHeading(heading.section.title)) {
        // The answer hidden in `<details><summary>Answer</summary>` below the question (after a code sample, say).
        const details = detailsNear(blocks, i + 1) ? this.tryDetailsAnswer(prompt, block.startLine, blocks, i + 1, true) : undefined;
        if (details !== undefined) return details;
        let bodyLast = heading.bodyEnd - 1;
        // A rule closing the section (`---` between questions) is layout, not answer.
        const lastBlock = this.lastBlockOfSection(blocks, i, heading.bodyEnd);
        if (lastBlock?.type === 'hr') bodyLast = lastBlock.startLine - 1;
        while (bodyLast >= heading.afterLine && (this.lines[bodyLast] ?? '').trim() === '') bodyLast--;
        let body = this.lines.slice(heading.afterLine, bodyLast + 1).join('\n').trim();
        // A workbook's `(answer here)` or `TODO` is no answer yet.
        const placeholder = body !== '' && isPlaceholderDefinition(body);
        if (placeholder) body = '';
        this.cards.push({ kind: 'flashcard', line: block.startLine, endLine: Math.max(block.startLine, bodyLast), prompt: prompt.trim(), answer: body, format: 'heading-question' });
        if (body === '') this.problem(block.startLine, 'warning', placeholder ? 'question has no answer yet: its section holds only a placeholder' : 'question has no answer: its section is empty', 'empty-answer');
      }
    }
    return 0;
  }

  /** The last sibling block after `blocks[i]` that starts before `end` (its section's last block, when `blocks[i]` is its heading). */
  private lastBlockOfSection(blocks: readonly Block[], i: number, end: number): Block | undefined {
    let last: Block | undefined;
    for (let j = i + 1; j < blocks.length && blocks[j].startLine < end; j++) last = blocks[j];
    return last;
  }

  /**
   * A numbered list item that starts with a heading asking something without `?`
   * (`1. ### What is a list comprehension`): the heading is the question, the item's other
   * blocks the answer, but for links back to the top of the page. True when it made a card.
   */
  private tryItemHeadingQuestion(item: Block): boolean {
    const heading = item.children[0];
    const text = heading.inline?.content ?? '';
    if (this.off.has('heading-question') || /[?？]/.test(text) || !ASK_WORD.test(text) || this.boilerplate.has(titleKey(headingTitle(heading)))) return false;
    const body = item.children.slice(1).filter((b) => !isPageNavigation(b));
    if (body.length === 0) return false;
    const last = trimBlankEnd(this.lines, body[body.length - 1].startLine, body[body.length - 1].endLine);
    const answer = dedentLines(this.lines.slice(body[0].startLine, last + 1)).join('\n').trim();
    this.cards.push({ kind: 'flashcard', line: heading.startLine, endLine: last, prompt: text.trim(), answer, format: 'heading-question' });
    return true;
  }

  private readParagraph(blocks: readonly Block[], i: number): number {
    const block = blocks[i];
    const source = block.inline?.content ?? '';
    if (this.awaitingKey.size > 0) {
      const used = this.readAnswerKey(blocks, i, false);
      if (used > 0) return used - 1;
    }
    const tagged = this.tryTaggedParagraph(blocks, i);
    if (tagged !== undefined) return tagged;
    const { text, labelled } = stripQuestionLabel(source);
    // An answer line (`Answer: …`) answers the question above; it never asks one.
    // A labelled question (`Q4.`, `###5.`) may take a numbered list as its options.
    if (!ANSWER_LINE_START.test(this.asAnswerLine(source)) && mayHaveOptions(source, blocks, i + 1, labelled)) {
      const used = this.tryQuestion(source, block.startLine, siblingsAfter(blocks, i), { labelled, numbered: false });
      if (used !== undefined) return used;
    }
    // Structure first (a details block within reach), then the text: most paragraphs have none near.
    if (detailsNear(blocks, i + 1) && (labelled || NUMBERED_PARAGRAPH.test(source) || asksQuestion(text))) {
      // `**3. What will be the output**`, a code sample, then `<details><summary>Answer</summary>`.
      const details = this.tryDetailsAnswer(text, block.startLine, blocks, i + 1, true);
      if (details !== undefined) return details;
    }
    const pair = this.tryQaPair(blocks, i);
    if (pair !== undefined) return pair;
    return this.readInlineContent(blocks, i);
  }

  /** Flashcards, cloze and terms in a paragraph that is not a question. */
  private readInlineContent(blocks: readonly Block[], i: number, skipTerms = false): number {
    const block = blocks[i];
    const source = block.inline?.content ?? '';
    const first = block.startLine;
    const last = block.endLine - 1;

    // Quick checks first: most paragraphs hold no separator at all.
    const multiline = source.includes('\n') && !this.off.has('osr-multiline') ? multilineSeparatorLine(source, this.separators) : undefined;
    if (multiline) {
      const sourceLines = source.split('\n');
      const written = sourceLines.slice(0, multiline.index).join('\n').trim();
      const front = multilineFront(sourceLines.slice(0, multiline.index));
      let back = sourceLines.slice(multiline.index + 1).join('\n').trim();
      let endLine = last;
      let used = 0;
      // `?` on the paragraph's last line: the back is the blocks right below, up to a blank line.
      if (back === '') {
        let j = i + 1;
        let previousEnd = block.endLine;
        while (j < blocks.length && blocks[j].startLine === previousEnd) {
          previousEnd = blocks[j].endLine;
          j++;
        }
        if (j > i + 1) {
          endLine = trimBlankEnd(this.lines, blocks[i + 1].startLine, previousEnd);
          back = this.lines.slice(blocks[i + 1].startLine, endLine + 1).join('\n').trim();
          used = j - i - 1;
        }
      }
      if (front !== '') {
        // The id stays the one made from the front as written, tags included.
        this.cards.push(front === written ? { kind: 'flashcard', line: first, endLine, prompt: front, answer: back, format: 'osr-multiline' } : { kind: 'flashcard', line: first, endLine, prompt: front, answer: back, idPrompt: written, format: 'osr-multiline' });
        if (multiline.reversed) this.cards.push({ kind: 'flashcard', line: first, endLine, prompt: back, answer: front, reversed: true, idExtra: 'reversed', format: 'osr-multiline' });
        if (back === '') this.problem(first, 'warning', 'flashcard has no back', 'empty-answer');
        return used;
      }
    }

    const hasSeparator = !this.off.has('osr-inline') && this.hasSingleLineSeparator(source);
    const anyName = block === this.pageProperties;
    const isProperty = hasSeparator && source.includes(':: ') ? (line: string): boolean => isPropertyLine(line, anyName) : undefined;
    const flashcards = hasSeparator ? singleLineFlashcards(source, first, this.separators, isProperty) : [];
    for (const card of flashcards) {
      card.format = 'osr-inline';
      this.cards.push(card);
      if ((card.answer ?? '') === '' && !card.reversed) this.problem(card.line, 'warning', 'flashcard has no back', 'empty-answer');
    }
    const cloze: ClozeCards = !this.off.has('cloze') && (source.includes('{{c') || this.clozePatterns.some((p) => source.includes(p.opener))) ? clozeCards(source, first, last, this.clozePatterns) : { cards: [], emptyLines: [] };
    for (const card of cloze.cards) {
      card.format = 'cloze';
      this.cards.push(card);
    }
    for (const line of cloze.emptyLines) this.problem(line, 'warning', 'empty cloze deletion', 'empty-cloze');
    if (cloze.overLimit) {
      const { groups, kept } = cloze.overLimit;
      this.problem(first, 'warning', `this paragraph would make ${groups} cloze cards: only the first ${kept} are made (each repeats the whole paragraph); split the paragraph to study the rest`, 'too-many-clozes');
    }
    if (flashcards.length > 0 || cloze.cards.length > 0 || skipTerms) return 0;

    const children = (block.inline?.content ?? '').includes('**') || (block.inline?.content ?? '').includes('__') ? inlineChildren(block) : [];
    if (children.some((t) => t.type === 'strong_open')) this.terms.push(...boldSubjectTerms(children, first));
    if (!source.startsWith(':') && !source.includes('\n:')) return 0;
    const previous = blocks[i - 1];
    const previousTerm =
      /^:\s/.test(source) && previous?.type === 'paragraph' && previous.endLine - previous.startLine === 1
        ? { term: plainTextOf(previous.inline?.content ?? ''), line: previous.startLine }
        : undefined;
    this.terms.push(...definitionListTerms(source, first, previousTerm));
    return 0;
  }

  private readList(blocks: readonly Block[], i: number): number {
    const list = blocks[i];
    const numbered = list.type === 'ordered_list';
    let usedAfter = 0;
    let questions = 0;
    list.children.forEach((item, k) => {
      const isLast = k === list.children.length - 1;
      const first = item.children[0];
      if (first?.type === 'paragraph') {
        const source = first.inline?.content ?? '';
        if (this.tryTaggedItem(item)) {
          this.readContainer(item.children.slice(1));
          return;
        }
        const { text, labelled } = stripQuestionLabel(source);
        const inner = item.children.length > 1 ? item.children.slice(1) : NO_BLOCKS;
        const number = numbered ? list.level + k : undefined;
        let used: number | undefined;
        if (mayHaveOptions(source, inner, 0, true)) {
          // The last item's answer may follow the list, at column 0 (`Answer: B`).
          const nested: QuestionPlace = { labelled, numbered, nested: true, ...(number !== undefined ? { number } : {}), ...(isLast ? { after: siblingsAfter(blocks, i) } : {}) };
          used = this.tryQuestion(source, first.startLine, inner, nested);
          if (used !== undefined && nested.usedAfter !== undefined) usedAfter = nested.usedAfter;
        }
        if (used === undefined && isLast && inner.length === 0 && mayHaveOptions(source, blocks, i + 1)) {
          // The sample's shape: `1. Question?` then a sibling bullet list of options.
          used = this.tryQuestion(source, first.startLine, siblingsAfter(blocks, i), { labelled, numbered, ...(number !== undefined ? { number } : {}) });
          if (used !== undefined) usedAfter = used;
        } else if (used !== undefined) {
          used = 0;
        }
        if (used !== undefined) {
          questions++;
          return;
        }
        if (opensDetails(inner[0]) && (labelled || numbered || asksQuestion(text))) {
          const details = this.tryDetailsAnswer(text, first.startLine, item.children, 1);
          if (details !== undefined) {
            questions++;
            return;
          }
        }
        if (isLast && inner.length === 0 && opensDetails(blocks[i + 1]) && (labelled || asksQuestion(text))) {
          const after = this.tryDetailsAnswer(text, first.startLine, blocks, i + 1);
          if (after !== undefined) {
            usedAfter = after;
            questions++;
            return;
          }
        }
        const cardsBefore = this.cards.length;
        this.readInlineContent(item.children, 0, true);
        if (this.cards.length === cardsBefore) this.readTermItem(item, source);
        this.readContainer(item.children.slice(1));
        return;
      }
      if (numbered && first?.type === 'heading' && this.tryItemHeadingQuestion(item)) {
        questions++;
        this.readContainer(item.children.slice(1));
        return;
      }
      this.readContainer(item.children);
    });
    if (questions === 0 && !numbered) this.checkStrayOptions(list);
    return usedAfter;
  }

  /** A glossary bullet (`- Term -> definition`); its sub-bullets extend the definition. */
  private readTermItem(item: Block, itemSource: string): void {
    let source = itemSource;
    let outlineBlock = false;
    if (source.includes(':: ')) {
      // Logseq block properties (`collapsed:: true`) are metadata, never part of a definition;
      // they make the bullet an outline block, whose `Label: text` is prose, not a glossary entry.
      const kept = source.split('\n').filter((line) => !isPropertyLine(line, false));
      outlineBlock = kept.length < source.split('\n').length;
      source = kept.join('\n');
    }
    const entry = parseTermBullet(source, /^\s*[*_]/.test(source) && source === itemSource ? inlineChildren(item.children[0]) : undefined, outlineBlock);
    if (!entry) {
      const first = item.children[0];
      if (source.includes('**') || source.includes('__')) this.terms.push(...boldSubjectTerms(inlineChildren(first), first.startLine));
      return;
    }
    const extra: string[] = [];
    for (const child of item.children.slice(1)) {
      if (child.type !== 'bullet_list' && child.type !== 'ordered_list') continue;
      for (const sub of child.children) {
        const paragraph = sub.children[0];
        if (paragraph?.type === 'paragraph') extra.push(`- ${collapseWhitespace(paragraph.inline?.content ?? '')}`);
      }
    }
    const definition = extra.length > 0 ? `${entry.definition}\n${extra.join('\n')}` : entry.definition;
    this.terms.push({ term: entry.term, definition, line: item.startLine });
  }

  /** Bullets that look like marked options but follow no question. */
  private checkStrayOptions(list: Block): void {
    const marked = list.children.filter((item) => {
      const source = item.children[0]?.type === 'paragraph' ? (item.children[0].inline?.content ?? '') : '';
      const code = wholeCodeSpan(source);
      return (code !== undefined && / (->|→) /.test(code)) || /(✅|\((correct)\))\s*$/i.test(source.trim());
    });
    if (marked.length > 0) {
      this.problem(list.startLine, 'warning', 'options without a question: put the question in the line above the options', 'options-without-question');
    }
  }

  private readHtml(blocks: readonly Block[], i: number): number {
    const details = readDetails(blocks, i, this.lines);
    if (!details) return 0;
    // Interview banks: `<details><summary>Question?</summary>answer</details>`.
    if (!isAnswerLabel(details.summary)) {
      if (this.off.has('details')) return details.lastIndex - i;
      this.cards.push({ kind: 'flashcard', line: details.startLine, endLine: details.endLine, prompt: details.summary, answer: details.body, format: 'details' });
      if (details.body === '') this.problem(details.startLine, 'warning', 'question has no answer: the details block is empty', 'empty-answer');
    } else if (this.awaitingKey.size > 0) {
      // `<details><summary>Answers</summary>` holding a key: its markdown is blocks of their
      // own when blank lines set it apart, else only text inside the HTML block.
      const inner = blocks.slice(i + 1, details.lastIndex);
      let applied = false;
      for (let k = 0; k < inner.length && !applied; k++) applied = this.readAnswerKey(inner, k, true) > 0;
      if (!applied) this.applyAnswerKey(keyEntriesInLines(details.body.split('\n').map(plainTextOf)));
    }
    return details.lastIndex - i;
  }

  /**
   * A heading tagged as a card (`## Front #card`), or followed on the next line by a line
   * holding only the tag: the heading is the front, the blocks right below it up to a blank
   * line are the back. Returns the number of following blocks used, or undefined.
   */
  private tryTaggedHeading(blocks: readonly Block[], i: number): number | undefined {
    if (this.off.has('tagged-cards')) return undefined;
    const block = blocks[i];
    const source = block.inline?.content ?? '';
    let tag = cardTagOf(source, this.cardTags);
    let backFrom = i + 1;
    let backLine = block.endLine;
    if (tag === undefined || tag.front === '') {
      const next = blocks[i + 1];
      if (tag !== undefined || next?.type !== 'paragraph' || next.startLine !== block.endLine) return undefined;
      const content = next.inline?.content ?? '';
      const firstLine = content.split('\n', 1)[0];
      const own = cardTagOf(firstLine, this.cardTags);
      if (!own || own.front !== '' || this.hasSeparators(content)) return undefined;
      tag = { front: source, reversed: own.reversed };
      backFrom = i + 2;
      backLine = next.startLine + 1;
      if (next.endLine > backLine) return this.taggedCard(block.startLine, tag, backLine, next.endLine, blocks, backFrom) + 1;
      return this.taggedCard(block.startLine, tag, backLine, backLine, blocks, backFrom) + 1;
    }
    return this.taggedCard(block.startLine, tag, backLine, backLine, blocks, backFrom);
  }

  /** A paragraph whose first line carries a card tag (`Front #flashcard` then the back's lines). */
  private tryTaggedParagraph(blocks: readonly Block[], i: number): number | undefined {
    if (this.off.has('tagged-cards')) return undefined;
    const block = blocks[i];
    const source = block.inline?.content ?? '';
    if (!source.includes('#') && !source.includes('[[')) return undefined;
    const firstLine = source.split('\n', 1)[0];
    const tag = cardTagOf(firstLine, this.cardTags);
    // A tag-only line files the lines below in a deck (Obsidian Spaced Repetition); separators are that plugin's cards.
    if (!tag || tag.front === '' || this.hasSeparators(source)) return undefined;
    return this.taggedCard(block.startLine, tag, block.startLine + 1, block.endLine, blocks, i + 1);
  }

  /**
   * Records a tagged card whose back is lines [backStart, backEnd) and the sibling blocks
   * from `blocks[next]` on that start right where the previous one ends (up to a blank
   * line). Returns the number of those blocks used.
   */
  private taggedCard(line: number, tag: TaggedLine, backStart: number, backEnd: number, blocks: readonly Block[], next: number): number {
    let j = next;
    let end = backEnd;
    // A list's line range may take in the blank lines after it: adjacency is checked on its last non-blank line.
    while (j < blocks.length && blocks[j].startLine === (j === next ? end : trimBlankEnd(this.lines, blocks[j - 1].startLine, end) + 1)) {
      end = blocks[j].endLine;
      j++;
    }
    const last = end > backStart ? trimBlankEnd(this.lines, backStart, end) : line;
    let front = tag.front;
    let back = end > backStart ? dedentLines(this.lines.slice(backStart, last + 1)).join('\n').trim() : '';
    if (back === '') {
      // `question : answer #flashcard` on one line.
      const colon = front.indexOf(' : ');
      if (colon > 0) {
        back = front.slice(colon + 3).trim();
        front = front.slice(0, colon).trim();
      }
    }
    this.pushTaggedCard(line, Math.max(line, last), front, back, tag.reversed);
    return j - next;
  }

  /**
   * A `Q:` paragraph (`Q: …`, `**Question:** …`, `Que 1- …?`, or `Q:` alone above the
   * question) and its answer: an `A:` line later in the paragraph, the next paragraph or
   * blockquote opening with `A:` (blank lines between are fine; the blocks right below an
   * `A:` line belong to it), or, for a question that asks (`?`), the blocks up to the next
   * `Q` label, heading or rule. Returns the number of following blocks used, or undefined.
   */
  private tryQaPair(blocks: readonly Block[], i: number): number | undefined {
    if (this.off.has('qa-pairs')) return undefined;
    const block = blocks[i];
    const source = block.inline?.content ?? '';
    if (!/^[*_\s]*Q/i.test(source)) return undefined;
    const lines = source.split('\n');
    const first = afterQuestionLabel(lines[0]);
    if (first === undefined || this.hasSeparators(source)) return undefined;
    let answerAt = -1;
    for (let k = 1; k < lines.length && answerAt < 0; k++) if (afterAnswerLabel(this.asAnswerLine(lines[k])) !== undefined) answerAt = k;
    const question = [first, ...lines.slice(1, answerAt < 0 ? lines.length : answerAt)].join('\n').trim();
    if (question === '') return undefined;
    const line = block.startLine;
    if (answerAt >= 0) {
      const own = [afterAnswerLabel(this.asAnswerLine(lines[answerAt])) ?? '', ...lines.slice(answerAt + 1)].join('\n').trim();
      const below = this.adjacentBlocks(blocks, i + 1, block.endLine);
      const answer = [own, below.text].filter((t) => t !== '').join('\n');
      this.pushQaCard(line, below.count > 0 ? below.endLine : block.endLine - 1, question, answer);
      return below.count;
    }
    const next = blocks[i + 1];
    const nextSource = next?.type === 'paragraph' ? (next.inline?.content ?? '') : next?.type === 'blockquote' && next.children[0]?.type === 'paragraph' ? (next.children[0].inline?.content ?? '') : '';
    const nextLines = nextSource.split('\n');
    const labelled = afterAnswerLabel(this.asAnswerLine(nextLines[0]));
    if (next && labelled !== undefined) {
      if (next.type === 'blockquote') {
        const rest = next.children.slice(1).flatMap(paragraphsIn);
        this.pushQaCard(line, trimBlankEnd(this.lines, next.startLine, next.endLine), question, [labelled, ...nextLines.slice(1), ...rest].join('\n').trim());
        return 1;
      }
      const below = this.adjacentBlocks(blocks, i + 2, next.endLine);
      const answer = [[labelled, ...nextLines.slice(1)].join('\n').trim(), below.text].filter((t) => t !== '').join('\n');
      this.pushQaCard(line, below.count > 0 ? below.endLine : next.endLine - 1, question, answer);
      return 1 + below.count;
    }
    // A list right below a question is its options or steps, not an answer paragraph.
    if (!asksQuestion(question) || next?.type === 'bullet_list' || next?.type === 'ordered_list') return undefined;
    // `Que 1- What is hoisting?` and its answer paragraphs, up to the next question.
    let j = i + 1;
    while (j < blocks.length && ANSWER_BLOCK_TYPES.has(blocks[j].type) && !(blocks[j].type === 'paragraph' && afterQuestionLabel((blocks[j].inline?.content ?? '').split('\n', 1)[0]) !== undefined)) j++;
    if (j === i + 1) return undefined;
    const end = trimBlankEnd(this.lines, blocks[i + 1].startLine, blocks[j - 1].endLine);
    this.pushQaCard(line, end, question, dedentLines(this.lines.slice(blocks[i + 1].startLine, end + 1)).join('\n').trim());
    return j - i - 1;
  }

  private pushQaCard(line: number, endLine: number, question: string, answer: string): void {
    this.cards.push({ kind: 'flashcard', line, endLine: Math.max(line, endLine), prompt: question, answer, format: 'qa-pairs' });
    if (answer === '') this.problem(line, 'warning', 'question has no answer: nothing follows its A: label', 'empty-answer');
  }

  /** The sibling blocks from `blocks[next]` on that follow each other without a blank line, starting on line `end`: their count, text and last line. */
  private adjacentBlocks(blocks: readonly Block[], next: number, end: number): { count: number; text: string; endLine: number } {
    let j = next;
    let last = end;
    while (j < blocks.length && blocks[j].startLine === (j === next ? last : trimBlankEnd(this.lines, blocks[j - 1].startLine, last) + 1)) {
      last = blocks[j].endLine;
      j++;
    }
    if (j === next) return { count: 0, text: '', endLine: end - 1 };
    const endLine = trimBlankEnd(this.lines, blocks[next].startLine, last);
    return { count: j - next, text: dedentLines(this.lines.slice(blocks[next].startLine, endLine + 1)).join('\n').trim(), endLine };
  }

  /** An outline bullet tagged as a card (Logseq): its text is the front, its child blocks the back; property lines are neither. */
  private tryTaggedItem(item: Block): boolean {
    if (this.off.has('tagged-cards')) return false;
    const first = item.children[0];
    const source = first?.inline?.content ?? '';
    if (!source.includes('#') && !source.includes('[[')) return false;
    const sourceLines = source.split('\n');
    const tag = cardTagOf(sourceLines[0], this.cardTags);
    if (!tag || tag.front === '') return false;
    const frontLines = [tag.front, ...sourceLines.slice(1).filter((l) => !isPropertyLine(l, false))];
    if (this.hasSeparators(frontLines.join('\n'))) return false;
    const children = item.children.slice(1);
    const backStart = children.length > 0 ? children[0].startLine : first.endLine;
    const last = children.length > 0 ? trimBlankEnd(this.lines, backStart, item.endLine) : first.endLine - 1;
    const back = children.length > 0 ? dedentLines(this.lines.slice(backStart, last + 1)).join('\n').trim() : '';
    this.pushTaggedCard(first.startLine, Math.max(first.startLine, last), frontLines.join('\n').trim(), back, tag.reversed);
    return true;
  }

  private pushTaggedCard(line: number, endLine: number, front: string, back: string, reversed: boolean): void {
    const cloze = logseqCloze(front);
    if (cloze) {
      this.cards.push({ kind: 'cloze', line, endLine, prompt: cloze.prompt, answer: cloze.answer, clozeGroup: 1, idExtra: cloze.answer, format: 'tagged-cards' });
      return;
    }
    this.cards.push({ kind: 'flashcard', line, endLine, prompt: front, answer: back, format: 'tagged-cards' });
    if (reversed) this.cards.push({ kind: 'flashcard', line, endLine, prompt: back, answer: front, reversed: true, idExtra: 'reversed', format: 'tagged-cards' });
    if (back === '') this.problem(line, 'warning', 'flashcard has no back', 'empty-answer');
  }

  /** Whether text holds an Obsidian Spaced Repetition separator (`::`, or a `?` line): that plugin's reader takes it. */
  private hasSeparators(source: string): boolean {
    if (this.hasSingleLineSeparator(source)) return true;
    return source.includes('\n') && multilineSeparatorLine(source, this.separators) !== undefined;
  }

  /** Whether text holds a single-line separator that is on (an empty one is off). */
  private hasSingleLineSeparator(source: string): boolean {
    const { separator, reversedSeparator } = this.separators;
    return (separator !== '' && source.includes(separator)) || (reversedSeparator !== '' && source.includes(reversedSeparator));
  }

  /**
   * A question followed by `<details><summary>Answer</summary>…</details>`; with
   * `withContext`, up to three context blocks (a code sample, a table) may stand between
   * them and belong to the question. Returns the number of blocks used from `at` on.
   */
  private tryDetailsAnswer(question: string, line: number, blocks: readonly Block[], at: number, withContext = false): number | undefined {
    if (this.off.has('details')) return undefined;
    let skip = 0;
    if (withContext) while (skip < MAX_CONTEXT_BLOCKS && !opensDetails(blocks[at + skip]) && isContextBlock(blocks[at + skip])) skip++;
    if (!opensDetails(blocks[at + skip])) return undefined;
    const details = readDetails(blocks, at + skip, this.lines);
    if (!details || !isAnswerLabel(details.summary)) return undefined;
    const context = skip > 0 ? this.lines.slice(blocks[at].startLine, trimBlankEnd(this.lines, blocks[at + skip - 1].startLine, blocks[at + skip - 1].endLine) + 1).join('\n').trim() : '';
    if (context === '') {
      this.cards.push({ kind: 'flashcard', line, endLine: details.endLine, prompt: question.trim(), answer: details.body, format: 'details' });
    } else {
      // The context is shown with the question; the id stays the question's own (as before the context was read).
      this.cards.push({ kind: 'flashcard', line, endLine: details.endLine, prompt: `${question.trim()}\n\n${context}`, answer: details.body, idPrompt: question.trim(), format: 'details' });
    }
    if (details.body === '') this.problem(line, 'warning', 'question has no answer: the details block is empty', 'empty-answer');
    return details.lastIndex - at + 1;
  }

  /**
   * Tries to read a multiple-choice question whose text is `source` (starting on
   * `line`) and whose options follow in `rest`. Records the card and returns the
   * number of `rest` blocks used, or undefined when this is not a question.
   */
  private tryQuestion(source: string, line: number, rest: readonly Block[], how: QuestionPlace): number | undefined {
    if (this.off.has('multiple-choice')) return undefined;
    if (!how.labelled && !how.numbered && !this.mayBeUnaskedQuestion(source, rest)) return undefined;
    // Numbered options count under a question item or a `Q4.` label (and only with an answer line or marks).
    const match = this.matchOptions(source, line, rest, (how.nested ?? false) || how.labelled);
    if (!match) return undefined;
    let usedAfter: number | undefined;
    if (!match.answer && how.after && match.consumed === rest.length) {
      // Options that end their list item: the answer may stand right after the list.
      const after = this.answerAfter(how.after, 0, match.options);
      if (after) {
        match.answer = after.answer;
        match.endLine = after.endLine;
        usedAfter = after.consumed;
      }
    }
    settleMarks(match.options);
    const questionText = stripQuestionLabel(match.questionSource).text.trim();
    const marked = match.options.filter((o) => o.correct).length;
    const n = match.options.length;
    const asks = asksQuestion(questionText);
    const hasAnswerLine = match.answer !== undefined;
    // How much evidence makes a question: an answer line or a `Q12.` label are enough;
    // otherwise it must ask (`?`, "Select TWO") and have marks, numbering or lettered
    // options, or be a numbered item with some (not all) options marked. A plain
    // paragraph with a bullet list, one item bold, is just notes.
    const asksItself = asksQuestion(stripQuestionLabel(source).text);
    const isQuestion = match.numberedOptions
      ? asks && (hasAnswerLine || marked > 0)
      : match.contextBlocks > 0
      ? (asksItself || how.labelled) && (hasAnswerLine || (marked > 0 && marked < n))
      : hasAnswerLine ||
      how.labelled ||
      (asks && (marked > 0 || how.numbered || match.letteredOptions)) ||
      (how.numbered && marked > 0 && marked < n);
    if (!isQuestion || questionText === '') return undefined;
    if (usedAfter !== undefined) how.usedAfter = usedAfter;

    if (match.answer) {
      for (const index of match.answer.indexes) match.options[index].correct = true;
      for (const letter of match.answer.unknownLetters) {
        this.problem(line, 'error', `the answer names option ${letter}, but the question has ${n} options`, 'answer-out-of-range');
      }
    }
    this.cards.push({
      kind: 'mcq',
      line,
      endLine: match.endLine,
      prompt: questionText,
      options: match.options.map((o) => ({ label: o.label, explanation: o.explanation, correct: o.correct, line: o.line })),
      format: 'multiple-choice',
    });
    if (!match.options.some((o) => o.correct)) {
      const card = this.cards[this.cards.length - 1];
      this.unanswered.push(card);
      const number = how.number ?? stripQuestionLabel(source).number;
      if (number !== undefined) this.awaitingKey.set(number, { card, options: match.options });
    }
    if (match.itemsAfter) {
      const items = match.itemsAfter;
      const list = rest[match.consumed - 1];
      this.readList([{ ...list, startLine: items[0].startLine, children: items }], 0);
    }
    return match.consumed;
  }

  /**
   * Whether text that is neither labelled (`Q12.`) nor a numbered item can be a question
   * (see `isQuestion` in tryQuestion): when it asks nothing, only an answer line after its
   * options can make it one. Ruling that out from the structure and line lengths spares
   * reading every bullet list that follows a paragraph or heading as options (glossaries
   * mostly). When unsure, true: the full match decides.
   */
  private mayBeUnaskedQuestion(source: string, rest: readonly Block[]): boolean {
    if (asksQuestion(stripQuestionLabel(source).text)) return true;
    // Lettered options in the paragraph itself, or lettered paragraphs after it, may carry their answer in trailing lines.
    if (source.includes('\n') && source.split('\n').some((l, k) => k > 0 && letterOf(l) === 'A')) return true;
    const options = rest[0];
    if (options?.type !== 'bullet_list') return options?.type === 'paragraph' || options?.type === 'ordered_list';
    if (options.children.length < 2) return false;
    const after = rest[1];
    if (!after) return false;
    if (after.type === 'paragraph' || after.type === 'blockquote') {
      // An option's label is never longer than its item's first paragraph.
      let longest = 0;
      for (const item of options.children) {
        const first = item.children[0];
        if (first?.type === 'paragraph') longest = Math.max(longest, first.inline?.content.length ?? 0);
      }
      return paragraphsIn(after).some((paragraph) => paragraph.split('\n').some((l) => mayBeAnswerLine(this.asAnswerLine(l), longest)));
    }
    return opensDetails(after);
  }

  private matchOptions(source: string, line: number, rest: readonly Block[], nestedIn: boolean): McqMatch | undefined {
    // Lettered options inside the question's own paragraph: `Question?\nA. one\nB. two`.
    const sourceLines = source.includes('\n') ? source.split('\n') : [source];
    const firstLettered = sourceLines.length > 1 ? sourceLines.findIndex((l, k) => k > 0 && letterOf(l) === 'A') : -1;
    if (firstLettered > 0) {
      const options: ParsedOption[] = [];
      let k = firstLettered;
      for (; k < sourceLines.length && letterOf(sourceLines[k]) !== undefined; k++) {
        options.push(parseOption(sourceLines[k], line + k + 1));
      }
      if (options.length >= 2) {
        let endLine = line + k - 1;
        let answer = this.answerInLines(sourceLines.slice(k), options);
        if (answer) endLine = line + sourceLines.length - 1;
        let consumed = 0;
        if (!answer) {
          const after = this.answerAfter(rest, 0, options);
          if (after) {
            answer = after.answer;
            consumed = after.consumed;
            endLine = after.endLine;
          }
        }
        return { options, consumed, endLine, letteredOptions: true, questionSource: sourceLines.slice(0, firstLettered).join('\n'), contextBlocks: 0, ...(answer ? { answer } : {}) };
      }
    }

    const direct = this.matchOptionBlocks(source, line, rest, 0, nestedIn);
    if (direct) return direct;
    // Context between the question and its options (an exhibit image, a code sample, a
    // paragraph of detail): up to three blocks, accepted only with marked options or an
    // answer line (see `contextBlocks` in tryQuestion).
    let skip = 0;
    while (skip < MAX_CONTEXT_BLOCKS && isContextBlock(rest[skip])) {
      skip++;
      const withContext = this.matchOptionBlocks(source, line, rest, skip);
      if (withContext) return withContext;
    }
    return undefined;
  }

  /** Options (bullets or lettered paragraphs) starting at `rest[base]`, then an answer after them. */
  private matchOptionBlocks(source: string, line: number, rest: readonly Block[], base: number, nestedIn = false): McqMatch | undefined {
    let numberedOptions = false;
    let options: ParsedOption[] = [];
    let consumed = base;
    let endLine = line;
    let lettered = false;
    const next = rest[base];
    const context = base > 0 ? this.lines.slice(rest[0].startLine, trimBlankEnd(this.lines, rest[base - 1].startLine, rest[base - 1].endLine) + 1).join('\n').trim() : '';
    const questionSource = context === '' ? source : `${source}\n\n${context}`;
    let after: Block[] | undefined;
    if (next && next.type === 'bullet_list') {
      const count = this.optionItemCount(next);
      const items = count < next.children.length ? next.children.slice(0, count) : next.children;
      options = items.map((item) => this.optionFromItem(item));
      consumed = base + 1;
      endLine = count > 0 ? trimBlankEnd(this.lines, next.startLine, items[count - 1].endLine) : next.startLine;
      lettered = options.every((o) => o.letter !== undefined);
      if (count < next.children.length) after = next.children.slice(count);
    } else if (next && next.type === 'ordered_list' && nestedIn) {
      // Numbered options nested under a question item; they only count with an answer
      // line or marks (see tryQuestion), since numbered lists are usually steps.
      options = next.children.map((item, k) => ({ ...this.optionFromItem(item), letter: String.fromCharCode(65 + k), number: next.level + k }));
      consumed = base + 1;
      endLine = trimBlankEnd(this.lines, next.startLine, next.endLine);
      numberedOptions = true;
    } else if (next && next.type === 'paragraph' && letterOfOptionLine(next.inline?.content ?? '') === 'A') {
      // Lettered paragraphs, one or more options each.
      let j = base;
      let trailing: string[] = [];
      while (j < rest.length && rest[j].type === 'paragraph') {
        const lines = (rest[j].inline?.content ?? '').split('\n');
        const letter = letterOfOptionLine(lines[0]);
        // A later paragraph continues the options only with the next letter: `**B. CloudFront**` after C restates the answer.
        const lastLetter = options.length > 0 ? options[options.length - 1].letter : undefined;
        if (letter !== undefined && lastLetter !== undefined && letter.charCodeAt(0) !== lastLetter.charCodeAt(0) + 1) break;
        if (letter === undefined) {
          // Feedback on the option above (a course quiz's export) is its explanation.
          if (options.length === 0 || !isFeedbackLine(lines[0])) break;
          const last = options[options.length - 1];
          const feedback = collapseWhitespace(plainTextOf(lines.join('\n')));
          last.explanation = last.explanation === '' ? feedback : `${last.explanation}\n${feedback}`;
          endLine = rest[j].endLine - 1;
          j++;
          continue;
        }
        let k = 0;
        for (; k < lines.length && letterOfOptionLine(lines[k]) !== undefined; k++) options.push(parseOption(lines[k], rest[j].startLine + k + 1));
        endLine = rest[j].startLine + k - 1;
        j++;
        if (k < lines.length) {
          trailing = lines.slice(k);
          endLine = rest[j - 1].endLine - 1;
          break;
        }
      }
      consumed = j;
      lettered = true;
      if (options.length >= 2 && trailing.length > 0) {
        const answer = this.answerInLines(trailing, options);
        if (answer) return { options, consumed, endLine, letteredOptions: true, questionSource, contextBlocks: base, answer };
      }
    }
    if (options.length < 2) return undefined;
    // Items after the options are not next to what follows the list: no answer there.
    if (after) return { options, consumed, endLine, letteredOptions: lettered, questionSource, contextBlocks: base, numberedOptions, itemsAfter: after };
    const answer = this.answerAfter(rest, consumed, options);
    if (answer) return { options, consumed: answer.consumed, endLine: answer.endLine, letteredOptions: lettered, questionSource, contextBlocks: base, numberedOptions, answer: answer.answer };
    return { options, consumed, endLine, letteredOptions: lettered, questionSource, contextBlocks: base, numberedOptions };
  }

  /**
   * How many items of a bullet list after a question are its options: where the list's
   * rhythm ends. Markdown joins a list that follows the options after a blank line (a
   * glossary, more notes) into the same list, so options written on consecutive lines end
   * at the first blank line; and an item that reads as a definition (`**Term** -> …`)
   * is never an option.
   */
  private optionItemCount(list: Block): number {
    const items = list.children;
    const consecutive = items.length > 1 && !this.blankBefore(items[1]);
    let count = 0;
    while (count < items.length && !isDefinitionItem(items[count]) && !(consecutive && count > 0 && this.blankBefore(items[count]))) count++;
    return count;
  }

  /** Whether the line above a block is blank. */
  private blankBefore(block: Block): boolean {
    return block.startLine > 0 && (this.lines[block.startLine - 1] ?? '').trim() === '';
  }

  private optionFromItem(item: Block): ParsedOption {
    const first = item.children[0];
    const isParagraph = first?.type === 'paragraph';
    const source = isParagraph ? (first.inline?.content ?? '') : '';
    let extra = '';
    if (item.children.length > (isParagraph ? 1 : 0)) {
      const parts: string[] = [];
      for (let k = isParagraph ? 1 : 0; k < item.children.length; k++) {
        for (const paragraph of paragraphsIn(item.children[k])) parts.push(collapseWhitespace(paragraph.replace(/^>\s?/gm, '')));
      }
      extra = parts.join('\n');
    }
    // Only options starting with markup need their inline tokens (whole code span or bold).
    const tokens = isParagraph && startsWithMarkup(source) ? (wholeCodeSpanTokens(source) ?? inlineChildren(first)) : undefined;
    const option = parseOption(source, item.startLine + 1, extra, tokens);
    if (option.label === '' && item.children.length > (isParagraph ? 1 : 0)) {
      // `* [x] B:` with the option itself in the blocks below (a code sample): those blocks are its label.
      const from = item.children[isParagraph ? 1 : 0].startLine;
      option.label = dedentLines(this.lines.slice(from, trimBlankEnd(this.lines, from, item.endLine) + 1)).join('\n').trim();
      option.explanation = '';
    }
    return option;
  }

  /**
   * Reads an answer key starting at `blocks[at]` for the numbered questions still waiting
   * for one: a numbered list (`1. C`), a paragraph of entries (`1-b, 2-c`), or a paragraph
   * opening with a key label (`**Answer key:**`) with its entries after the label or in the
   * list below it. `labelled` says a heading or summary above already named the key.
   * Returns how many blocks the key used (0 when it answered nothing).
   */
  private readAnswerKey(blocks: readonly Block[], at: number, labelled: boolean): number {
    const block = blocks[at];
    if (!block) return 0;
    if (block.type === 'ordered_list') return labelled && this.applyAnswerKey(listKeyEntries(block)) ? 1 : 0;
    if (block.type !== 'paragraph') return 0;
    const source = block.inline?.content ?? '';
    // Most paragraphs after an unanswered question are prose: a key needs a heading or summary above it, or a label.
    if (!labelled && !/answer|solution/i.test(source.split('\n', 1)[0])) return 0;
    const lines = source.split('\n').map(plainTextOf);
    const afterLabel = afterAnswerKeyLabel(lines[0] ?? '');
    if (afterLabel === undefined) return labelled && this.applyAnswerKey(keyEntriesInLines(lines)) ? 1 : 0;
    const entries = keyEntriesInLines([afterLabel, ...lines.slice(1)]);
    const next = blocks[at + 1];
    if (entries.length === 0 && next?.type === 'ordered_list') return this.applyAnswerKey(listKeyEntries(next)) ? 2 : 0;
    return this.applyAnswerKey(entries) ? 1 : 0;
  }

  /** Marks the answers a key gives to the questions waiting for one; true when it answered any. */
  private applyAnswerKey(entries: readonly KeyEntry[]): boolean {
    let applied = false;
    for (const entry of entries) {
      const waiting = this.awaitingKey.get(entry.number);
      const options = waiting?.card.options;
      if (!waiting || !options) continue;
      const named = namedAnswer(entry.answer, waiting.options, 'labelled');
      if (!named) continue;
      for (const index of named.indexes) options[index].correct = true;
      for (const letter of named.unknownLetters) {
        this.problem(waiting.card.line, 'error', `the answer key names option ${letter}, but the question has ${options.length} options`, 'answer-out-of-range');
      }
      applied = true;
    }
    // A key closes its run of questions: numbering may start again after it.
    if (applied) this.awaitingKey.clear();
    return applied;
  }

  private answerInLines(lines: readonly string[], options: readonly ParsedOption[]): McqMatch['answer'] {
    for (const l of lines) {
      const answer = parseAnswerLine(this.asAnswerLine(l), options);
      if (answer) return answer;
    }
    return undefined;
  }

  /** An answer given after the options: a paragraph, a blockquote or a details block. */
  private answerAfter(rest: readonly Block[], at: number, options: readonly ParsedOption[]): { answer: NonNullable<McqMatch['answer']>; consumed: number; endLine: number } | undefined {
    const block = rest[at];
    if (!block) return undefined;
    const listed = this.answerList(rest, at, options);
    if (listed) return listed;
    if (block.type === 'paragraph' || block.type === 'blockquote') {
      for (const paragraph of paragraphsIn(block)) {
        const answer = this.answerInLines(paragraph.split('\n'), options);
        if (answer) return { answer, consumed: at + 1, endLine: trimBlankEnd(this.lines, block.startLine, block.endLine) };
      }
      return undefined;
    }
    if (opensDetails(block)) {
      const details = readDetails(rest, at, this.lines);
      if (!details) return undefined;
      const answer = this.answerInLines(details.body.split('\n'), options);
      if (answer) return { answer, consumed: details.lastIndex + 1, endLine: details.endLine };
    }
    return undefined;
  }

  /**
   * `__Suggested Answers__` over a list that repeats the letters and flags the right ones
   * (`- C - Correct`), as some practice exams print their answers.
   */
  private answerList(rest: readonly Block[], at: number, options: readonly ParsedOption[]): { answer: NonNullable<McqMatch['answer']>; consumed: number; endLine: number } | undefined {
    const title = rest[at];
    const list = rest[at + 1];
    if (title.type !== 'paragraph' || (list?.type !== 'bullet_list' && list?.type !== 'ordered_list')) return undefined;
    if (!ANSWER_LIST_TITLE.test(plainTextOf(title.inline?.content ?? '').trim())) return undefined;
    const indexes: number[] = [];
    for (const item of list.children) {
      const text = plainTextOf(item.children[0]?.inline?.content ?? '').trim();
      const letter = /^\(?([A-Ha-h])(?:[.):]|\s|$)/.exec(text);
      if (!letter || !FLAGGED_RIGHT.test(text.slice(1))) continue;
      const upper = letter[1].toUpperCase();
      const byLetter = options.findIndex((o) => o.letter === upper);
      const index = byLetter >= 0 ? byLetter : upper.charCodeAt(0) - 65;
      if (index < options.length) indexes.push(index);
    }
    if (indexes.length === 0) return undefined;
    return { answer: { indexes, unknownLetters: [] }, consumed: at + 2, endLine: trimBlankEnd(this.lines, list.startLine, list.endLine) };
  }

  private problem(line: number, severity: Severity, message: string, code: ProblemCode): void {
    this.problems.push({ line, severity, message, code });
  }

  /** Gives ids, sections and 1-based lines, and reports duplicate questions. */
  finish(noteKey: string, sections: Section[], lineCount: number, codeBlocks: LineRange[]): NoteReading {
    for (const card of this.unanswered) {
      if (!card.options?.some((o) => o.correct)) this.problem(card.line, 'warning', 'no answer marked', 'no-answer');
    }
    // Cards come in line order but for a few readers (a heading's question after its
    // section's cards, say): sort (stably) only when needed.
    let inOrder = true;
    for (let k = 1; k < this.cards.length && inOrder; k++) inOrder = this.cards[k - 1].line <= this.cards[k].line;
    const sorted = inOrder ? this.cards : [...this.cards].sort((a, b) => a.line - b.line);
    // A reader turned off keeps no card, also one a reader it hands over to stamped with its name.
    const ordered = this.off.size === 0 ? sorted : sorted.filter((card) => !this.off.has(card.format ?? card.kind));
    const ids = new CardIdAllocator(noteKey);
    const cards: Card[] = [];
    const formats: string[] = [];
    for (const card of ordered) {
      this.dropComments(card);
      const key = cardKeyParts({ kind: card.kind, prompt: card.idPrompt ?? card.prompt, options: card.options?.map((o) => o.label), extra: card.idExtra });
      const { id, duplicateOf } = ids.allocate(key, card.line);
      if (duplicateOf !== undefined && !card.reversed) {
        this.problem(card.line, 'warning', `duplicate question: the same as on line ${duplicateOf + 1}`, 'duplicate-question');
      }
      // Optional fields added in the model's order (no spreads: this runs for every card).
      // The drafts' option objects were made for this card alone: they are not copied.
      const done: { -readonly [K in keyof Card]: Card[K] } = { id, kind: card.kind, line: card.line + 1, endLine: card.endLine + 1, section: this.sectionPathAt(card.line), prompt: card.prompt };
      if (card.options) done.options = card.options;
      if (card.answer !== undefined) done.answer = card.answer;
      if (card.reversed) done.reversed = true;
      if (card.clozeGroup !== undefined) done.clozeGroup = card.clozeGroup;
      cards.push(done);
      formats.push(card.format ?? card.kind);
    }
    const terms: Term[] = this.terms
      .map((t) => ({ term: t.term, definition: withoutHtmlComments(t.definition), line: t.line + 1 }))
      .sort((a, b) => a.line - b.line);
    const problems: Problem[] = this.problems
      .map((p) => ({ line: p.line + 1, severity: p.severity, message: p.message, code: p.code }))
      .sort((a, b) => a.line - b.line);
    return { note: { sections, cards, terms, problems, lineCount, codeBlocks }, formats };
  }

  /**
   * Takes HTML comments (a review schedule, an exporter's id) out of a card's text before
   * its id is made: they change as the card is reviewed elsewhere, and are not for the
   * reader. A back that held nothing else is an empty back.
   */
  private dropComments(card: CardDraft): void {
    card.prompt = withoutHtmlComments(card.prompt);
    if (card.idPrompt !== undefined) card.idPrompt = withoutHtmlComments(card.idPrompt);
    if (card.answer !== undefined && card.answer.includes('<!--')) {
      card.answer = withoutHtmlComments(card.answer);
      if (card.answer === '' && card.kind === 'flashcard' && !card.reversed) this.problem(card.line, 'warning', 'flashcard has no back', 'empty-answer');
    }
    for (const option of card.options ?? []) {
      option.label = withoutHtmlComments(option.label);
      option.explanation = withoutHtmlComments(option.explanation);
    }
  }

  /** Breadcrumb of the innermost section containing a 0-based line. */
  private sectionPathAt(line: number): readonly string[] {
    const headings = this.outline.headings;
    let lo = 0;
    let hi = headings.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (headings[mid].line <= line) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 ? headings[found].section.path : [];
  }
}

/** The readers of readers.ts that can start on each block type, in their order. */
const READERS_BY_TYPE: ReadonlyMap<string, { before: BlockReader[]; fallback: BlockReader[] }> = (() => {
  const byType = new Map<string, { before: BlockReader[]; fallback: BlockReader[] }>();
  for (const reader of READERS) {
    for (const type of reader.startsOn) {
      const entry = byType.get(type) ?? { before: [], fallback: [] };
      entry[reader.when].push(reader);
      byType.set(type, entry);
    }
  }
  return byType;
})();

/** How many times a heading title must appear in a note to be boilerplate. */
export const BOILERPLATE_REPEATS = 3;

/**
 * The titles (as titleKey gives them) of headings that appear BOILERPLATE_REPEATS times or
 * more in a note: "Any doubts?" closing every lesson is a template, not a question.
 */
export function boilerplateTitles(sections: readonly Pick<Section, 'title'>[]): Set<string> {
  const counts = new Map<string, number>();
  const repeated = new Set<string>();
  for (const section of sections) {
    const key = titleKey(section.title);
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count >= BOILERPLATE_REPEATS) repeated.add(key);
  }
  return repeated;
}

/** A heading title compared case- and space-insensitively. */
function titleKey(title: string): string {
  return normaliseForId(title);
}

/** A heading's title as plain text; headings without inline markup need no inline parse. */
function headingTitle(block: Block): string {
  const content = block.inline?.content ?? '';
  return /[\\`*_[\]<>&!~]/.test(content) ? collapseWhitespace(plainText(inlineChildren(block))) : collapseWhitespace(content);
}

/** Whether markdown source asks a question (see `looksLikeQuestion`), without building its plain text when it plainly cannot. */
function asksQuestion(source: string): boolean {
  if (!/[?？]|select|choose|pick|\bmark\s|which of the following|correct answers?\s*\)/i.test(source)) return false;
  // Source ending in `?` (maybe inside closing emphasis or code) asks, as its plain text
  // does; only the other cases need the plain text (a `?` inside a link's text, say).
  if (/[?？][*_`\s]*$/.test(source)) return true;
  return looksLikeQuestion(plainTextOf(source));
}

/**
 * A cheap test before looking for a question's options: lettered lines in the paragraph
 * itself, or a list or lettered paragraph among the next few blocks. Most paragraphs of
 * notes are followed by prose or headings, and skip the search.
 */
function mayHaveOptions(source: string, blocks: readonly Block[], from: number, nested = false): boolean {
  // Lettered options inside the paragraph need a line break first (most paragraphs are one line).
  if (source.includes('\n') && /\n\s*\(?[Aa][.)]\s/.test(source)) return true;
  const isOptions = (block: Block): boolean =>
    block.type === 'bullet_list' || (nested && block.type === 'ordered_list') || (block.type === 'paragraph' && letterOfOptionLine(block.inline?.content ?? '') === 'A');
  // Find the options first (structure only), and only then check that what stands between is context.
  const last = Math.min(blocks.length - 1, from + MAX_CONTEXT_BLOCKS);
  let optionsAt = -1;
  for (let k = from; k <= last && optionsAt < 0; k++) if (isOptions(blocks[k])) optionsAt = k;
  if (optionsAt < 0) return false;
  for (let k = from; k < optionsAt; k++) if (!isContextBlock(blocks[k])) return false;
  return true;
}

/** The entries of an answer key written as a numbered list: each item's number and its text. */
function listKeyEntries(list: Block): KeyEntry[] {
  const entries: KeyEntry[] = [];
  list.children.forEach((item, k) => {
    const first = item.children[0];
    if (first?.type === 'paragraph') entries.push({ number: list.level + k, answer: plainTextOf(first.inline?.content ?? '') });
  });
  return entries;
}

/** Whether a list item reads as a definition: a bold term, then an arrow (`**Term** -> …`). */
function isDefinitionItem(item: Block): boolean {
  const first = item.children[0];
  if (first?.type !== 'paragraph') return false;
  const source = first.inline?.content ?? '';
  if (!source.startsWith('**') && !source.startsWith('__')) return false;
  const bold = leadingStrong(source, inlineChildren(first));
  return bold !== undefined && DEFINITION_ARROW.test(bold.rest);
}

const DEFINITION_ARROW = /^\s*(?:-->|->|→)\s/;

/** `Answer:`, `**Correct answer:**`, `Ans -`: the start of a line that gives an answer. */
const ANSWER_LINE_START = /^[^\p{L}\p{N}]{0,6}(?:(?:the\s+)?(?:correct|right)\s+)?(?:answers?|ans)\s*(?:\*\*|__)?\s*[:：=\-–—]/iu;

/** A paragraph that only titles a list of answers: `Suggested Answers`, `Answers:`, `Correct answer`. */
const ANSWER_LIST_TITLE = /^(?:suggested|correct|right)?\s*answers?\s*:?$/i;

/** An answer list's item flagged right: `C - Correct`, `B ✅`. */
const FLAGGED_RIGHT = /\b(?:correct|right)\b|✅|✔/i;

/** Blocks that can make the answer of a `Que 1- …?` paragraph (up to a heading, rule or the next question). */
const ANSWER_BLOCK_TYPES: ReadonlySet<string> = new Set(['paragraph', 'bullet_list', 'ordered_list', 'code', 'blockquote', 'table']);

/** Whether a `<details>` block opens at `blocks[from]` or within the context blocks that may stand before it. */
function detailsNear(blocks: readonly Block[], from: number): boolean {
  const last = Math.min(blocks.length - 1, from + MAX_CONTEXT_BLOCKS);
  for (let k = from; k <= last; k++) if (blocks[k].type === 'html_block' && opensDetails(blocks[k])) return true;
  return false;
}

/** A title numbered like a list item (`7. Explain currying`): the number, then the text. */
const NUMBERED_TITLE = /^\s*\d{1,4}[.)]\s+(\S.*)$/;

/** Words that open a question or an instruction to answer one (`What …`, `Explain …`), not a chapter title. */
const ASK_WORD = /^\W*(?:what|why|how|when|where|which|who|whom|whose|is|are|was|were|do|does|did|can|could|should|would|will|explain|define|describe|compare|contrast|differentiate|distinguish|discuss|outline|implement|calculate|summari[sz]e|identify|mention|write|give|state)\b/i;

/** A paragraph that is only a link to a place in the same page (`**[⬆ Back to Top](#contents)**`): navigation. */
function isPageNavigation(block: Block): boolean {
  if (block.type !== 'paragraph' || !(block.inline?.content ?? '').includes('](#')) return false;
  let links = 0;
  for (const token of inlineChildren(block)) {
    if (token.type !== 'link_open') continue;
    if (!String(token.attrGet('href') ?? '').startsWith('#')) return false;
    links++;
  }
  // Short: a "Back to top" link, not a sentence that happens to link within the page.
  return links > 0 && plainTextOf(block.inline?.content ?? '').length <= 40;
}

/** A paragraph numbered like a list item that markdown did not make one (`**3. What will be the output**`). */
const NUMBERED_PARAGRAPH = /^(?:\*\*|__)?\s*\d{1,4}[.)]\s/;

/** An empty block list, shared (list items with a paragraph only are the common case). */
const NO_BLOCKS: readonly Block[] = [];

/** How many blocks may stand between a question and its options. */
const MAX_CONTEXT_BLOCKS = 3;

/** Blocks that can sit between a question and its options as part of the question. */
function isContextBlock(block: Block | undefined): boolean {
  if (!block) return false;
  if (block.type === 'code' || block.type === 'table') return true;
  if (block.type === 'html_block') return !opensDetails(block) && !/^\s*<!--/.test(block.content);
  if (block.type !== 'paragraph') return false;
  const source = block.inline?.content ?? '';
  // A paragraph that asks a question of its own starts the next card instead.
  if (stripQuestionLabel(source).labelled || asksQuestion(source)) return false;
  return letterOf(source) === undefined && !/^\s*(?:\*\*|__)?\s*(?:correct\s+)?answers?\b/i.test(source);
}

/** A heading whose title ends with `?` is a flashcard whose back is its section body. */
function looksLikeHeadingQuestion(title: string): boolean {
  return /[?？]\s*$/.test(title);
}

/** Source of every paragraph inside a block (itself, or nested in quotes and lists). */
function paragraphsIn(block: Block): string[] {
  if (block.type === 'paragraph') return [block.inline?.content ?? ''];
  return block.children.flatMap(paragraphsIn);
}

/** Whether `text` starts, after blanks, with a backtick, `*` or `_` (where a code span or bold can start). */
function startsWithMarkup(text: string): boolean {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09 || text.charCodeAt(i) === 0x0a)) i++;
  const c = text.charCodeAt(i);
  return c === 0x60 || c === 0x2a || c === 0x5f;
}

/** The paragraph of `name:: value` lines that opens a note (after any front matter): Logseq's page properties. */
function pagePropertiesOf(blocks: readonly Block[]): Block | undefined {
  const first = blocks[0]?.type === 'front_matter' ? blocks[1] : blocks[0];
  if (first?.type !== 'paragraph') return undefined;
  const source = first.inline?.content ?? '';
  return source.includes(':: ') && source.split('\n').every((line) => isPropertyLine(line, true)) ? first : undefined;
}

/**
 * The front of a multi-line card without the Obsidian tags that file it: a first line of
 * tags only (`#flashcards/bio`) above the card, or tags opening its first line.
 */
function multilineFront(lines: readonly string[]): string {
  let from = 0;
  if (lines.length > 1 && lines[0].trim().split(/\s+/).every((word) => word.length > 1 && word.startsWith('#') && !word.startsWith('##'))) from = 1;
  const kept = lines.slice(from);
  if (kept.length > 0) kept[0] = withoutLeadingTags(kept[0].trim());
  return kept.join('\n').trim();
}

/** Lines without the indentation they all share. */
function dedentLines(lines: readonly string[]): string[] {
  let common = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    let k = 0;
    while (k < line.length && (line.charCodeAt(k) === 0x20 || line.charCodeAt(k) === 0x09)) k++;
    common = Math.min(common, k);
  }
  return common === Infinity || common === 0 ? [...lines] : lines.map((line) => line.slice(Math.min(common, line.length)));
}

/** Last non-blank 0-based line in [start, end). */
function trimBlankEnd(lines: readonly string[], start: number, end: number): number {
  let last = end - 1;
  while (last > start && (lines[last] ?? '').trim() === '') last--;
  return last;
}
