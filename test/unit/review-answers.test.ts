// Which option was chosen, kept with every multiple-choice rating, and mock exam attempts:
// their line format, what the book writes, and how the chosen options are recorded.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseNote } from '../../src/core';
import { choiceAnswerOf } from '../../src/core/quiz/choice-answer';
import { quizItemsOf } from '../../src/core/quiz/quiz-items';
import { QuizSession } from '../../src/core/quiz/quiz-session';
import { MAX_CHOICE_CHARS, MAX_CHOICES, parseReviewLine, readReviewLog, ReviewBook, ReviewHistory } from '../../src/core/review';
import { MemoryLogStore, T0, TestClock, testScheduler } from './review-support';

const review = (fields: Record<string, unknown>) => JSON.stringify({ v: 1, id: 'a.1', kind: 'review', card: 'c1', time: T0, rating: 1, ...fields });
const mock = (fields: Record<string, unknown>) =>
  JSON.stringify({ v: 1, id: 'a.2', kind: 'mock', time: T0, scope: 'Workspace', passMark: 0.7, durationMs: 60_000, answers: [{ card: 'c1', note: 'aws.md', chosen: ['Regions'], correct: true }], ...fields });

describe('Review log: chosen options and mock exam attempts', () => {
  it('reads a rating with the options chosen and a mock exam attempt', () => {
    const rated = parseReviewLine(review({ chosen: ['Availability zones'], correct: false }));
    assert.ok(rated.ok && rated.event.kind === 'review');
    assert.deepEqual([rated.event.chosen, rated.event.correct], [['Availability zones'], false]);
    const attempt = parseReviewLine(mock({}));
    assert.ok(attempt.ok && attempt.event.kind === 'mock');
    assert.equal(attempt.event.answers[0].chosen[0], 'Regions');
    assert.ok(parseReviewLine(mock({ answers: [] })).ok, 'an exam of no question is odd but harmless');
  });

  it('refuses malformed answers with a reason, like any bad line', () => {
    const reasons = [
      review({ chosen: 'Regions' }),
      review({ chosen: [1] }),
      review({ chosen: ['x'.repeat(MAX_CHOICE_CHARS + 1)] }),
      review({ chosen: new Array(MAX_CHOICES + 1).fill('x') }),
      review({ correct: 'yes' }),
      mock({ scope: undefined }),
      mock({ passMark: 70 }),
      mock({ durationMs: -1 }),
      mock({ answers: 'all' }),
      mock({ answers: [{ card: 'c1', note: 'aws.md', chosen: ['x'] }] }),
    ].map((line) => {
      const parsed = parseReviewLine(line);
      assert.equal(parsed.ok, false, line);
      return parsed.ok ? '' : parsed.reason;
    });
    assert.deepEqual(reasons, [
      '"chosen" must be a list of at most 20 option texts',
      '"chosen" must be a list of at most 20 option texts',
      '"chosen" must be a list of at most 20 option texts',
      '"chosen" must be a list of at most 20 option texts',
      '"correct" must be true or false',
      'a mock exam needs its "scope" in words',
      '"passMark" must be a number from 0 to 1',
      '"durationMs" must be a number of ms',
      '"answers" must be a list',
      'an answer of a mock exam needs "card", "note", "chosen" and "correct"',
    ]);
  });

  it('the book writes the answer behind a rating and the attempt; the attempt changes no schedule', async () => {
    const store = new MemoryLogStore('w1');
    const clock = new TestClock(T0);
    const book = new ReviewBook(store, clock, testScheduler());
    await book.load();
    const long = `  Option\n  with ${'words '.repeat(60)}`;
    await book.rate({ id: 'c1', note: 'aws.md', prompt: 'Which?' }, 1, 3000, { chosen: [long, 'B'], correct: false });
    const before = book.history.card('c1');
    clock.advance(60_000);
    await book.recordMockAttempt({ folder: undefined, scope: 'aws.md › Compute', passMark: 0.7, durationMs: 1234.6, answers: [{ card: 'c1', note: 'aws.md', chosen: ['B'], correct: false }] });
    assert.deepEqual(book.history.card('c1'), before);
    const read = readReviewLog([...store.segments].map(([name, text]) => ({ name, text })));
    assert.deepEqual(read.problems, []);
    const [rating, attempt] = read.events;
    assert.ok(rating.kind === 'review' && attempt.kind === 'mock');
    assert.equal(rating.chosen?.[0].length, MAX_CHOICE_CHARS, 'a long option is flattened and cut');
    assert.ok(rating.chosen?.[0].startsWith('Option with words'));
    assert.equal(rating.chosen?.[1], 'B');
    assert.deepEqual([attempt.scope, attempt.durationMs, attempt.answers], ['aws.md › Compute', 1235, [{ card: 'c1', note: 'aws.md', chosen: ['B'], correct: false }]]);
    // A replay of the log folds to the same schedules.
    assert.deepEqual(ReviewHistory.fromEvents(read.events, testScheduler()).card('c1')?.schedule, before?.schedule);
  });
});

describe('choiceAnswerOf: the options chosen as the log keeps them', () => {
  const note = parseNote(
    [
      '# Cloud',
      '',
      '1. AWS Regions are made of?',
      '',
      '- Edge **locations**',
      '- `Availability zones`',
      '',
      '2. Which TWO are compute services?',
      '',
      '- [x] EC2',
      '- [x] Lambda',
      '- [ ] S3',
      '',
    ].join('\n'),
  );

  it('keeps the options\' text without markdown, in note order, and whether they were exactly the right ones', () => {
    const [regions, compute] = note.cards;
    assert.deepEqual(choiceAnswerOf(regions, [0]), { chosen: ['Edge locations'], correct: false });
    assert.deepEqual(choiceAnswerOf(regions, [1]), { chosen: ['Availability zones'], correct: true });
    assert.deepEqual(choiceAnswerOf(compute, [1, 0]), { chosen: ['EC2', 'Lambda'], correct: true });
    assert.deepEqual(choiceAnswerOf(compute, [0]), { chosen: ['EC2'], correct: false }, 'one of two right options is not right');
    assert.deepEqual(choiceAnswerOf(compute, [0, 9, -1]), { chosen: ['EC2'], correct: false }, 'indexes outside the options are ignored');
  });

  it('is right exactly when the quiz session scores the answer right', () => {
    const items = quizItemsOf(note, 'n').filter((item) => item.mode === 'choice' || item.mode === 'multiple');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: items.length - 1 }), fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }), (which, chosen) => {
        const item = items[which];
        const valid = chosen.filter((i) => i < (item.card.options?.length ?? 0));
        fc.pre(valid.length > 0);
        const session = QuizSession.start([item], { now: T0 });
        const answer = session.answerChoice(valid, T0 + 1000);
        assert.equal(choiceAnswerOf(item.card, valid).correct, answer.outcome === 'right');
      }),
    );
  });
});
