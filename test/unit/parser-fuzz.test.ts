import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseNote } from '../../src/core';
import type { Note } from '../../src/core';

/** Pieces of markdown that the parser treats specially, glued together at random. */
const PIECES = [
  '\n', '\n\n', ' ', '  ', '\t', '#', '## ', '### Q1. ', '- ', '* ', '1. ', '2) ', '  - ', '> ', '`', '```', '~~~', '**', '__', '*', '_',
  '==', '::', ':::', '?', '??', '{{c1::', '{{c2::', '}}', '::hint', '<details>', '<summary>', '</summary>', '</details>', '<!--', '-->',
  '<div>', '[x] ', '[ ] ', 'A. ', 'B) ', '(C) ', 'Answer: ', 'Correct Answer: AC', ' -> ', ' → ', ' - ', '✅', '(correct)', '===', '---',
  '| a | b |', '|---|', ': ', 'Term', 'Which of the following', 'What?', 'text', '\r\n', '\r', '\uFEFF', '\u0000', 'é', '😀', '[ref]: /u',
];

const markdown = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })), { maxLength: 120 }).map((parts) => parts.join(''));

function checkInvariants(text: string, note: Note): void {
  const lineCount = note.lineCount;
  const inside = (what: string, line: number, endLine = line): void => {
    assert.ok(Number.isInteger(line) && line >= 1 && line <= lineCount, `${what}: line ${line} outside 1..${lineCount}`);
    assert.ok(Number.isInteger(endLine) && endLine >= line && endLine <= lineCount, `${what}: endLine ${endLine} outside ${line}..${lineCount}`);
  };
  note.sections.forEach((s, i) => inside(`sections[${i}]`, s.line, s.endLine));
  note.cards.forEach((c, i) => {
    inside(`cards[${i}]`, c.line, c.endLine);
    c.options?.forEach((o, k) => inside(`cards[${i}].options[${k}]`, o.line));
  });
  note.terms.forEach((t, i) => inside(`terms[${i}]`, t.line));
  note.problems.forEach((p, i) => inside(`problems[${i}]`, p.line));
  note.codeBlocks.forEach((r, i) => inside(`codeBlocks[${i}]`, r.line, r.endLine));
  const ids = note.cards.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, `duplicate card ids in ${JSON.stringify(text)}`);
}

describe('parser fuzz', () => {
  it('random markdown never makes the parser throw; every line range is inside the note; every card id is unique', () => {
    fc.assert(
      fc.property(markdown, fc.constantFrom('', 'notes/a.md'), (text, noteKey) => {
        checkInvariants(text, parseNote(text, { noteKey }));
      }),
      { numRuns: 1500, seed: 42 },
    );
  });

  it('random separators never make the parser throw', () => {
    fc.assert(
      fc.property(markdown, fc.constantFrom('::', ';;', '?', '', '=='), fc.constantFrom('?', '%%', '', '---'), (text, separator, multiline) => {
        checkInvariants(text, parseNote(text, { flashcards: { separator, multilineSeparator: multiline } }));
      }),
      { numRuns: 500, seed: 43 },
    );
  });
});
