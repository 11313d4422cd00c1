import * as assert from 'node:assert/strict';
import { plainTextOf } from '../../src/core/parse/inline-text';
import { parseNote } from '../../src/core';
import { quizItemsOf, type QuizItem } from '../../src/core/quiz/quiz-items';
import { QuizPresenter, type QuizPresenterPorts, type QuizStep } from '../../src/core/quiz/quiz-presenter';
import type { PersistedQuiz, QuestionView, QuizScopeRef, QuizView, RatingChoice } from '../../src/protocol/quiz-protocol';

const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const URI = 'file:///notes/cloud.md';
const SCOPE: QuizScopeRef = { kind: 'note', uri: URI };

const NOTE = `# Cloud

## Pricing

1. What is the pricing model of Cloud Computing?

- Discounts over time -> not how it works.
- \`Pay-as-you-go pricing -> you are only charged for what you use.\`
- Flat-rate pricing

2. Which TWO are compute services?

- [x] EC2 -> virtual machines.
- [x] Lambda -> functions.
- [ ] S3 -> storage.

3. AWS Regions are composed of?

- Two or more edge locations - edge locations distribute content
- Three or more availability zones - isolated and physically separate

Capital of France::Paris
`;

const PREVIEWS: readonly RatingChoice[] = [
  { rating: 1, label: 'Again', interval: '1 min' },
  { rating: 2, label: 'Hard', interval: '6 min' },
  { rating: 3, label: 'Good', interval: '10 min' },
  { rating: 4, label: 'Easy', interval: '3 d' },
];

function itemsOf(text = NOTE): QuizItem[] {
  return quizItemsOf(parseNote(text), URI);
}

/** In-memory ports: markdown "renders" to `<p>…</p>`, a manual clock, a grader that can be switched on. */
class FakeHost implements QuizPresenterPorts {
  nowMs = T0;
  graded = false;
  renderCalls = 0;

  async renderHtml(markdown: readonly string[]): Promise<readonly string[]> {
    this.renderCalls++;
    return markdown.map((text) => `<p>${text}</p>`);
  }

  noteKey(source: string): string {
    return source.replace('file:///notes/', '');
  }

  grader() {
    return this.graded ? { previews: () => PREVIEWS } : undefined;
  }

  now(): number {
    return this.nowMs;
  }
}

/** The one view a step posts (and the state the webview is to keep). */
function posted(step: QuizStep): { view: QuizView; state: PersistedQuiz } {
  assert.equal(step.post.length, 1, `expected one message, got ${JSON.stringify(step.post)}`);
  const [message] = step.post;
  assert.equal(message.type, 'didUpdate');
  return { view: message.view, state: message.state };
}

function question(step: QuizStep): QuestionView {
  const { view } = posted(step);
  assert.ok(view.screen.kind === 'question', `expected a question, got ${view.screen.kind}`);
  return view.screen.question;
}

async function openQuiz(host = new FakeHost(), items = itemsOf()): Promise<{ host: FakeHost; presenter: QuizPresenter; first: QuizStep }> {
  const presenter = new QuizPresenter(host, { type: 'open', title: 'cloud.md', scope: SCOPE, items, shuffle: false });
  const first = await presenter.receive({ type: 'ready' });
  return { host, presenter, first };
}

describe('Quiz presenter', () => {
  it('opening a quiz posts nothing until the webview is ready, then the whole first question in one message', async () => {
    const items = itemsOf();
    const host = new FakeHost();
    const presenter = new QuizPresenter(host, { type: 'open', title: 'Pricing', scope: { kind: 'section', uri: URI, line: 3 }, items: items.slice(3), shuffle: false });
    // Another quiz opened in the same panel before the page loaded replaces it, still unposted.
    assert.deepEqual(await presenter.handle({ type: 'open', title: 'cloud.md', scope: SCOPE, items, shuffle: false }), { post: [], effects: [] });
    assert.equal(host.renderCalls, 0);
    const first = await presenter.receive({ type: 'ready' });
    assert.deepEqual(first.effects, []);
    assert.deepEqual(posted(first), {
      view: {
        title: 'cloud.md',
        total: 4,
        right: 0,
        answered: 0,
        graded: false,
        canUndo: false,
        announcement: 'Question 1 of 4.',
        position: 1,
        screen: {
          kind: 'question',
          question: {
            cardId: items[0].id,
            mode: 'choice',
            kindLabel: 'Multiple choice',
            breadcrumb: ['Cloud', 'Pricing'],
            promptHtml: '<p>What is the pricing model of Cloud Computing?</p>',
            options: [
              { index: 0, labelHtml: '<p>Discounts over time</p>', explanationHtml: '' },
              { index: 1, labelHtml: '<p>Pay-as-you-go pricing</p>', explanationHtml: '' },
              { index: 2, labelHtml: '<p>Flat-rate pricing</p>', explanationHtml: '' },
            ],
            phase: 'asking',
            location: 'cloud.md:5',
          },
        },
      },
      state: {
        version: 1,
        title: 'cloud.md',
        scope: SCOPE,
        session: { order: items.map((i) => i.id), optionOrders: {}, position: 0, phase: 'asking', answers: {}, startedAtMs: T0, shuffle: false },
      },
    });
    assert.equal(host.renderCalls, 1, 'every fragment of the question is rendered in one call');
  });

  it('a wrong answer marks the chosen and the right option, shows every explanation and names the right answer', async () => {
    const { presenter, first } = await openQuiz();
    const q1 = question(first);
    const step = await presenter.receive({ type: 'answer', cardId: q1.cardId, chosen: [0] });
    const { view } = posted(step);
    assert.equal(view.announcement, 'Wrong. The right answer: Pay-as-you-go pricing.');
    assert.deepEqual([view.right, view.answered, view.canUndo], [0, 1, true]);
    const answered = question(step);
    assert.equal(answered.phase, 'answered');
    assert.equal(answered.outcome, 'wrong');
    assert.deepEqual(answered.options, [
      { index: 0, labelHtml: '<p>Discounts over time</p>', explanationHtml: '<p>not how it works.</p>', correct: false, chosen: true },
      { index: 1, labelHtml: '<p>Pay-as-you-go pricing</p>', explanationHtml: '<p>you are only charged for what you use.</p>', correct: true, chosen: false },
      { index: 2, labelHtml: '<p>Flat-rate pricing</p>', explanationHtml: '', correct: false, chosen: false },
    ]);
    assert.equal(answered.ratings, undefined, 'without a grader there are no rating buttons');
  });

  it('with a grader, a right answer suggests Good; rating it records the time taken, then goes on', async () => {
    const host = new FakeHost();
    host.graded = true;
    const { presenter, first } = await openQuiz(host);
    assert.equal(posted(first).view.graded, true);
    const q1 = question(first);
    assert.equal(q1.ratings, undefined, 'no rating before the answer');
    host.nowMs = T0 + 7_000;
    const answered = question(await presenter.receive({ type: 'answer', cardId: q1.cardId, chosen: [1] }));
    assert.equal(answered.outcome, 'right');
    assert.deepEqual(answered.ratings, PREVIEWS);
    assert.equal(answered.suggestedRating, 3);

    host.nowMs = T0 + 9_000;
    const rate = await presenter.receive({ type: 'rate', cardId: q1.cardId, rating: 3 });
    assert.deepEqual(rate.post, [], 'nothing changes until the rating is saved');
    assert.equal(rate.effects.length, 1);
    const [effect] = rate.effects;
    assert.ok(effect.kind === 'rate');
    assert.deepEqual([effect.item.id, effect.rating, effect.durationMs], [q1.cardId, 3, 9_000]);
    assert.deepEqual(effect.answer, { chosen: [plainTextOf(effect.item.card.options![1].label)], correct: true }, 'the option chosen goes with the rating to the log');

    const saved = await presenter.handle({ type: 'didRate', cardId: q1.cardId, rating: 3, saved: true });
    const { view, state } = posted(saved);
    assert.equal(view.position, 2);
    assert.equal(view.announcement, 'Question 2 of 4.');
    assert.deepEqual(state.session.answers[q1.cardId], { outcome: 'right', chosen: [1], rating: 3 });
  });

  it('a rating that could not be saved shows the error and keeps the question waiting for a rating', async () => {
    const host = new FakeHost();
    host.graded = true;
    const { presenter, first } = await openQuiz(host);
    const q1 = question(first);
    await presenter.receive({ type: 'answer', cardId: q1.cardId, chosen: [0] });
    await presenter.receive({ type: 'rate', cardId: q1.cardId, rating: 1 });
    const failed = await presenter.handle({ type: 'didRate', cardId: q1.cardId, rating: 1, saved: false, error: 'the review log is read-only' });
    const { view } = posted(failed);
    assert.equal(view.error, 'The rating was not saved: the review log is read-only');
    assert.equal(view.announcement, view.error);
    const q = question(failed);
    assert.deepEqual([q.cardId, q.phase, q.suggestedRating], [q1.cardId, 'answered', 1]);
    // The next action clears the error.
    const retried = await presenter.receive({ type: 'rate', cardId: q1.cardId, rating: 1 });
    const again = posted(await presenter.handle({ type: 'didRate', cardId: q1.cardId, rating: 1, saved: true }));
    assert.equal(retried.effects[0]?.kind, 'rate');
    assert.equal(again.view.error, undefined);
    assert.equal(again.view.position, 2);
  });

  it('a flashcard shows its back on reveal; "knew it" scores it and finishes on a summary listing what was missed', async () => {
    const items = itemsOf();
    const host = new FakeHost();
    const { presenter, first } = await openQuiz(host);
    // Question 1 wrong, 2 right, 3 (self-check) not known, 4 (flashcard) known.
    await presenter.receive({ type: 'answer', cardId: question(first).cardId, chosen: [2] });
    const q2 = question(await presenter.receive({ type: 'next', cardId: items[0].id }));
    assert.deepEqual([q2.mode, q2.kindLabel], ['multiple', 'Select 2']);
    await presenter.receive({ type: 'answer', cardId: q2.cardId, chosen: [1, 0] });
    const q3 = question(await presenter.receive({ type: 'next', cardId: q2.cardId }));
    assert.equal(q3.kindLabel, 'Self-check: no answer marked');
    const shown = await presenter.receive({ type: 'reveal', cardId: q3.cardId });
    assert.equal(posted(shown).view.announcement, 'Explanations shown.');
    assert.deepEqual(
      question(shown).options.map((o) => [o.explanationHtml, o.correct]),
      [
        ['<p>edge locations distribute content</p>', undefined],
        ['<p>isolated and physically separate</p>', undefined],
      ],
    );
    const q4 = question(await presenter.receive({ type: 'selfGrade', cardId: q3.cardId, knew: false }));
    assert.deepEqual([q4.mode, q4.kindLabel, q4.answerHtml], ['recall', 'Flashcard', undefined]);
    const back = await presenter.receive({ type: 'reveal', cardId: q4.cardId });
    assert.equal(posted(back).view.announcement, 'Answer shown.');
    assert.deepEqual([question(back).phase, question(back).answerHtml, question(back).promptHtml], ['revealed', '<p>Paris</p>', '<p>Capital of France</p>']);

    host.nowMs = T0 + 95_000;
    const end = await presenter.receive({ type: 'selfGrade', cardId: q4.cardId, knew: true });
    assert.deepEqual(posted(end).view, {
      title: 'cloud.md',
      total: 4,
      right: 2,
      answered: 4,
      graded: false,
      canUndo: true,
      announcement: 'Quiz complete: 2 of 4 right.',
      position: 4,
      screen: {
        kind: 'summary',
        summary: {
          right: 2,
          answered: 4,
          total: 4,
          elapsedMs: 95_000,
          missed: [
            { cardId: items[0].id, promptText: 'What is the pricing model of Cloud Computing?', location: 'cloud.md:5' },
            { cardId: items[2].id, promptText: 'AWS Regions are composed of?', location: 'cloud.md:17' },
          ],
        },
      },
    });

    const retry = await presenter.receive({ type: 'retryMissed' });
    const { view, state } = posted(retry);
    assert.equal(view.announcement, 'Retrying 2 missed questions. Question 1 of 2.');
    assert.deepEqual(state.session.order, [items[0].id, items[2].id]);
    assert.deepEqual([view.right, view.answered], [0, 0]);
  });

  it('messages about another question only redraw; malformed messages are dropped with a warning', async () => {
    const { presenter, first } = await openQuiz();
    const stale = await presenter.receive({ type: 'answer', cardId: 'not-this-one', chosen: [1] });
    assert.deepEqual(stale.effects, [{ kind: 'log', level: 'trace', message: 'ignored answer for not-this-one, not the current question' }]);
    assert.deepEqual(posted(stale).view, { ...posted(first).view, announcement: '' });
    for (const bad of [null, 'answer', { type: 'answer', cardId: question(first).cardId, chosen: ['0'] }, { type: 'rate', cardId: question(first).cardId, rating: 7 }, { type: 'eval', code: 'x' }]) {
      const step = await presenter.receive(bad);
      assert.deepEqual(step.post, []);
      assert.equal(step.effects.length, 1);
      assert.deepEqual([step.effects[0].kind, step.effects[0].kind === 'log' && step.effects[0].level], ['log', 'warn']);
    }
    const again = await presenter.receive({ type: 'ready' });
    assert.deepEqual([question(again).phase, posted(again).view.answered], ['asking', 0]);
  });

  it('an action that does not fit the question (reveal on multiple choice) is ignored and the view redrawn', async () => {
    const { presenter, first } = await openQuiz();
    const step = await presenter.receive({ type: 'reveal', cardId: question(first).cardId });
    assert.deepEqual(step.effects, [{ kind: 'log', level: 'trace', message: 'reveal ignored: a choice question cannot be answered that way' }]);
    assert.equal(question(step).phase, 'asking');
  });

  it('undo of a rated question asks the grader to take the rating back; a failure shows an error', async () => {
    const host = new FakeHost();
    host.graded = true;
    const { presenter, first } = await openQuiz(host);
    const q1 = question(first);
    await presenter.receive({ type: 'answer', cardId: q1.cardId, chosen: [1] });
    await presenter.receive({ type: 'rate', cardId: q1.cardId, rating: 4 });
    await presenter.handle({ type: 'didRate', cardId: q1.cardId, rating: 4, saved: true });
    const undo = await presenter.receive({ type: 'undo' });
    assert.deepEqual(undo.post, []);
    assert.deepEqual(
      undo.effects.map((e) => (e.kind === 'undoRating' ? [e.kind, e.item.id] : [e.kind])),
      [['undoRating', q1.cardId]],
    );
    const back = await presenter.handle({ type: 'didUndoRating', saved: false, error: 'the review log is read-only' });
    const { view } = posted(back);
    assert.equal(view.announcement, 'Undone. Question 1 of 4.');
    assert.equal(view.error, 'The rating could not be taken back: the review log is read-only');
    assert.deepEqual([question(back).cardId, question(back).phase, view.answered], [q1.cardId, 'asking', 0]);
    // Answered again without a rating: undo has no rating to take back.
    await presenter.receive({ type: 'answer', cardId: q1.cardId, chosen: [0] });
    const plain = await presenter.receive({ type: 'undo' });
    assert.equal(posted(plain).view.announcement, 'Undone. Question 1 of 4.');
    assert.deepEqual(plain.effects, []);
    assert.equal(posted(await presenter.receive({ type: 'undo' })).view.announcement, 'Nothing to undo.');
  });

  it('reloading the window restores the quiz at the same question and phase from the state the webview kept', async () => {
    const { presenter, first } = await openQuiz();
    const q1 = question(first);
    await presenter.receive({ type: 'answer', cardId: q1.cardId, chosen: [1] });
    const onQ2 = posted(await presenter.receive({ type: 'next', cardId: q1.cardId }));
    const q2 = onQ2.view.screen.kind === 'question' ? onQ2.view.screen.question : assert.fail('no question 2');
    const kept = posted(await presenter.receive({ type: 'answer', cardId: q2.cardId, chosen: [2] })).state;

    const items = itemsOf();
    const reloaded = new QuizPresenter(new FakeHost(), { type: 'restore', quiz: kept, items: new Map(items.map((i) => [i.id, i])) });
    const restored = await reloaded.receive({ type: 'ready' });
    const { view, state } = posted(restored);
    assert.deepEqual(state, kept);
    assert.deepEqual([view.position, view.right, view.answered, view.announcement], [2, 1, 2, 'Question 2 of 4.']);
    assert.deepEqual([question(restored).cardId, question(restored).phase, question(restored).outcome], [q2.cardId, 'answered', 'wrong']);
    assert.deepEqual(await reloaded.handle({ type: 'notesChanged', sources: [URI] }), { post: [], effects: [{ kind: 'loadNotes', sources: [URI] }] }, 'edits of the note are followed after a reload');
  });

  it('an edit that deletes the current question skips to the next one; edits of other notes are not followed', async () => {
    const items = itemsOf();
    const { presenter } = await openQuiz();
    assert.deepEqual(await presenter.handle({ type: 'notesChanged', sources: ['file:///notes/other.md'] }), { post: [], effects: [] });
    const changed = await presenter.handle({ type: 'notesChanged', sources: [URI] });
    assert.deepEqual(changed, { post: [], effects: [{ kind: 'loadNotes', sources: [URI] }] });
    const withoutFirst = items.slice(1);
    const step = await presenter.handle({ type: 'didLoadNotes', items: new Map(withoutFirst.map((i) => [i.id, i])) });
    const { view } = posted(step);
    assert.deepEqual([view.total, view.position, view.announcement], [3, 1, 'The question was changed in the note. Question 1 of 3.']);
    assert.equal(question(step).cardId, items[1].id);
  });

  it('an edited question (new id, same line) keeps its place and its answer', async () => {
    const items = itemsOf();
    const { presenter, first } = await openQuiz();
    await presenter.receive({ type: 'answer', cardId: question(first).cardId, chosen: [0] });
    const edited = itemsOf(NOTE.replace('What is the pricing model', 'What is the billing model'));
    assert.notEqual(edited[0].id, items[0].id);
    const step = await presenter.handle({ type: 'didLoadNotes', items: new Map(edited.map((i) => [i.id, i])) });
    const q = question(step);
    assert.deepEqual([q.cardId, q.phase, q.outcome, q.promptHtml], [edited[0].id, 'answered', 'wrong', '<p>What is the billing model of Cloud Computing?</p>']);
  });

  it('"Start again" reloads the scope and starts over; the links to notes and formats become effects', async () => {
    const items = itemsOf();
    const { presenter, first } = await openQuiz();
    await presenter.receive({ type: 'answer', cardId: question(first).cardId, chosen: [1] });
    assert.deepEqual(await presenter.receive({ type: 'restart' }), { post: [], effects: [{ kind: 'loadScope', scope: SCOPE }] });
    const again = posted(await presenter.handle({ type: 'didLoadScope', items: items.slice(2), shuffle: false }));
    assert.deepEqual([again.view.total, again.view.answered, again.view.announcement], [2, 0, 'Started again. Question 1 of 2.']);
    assert.deepEqual(await presenter.receive({ type: 'openSource', cardId: items[3].id }), { post: [], effects: [{ kind: 'revealInEditor', source: URI, line: 22 }] });
    assert.deepEqual(await presenter.receive({ type: 'openSource', cardId: 'gone' }), { post: [], effects: [] });
    assert.deepEqual(await presenter.receive({ type: 'openFormats' }), { post: [], effects: [{ kind: 'openFormats' }] });
  });

  it('a quiz opened in a panel that is already showing one is posted at once, announced by its title', async () => {
    const { presenter } = await openQuiz();
    const replaced = posted(await presenter.handle({ type: 'open', title: 'Pricing', scope: { kind: 'section', uri: URI, line: 3 }, items: itemsOf().slice(3), shuffle: false }));
    assert.deepEqual([replaced.view.title, replaced.view.total, replaced.view.announcement], ['Pricing', 1, 'Quiz: Pricing. Question 1 of 1.']);
    const failed = posted(await presenter.handle({ type: 'failed', error: 'disk on fire' }));
    assert.deepEqual([failed.view.error, failed.view.announcement], ['disk on fire', '']);
  });

  it('a quiz whose questions all left the notes says there is nothing left to ask', async () => {
    const { presenter } = await openQuiz();
    const step = await presenter.handle({ type: 'didLoadNotes', items: new Map() });
    assert.deepEqual(posted(step).view.screen, { kind: 'empty', message: 'Nothing left to ask: the questions of this quiz are no longer in the notes.' });
  });
});
