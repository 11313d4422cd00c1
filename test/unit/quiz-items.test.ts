import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNote } from '../../src/core';
import { askingModeOf, maskTerm, quizCountsBySection, quizItemsOf, sectionAt, sectionRange, termItems } from '../../src/core/quiz/quiz-items';

const samplePath = path.resolve(__dirname, '../../../test/fixtures/notes/aws-ai-practitioner-notes.md');
const sample = parseNote(fs.readFileSync(samplePath, 'utf8'));
const lineOf = (heading: string) => {
  const section = sample.sections.find((s) => s.title === heading);
  assert.ok(section, `the sample lost its "${heading}" heading`);
  return section.line;
};

describe('Quiz items', () => {
  it('the section under the cursor is the last heading above it, and nothing above the first heading', () => {
    assert.equal(sectionAt(sample, 1)?.title, 'AWS AI Practitioner certificate');
    assert.equal(sectionAt(sample, lineOf('Udemy questions:') + 5)?.title, 'Udemy questions:');
    const note = parseNote('Intro text\n\n# First\n');
    assert.equal(sectionAt(note, 1), undefined);
  });

  it('a section range runs to the next heading of the same or a higher level, sub-sections included', () => {
    const section5 = lineOf('Section 5: Amazon bedrock and Generative AI');
    const range = sectionRange(sample, { line: section5 });
    assert.deepEqual(range, { line: section5, endLine: sample.lineCount });
    const section3 = sectionRange(sample, { line: lineOf('Section 3: Introduction to AWS and cloud computing') });
    assert.equal(section3?.endLine, section5 - 1);
  });

  it('"Udemy questions:" asks its 13 multiple-choice questions in note order, the unmarked one as self-check', () => {
    const range = sectionRange(sample, { line: lineOf('Udemy questions:') });
    const items = quizItemsOf(sample, 'sample', range);
    assert.equal(items.length, 13);
    assert.deepEqual(
      items.map((i) => i.card.kind),
      Array(13).fill('mcq'),
    );
    assert.deepEqual(items.map((i) => i.card.line), [...items.map((i) => i.card.line)].sort((a, b) => a - b));
    assert.equal(items.filter((i) => i.mode === 'self-check').length, 1);
    assert.match(items.find((i) => i.mode === 'self-check')?.card.prompt ?? '', /AWS Regions are composed of/);
  });

  it('"Section 5" asks its two heading questions and term cards built from its terms', () => {
    const items = quizItemsOf(sample, 'sample', sectionRange(sample, { line: lineOf('Section 5: Amazon bedrock and Generative AI') }));
    const headings = items.filter((i) => i.term === undefined);
    assert.deepEqual(
      headings.map((i) => i.card.prompt),
      ['How do we interact with an LLM?', 'How to choose a model?'],
    );
    const terms = new Set(items.filter((i) => i.term !== undefined).map((i) => i.term));
    for (const term of ['foundation model', 'LLMs', 'BLEU', 'ROUGE', 'Perplexity', 'finetuning']) assert.ok(terms.has(term), `no term card for ${term}`);
    const which = items.find((i) => i.term === 'BLEU' && i.card.kind === 'mcq');
    const what = items.find((i) => i.term === 'BLEU' && i.card.kind === 'flashcard');
    assert.ok(which && what);
    assert.equal(what.card.prompt, 'What is **BLEU**?');
    assert.match(what.card.answer ?? '', /evaluate translation/);
    assert.match(which.card.prompt, /^Which term is this\?/);
    assert.match(which.card.prompt, /evaluate translation/);
  });

  it('the wrong options of "which term is this?" are other terms defined nearby, each explained by its definition', () => {
    const which = termItems(sample, 'sample').find((i) => i.term === 'BLEU' && i.card.kind === 'mcq');
    assert.ok(which?.card.options);
    const options = which.card.options;
    assert.deepEqual(options.filter((o) => o.correct).map((o) => o.label), ['BLEU']);
    // BLEU is at line 363; the nearest other terms are ROUGE, BERTscore and Perplexity.
    assert.deepEqual(options.filter((o) => !o.correct).map((o) => o.label).sort(), ['BERTscore', 'Perplexity', 'ROUGE']);
    assert.match(options.find((o) => o.label === 'ROUGE')?.explanation ?? '', /summarization/);
    assert.equal(askingModeOf(which.card), 'choice');
  });

  it('the term is hidden in its own definition', () => {
    assert.equal(maskTerm('The **LLMs** are a type of AI; llms generate text.', 'LLMs'), 'The **___** are a type of AI; ___ generate text.');
    assert.equal(maskTerm('Flashy flash cards', 'flash'), 'Flashy ___ cards');
  });

  it('a section with enough questions of its own gets no term cards', () => {
    const text = ['# Cloud', '', '- IaaS -> you manage the OS.', '- SaaS -> everything is managed.', '', ...[1, 2, 3].flatMap((n) => [`${n}. Question ${n}?`, '', `- \`Right ${n}\``, `- Wrong ${n}`, ''])].join('\n');
    const note = parseNote(text);
    assert.equal(note.terms.length, 2);
    assert.equal(termItems(note, 'n').length, 0);
    assert.equal(quizItemsOf(note, 'n').length, 3);
  });

  it('a lone term gets a flashcard but no multiple choice (there is nothing to confuse it with)', () => {
    const note = parseNote('# Glossary\n\n- Perplexity -> how well the model predicts the next token.\n');
    const items = termItems(note, 'n');
    assert.deepEqual(
      items.map((i) => i.card.kind),
      ['flashcard'],
    );
  });

  it('noteReview.quiz.termCards picks the kinds of term cards, and the lens counts follow', () => {
    const kinds = (choice: 'both' | 'whichTerm' | 'whatIs' | 'off') => {
      const items = termItems(sample, 'sample', choice);
      return { mcq: items.filter((i) => i.card.kind === 'mcq').length, flashcard: items.filter((i) => i.card.kind === 'flashcard').length };
    };
    const both = kinds('both');
    assert.ok(both.mcq > 0 && both.flashcard > 0);
    assert.deepEqual(kinds('whatIs'), { mcq: 0, flashcard: both.flashcard });
    // Only multiple choice, but for every term that has other terms to be wrong options.
    assert.deepEqual(kinds('whichTerm'), { mcq: both.mcq, flashcard: both.flashcard - both.mcq });
    assert.deepEqual(kinds('off'), { mcq: 0, flashcard: 0 });
    const total = (choice: 'both' | 'off') => quizCountsBySection(sample, choice).find((c) => c.line === 1)?.count;
    assert.equal(total('off'), sample.cards.length);
    assert.equal(total('both'), sample.cards.length + both.mcq + both.flashcard);
    // The ids of the cards kept do not depend on the choice.
    const ids = new Set(termItems(sample, 'sample').map((i) => i.id));
    assert.ok(termItems(sample, 'sample', 'whichTerm').every((i) => ids.has(i.id)));
  });

  it('a lone term still gets its flashcard when only "which term is this?" is asked for', () => {
    const note = parseNote('# Notes\n\n- BLEU -> you evaluate translation.\n');
    assert.deepEqual(termItems(note, 'n', 'whichTerm').map((i) => i.card.kind), ['flashcard']);
  });

  it('term card ids are stable across parses and differ between notes', () => {
    const again = termItems(parseNote(fs.readFileSync(samplePath, 'utf8')), 'sample').map((i) => i.id);
    assert.deepEqual(again, termItems(sample, 'sample').map((i) => i.id));
    assert.equal(new Set(again).size, again.length);
    assert.notDeepEqual(termItems(sample, 'other').map((i) => i.id), again);
  });

  it('counts every section\'s quiz items in one pass, as asking section by section would', () => {
    const nested = parseNote(['# A', '1. Q1?', '- `x`', '- y', '## B', '2. Q2?', '- `x`', '- z', '### C', 'F::B', '## D', '# E', 'G::H', ''].join('\n'));
    for (const note of [sample, nested]) {
      const expected = note.sections.map((section) => {
        const range = sectionRange(note, section);
        return { line: section.line, count: range ? quizItemsOf(note, 's', range).length : 0 };
      });
      assert.deepEqual(quizCountsBySection(note), expected);
    }
    assert.deepEqual(quizCountsBySection(nested).map((c) => c.count), [3, 2, 1, 0, 1]);
  });
});
