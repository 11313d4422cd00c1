import * as assert from 'node:assert/strict';
import { parseNote } from '../../src/core';
import { quizItemsOf, seededRandom, type QuizItem } from '../../src/core/quiz/quiz-items';
import { QuizSession, QuizStateError } from '../../src/core/quiz/quiz-session';

const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

const NOTE = `# Quiz

1. What is the pricing model of Cloud Computing?

- Discounts over time
- \`Pay-as-you-go pricing -> you are only charged for what you use.\`
- Flat-rate pricing -> not how the cloud bills.

2. Which TWO are compute services?

- [x] EC2 -> virtual machines.
- [x] Lambda -> functions.
- [ ] S3 -> storage.

3. AWS Regions are composed of?

- Two or more edge locations - edge locations distribute content
- Three or more availability zones - isolated and physically separate

Capital of France::Paris
`;

function items(text = NOTE): QuizItem[] {
  return quizItemsOf(parseNote(text), 'note.md');
}

const byId = (list: readonly QuizItem[]) => new Map(list.map((i) => [i.id, i]));
const rightIndexes = (item: QuizItem) => (item.card.options ?? []).flatMap((o, i) => (o.correct ? [i] : []));

describe('Quiz session', () => {
  it('asks the questions in note order when not shuffled', () => {
    const list = items();
    const session = QuizSession.start(list, { now: T0 });
    assert.deepEqual(
      list.map((i) => i.mode),
      ['choice', 'multiple', 'self-check', 'recall'],
    );
    assert.equal(session.total, 4);
    assert.equal(session.currentItem?.id, list[0].id);
    assert.deepEqual(session.optionOrder(list[0]), [0, 1, 2]);
  });

  it('shuffling with a seeded generator is repeatable and keeps each option with its explanation', () => {
    const list = items();
    const a = QuizSession.start(list, { shuffle: true, random: seededRandom(42), now: T0 });
    const b = QuizSession.start(list, { shuffle: true, random: seededRandom(42), now: T0 });
    assert.deepEqual(a.state, b.state);
    assert.deepEqual([...a.state.order].sort(), list.map((i) => i.id).sort());
    const orders = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => QuizSession.start(list, { shuffle: true, random: seededRandom(seed), now: T0 }).state.order.join());
    assert.ok(new Set(orders).size > 1, 'different seeds give different orders');
    const pricing = list[0];
    const order = a.optionOrder(pricing);
    assert.deepEqual([...order].sort(), [0, 1, 2]);
    // Options are referred to by their index in the card: the explanation travels with the option.
    const shown = order.map((i) => pricing.card.options?.[i]);
    assert.equal(shown.find((o) => o?.label.startsWith('Pay-as-you-go'))?.explanation, 'you are only charged for what you use.');
  });

  it('choosing a wrong option scores wrong and remembers the choice; the right one scores right', () => {
    const list = items();
    const session = QuizSession.start(list, { now: T0 });
    assert.equal(session.answerChoice([0], T0 + 1000).outcome, 'wrong');
    assert.deepEqual(session.currentAnswer?.chosen, [0]);
    assert.equal(session.phase, 'answered');
    assert.throws(() => session.answerChoice([1], T0), QuizStateError, 'an answered question cannot be answered again');
    session.undo();
    assert.equal(session.answerChoice(rightIndexes(list[0]), T0 + 2000).outcome, 'right');
    assert.deepEqual(session.score(), { right: 1, answered: 1 });
  });

  it('a multiple-answer question is right only with exactly the right options', () => {
    const list = items();
    const attempt = (chosen: number[]) => {
      const session = QuizSession.start(list, { now: T0 });
      session.answerChoice([1], T0);
      session.next();
      return session.answerChoice(chosen, T0).outcome;
    };
    assert.equal(attempt([0, 1]), 'right');
    assert.equal(attempt([1, 0, 1]), 'right');
    assert.equal(attempt([0]), 'wrong');
    assert.equal(attempt([0, 1, 2]), 'wrong');
  });

  it('a question without a marked answer is self-checked: reveal, then the person says whether they knew it', () => {
    const list = items();
    const session = QuizSession.start([list[2]], { now: T0 });
    assert.throws(() => session.answerChoice([0], T0), QuizStateError);
    session.reveal();
    assert.equal(session.phase, 'revealed');
    session.selfGrade(true, T0 + 5000);
    assert.ok(session.finished);
    assert.deepEqual(session.score(), { right: 1, answered: 1 });
  });

  it('a flashcard is recalled: reveal, then "didn\'t know" scores wrong and goes on', () => {
    const list = items();
    const session = QuizSession.start([list[3], list[0]], { now: T0 });
    session.reveal();
    session.selfGrade(false, T0, 1);
    assert.equal(session.currentItem?.id, list[0].id);
    assert.deepEqual(session.state.answers[list[3].id], { outcome: 'wrong', rating: 1 });
  });

  it('the summary gives the score, the time from start to the last answer and the missed questions', () => {
    const list = items();
    const session = QuizSession.start(list, { now: T0 });
    session.answerChoice([0], T0 + 1000); // wrong
    session.next();
    session.answerChoice([0, 1], T0 + 2000); // right
    session.next();
    session.reveal();
    session.selfGrade(true, T0 + 3000);
    session.reveal();
    session.selfGrade(false, T0 + 64_000);
    assert.ok(session.finished);
    const summary = session.summary(T0 + 999_999);
    assert.deepEqual({ right: summary.right, answered: summary.answered, total: summary.total, elapsedMs: summary.elapsedMs }, { right: 2, answered: 4, total: 4, elapsedMs: 64_000 });
    assert.deepEqual(summary.missed.map((m) => m.id), [list[0].id, list[3].id]);
  });

  it('retrying the missed asks only those, in order, with a fresh score; starting again asks all', () => {
    const list = items();
    const session = QuizSession.start(list, { now: T0 });
    session.answerChoice([0], T0);
    session.next();
    session.answerChoice([0, 1], T0);
    session.next();
    session.reveal();
    session.selfGrade(false, T0);
    session.reveal();
    session.selfGrade(true, T0);
    const retry = session.retryMissed(T0 + 10);
    assert.deepEqual(retry.state.order, [list[0].id, list[2].id]);
    assert.deepEqual(retry.score(), { right: 0, answered: 0 });
    assert.equal(session.restart(T0).total, 4);
  });

  it('undo asks the previous question again and forgets its answer', () => {
    const list = items();
    const session = QuizSession.start(list, { now: T0 });
    assert.equal(session.canUndo, false);
    session.answerChoice([1], T0);
    session.next();
    assert.equal(session.undo()?.id, list[0].id);
    assert.equal(session.phase, 'asking');
    assert.deepEqual(session.score(), { right: 0, answered: 0 });
  });

  it('after an edit the current question shows the new text, and deleted questions not yet asked are skipped', () => {
    const list = items();
    const session = QuizSession.start(list, { now: T0 });
    session.answerChoice([1], T0);
    session.next();
    // The explanation of an option changes (same id), and the self-check question is deleted.
    const edited = items(NOTE.replace('- [x] Lambda -> functions.', '- [x] Lambda -> serverless functions.').replace(/3\. AWS Regions[\s\S]*?physically separate\n/, ''));
    assert.equal(edited.length, 3);
    session.sync(byId(edited));
    assert.equal(session.currentItem?.card.options?.[1].explanation, 'serverless functions.');
    assert.equal(session.total, 3);
    session.answerChoice([0, 1], T0);
    session.next();
    assert.equal(session.currentItem?.card.kind, 'flashcard');
  });

  it('when the current question is reworded, a replacement at its line takes its place', () => {
    const list = items();
    const session = QuizSession.start(list, { now: T0 });
    const edited = items(NOTE.replace('What is the pricing model', 'What is the billing model'));
    session.sync(byId(edited), (old) => edited.find((i) => i.card.line === old.card.line && i.mode === old.mode));
    assert.match(session.currentItem?.card.prompt ?? '', /billing model/);
    assert.equal(session.total, 4);
  });

  it('the current question deleted while answered moves on, and its answer no longer counts', () => {
    const list = items();
    const session = QuizSession.start(list, { now: T0 });
    session.answerChoice([1], T0);
    session.sync(byId(list.slice(1)));
    assert.equal(session.currentItem?.id, list[1].id);
    assert.equal(session.phase, 'asking');
    assert.deepEqual(session.score(), { right: 0, answered: 0 });
  });

  it('restores from its JSON state at the same question', () => {
    const list = items();
    const session = QuizSession.start(list, { shuffle: true, random: seededRandom(7), now: T0 });
    const first = session.currentItem;
    assert.ok(first);
    if (first.mode === 'choice' || first.mode === 'multiple') session.answerChoice(rightIndexes(first), T0);
    else session.reveal();
    const restored = QuizSession.restore(JSON.parse(JSON.stringify(session.state)), byId(items()));
    assert.equal(restored.currentItem?.id, first.id);
    assert.equal(restored.phase, session.phase);
    assert.deepEqual(restored.optionOrder(first), session.optionOrder(first));
    assert.deepEqual(restored.score(), session.score());
  });
});
