import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseNote } from '../../src/core';
import type { ParseOptions } from '../../src/core';
import { parseIncremental, updateIncremental } from '../../src/core/parse/incremental-parse';

const FIXTURES_DIR = path.resolve(__dirname, '../../../test/fixtures/notes');

/** Lines that exercise every construct whose extent a line scan could get wrong. */
const LINES = [
  '', '', '', '  ', '# Title', '## Part', '### Q12.', '## What is a closure?', '#', '#no-space', ' ## indented',
  'Paragraph text with **Bold term** is a thing.', 'Which of the following is right?', '1. Which pricing model?', '2. What is S3?',
  '- plain option', '- `right option -> because`', '- **Term**: definition', '- BLEU -> translation', '  - nested', '    - deeper', '- [x] done', '- [ ] not',
  'A. first', 'B. second', 'Answer: B', 'Correct Answer: AC', '?', '??', 'front::back', 'a:::b', 'cloze ==hidden== here', '{{c1::Paris}} is {{c2::big}}',
  '```', '```js', '~~~', '````', '    indented code', '<!--', '-->', '<!-- one line -->', '<details>', '<summary>Answer</summary>', '<summary>Why?</summary>', '</details>',
  '<div>', '</div>', '> quoted', '> - `quoted option`', '===', '---', '| a | b |', '|---|---|', 'Term', ': its definition', '[ref]: https://example.com', 'see [ref]',
  // Front matter, repeated question headings (boilerplate only the whole note shows), comments, definitions after options.
  '---', 'title: x', '## Any doubts?', '## Any doubts?', 'Q::A <!--SR:!2026-03-01,4,270-->', '<!--ID: 1712-->', '==Whole paragraph.==', '- **S3** -> objects',
];

const lineArb = fc.constantFrom(...LINES);
const docArb = fc.array(lineArb, { maxLength: 40 }).map((lines) => lines.join('\n'));
const editArb = fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.array(lineArb, { maxLength: 3 }), withinLine: fc.boolean() });

function applyEdit(text: string, edit: { at: number; remove: number; insert: string[]; withinLine: boolean }): string {
  const lines = text.split('\n');
  const at = edit.at % (lines.length + 1);
  if (edit.withinLine && at < lines.length && edit.insert.length > 0) {
    // A keystroke-like edit: text typed in the middle of a line.
    const line = lines[at];
    const cut = edit.remove % (line.length + 1);
    lines[at] = line.slice(0, cut) + edit.insert[0] + line.slice(cut);
  } else {
    lines.splice(at, edit.remove, ...edit.insert);
  }
  return lines.join('\n');
}

function check(text: string, options: ParseOptions): void {
  assert.deepStrictEqual(parseIncremental(text, options).note, parseNote(text, options));
}

describe('incremental parsing', () => {
  it('a note parsed in chunks equals the full parse, for every fixture', () => {
    for (const file of fs.readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.md'))) {
      const text = fs.readFileSync(path.join(FIXTURES_DIR, file), 'utf8');
      check(text, { noteKey: file });
    }
  });

  it('never cuts a chunk inside front matter, and parses whole a note whose question heading repeats into boilerplate', () => {
    const frontMatter = ['---', 'title: x', '', '## not a heading', '---', '', '## A', 'x'].join('\n');
    assert.deepEqual(parseIncremental(frontMatter).chunks.map((c) => c.start), [0, 6]);
    check(frontMatter, {});
    const lesson = (n: number) => [`## Lesson ${n}`, '', 'Text.', '', '## Any doubts?', '', 'Ask.', ''];
    const boilerplate = [1, 2, 3].flatMap(lesson).join('\n');
    assert.equal(parseIncremental(boilerplate).chunks.length, 1);
    assert.equal(parseIncremental(boilerplate).note.cards.length, 0);
    check(boilerplate, {});
    assert.ok(parseIncremental([1, 2].flatMap(lesson).join('\n')).chunks.length > 1);
  });

  it('splits a note with many sections into many chunks, and merges at an unclosed fence', () => {
    const text = ['# A', '', '## B', '', '```', '', '## in code', '', '## C', 'x'].join('\n');
    const chunks = parseIncremental(text).chunks.map((c) => c.start);
    assert.deepEqual(chunks, [0, 2]);
    const closed = text.replace('## C', '```\n\n## C');
    assert.deepEqual(parseIncremental(closed).chunks.map((c) => c.start), [0, 2, 10]);
  });

  it('random notes parsed in chunks equal the full parse', () => {
    fc.assert(
      fc.property(docArb, (text) => check(text, { noteKey: 'n.md' })),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('after random edits (inserts, deletes, edits in fences, HTML blocks and comments), the updated model equals a full parse', () => {
    fc.assert(
      fc.property(docArb, fc.array(editArb, { minLength: 1, maxLength: 6 }), fc.boolean(), (text, edits, crlf) => {
        const options: ParseOptions = { noteKey: 'notes/n.md' };
        let model = parseIncremental(crlf ? text.replace(/\n/g, '\r\n') : text, options);
        let current = text;
        for (const edit of edits) {
          current = applyEdit(current, edit);
          const input = crlf ? current.replace(/\n/g, '\r\n') : current;
          model = updateIncremental(model, input);
          assert.deepStrictEqual(model.note, parseNote(input, options));
        }
      }),
      { numRuns: 1500, seed: 11 },
    );
  });

  it('honours custom flashcard separators', () => {
    const options: ParseOptions = { flashcards: { multilineSeparator: '%%', separator: ';;' } };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINES, '%%', 'a;;b'), { maxLength: 30 }), editArb, (lines, edit) => {
        const text = lines.join('\n');
        const edited = applyEdit(text, edit);
        assert.deepStrictEqual(updateIncremental(parseIncremental(text, options), edited).note, parseNote(edited, options));
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});
