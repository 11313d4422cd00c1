import * as assert from 'node:assert/strict';
import { parseNote } from '../../../src/core';
import { findGiveawayAnswers } from '../../../src/core/lint/giveaway-answers';

/** A note of multiple-choice questions; each question is its options, the right one in backticks. */
function note(questions: string[][]): string {
  return questions.map((options, i) => `${i + 1}. Question number ${i + 1}?\n\n${options.map((o) => `- ${o}`).join('\n')}\n`).join('\n');
}

/** A question whose right option is at `position` (0-based) and longer than the others when `long`. */
function question(position: number, long: boolean, count = 4): string[] {
  return Array.from({ length: count }, (_, i) => (i === position ? (long ? '`the right answer, spelt out in detail`' : '`ok`') : `wrong ${i}`));
}

describe('Give-away answers lint', () => {
  it('reports when the right option is the longest in at least 60 % of 8 or more questions', () => {
    const qs = [...Array.from({ length: 5 }, (_, i) => question(i % 4, true)), ...Array.from({ length: 3 }, (_, i) => question((i + 1) % 4, false))];
    const parsed = parseNote(note(qs));
    assert.equal(parsed.cards.length, 8);
    const findings = findGiveawayAnswers(parsed);
    assert.deepEqual(findings.map((f) => [f.kind, f.count, f.total, f.line, f.severity]), [['longest', 5, 8, parsed.cards[0].line, 'info']]);
    assert.match(findings[0].message, /longest in 5 of 8 multiple-choice questions \(63%\)/);
  });

  it('reports when the right option stands in the same position in at least 60 % of them', () => {
    const qs = [...Array.from({ length: 6 }, () => question(1, false)), question(0, false), question(2, false), question(3, false), question(0, false)];
    const findings = findGiveawayAnswers(parseNote(note(qs)));
    assert.deepEqual(findings.map((f) => [f.kind, f.position, f.count, f.total]), [['position', 2, 6, 10]]);
    assert.match(findings[0].message, /option 2 in 6 of 10/);
  });

  it('says nothing below 60 %, below 8 questions, or when the longest option is tied', () => {
    const mixed = Array.from({ length: 10 }, (_, i) => question(i % 4, i < 5));
    assert.deepEqual(findGiveawayAnswers(parseNote(note(mixed))), [], '5 of 10 longest, positions spread');
    const few = Array.from({ length: 7 }, () => question(0, true));
    assert.deepEqual(findGiveawayAnswers(parseNote(note(few))), [], 'seven questions are too few to tell');
    // The right option, always first, is as long as a wrong one: never strictly the longest.
    const tied = Array.from({ length: 8 }, (_, i) => ['`same length`', `other ${i} abc`, 'x']);
    const findings = findGiveawayAnswers(parseNote(note(tied)));
    assert.deepEqual(findings.map((f) => f.kind), ['position'], 'the position pattern is found, the length pattern is not');
  });

  it('counts only questions with exactly one right option', () => {
    // Eight questions, but three have two right options: five single-answer questions are too few.
    const qs = [...Array.from({ length: 5 }, () => question(0, true)), ...Array.from({ length: 3 }, () => ['`a`', '`b`', 'c'])];
    assert.deepEqual(findGiveawayAnswers(parseNote(note(qs))), []);
  });
});
