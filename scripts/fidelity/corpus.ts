// The style corpus (test/fixtures/styles): one note per style with the cards a human would
// call cards, parsed with the real parser and scored.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNote, type CardKind, type ParseOptions } from '../../src/core';
import { foundCardOf, scoreNote, scoreTerms, type ExpectedCard, type ExpectedTerm, type NoteScore, type TermScore } from './score';

/** What `<style>.expected.json` holds. */
export interface StyleExpectation {
  /** What the style is and where it was seen (free text, not scored). */
  readonly description?: string;
  /** Passed to `parseNote` (for example custom flashcard separators). */
  readonly options?: ParseOptions;
  readonly cards: readonly ExpectedCard[];
  /** The terms the note defines; when absent, terms are not scored for this note. */
  readonly terms?: readonly ExpectedTerm[];
}

/** One style of the corpus, scored. */
export interface StyleResult {
  readonly style: string;
  readonly score: NoteScore;
  /** Present when the expectation lists terms. */
  readonly terms?: TermScore;
}

const KINDS: readonly CardKind[] = ['mcq', 'flashcard', 'cloze'];

/** The fixture folder, from the repository root. */
export function stylesDir(repoRoot: string): string {
  return path.join(repoRoot, 'test', 'fixtures', 'styles');
}

/** Style names: every `<style>.md` of the folder; each must have its `<style>.expected.json`. */
export function styleNames(dir: string): string[] {
  const files = fs.readdirSync(dir);
  const names = files.filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => f.slice(0, -3)).sort();
  const missing = names.filter((name) => !files.includes(`${name}.expected.json`));
  if (missing.length > 0) throw new Error(`style notes without <style>.expected.json: ${missing.join(', ')}`);
  const orphans = files.filter((f) => f.endsWith('.expected.json') && !names.includes(f.slice(0, -'.expected.json'.length)));
  if (orphans.length > 0) throw new Error(`expectations without their note: ${orphans.join(', ')}`);
  return names;
}

/** Reads and checks one expectation file; a malformed one is an error naming the file. */
export function readExpectation(file: string): StyleExpectation {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as StyleExpectation;
  if (!Array.isArray(raw.cards)) throw new Error(`${file}: "cards" must be an array`);
  raw.cards.forEach((card, i) => {
    const where = `${file}: cards[${i}]`;
    if (!Number.isInteger(card.line) || card.line < 1) throw new Error(`${where}.line must be a 1-based line number`);
    if (!KINDS.includes(card.kind)) throw new Error(`${where}.kind must be one of ${KINDS.join(', ')}`);
    if (typeof card.prompt !== 'string') throw new Error(`${where}.prompt must be a string`);
    const answerOk = card.kind === 'mcq' ? Array.isArray(card.answer) && (card.answer as readonly unknown[]).every((a) => typeof a === 'string') : typeof card.answer === 'string';
    if (!answerOk) throw new Error(`${where}.answer must be ${card.kind === 'mcq' ? 'an array of option texts' : 'a string'}`);
  });
  if (raw.terms !== undefined) {
    if (!Array.isArray(raw.terms)) throw new Error(`${file}: "terms" must be an array when present`);
    raw.terms.forEach((term, i) => {
      if (!Number.isInteger(term.line) || typeof term.term !== 'string' || typeof term.definition !== 'string') {
        throw new Error(`${file}: terms[${i}] must have a line number, a term and a definition`);
      }
    });
  }
  return raw;
}

/** Parses every style note with the real parser and scores it against its expectation. */
export function scoreCorpus(dir: string): StyleResult[] {
  return styleNames(dir).map((style) => {
    const expectation = readExpectation(path.join(dir, `${style}.expected.json`));
    // Read as is: the parser gets the note exactly as a user's file would reach it.
    const text = fs.readFileSync(path.join(dir, `${style}.md`), 'utf8');
    const note = parseNote(text, expectation.options ?? {});
    const score = scoreNote(expectation.cards, note.cards.map(foundCardOf));
    if (expectation.terms === undefined) return { style, score };
    const found = note.terms.map((t) => ({ line: t.line, term: t.term, definition: t.definition }));
    return { style, score, terms: scoreTerms(expectation.terms, found) };
  });
}
