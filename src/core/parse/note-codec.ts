import type { Card, CardKind, LineRange, Note, Option, Problem, ProblemCode, Section, Severity, Term } from '../model/model';

/**
 * A `Note` as compact JSON for the parse cache's snapshot: arrays in a fixed order instead
 * of objects with named fields, each breadcrumb stored once per note (cards and sections
 * point at it), records of the same kind laid flat one after another.
 *
 * `[lineCount, breadcrumbs, sections, cards, terms, problems, codeBlocks]` where
 * - `breadcrumbs`: `string[][]`, every distinct section path of the note;
 * - `sections`: flat `title, level, line, endLine, breadcrumb` per section;
 * - `cards`: one array per card, `[id, kind, line, endLine, breadcrumb, prompt, answer,
 *   reversed, clozeGroup, options]` (`null` for a field the card does not have; options
 *   flat `label, explanation, correct, line`);
 * - `terms`: flat `term, definition, line`; `problems`: flat `line, severity, message,
 *   code`; `codeBlocks`: flat `line, endLine`.
 *
 * Decoding a 10,000-note workspace's parses is the warm start's largest cost: against the
 * JSON of the objects, this is about a third smaller, allocates no key strings, and shares
 * each breadcrumb between its section and its cards (as `parseNote` does).
 */
export type PackedNote = readonly unknown[];

const KIND_CODES: readonly CardKind[] = ['mcq', 'flashcard', 'cloze'];
const SEVERITIES: ReadonlySet<string> = new Set<Severity>(['error', 'warning', 'info']);
const SECTION_FIELDS = 5;
const OPTION_FIELDS = 4;
const TERM_FIELDS = 3;
const PROBLEM_FIELDS = 4;
const RANGE_FIELDS = 2;

/** `note` as a `PackedNote` (see there); `unpackNote` gives back a note deeply equal to it. */
export function packNote(note: Note): PackedNote {
  const breadcrumbs: (readonly string[])[] = [];
  // By identity first (parseNote shares a section's path with its cards), then by content.
  const byArray = new Map<readonly string[], number>();
  const byText = new Map<string, number>();
  const breadcrumb = (path: readonly string[]): number => {
    let index = byArray.get(path);
    if (index !== undefined) return index;
    const text = JSON.stringify(path);
    index = byText.get(text);
    if (index === undefined) {
      index = breadcrumbs.push(path) - 1;
      byText.set(text, index);
    }
    byArray.set(path, index);
    return index;
  };
  const sections: unknown[] = [];
  for (const s of note.sections) sections.push(s.title, s.level, s.line, s.endLine, breadcrumb(s.path));
  const cards = note.cards.map((c) => {
    let options: unknown[] | null = null;
    if (c.options) {
      options = [];
      for (const o of c.options) options.push(o.label, o.explanation, o.correct, o.line);
    }
    return [c.id, KIND_CODES.indexOf(c.kind), c.line, c.endLine, breadcrumb(c.section), c.prompt, c.answer ?? null, c.reversed ?? null, c.clozeGroup ?? null, options];
  });
  const terms: unknown[] = [];
  for (const t of note.terms) terms.push(t.term, t.definition, t.line);
  const problems: unknown[] = [];
  for (const p of note.problems) problems.push(p.line, p.severity, p.message, p.code);
  const codeBlocks: unknown[] = [];
  for (const r of note.codeBlocks) codeBlocks.push(r.line, r.endLine);
  return [note.lineCount, breadcrumbs, sections, cards, terms, problems, codeBlocks];
}

/** Thrown inside `unpackNote` at the first field of the wrong type or range. */
class Malformed extends Error {}

/**
 * The note a `PackedNote` holds, or undefined when `value` is not one: a field of the
 * wrong type, a record cut short, a line outside the note, an unknown card kind or
 * severity. What `isNote` checks of a note as objects, this checks while building it.
 */
export function unpackNote(value: unknown): Note | undefined {
  try {
    return unpack(value);
  } catch (error) {
    if (error instanceof Malformed) return undefined;
    throw error;
  }
}

function fail(): never {
  throw new Malformed();
}

function array(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : fail();
}

/** A flat array of records of `fields` values each. */
function records(v: unknown, fields: number): readonly unknown[] {
  const a = array(v);
  return a.length % fields === 0 ? a : fail();
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : fail();
}

function int(v: unknown): number {
  return Number.isInteger(v) ? (v as number) : fail();
}

function bool(v: unknown): boolean {
  return typeof v === 'boolean' ? v : fail();
}

function unpack(value: unknown): Note {
  const packed = array(value);
  if (packed.length !== 7) fail();
  const lineCount = int(packed[0]);
  if (lineCount < 0) fail();
  // Every line a note names lies inside it (as `isNote` requires).
  const line = (v: unknown): number => {
    const n = int(v);
    return n >= 1 && n <= lineCount ? n : fail();
  };
  const endLine = (v: unknown, start: number): number => {
    const n = line(v);
    return n >= start ? n : fail();
  };
  const breadcrumbs = array(packed[1]).map((p) => {
    const path = array(p);
    for (const title of path) str(title);
    return path as readonly string[];
  });
  const breadcrumb = (v: unknown): readonly string[] => breadcrumbs[int(v)] ?? fail();

  const s = records(packed[2], SECTION_FIELDS);
  const sections: Section[] = [];
  for (let i = 0; i < s.length; i += SECTION_FIELDS) {
    const start = line(s[i + 2]);
    sections.push({ title: str(s[i]), level: int(s[i + 1]), line: start, endLine: endLine(s[i + 3], start), path: breadcrumb(s[i + 4]) });
  }

  const cards = array(packed[3]).map((c): Card => {
    const f = array(c);
    if (f.length !== 10) fail();
    const start = line(f[2]);
    const card: { -readonly [K in keyof Card]: Card[K] } = { id: str(f[0]), kind: KIND_CODES[int(f[1])] ?? fail(), line: start, endLine: endLine(f[3], start), section: breadcrumb(f[4]), prompt: str(f[5]) };
    // Only the fields the card had: a cached note is deeply equal to a fresh parse.
    if (f[9] !== null) card.options = unpackOptions(f[9]);
    if (f[6] !== null) card.answer = str(f[6]);
    if (f[7] !== null) card.reversed = bool(f[7]);
    if (f[8] !== null) card.clozeGroup = int(f[8]);
    return card;
  });

  const t = records(packed[4], TERM_FIELDS);
  const terms: Term[] = [];
  for (let i = 0; i < t.length; i += TERM_FIELDS) terms.push({ term: str(t[i]), definition: str(t[i + 1]), line: line(t[i + 2]) });

  const p = records(packed[5], PROBLEM_FIELDS);
  const problems: Problem[] = [];
  for (let i = 0; i < p.length; i += PROBLEM_FIELDS) {
    const severity = str(p[i + 1]);
    if (!SEVERITIES.has(severity)) fail();
    problems.push({ line: line(p[i]), severity: severity as Severity, message: str(p[i + 2]), code: str(p[i + 3]) as ProblemCode });
  }

  const r = records(packed[6], RANGE_FIELDS);
  const codeBlocks: LineRange[] = [];
  for (let i = 0; i < r.length; i += RANGE_FIELDS) {
    const start = line(r[i]);
    codeBlocks.push({ line: start, endLine: endLine(r[i + 1], start) });
  }
  return { sections, cards, terms, problems, lineCount, codeBlocks };
}

function unpackOptions(v: unknown): Option[] {
  const o = records(v, OPTION_FIELDS);
  const options: Option[] = [];
  for (let i = 0; i < o.length; i += OPTION_FIELDS) options.push({ label: str(o[i]), explanation: str(o[i + 1]), correct: bool(o[i + 2]), line: int(o[i + 3]) });
  return options;
}
