import { notesMarkdown } from './block-tree';
import { frontMatterEnd } from './front-matter';
import { DEFAULT_FLASHCARD_SEPARATORS, type Card, type Note, type ParseOptions, type Problem, type Section } from '../model/model';
import { mayBeSheetQuestion } from './heading-options';
import { hasNoteOverrides } from './note-settings';
import { boilerplateTitles, parseNote, parseNotePart } from './parse-note';
import { isQuestionNumberTitle } from './question-label-heading';

/**
 * A note parsed in chunks, ready for cheap updates after edits (see `updateIncremental`).
 * `note` is always equal to `parseNote(text, options)`.
 */
export interface IncrementalNote {
  readonly note: Note;
  /** The note's lines (BOM removed, line breaks normalised to LF). */
  readonly lines: readonly string[];
  readonly options: ParseOptions;
  /** Consecutive chunks covering every line; each starts at a top-level ATX heading (but the first). */
  readonly chunks: readonly Chunk[];
}

/** A run of lines parsed on its own; its parse has chunk-relative lines. */
interface Chunk {
  readonly start: number;
  readonly length: number;
  readonly note: Note;
}

/**
 * Parses a note in chunks so that later edits re-parse only the chunks they touch.
 *
 * A chunk boundary is a line holding an ATX heading (`## Title`) at the left margin right
 * after a blank line, found by a line scan and then checked with the chunk's own tokens:
 * the chunk before it must close every fence, HTML block (comments included) and
 * `<details>` element, and no multi-line flashcard may run into the heading. A boundary that
 * fails the check is dropped (the chunks merge). A note holding link reference definitions
 * (`[x]: url`, which act on the whole note) is parsed whole.
 *
 * ```markdown
 * # AWS          <- chunk 1
 *
 * ## Pricing     <- chunk 2
 * ```
 */
export function parseIncremental(text: string, options: ParseOptions = {}): IncrementalNote {
  const lines = normalise(text).split('\n');
  const separators = multilineSeparators(options);
  const chunks = chunkRegion(lines, 0, lines.length, lines.length, options, separators);
  return assemble(lines, chunks, options);
}

/**
 * The parse of `text`, an edited version of `previous`'s text: only the chunks holding
 * changed lines (and their neighbours, whose boundary may have moved) are parsed again; the
 * rest is shifted and the note-wide parts (section ends and breadcrumbs, duplicate card
 * numbering and warnings) are computed again. Equal to `parseIncremental(text, options)`.
 */
export function updateIncremental(previous: IncrementalNote, text: string): IncrementalNote {
  const source = normalise(text);
  const options = previous.options;
  if (hasReferenceDefinitions(source) || previous.chunks.length === 0) return parseIncremental(text, options);
  const lines = source.split('\n');
  const old = previous.lines;
  let prefix = 0;
  const maxCommon = Math.min(old.length, lines.length);
  while (prefix < maxCommon && old[prefix] === lines[prefix]) prefix++;
  if (prefix === old.length && prefix === lines.length) return previous;
  // The front matter's switches act on the whole note: an edit there reads it all again.
  if (prefix < Math.max(frontMatterEnd((line) => old[line]), frontMatterEnd((line) => lines[line]))) return parseIncremental(text, options);
  let suffix = 0;
  while (suffix < maxCommon - prefix && old[old.length - 1 - suffix] === lines[lines.length - 1 - suffix]) suffix++;
  const delta = lines.length - old.length;

  // Chunks holding the line before the change through the line after it.
  const first = chunkAt(previous.chunks, Math.max(0, prefix - 1));
  const last = chunkAt(previous.chunks, Math.min(old.length - 1, old.length - suffix));
  const regionStart = previous.chunks[first].start;
  let nextOld = last + 1;
  let regionEnd = nextOld < previous.chunks.length ? previous.chunks[nextOld].start + delta : lines.length;

  const separators = multilineSeparators(options);
  let fresh = chunkRegion(lines, regionStart, regionEnd, lines.length, options, separators);
  // The last new chunk must end cleanly before the next old chunk; if not, take that one in too.
  while (nextOld < previous.chunks.length && !endsCleanly(fresh[fresh.length - 1], lines, separators)) {
    nextOld++;
    regionEnd = nextOld < previous.chunks.length ? previous.chunks[nextOld].start + delta : lines.length;
    fresh = chunkRegion(lines, regionStart, regionEnd, lines.length, options, separators);
  }
  const shifted = previous.chunks.slice(nextOld).map((c) => (delta === 0 ? c : { ...c, start: c.start + delta }));
  const chunks = [...previous.chunks.slice(0, first), ...fresh, ...shifted];
  return assemble(lines, chunks, options);
}

/** Strips a BOM and turns CRLF/CR into LF, as `parseNote` does. */
function normalise(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.includes('\r') ? withoutBom.replace(/\r\n?/g, '\n') : withoutBom;
}

/** Link reference definitions act on the whole note (CommonMark), so such notes are parsed whole. */
function hasReferenceDefinitions(source: string): boolean {
  // Conservative: any `]:` at all, wherever it is (a label may span lines, sit in a list or quote).
  return source.includes(']:');
}

function multilineSeparators(options: ParseOptions): string[] {
  const f = options.flashcards ?? {};
  const r = options.reading ?? {};
  const pick = (value: string | undefined, fallback: string): string => (typeof value === 'string' && value !== '' ? value : fallback);
  return [r.multilineSeparator ?? pick(f.multilineSeparator, DEFAULT_FLASHCARD_SEPARATORS.multilineSeparator), r.multilineReversedSeparator ?? pick(f.multilineReversedSeparator, DEFAULT_FLASHCARD_SEPARATORS.multilineReversedSeparator)].filter((s) => s !== '');
}

/** Settings whose effect crosses headings: every heading a card, a tag anywhere deciding for the whole note, cards running to an end marker. */
function actsAcrossChunks(options: ParseOptions): boolean {
  const r = options.reading ?? {};
  return r.headingsAreCards === true || (r.requiredTags?.length ?? 0) > 0 || (r.multilineEndMarker ?? '') !== '';
}

const BLANK = /^[ \t]*$/;
const ATX_AT_MARGIN = /^#{1,6}(?:[ \t]|$)/;

/** Whether line `at` may start a chunk: an ATX heading at the margin after a blank line. */
function isCandidate(lines: readonly string[], at: number): boolean {
  return at > 0 && ATX_AT_MARGIN.test(lines[at]) && BLANK.test(lines[at - 1]);
}

/** Index of the chunk holding `line`. */
function chunkAt(chunks: readonly Chunk[], line: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (chunks[mid].start <= line) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Parses lines [start, end) into chunks. `end` is the note's end or a known boundary.
 * Each chunk but one ending at the note's end is checked to end cleanly, else merged
 * with the next.
 */
function chunkRegion(lines: readonly string[], start: number, end: number, total: number, options: ParseOptions, separators: readonly string[]): Chunk[] {
  const cuts: number[] = [];
  // Never inside front matter: a heading-like line there is YAML, and the chunk before it
  // would lose its closing fence.
  const frontMatter = frontMatterEnd((line) => lines[line]);
  const first = Math.max(start + 1, start === 0 ? frontMatter : 0);
  // A note with settings of its own in its front matter is read whole: only the first
  // chunk has them (and with headingsAreCards, each heading's card depends on the next
  // heading). So is a note read with settings that act across chunks.
  const whole = (frontMatter > 0 && hasNoteOverrides(lines.slice(1, frontMatter - 1).join('\n'))) || actsAcrossChunks(options);
  if (!whole) for (let at = first; at < end; at++) if (isCandidate(lines, at)) cuts.push(at);
  cuts.push(end);
  const chunks: Chunk[] = [];
  let from = start;
  for (let k = 0; k < cuts.length; k++) {
    const to = cuts[k];
    const text = lines.slice(from, to).join('\n');
    if (to < total && k < cuts.length - 1 && !cleanEnd(text, to - from, lines, from, separators)) continue;
    // `### Question 1:` takes its answer from the heading below (`### Output:`): never cut between them.
    const segmentStart = k > 0 ? cuts[k - 1] : start;
    if (to < total && k < cuts.length - 1 && isQuestionNumberTitle(atxTitle(lines[segmentStart]))) continue;
    // Only a chunk that is the whole note may be read without the note's common indentation.
    chunks.push({ start: from, length: to - from, note: from === 0 && to === total ? parseNote(text, options) : parseNotePart(text, options) });
    from = to;
  }
  return chunks;
}

/** The title of an ATX heading line (a chunk's first line), without its `#` marks. */
function atxTitle(line: string): string {
  return line.replace(/^#{1,6}[ \t]*/, '').replace(/[ \t]#+[ \t]*$/, '').trim();
}

function endsCleanly(chunk: Chunk, lines: readonly string[], separators: readonly string[]): boolean {
  return cleanEnd(lines.slice(chunk.start, chunk.start + chunk.length).join('\n'), chunk.length, lines, chunk.start, separators);
}

/**
 * Whether a chunk, followed by the heading line that starts the next one, parses the same
 * alone as within the note. It is parsed with that heading line after it: the heading must
 * come out as a top-level heading (so every fence, HTML block and comment before it is
 * closed); every `<details>` opened at top level must be closed; and no multi-line
 * flashcard (a `?` line) may take the heading as its back.
 */
function cleanEnd(text: string, length: number, lines: readonly string[], from: number, separators: readonly string[]): boolean {
  const heading = lines[from + length];
  if (heading === undefined) return true;
  const tokens = notesMarkdown().parse(`${text}\n${heading}`, {});
  let depth = 0;
  let lastTopEnd = 0;
  let headingFound = false;
  for (const token of tokens) {
    if (token.level !== 0 || !token.map) continue;
    const [start, end] = token.map;
    if (start >= length) {
      headingFound = token.type === 'heading_open' && start === length;
      break;
    }
    if (end > length) return false;
    lastTopEnd = Math.max(lastTopEnd, end);
    if (token.type === 'html_block') depth = Math.max(0, depth + count(token.content, /<details[\s>]/gi) - count(token.content, /<\/details>/gi));
  }
  if (!headingFound || depth > 0) return false;
  if (lastTopEnd >= length) {
    for (let i = from; i < from + length; i++) if (separators.includes(lines[i].trim())) return false;
  }
  return true;
}

function count(text: string, pattern: RegExp): number {
  return (text.match(pattern) ?? []).length;
}

/** Builds the note from its chunks: shifts lines, recomputes sections, breadcrumbs, ids and duplicate warnings. */
function assemble(lines: readonly string[], chunks: readonly Chunk[], options: ParseOptions): IncrementalNote {
  const headings: { title: string; level: number; line: number }[] = [];
  for (const chunk of chunks) for (const s of chunk.note.sections) headings.push({ title: s.title, level: s.level, line: s.line + chunk.start });
  const sections = outline(headings, lines);

  const cards: Card[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, { count: number; firstLine: number }>();
  const duplicates: Problem[] = [];
  const terms: Note['terms'][number][] = [];
  const codeBlocks: Note['codeBlocks'][number][] = [];
  let headingIndex = -1;
  for (const chunk of chunks) {
    const offset = chunk.start;
    for (const card of chunk.note.cards) {
      const line = card.line + offset;
      while (headingIndex + 1 < sections.length && sections[headingIndex + 1].line <= line) headingIndex++;
      const base = card.id.replace(/-\d+$/, '');
      const entry = seen.get(base);
      let id = base;
      if (!entry) seen.set(base, { count: 1, firstLine: line });
      else {
        entry.count++;
        id = `${base}-${entry.count}`;
        if (!card.reversed) duplicates.push({ line, severity: 'warning', message: `duplicate question: the same as on line ${entry.firstLine}`, code: 'duplicate-question' });
      }
      cards.push({
        ...card,
        id,
        line,
        endLine: card.endLine + offset,
        section: headingIndex >= 0 ? sections[headingIndex].path : [],
        ...(card.options ? { options: card.options.map((o) => ({ ...o, line: o.line + offset })) } : {}),
      });
    }
    for (const p of chunk.note.problems) if (p.code !== 'duplicate-question') problems.push(offset === 0 ? p : { ...p, line: p.line + offset });
    for (const t of chunk.note.terms) terms.push(offset === 0 ? t : { ...t, line: t.line + offset });
    for (const r of chunk.note.codeBlocks) codeBlocks.push(offset === 0 ? r : { line: r.line + offset, endLine: r.endLine + offset });
  }
  problems.push(...duplicates);
  problems.sort((a, b) => a.line - b.line);
  // A question heading repeated all over the note is boilerplate, which only the whole note
  // shows: its chunks may each hold too few repeats to tell. Such notes are parsed whole.
  // An answer key answers questions of earlier chunks (`## Answer Key` at the end of a
  // quiz): notes with unanswered questions and a later chunk that may hold a key are parsed whole.
  // A question heading over a numbered list may belong to a quiz sheet spread over chunks.
  if (chunks.length > 1 && (keyMayAnswerEarlierChunk(chunks, lines) || [...boilerplateTitles(sections)].some((title) => /[?？]\s*$/.test(title)) || chunks.some((c) => c.note.cards.some(mayBeSheetQuestion)))) {
    return assemble(lines, [{ start: 0, length: lines.length, note: parseNote(lines.join('\n'), options) }], options);
  }
  const note: Note = { sections, cards, terms, problems, lineCount: lines.length, codeBlocks };
  return { note, lines, options, chunks };
}

/** Whether a chunk after one with an unanswered question mentions answers or solutions (where an answer key may be). */
function keyMayAnswerEarlierChunk(chunks: readonly Chunk[], lines: readonly string[]): boolean {
  const first = chunks.findIndex((c) => c.note.problems.some((p) => p.code === 'no-answer'));
  if (first < 0) return false;
  for (let k = first + 1; k < chunks.length; k++) {
    const { start, length } = chunks[k];
    for (let i = start; i < start + length; i++) if (ANSWER_KEY_HINT.test(lines[i])) return true;
  }
  return false;
}

const ANSWER_KEY_HINT = /answer|solution/i;

/** Section ends and breadcrumbs from the note's headings (1-based lines), as `parseNote` computes them. */
function outline(headings: readonly { title: string; level: number; line: number }[], lines: readonly string[]): Section[] {
  // End of each section: the next heading of the same or a higher level (a monotonic stack).
  const ends = new Array<number>(headings.length).fill(lines.length);
  const open: number[] = [];
  for (let k = 0; k < headings.length; k++) {
    while (open.length > 0 && headings[open[open.length - 1]].level >= headings[k].level) ends[open.pop() as number] = headings[k].line - 1;
    open.push(k);
  }
  const sections: Section[] = [];
  const stack: { level: number; title: string }[] = [];
  for (let k = 0; k < headings.length; k++) {
    const { title, level, line } = headings[k];
    const start = line - 1;
    let last = ends[k] - 1;
    while (last > start && (lines[last] ?? '').trim() === '') last--;
    while (stack.length > 0 && stack[stack.length - 1].level >= level) stack.pop();
    stack.push({ level, title });
    sections.push({ title, level, line, endLine: last + 1, path: stack.map((s) => s.title) });
  }
  return sections;
}
