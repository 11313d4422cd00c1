// The bundled sample, pinned: its sections, cards (ids included), answers, terms and
// problems, and the quiz items made from it (term cards included), as stored JSON. Review
// history is keyed by card id, so a parser change that moves any of these must be a
// decision, seen in the diff of test/fixtures/pinned/, never an accident.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { noteToJson, parseNote } from '../../src/core';
import { quizItemsOf } from '../../src/core/quiz/quiz-items';

const ROOT = path.resolve(__dirname, '../../..');
const PINNED = path.join(ROOT, 'test/fixtures/pinned/aws-ai-practitioner-notes.json');
/** The sample as bundled with the extension and as kept with the parser fixtures: the same text, pinned once. */
const SAMPLE_COPIES = ['samples/aws-ai-practitioner-notes.md', 'test/fixtures/notes/aws-ai-practitioner-notes.md'];
/** A note key as the extension gives one (the path in the workspace): ids depend on it. */
const NOTE_KEY = 'samples/aws-ai-practitioner-notes.md';

/** Everything a user sees of the sample, in a JSON shape. */
function pinnedView(text: string): unknown {
  const note = parseNote(text, { noteKey: NOTE_KEY });
  return {
    note: noteToJson(path.basename(NOTE_KEY), note),
    quizItems: quizItemsOf(note, NOTE_KEY).map((item) => ({
      id: item.id,
      mode: item.mode,
      ...(item.term !== undefined ? { term: item.term } : {}),
      kind: item.card.kind,
      line: item.card.line,
      prompt: item.card.prompt,
      ...(item.card.answer !== undefined ? { answer: item.card.answer } : {}),
      ...(item.card.options ? { options: item.card.options.map((o) => ({ label: o.label, explanation: o.explanation, correct: o.correct, line: o.line })) } : {}),
    })),
  };
}

describe('the bundled sample, pinned', () => {
  const expected = JSON.parse(fs.readFileSync(PINNED, 'utf8')) as unknown;

  for (const copy of SAMPLE_COPIES) {
    it(`${copy} parses to the pinned sections, cards, ids, answers, terms and quiz items`, () => {
      assert.deepStrictEqual(pinnedView(fs.readFileSync(path.join(ROOT, copy), 'utf8')), expected);
    });
  }

  it('the pin is not empty: it holds the sample\'s cards with their ids, its terms and its term cards', () => {
    const pinned = expected as { note: { cards: { id: string }[]; terms: unknown[] }; quizItems: { term?: string }[] };
    assert.ok(pinned.note.cards.length >= 15 && pinned.note.cards.every((c) => /^[0-9a-f]{16}$/.test(c.id)));
    assert.ok(pinned.note.terms.length >= 10);
    assert.ok(pinned.quizItems.filter((i) => i.term !== undefined).length >= 10);
  });
});
