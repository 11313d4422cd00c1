import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNote, type Term } from '../../src/core';
import { Glossary, type TermMatch } from '../../src/core/editor/glossary';

const samplePath = path.resolve(__dirname, '../../../test/fixtures/notes/aws-ai-practitioner-notes.md');
const sampleLines = fs.readFileSync(samplePath, 'utf8').split(/\r?\n/);

function term(text: string, line = 1, definition = `definition of ${text}`): Term {
  return { term: text, definition, line };
}

function glossaryOf(...terms: (string | Term)[]): Glossary {
  const glossary = new Glossary();
  glossary.setNote('notes.md', terms.map((t, i) => (typeof t === 'string' ? term(t, i + 1) : t)));
  return glossary;
}

/** Looks up the term under the first occurrence of `at` in `line` (the cursor on its first character). */
function lookup(glossary: Glossary, line: string, at: string, ignore?: { start: number; end: number }[]): TermMatch | undefined {
  const column = line.indexOf(at);
  assert.ok(column >= 0, `"${at}" is not in "${line}"`);
  return glossary.lookupAt(line, column, ignore);
}

function matchedTerms(match: TermMatch | undefined): string[] {
  return match?.entries.map((e) => e.term) ?? [];
}

describe('Glossary', () => {
  it('finds a term under the cursor anywhere in the word, with its range and definition', () => {
    const glossary = glossaryOf(term('BLEU', 363, 'you evaluate translation.'));
    const line = 'Compare the BLEU scores.';
    for (let column = 12; column <= 16; column++) {
      const match = glossary.lookupAt(line, column);
      assert.deepEqual(match && { start: match.start, end: match.end, text: match.text }, { start: 12, end: 16, text: 'BLEU' }, `column ${column}`);
      assert.deepEqual(match?.entries, [{ term: 'BLEU', definition: 'you evaluate translation.', line: 363, noteKey: 'notes.md' }]);
    }
    assert.equal(glossary.lookupAt(line, 11), undefined, 'the space before the term');
    assert.equal(glossary.lookupAt(line, 18), undefined, 'another word');
  });

  it('matches case-insensitively', () => {
    const glossary = glossaryOf('BLEU', 'Perplexity');
    assert.deepEqual(matchedTerms(lookup(glossary, 'a bleu score', 'bleu')), ['BLEU']);
    assert.deepEqual(matchedTerms(lookup(glossary, 'PERPLEXITY is low', 'PERPLEXITY')), ['Perplexity']);
  });

  it('matches whole words only: "BLEU" is not inside "BLEUE" or "BLEUs2"', () => {
    const glossary = glossaryOf('BLEU', 'rag');
    assert.equal(lookup(glossary, 'la mer BLEUE', 'BLEUE'), undefined);
    assert.equal(lookup(glossary, 'see BLEUs2 here', 'BLEUs2'), undefined);
    assert.equal(lookup(glossary, 'a fragrant dish', 'fragrant'), undefined);
    assert.equal(lookup(glossary, 'snake_BLEU_case', 'BLEU'), undefined, 'underscores join words');
  });

  it('finds the singular term from its plural and the plural term from its singular', () => {
    const glossary = glossaryOf('LLMs', 'foundation model', 'ontology', 'database', 'class');
    assert.deepEqual(matchedTerms(lookup(glossary, 'interact with an LLM?', 'LLM')), ['LLMs']);
    assert.deepEqual(matchedTerms(lookup(glossary, 'all the foundation models inside it', 'models')), ['foundation model']);
    assert.equal(lookup(glossary, 'all the foundation models inside it', 'models')?.text, 'foundation models');
    assert.deepEqual(matchedTerms(lookup(glossary, 'two ontologies', 'ontologies')), ['ontology']);
    assert.deepEqual(matchedTerms(lookup(glossary, 'vector databases', 'databases')), ['database']);
    assert.deepEqual(matchedTerms(lookup(glossary, 'many classes', 'classes')), ['class']);
    assert.deepEqual(matchedTerms(lookup(glossary, "the model's weights", "model's")), []);
    assert.deepEqual(matchedTerms(lookup(glossary, "the LLM's answer", "LLM's")), ['LLMs']);
  });

  it('prefers the longest term covering the cursor', () => {
    const glossary = glossaryOf('training', 'continued pre-training', 'pre-training');
    const line = 'With continued pre-training you adapt a model; training alone is different.';
    for (const at of ['continued', 'pre-', 'training you']) {
      const match = lookup(glossary, line, at);
      assert.equal(match?.text, 'continued pre-training', at);
      assert.deepEqual(matchedTerms(match), ['continued pre-training']);
    }
    assert.deepEqual(matchedTerms(lookup(glossary, line, 'training alone')), ['training']);
  });

  it('treats hyphens and spaces between the words of a term alike, and hyphens as word boundaries', () => {
    const glossary = glossaryOf('pre-training', 'ROUGE');
    assert.equal(lookup(glossary, 'we do pre training first', 'pre')?.text, 'pre training');
    assert.equal(lookup(glossary, 'we do pre-training first', 'training')?.text, 'pre-training');
    assert.equal(lookup(glossary, 'we do pre–training first', 'pre')?.text, 'pre–training', 'an en dash');
    assert.equal(lookup(glossary, '  - rouge-n measures n-grams', 'rouge')?.text, 'rouge');
    assert.equal(lookup(glossary, 'we do pre, training first', 'pre'), undefined, 'a comma is not a hyphen');
  });

  it('ignores inline code spans and the ranges it is told to ignore', () => {
    const glossary = glossaryOf('BLEU', 'foundation model');
    assert.equal(lookup(glossary, 'call `BLEU(x)` here', 'BLEU'), undefined);
    assert.equal(lookup(glossary, 'call ``a `BLEU` b`` here', 'BLEU'), undefined, 'a double-backtick span');
    assert.equal(lookup(glossary, 'a `foundation` model', 'model'), undefined, 'a term is not matched across code');
    assert.equal(lookup(glossary, 'after `code` BLEU counts', 'BLEU')?.text, 'BLEU');
    const line = 'x = bleu; // BLEU score';
    assert.equal(lookup(glossary, line, 'bleu', [{ start: 0, end: 10 }]), undefined);
    assert.equal(lookup(glossary, line, 'BLEU', [{ start: 0, end: 10 }])?.text, 'BLEU');
  });

  it('keeps punctuation that is part of a term: "C++" is not "C", ".NET" is not "NET"', () => {
    const glossary = glossaryOf('C++', '.NET', 'Node.js');
    assert.equal(lookup(glossary, 'written in C++ mostly', 'C++')?.text, 'C++');
    assert.equal(lookup(glossary, 'written in C mostly', 'C '), undefined);
    assert.equal(lookup(glossary, 'a .NET app', 'NET')?.text, '.NET');
    assert.equal(lookup(glossary, 'the NET result', 'NET'), undefined);
    assert.equal(lookup(glossary, 'run Node.js here', 'js')?.text, 'Node.js');
    assert.equal(lookup(glossary, 'a Node. JS', 'Node'), undefined);
  });

  it('answers to both names of "Long Name (ABBR)"', () => {
    const glossary = glossaryOf('Retrieval Augmented Generation (RAG)');
    assert.deepEqual(matchedTerms(lookup(glossary, 'use RAG here', 'RAG')), ['Retrieval Augmented Generation (RAG)']);
    assert.equal(lookup(glossary, 'retrieval-augmented generation works', 'generation')?.text, 'retrieval-augmented generation');
  });

  it('returns every note that defines the term, ordered by note and line', () => {
    const glossary = new Glossary();
    glossary.setNote('b.md', [term('LLM', 4, 'from b')]);
    glossary.setNote('a.md', [term('LLMs', 9, 'from a'), term('llm', 2, 'again from a')]);
    const match = glossary.lookupAt('an LLM', 4);
    assert.deepEqual(
      match?.entries.map((e) => `${e.noteKey}:${e.line}:${e.definition}`),
      ['a.md:2:again from a', 'a.md:9:from a', 'b.md:4:from b'],
    );
  });

  it('follows notes being replaced and deleted without a rebuild', () => {
    const glossary = new Glossary();
    glossary.setNote('a.md', [term('continued pre-training word list', 1), term('BLEU', 2)]);
    glossary.setNote('b.md', [term('BLEU', 3)]);
    assert.equal(glossary.noteCount, 2);
    glossary.setNote('a.md', [term('ROUGE', 5)]);
    assert.deepEqual(glossary.lookupAt('BLEU', 0)?.entries.map((e) => e.noteKey), ['b.md']);
    assert.deepEqual(glossary.lookupAt('ROUGE', 0)?.entries.map((e) => e.line), [5]);
    assert.equal(glossary.deleteNote('b.md'), true);
    assert.equal(glossary.deleteNote('b.md'), false);
    assert.equal(glossary.lookupAt('BLEU', 0), undefined);
    glossary.setNote('a.md', []);
    assert.equal(glossary.noteCount, 0);
    assert.deepEqual(glossary.noteKeys(), []);
  });

  it('finds where a term is written on its definition line', () => {
    const glossary = new Glossary();
    assert.deepEqual(glossary.findInLine('The **LLMs** are a type of AI', 'LLMs'), { start: 6, end: 10 });
    assert.deepEqual(glossary.findInLine('- BLEU -> you evaluate translation.', 'BLEU'), { start: 2, end: 6 });
    assert.deepEqual(glossary.findInLine('- `BLEU` then BLEU', 'BLEU'), { start: 14, end: 18 });
    assert.equal(glossary.findInLine('nothing here', 'BLEU'), undefined);
  });

  describe('on the sample notes', () => {
    const glossary = new Glossary();
    glossary.setNote('aws-ai-practitioner-notes.md', parseNote(sampleLines.join('\n')).terms);
    const at = (lineNumber: number, word: string) => lookup(glossary, sampleLines[lineNumber - 1], word);

    it('finds BLEU on its own definition line in "#### Common metrics"', () => {
      assert.deepEqual(at(363, 'BLEU')?.entries.map((e) => [e.term, e.line]), [['BLEU', 363]]);
    });

    it('finds "foundation model" in "foundation models" away from its definition', () => {
      assert.deepEqual(at(149, 'foundation')?.entries.map((e) => [e.term, e.line]), [['foundation model', 135]]);
      assert.deepEqual(at(195, 'models')?.entries.map((e) => [e.term, e.line]), [['foundation model', 135]]);
      assert.equal(at(197, 'foundation')?.text, 'foundation models');
    });

    it('finds the definition of "LLMs" from "LLM" in "### How do we interact with an LLM?"', () => {
      assert.equal(sampleLines[156], '### How do we interact with an LLM?');
      assert.deepEqual(at(157, 'LLM')?.entries.map((e) => [e.term, e.line]), [['LLMs', 149]]);
    });

    it('answers a lookup on a 10,000-character line in a few passes over the line, not more', function () {
      // Rounds of about 0.2 s: a loaded machine can make them ten times as long.
      this.timeout(120_000);
      const line = sampleLines.slice(140, 400).join(' ');
      assert.ok(line.length > 9_000);
      const columns = Array.from({ length: Math.ceil(line.length / 29) }, (_, i) => i * 29);
      // The baseline, timed in the same test: one scan of the whole line for its words. A
      // busy machine slows both alike; the fastest of interleaved rounds leaves out pauses.
      let lookupMs = Infinity;
      let scanMs = Infinity;
      let found = 0;
      for (let round = 0; round < 5; round++) {
        let start = performance.now();
        found = 0;
        for (const column of columns) if (glossary.lookupAt(line, column)) found++;
        lookupMs = Math.min(lookupMs, (performance.now() - start) / columns.length);
        start = performance.now();
        let words = 0;
        for (let scan = 0; scan < 20; scan++) words += line.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
        scanMs = Math.min(scanMs, (performance.now() - start) / 20);
        assert.ok(words > 0);
      }
      assert.ok(found > 0);
      // About 3 to 5 scans here (0.5 ms a lookup): a hover stays instant on the longest lines.
      assert.ok(lookupMs < 20 * scanMs, `${lookupMs.toFixed(3)} ms per lookup, ${(lookupMs / scanMs).toFixed(1)} × a scan of the line (${scanMs.toFixed(3)} ms)`);
    });
  });
});
