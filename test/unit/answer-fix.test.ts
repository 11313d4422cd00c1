import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNote, type Card } from '../../src/core';
import { answerFixes, answerStyleOf, applyLineEdits, type AnswerFix } from '../../src/core/editor/answer-fix';

const samplePath = path.resolve(__dirname, '../../../test/fixtures/notes/aws-ai-practitioner-notes.md');
const sample = fs.readFileSync(samplePath, 'utf8');

/** The note's text with `fix` applied. */
function applied(text: string, fix: AnswerFix): string {
  return applyLineEdits(text.split('\n'), fix.edits).join('\n');
}

function unanswered(text: string): Card {
  const note = parseNote(text);
  const problem = note.problems.find((p) => p.code === 'no-answer');
  assert.ok(problem, 'the note has no "no answer marked" problem');
  const card = note.cards.find((c) => c.line === problem.line);
  assert.ok(card, `no card at line ${problem.line}`);
  return card;
}

describe('answer quick fixes', () => {
  it('finds that the sample notes mark answers with backticks', () => {
    assert.equal(answerStyleOf(sample, parseNote(sample)), 'code');
  });

  it('wraps the third option of the sample question 8, explanation included, in backticks', () => {
    const card = unanswered(sample);
    assert.equal(card.line, 82);
    const fixes = answerFixes(sample, card, answerStyleOf(sample, parseNote(sample)));
    assert.deepEqual(fixes.map((f) => f.style), ['code', 'code', 'code']);
    const fixed = applied(sample, fixes[2]);
    assert.equal(
      fixed.split('\n')[85],
      '- `Three or more availability zones - Regions are made of multiple, isolated, and physically separate Availability zones within the geographic area.`',
    );
    const after = parseNote(fixed);
    assert.deepEqual(after.problems.filter((p) => p.code === 'no-answer'), []);
    const question = after.cards.find((c) => c.line === 82)!;
    assert.deepEqual(question.options!.map((o) => o.correct), [false, false, true]);
    assert.equal(question.id, card.id, 'marking the answer changed the card id');
  });

  it('checks the box of a question written as task items', () => {
    const text = ['1. Which service is DNS?', '', '- [ ] S3 -> storage', '- [ ] Route 53 -> DNS', ''].join('\n');
    const [, second] = answerFixes(text, unanswered(text), 'code');
    assert.equal(second.style, 'task');
    assert.equal(applied(text, second).split('\n')[3], '- [x] Route 53 -> DNS');
  });

  it('checks the radio button of a question written with ( ) options, keeping the round brackets', () => {
    const text = ['1. Which service is DNS?', '', '- ( ) S3 -> storage', '- ( ) Route 53 -> DNS', ''].join('\n');
    const [, second] = answerFixes(text, unanswered(text), 'code');
    assert.equal(second.style, 'task');
    const fixed = applied(text, second);
    assert.equal(fixed.split('\n')[3], '- (x) Route 53 -> DNS');
    assert.deepEqual(parseNote(fixed).cards[0].options!.map((o) => o.correct), [false, true]);
  });

  it('uses bold when the note marks its answers in bold', () => {
    const text = [
      '1. Which is a region?',
      '',
      '- **eu-west-1**',
      '- Paris',
      '',
      '2. Which is storage?',
      '',
      '- EC2',
      '- S3',
      '',
    ].join('\n');
    const note = parseNote(text);
    assert.equal(answerStyleOf(text, note), 'bold');
    const fixes = answerFixes(text, unanswered(text), answerStyleOf(text, note));
    assert.equal(applied(text, fixes[1]).split('\n')[8], '- **S3**');
  });

  it('appends ✅ or (correct) when that is what the note writes', () => {
    const text = ['1. Which is a region?', '', '- eu-west-1 ✅', '- Paris', '', '2. Which is storage?', '', '- EC2', '- S3 - object storage', ''].join('\n');
    const style = answerStyleOf(text, parseNote(text));
    assert.equal(style, 'check');
    assert.equal(applied(text, answerFixes(text, unanswered(text), style)[1]).split('\n')[8], '- S3 - object storage ✅');
    const withCorrect = text.replace(' ✅', ' (correct)');
    assert.equal(answerStyleOf(withCorrect, parseNote(withCorrect)), 'correct');
  });

  it('uses a double-backtick code span when the option holds backticks', () => {
    const text = ['1. Which command lists files?', '', '- `ls` -> lists', '- `cd` -> changes directory', ''].join('\n');
    const card = unanswered(text);
    const fixes = answerFixes(text, card, 'code');
    assert.equal(fixes.length, 2);
    assert.equal(applied(text, fixes[0]).split('\n')[2], '- `` `ls` -> lists ``');
    const after = parseNote(applied(text, fixes[0])).cards[0];
    assert.deepEqual(after.options!.map((o) => o.correct), [true, false]);
  });

  it('keeps lettered options lettered and wraps only their text', () => {
    const text = ['Which one is serverless?', '', 'A. EC2', 'B. Lambda', ''].join('\n');
    const note = parseNote(text);
    const card = note.cards[0];
    assert.equal(card?.kind, 'mcq');
    const fixes = answerFixes(text, card, 'code');
    assert.equal(applied(text, fixes[1]).split('\n')[3], 'B. `Lambda`');
  });

  it('offers nothing for a question that already has an answer', () => {
    const note = parseNote(sample);
    const answered = note.cards.find((c) => c.line === 34)!;
    assert.deepEqual(answerFixes(sample, answered, 'code'), []);
  });
});
