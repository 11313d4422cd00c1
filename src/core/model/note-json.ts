import type { Note } from './model';

/** One note in the JSON shape of `note-review parse --json` (field names are a public contract). */
export interface NoteJson {
  file: string;
  sections: { title: string; level: number; line: number; endLine: number; path: string[] }[];
  cards: {
    id: string;
    kind: string;
    line: number;
    endLine: number;
    /** Breadcrumb as `"A > B > C"`. */
    section: string;
    prompt: string;
    options?: { label: string; explanation: string; correct: boolean; line: number }[];
    answer?: string;
    reversed?: boolean;
    clozeGroup?: number;
  }[];
  terms: { term: string; definition: string; line: number }[];
  problems: { line: number; severity: string; message: string; code: string }[];
}

/** Joins a section path into the breadcrumb shown with every card. */
export function formatBreadcrumb(path: readonly string[]): string {
  return path.join(' > ');
}

/**
 * Turns a parsed note into the CLI's JSON shape. The extension uses the same function,
 * so that the integration tests can compare both views of a note.
 */
export function noteToJson(file: string, note: Note): NoteJson {
  return {
    file,
    sections: note.sections.map((s) => ({ title: s.title, level: s.level, line: s.line, endLine: s.endLine, path: [...s.path] })),
    cards: note.cards.map((c) => ({
      id: c.id,
      kind: c.kind,
      line: c.line,
      endLine: c.endLine,
      section: formatBreadcrumb(c.section),
      prompt: c.prompt,
      ...(c.options ? { options: c.options.map((o) => ({ label: o.label, explanation: o.explanation, correct: o.correct, line: o.line })) } : {}),
      ...(c.answer !== undefined ? { answer: c.answer } : {}),
      ...(c.reversed ? { reversed: true } : {}),
      ...(c.clozeGroup !== undefined ? { clozeGroup: c.clozeGroup } : {}),
    })),
    terms: note.terms.map((t) => ({ term: t.term, definition: t.definition, line: t.line })),
    problems: note.problems.map((p) => ({ line: p.line, severity: p.severity, message: p.message, code: p.code })),
  };
}
