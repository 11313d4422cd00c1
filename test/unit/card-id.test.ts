import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseNote, type Note } from '../../src/core';
import { hash64 } from '../../src/core/model/card-id';

const samplePath = path.resolve(__dirname, '../../../test/fixtures/notes/aws-ai-practitioner-notes.md');
const sample = fs.readFileSync(samplePath, 'utf8');

/** Card ids keyed by prompt, for comparing two parses of edited text. */
function idsByPrompt(note: Note): Map<string, string> {
  return new Map(note.cards.map((c) => [`${c.kind}|${c.prompt}|${c.reversed ? 'r' : ''}|${c.clozeGroup ?? ''}`, c.id]));
}

const QUIZ = [
  '# Quiz',
  '',
  '## Cloud',
  '',
  '7. What is the pricing model of Cloud Computing?',
  '',
  '- Discounts over time',
  '- `Pay-as-you-go pricing -> only charged for what you use.`',
  '- Flat-rate pricing',
  '',
  '8. Which service has a global scope?',
  '',
  '- EC2 - regional',
  '- `IAM - global`',
  '',
  'Capital of France::Paris',
  '',
].join('\n');

describe('card ids', () => {
  it('are unique within the sample notes and the same on every parse', () => {
    const first = parseNote(sample);
    const ids = first.cards.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(parseNote(sample).cards.map((c) => c.id), ids);
  });

  it('survive text added elsewhere in the note (random paragraphs, lists and headings inserted before headings)', () => {
    const base = idsByPrompt(parseNote(sample));
    const blocks = sample.split('\n\n');
    // Insertion points: before each heading and at the end, so that no question is split from its options.
    const points = [...blocks.map((b, i) => (b.startsWith('#') ? i : -1)).filter((i) => i >= 0), blocks.length];
    const insertion = fc.oneof(
      fc.stringMatching(/^[A-Za-z ,]{1,40}$/).map((t) => `Some unrelated note text: ${t}.`),
      // A paragraph first: a list right after a question's options would extend them.
      fc.stringMatching(/^[A-Za-z ]{1,20}$/).map((t) => `Intro ${t}:\n\n- ${t}\n- another ${t}`),
      fc.stringMatching(/^[A-Za-z ]{1,20}$/).map((t) => `### New heading ${t}`),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...points), insertion), { minLength: 1, maxLength: 5 }),
        (inserts) => {
          const edited = [...blocks];
          for (const [at, text] of [...inserts].sort((a, b) => b[0] - a[0])) {
            edited.splice(at, 0, text);
          }
          const after = idsByPrompt(parseNote(edited.join('\n\n')));
          for (const [prompt, id] of base) assert.equal(after.get(prompt), id, `id of ${prompt} changed`);
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  });

  it('survive renumbering the question (7. becomes 8.)', () => {
    const before = parseNote(QUIZ).cards[0];
    const after = parseNote(QUIZ.replace('7. What', '12. What')).cards[0];
    assert.equal(after.id, before.id);
  });

  it('survive moving the question to another section', () => {
    const before = parseNote(QUIZ).cards[0];
    const moved = QUIZ.replace('## Cloud', '## Cloud\n\nIntro.\n\n## Pricing questions\n\n### Deeper');
    const after = parseNote(moved).cards[0];
    assert.deepEqual(after.section, ['Quiz', 'Pricing questions', 'Deeper']);
    assert.equal(after.id, before.id);
  });

  it('survive reordering the options and changing which option is marked', () => {
    const before = parseNote(QUIZ).cards[0];
    const reordered = QUIZ.replace(
      '- Discounts over time\n- `Pay-as-you-go pricing -> only charged for what you use.`\n- Flat-rate pricing',
      '- Flat-rate pricing\n- `Discounts over time`\n- Pay-as-you-go pricing -> only charged for what you use.',
    );
    assert.notEqual(reordered, QUIZ);
    assert.equal(parseNote(reordered).cards[0].id, before.id);
  });

  it('change when the question text changes, and when an option is reworded', () => {
    const before = parseNote(QUIZ).cards[0];
    assert.notEqual(parseNote(QUIZ.replace('pricing model', 'billing model')).cards[0].id, before.id);
    assert.notEqual(parseNote(QUIZ.replace('Flat-rate pricing', 'Fixed pricing')).cards[0].id, before.id);
  });

  it('differ for identical questions in one note, numbered in note order', () => {
    const twice = `${QUIZ}\n${QUIZ.replace('# Quiz', '# Again')}`;
    const note = parseNote(twice);
    const ids = note.cards.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(note.cards[3].id, `${note.cards[0].id}-2`);
    assert.ok(note.problems.some((p) => p.code === 'duplicate-question' && p.line === note.cards[3].line));
  });

  it('differ for identical questions in two notes', () => {
    const a = parseNote(QUIZ, { noteKey: 'a.md' }).cards.map((c) => c.id);
    const b = parseNote(QUIZ, { noteKey: 'b.md' }).cards.map((c) => c.id);
    for (const id of a) assert.ok(!b.includes(id));
  });

  it('give the two twins of a reversed flashcard different ids', () => {
    const note = parseNote('Red:::Rouge\n');
    assert.equal(note.cards.length, 2);
    assert.notEqual(note.cards[0].id, note.cards[1].id);
  });

  it('do not depend on line endings (CRLF and LF give the same ids)', () => {
    assert.deepEqual(parseNote(QUIZ.replace(/\n/g, '\r\n')).cards.map((c) => c.id), parseNote(QUIZ).cards.map((c) => c.id));
  });

  it('of a question whose answer is in a details block do not change when a code sample stands between them', () => {
    const details = ['<details><summary>Answer</summary>', '', '**Output:** `3`', '', '</details>'];
    const bare = parseNote(['### What does this print?', '', ...details].join('\n')).cards;
    const withCode = parseNote(['### What does this print?', '', '```bash', 'echo $((7 / 2))', '```', '', ...details].join('\n')).cards;
    assert.equal(bare.length, 1);
    assert.equal(withCode.length, 1);
    assert.match(withCode[0].prompt, /echo/);
    assert.equal(withCode[0].answer, bare[0].answer);
    assert.equal(withCode[0].id, bare[0].id);
  });

  it('hash64 gives 16 hex digits and spreads similar inputs apart', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20000; i++) {
      const h = hash64(`question ${i}`);
      assert.match(h, /^[0-9a-f]{16}$/);
      seen.add(h);
    }
    assert.equal(seen.size, 20000);
  });

  it('hash64 of parts is the hash of their concatenation (ids in review logs stay valid)', () => {
    assert.equal(hash64('notes/aws.md', '\u0002', 'mcq\u0000which region?'), hash64('notes/aws.md\u0002mcq\u0000which region?'));
    assert.equal(hash64('', 'abc', ''), hash64('abc'));
    // Pinned: ids already written to review logs were made with this function.
    assert.equal(hash64('question 1'), 'b3f0f1866a776bed');
  });
});
