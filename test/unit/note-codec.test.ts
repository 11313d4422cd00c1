import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNote, type Note } from '../../src/core';
import { isNote } from '../../src/core/parse/parse-cache';
import { packNote, unpackNote } from '../../src/core/parse/note-codec';

const FIXTURES_DIR = path.resolve(__dirname, '../../../test/fixtures/notes');

/** What the snapshot stores and reads back: the packed note through JSON text. */
function throughJson(note: Note): unknown {
  return JSON.parse(JSON.stringify(packNote(note))) as unknown;
}

const MIXED = [
  'Loose question above any heading::Its answer',
  '',
  '# Top',
  '',
  'The **cache** is a store of recent results.',
  '',
  '## Part',
  '',
  '1. Which is right?',
  '',
  '- wrong',
  '- `right` — because',
  '',
  'Front:::Back',
  '',
  'A ==highlight== and {{c2::another}} cloze.',
  '',
  '```js',
  'code();',
  '```',
  '',
  '## Part',
  '',
  'Same title, another section::yes',
  '',
  '1. A question without options or answer?',
  '',
].join('\n');

describe('packed notes (the parse cache\'s snapshot encoding)', () => {
  it('every fixture note, packed and read back through JSON, is deeply equal to its parse (fields absent stay absent)', () => {
    const files = fs.readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.md'));
    assert.ok(files.length > 20, `${files.length} fixtures`);
    for (const file of files) {
      const note = parseNote(fs.readFileSync(path.join(FIXTURES_DIR, file), 'utf8'), { noteKey: file });
      const back = unpackNote(throughJson(note));
      assert.deepStrictEqual(back, note, file);
      assert.ok(isNote(back), file);
    }
  });

  it('a note with cards above the first heading, reversed flashcards, clozes, options, problems, code blocks and two sections of the same title round-trips', () => {
    const note = parseNote(MIXED, { noteKey: 'mixed.md' });
    assert.ok(note.cards.some((c) => c.section.length === 0), 'a card above the first heading');
    assert.ok(note.cards.some((c) => c.reversed === true), 'a reversed flashcard');
    assert.ok(note.cards.some((c) => c.clozeGroup !== undefined), 'a cloze');
    assert.ok(note.cards.some((c) => c.options !== undefined), 'a multiple-choice card');
    assert.ok(note.problems.length > 0, 'a problem');
    assert.ok(note.codeBlocks.length > 0, 'a code block');
    assert.ok(note.terms.length > 0, 'a term');
    assert.deepStrictEqual(unpackNote(throughJson(note)), note);
  });

  it('a card read back shares its breadcrumb with its section, as a fresh parse does', () => {
    const back = unpackNote(throughJson(parseNote(MIXED)));
    assert.ok(back);
    const part = back.sections.find((s) => s.title === 'Part');
    const card = back.cards.find((c) => c.section.at(-1) === 'Part');
    assert.ok(part && card);
    assert.equal(card.section, part.path);
  });

  it('refuses a packed note of the wrong shape: cut short, a line outside the note, an unknown kind or severity, a record missing a field', () => {
    const packed = throughJson(parseNote(MIXED)) as unknown[];
    const changed = (change: (p: unknown[]) => void): unknown => {
      const copy = structuredClone(packed);
      change(copy);
      return copy;
    };
    const cards = (p: unknown[]): unknown[][] => p[3] as unknown[][];
    const refused: [string, unknown][] = [
      ['not an array', { lineCount: 3 }],
      ['cut short', packed.slice(0, 6)],
      ['a negative line count', changed((p) => (p[0] = -1))],
      ['a card line past the end', changed((p) => (cards(p)[0][2] = (p[0] as number) + 1))],
      ['a card ending before it starts', changed((p) => (cards(p)[0][3] = 0))],
      ['an unknown card kind', changed((p) => (cards(p)[0][1] = 7))],
      ['a card missing a field', changed((p) => cards(p)[0].pop())],
      ['a card pointing at no breadcrumb', changed((p) => (cards(p)[0][4] = 99))],
      ['a prompt that is no text', changed((p) => (cards(p)[0][5] = 5))],
      ['a section record missing a field', changed((p) => (p[2] as unknown[]).pop())],
      ['a breadcrumb holding a number', changed((p) => (p[1] as unknown[][]).push([1]))],
      ['an unknown severity', changed((p) => ((p[5] as unknown[])[1] = 'fatal'))],
      ['a term line of 1.5', changed((p) => ((p[4] as unknown[])[2] = 1.5))],
      ['a code block past the end', changed((p) => ((p[6] as unknown[])[1] = 10_000))],
    ];
    for (const [what, value] of refused) {
      assert.notDeepEqual(value, packed, what);
      assert.equal(unpackNote(value), undefined, what);
    }
  });

  it('any single value replaced by one of another type reads as no note or as a well-formed one, never throws', () => {
    const packed = throughJson(parseNote(MIXED)) as unknown[];
    const replacements: unknown[] = [null, 'x', -1, 0, 1.5, 1e9, true, [], {}];
    let refusals = 0;
    let tried = 0;
    const visit = (node: unknown[], at: number[]): void => {
      node.forEach((value, i) => {
        if (Array.isArray(value)) visit(value, [...at, i]);
        for (const replacement of replacements) {
          const copy = structuredClone(packed);
          let parent = copy;
          for (const step of at) parent = parent[step] as unknown[];
          parent[i] = replacement;
          tried++;
          const back = unpackNote(copy);
          if (back === undefined) refusals++;
          else assert.ok(isNote(back), `${[...at, i].join('.')} = ${JSON.stringify(replacement)}`);
        }
      });
    };
    visit(packed, []);
    assert.ok(tried > 500 && refusals > tried / 2, `${refusals} of ${tried} refused`);
  });
});
