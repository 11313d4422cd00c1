// Term cards, old against new: the quadratic term-card builder (every term filtered and
// sorted for every term, a RegExp per term) is kept here as the reference, and the fast
// one must give exactly its cards (ids, prompts, options in their order, answers) on the
// sample, on seeded random notes and on random parses. maskTerm is compared alike.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseNote } from '../../src/core';
import { hash64, normaliseForId } from '../../src/core/model/card-id';
import type { Card, Note, Option, Section, Term } from '../../src/core/model/model';
import {
  FEW_CARDS,
  TERM_DISTRACTORS,
  hashSeed,
  maskTerm,
  permute,
  quizCountsBySection,
  sectionRange,
  seededRandom,
  termItems,
  type QuizItem,
  type TermCardChoice,
} from '../../src/core/quiz/quiz-items';

/** The term-card builder as it was before it was made linear: the reference. */
function referenceTermItems(note: Note, source: string, termCards: TermCardChoice = 'both'): QuizItem[] {
  if (termCards === 'off') return [];
  const sectionAt = (line: number): Section | undefined => {
    let found: Section | undefined;
    for (const section of note.sections) {
      if (section.line <= line) found = section;
      else break;
    }
    return found;
  };
  const ownerLine = (line: number) => sectionAt(line)?.line ?? 0;
  const countBy = (keys: number[]) => {
    const counts = new Map<number, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    return counts;
  };
  const cardsBySection = countBy(note.cards.map((c) => ownerLine(c.line)));
  const termsBySection = countBy(note.terms.map((t) => ownerLine(t.line)));
  const seen = new Set<string>();
  const distinct = note.terms.filter((t) => {
    const key = normaliseForId(t.term);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const items: QuizItem[] = [];
  const usedIds = new Set<string>();
  const uniqueId = (base: string) => {
    let id = base;
    for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
    usedIds.add(id);
    return id;
  };
  for (const term of note.terms) {
    const owner = ownerLine(term.line);
    const cards = cardsBySection.get(owner) ?? 0;
    if (cards >= FEW_CARDS && cards >= (termsBySection.get(owner) ?? 0)) continue;
    const section = sectionAt(term.line)?.path ?? [];
    const key = normaliseForId(term.term);
    const distractors = distinct
      .filter((other) => normaliseForId(other.term) !== key && normaliseForId(other.definition) !== normaliseForId(term.definition))
      .sort((a, b) => Math.abs(a.line - term.line) - Math.abs(b.line - term.line) || a.line - b.line)
      .slice(0, TERM_DISTRACTORS);
    if (distractors.length > 0 && termCards !== 'whatIs') {
      const id = uniqueId(`term-${hash64(`which\u0000${source}\u0000${key}`)}`);
      const options: Option[] = [
        { label: term.term, explanation: '', correct: true, line: term.line },
        ...distractors.map((d) => ({ label: d.term, explanation: d.definition, correct: false, line: d.line })),
      ];
      const card: Card = {
        id,
        kind: 'mcq',
        line: term.line,
        endLine: term.line,
        section,
        prompt: `Which term is this?\n\n${referenceMaskTerm(term.definition, term.term)
          .split('\n')
          .map((l) => `> ${l}`)
          .join('\n')}`,
        options: permute(options, seededRandom(hashSeed(id))),
      };
      items.push({ id, source, term: term.term, mode: 'choice', card });
    }
    if (termCards === 'whichTerm' && distractors.length > 0) continue;
    const id = uniqueId(`term-${hash64(`what\u0000${source}\u0000${key}`)}`);
    const prompt = `What is **${term.term.replace(/([\\`*_[\]<>#|~=])/g, '\\$1')}**?`;
    items.push({ id, source, term: term.term, mode: 'recall', card: { id, kind: 'flashcard', line: term.line, endLine: term.line, section, prompt, answer: term.definition } });
  }
  return items;
}

function referenceMaskTerm(definition: string, term: string): string {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return definition.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu'), '___');
}

/** A note built directly: sections, cards and terms on chosen lines (terms in line order, as parses give them). */
function syntheticNote(sectionLines: number[], cardLines: number[], terms: Term[]): Note {
  const sections: Section[] = [...new Set(sectionLines)]
    .sort((a, b) => a - b)
    .map((line, k) => ({ title: `S${k}`, level: 1 + (k % 3), line, endLine: line, path: [`S${k}`] }));
  const cards: Card[] = cardLines
    .sort((a, b) => a - b)
    .map((line, k) => ({ id: `c${k}`, kind: 'flashcard', line, endLine: line, section: [], prompt: `q${k}`, answer: 'a' }));
  const sorted = [...terms].sort((a, b) => a.line - b.line);
  return { sections, cards, terms: sorted, problems: [], lineCount: 200, codeBlocks: [] };
}

const TERM_WORDS = ['BLEU', 'bleu', 'ROUGE', 'Perplexity', 'LLM', 'llms', 'Amazon Titan', 'é-clair', 'Éclair', 'K8s', 'ſtraße', 'C++', 'a.b', '日本'];
const DEFINITIONS = ['you evaluate translation.', 'You evaluate translation.', 'BLEU scores n-grams', 'the same', 'the same', 'LLMs predict text; llms are big', 'Éclair au café', 'C++ is C++ish', 'a.b or aXb', '日本語の説明', 'K8s runs pods (ſ)', ''];

const termArb = fc.record({
  term: fc.constantFrom(...TERM_WORDS),
  definition: fc.constantFrom(...DEFINITIONS),
  line: fc.integer({ min: 1, max: 40 }),
});

const noteArb = fc.record({
  sections: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 6 }),
  cards: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 12 }),
  terms: fc.array(termArb, { maxLength: 30 }),
});

const CHOICES: TermCardChoice[] = ['both', 'whichTerm', 'whatIs', 'off'];

describe('term cards: the fast builder gives the reference builder\'s cards', function () {
  // Thousands of generated cases: generous on a busy machine.
  this.timeout(120_000);

  it('on the bundled sample, for every term-card choice', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../../../samples/aws-ai-practitioner-notes.md'), 'utf8');
    const note = parseNote(text, { noteKey: 'samples/aws-ai-practitioner-notes.md' });
    for (const choice of CHOICES) assert.deepStrictEqual(termItems(note, 'sample', choice), referenceTermItems(note, 'sample', choice));
    assert.ok(termItems(note, 'sample').length > 20);
  });

  it('on seeded random notes: terms sharing lines, keys and definitions, sections with and without cards', () => {
    fc.assert(
      fc.property(noteArb, fc.constantFrom(...CHOICES), ({ sections, cards, terms }, choice) => {
        const note = syntheticNote(sections, cards, terms);
        const reference = referenceTermItems(note, 'n.md', choice);
        assert.deepStrictEqual(termItems(note, 'n.md', choice), reference);
        // The lens counts (made without building the cards) count the same items.
        const lines = [...note.cards.map((c) => c.line), ...reference.map((i) => i.card.line)];
        const expected = note.sections.map((section) => {
          const range = sectionRange(note, section);
          return { line: section.line, count: lines.filter((l) => range && l >= range.line && l <= range.endLine).length };
        });
        assert.deepStrictEqual(quizCountsBySection(note, choice), expected);
      }),
      { numRuns: 3000, seed: 1010 },
    );
  });

  it('on random glossary notes as the parser reads them', () => {
    const line = fc.oneof(
      fc.tuple(fc.constantFrom(...TERM_WORDS), fc.constantFrom(...DEFINITIONS.filter((d) => d !== ''))).map(([t, d]) => `- ${t} -> ${d}`),
      fc.tuple(fc.constantFrom(...TERM_WORDS), fc.constantFrom(...DEFINITIONS.filter((d) => d !== ''))).map(([t, d]) => `The **${t}** is ${d}`),
      fc.constantFrom('# Part', '## Sub', '1. Which one?\n\n- `x`\n- y\n', 'Front::Back', ''),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const note = parseNote(lines.join('\n'));
        assert.deepStrictEqual(termItems(note, 'g.md'), referenceTermItems(note, 'g.md'));
      }),
      { numRuns: 500, seed: 2020 },
    );
  });

  it('maskTerm hides the same occurrences as a Unicode, case-insensitive RegExp with letter and digit boundaries', () => {
    const piece = fc.constantFrom('BLEU', 'bleu', 'Bleu', 'x', 'K', 'k', '\u212a', 's', 'ſ', 'é', 'E\u0301', '1', '_', ' ', '.', '*', '日本', '😀', 'ß', 'SS', 'İ', 'i');
    const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, text.filter((t) => t !== ''), (definition, term) => {
        assert.equal(maskTerm(definition, term), referenceMaskTerm(definition, term));
      }),
      { numRuns: 3000, seed: 3030 },
    );
  });
});
