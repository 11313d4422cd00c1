import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseNote } from '../../src/core';
import {
  apportion,
  choose,
  clearAnswer,
  drawMockExam,
  expire,
  goTo,
  MockExamError,
  scoreMockExam,
  startMockExam,
  submit,
  timeLeftMs,
  toggleFlag,
  type MockQuestion,
} from '../../src/core/mock/mock-exam';
import { seededRandom } from '../../src/core/quiz/quiz-items';

const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);
const MINUTE = 60_000;
const repoRoot = path.resolve(__dirname, '../../..');

/** The cards of a note as mock questions. */
function questionsOf(text: string, note = 'n.md'): MockQuestion[] {
  return parseNote(text, { noteKey: note }).cards.map((card) => ({ id: card.id, note, section: card.section, card }));
}

const NOTE = `# Cloud

## Pricing

1. What is the pricing model of the cloud?

- Discounts over time
- \`Pay as you go\`
- Flat rate

2. Which TWO are compute services?

- [x] EC2
- [x] Lambda
- [ ] S3

## Regions

3. What are regions made of?

- Edge locations
- \`Availability zones\`

Capital of France::Paris
`;

const sample = questionsOf(fs.readFileSync(path.join(repoRoot, 'samples', 'aws-ai-practitioner-notes.md'), 'utf8'), 'aws.md');

describe('mock exam: drawing the questions', () => {
  it('draws only multiple-choice questions with a right and a wrong option, each once', () => {
    const all = questionsOf(NOTE);
    const drawn = drawMockExam([...all, ...all], { count: 10, random: seededRandom(1) });
    assert.equal(drawn.questions.length, 3, 'the flashcard and the duplicates are not drawn');
    assert.ok(drawn.questions.every((q) => q.card.kind === 'mcq'));
    assert.equal(new Set(drawn.questions.map((q) => q.id)).size, 3);
  });

  it('the same seed draws the same questions in the same order; another seed another order', () => {
    const ids = (seed: number) => drawMockExam(sample, { count: 10, random: seededRandom(seed) }).questions.map((q) => q.id);
    assert.deepEqual(ids(7), ids(7));
    assert.notDeepEqual(ids(7), ids(8));
    assert.equal(ids(7).length, 10);
  });

  it('keeps to the scope', () => {
    const drawn = drawMockExam(questionsOf(NOTE), { count: 10, random: seededRandom(3), scope: [{ note: 'n.md', section: ['Cloud', 'Regions'] }] });
    assert.deepEqual(
      drawn.questions.map((q) => q.card.prompt),
      ['What are regions made of?'],
    );
  });

  it('with weights, each part gets its share; questions under no weight are not drawn', () => {
    const sections = [...new Set(sample.map((q) => JSON.stringify(q.section)))].map((s) => JSON.parse(s) as string[]);
    assert.ok(sections.length >= 2, 'the sample has questions in two sections at least');
    const [first, second] = sections;
    const inFirst = sample.filter((q) => JSON.stringify(q.section) === JSON.stringify(first)).length;
    const inSecond = sample.filter((q) => JSON.stringify(q.section) === JSON.stringify(second)).length;
    const count = Math.min(inFirst, inSecond * 3);
    const drawn = drawMockExam(sample, {
      count,
      random: seededRandom(11),
      weights: [
        { note: 'aws.md', section: first, weight: 3 },
        { note: 'aws.md', section: second, weight: 1 },
      ],
    });
    const fromFirst = drawn.questions.filter((q) => JSON.stringify(q.section) === JSON.stringify(first)).length;
    const fromSecond = drawn.questions.filter((q) => JSON.stringify(q.section) === JSON.stringify(second)).length;
    assert.equal(fromFirst + fromSecond, drawn.questions.length, 'nothing from other sections');
    assert.deepEqual(
      drawn.perWeight.map((p) => p.drawn),
      [fromFirst, fromSecond],
    );
    assert.ok(Math.abs(fromFirst - (count * 3) / 4) <= 1 && Math.abs(fromSecond - count / 4) <= 1, `${fromFirst} and ${fromSecond} of ${count} for weights 3:1`);
  });

  it('a part with too few questions gives its share to the others, so the exam is as long as asked when it can be', () => {
    const drawn = drawMockExam(questionsOf(NOTE), {
      count: 3,
      random: seededRandom(5),
      weights: [
        { note: 'n.md', section: ['Cloud', 'Pricing'], weight: 1 },
        { note: 'n.md', section: ['Cloud', 'Regions'], weight: 9 },
      ],
    });
    assert.equal(drawn.questions.length, 3);
    assert.deepEqual(
      drawn.perWeight.map((p) => [p.drawn, p.available]),
      [
        [2, 2],
        [1, 1],
      ],
    );
  });

  it('apportion: never over a capacity, fills min(total, capacity), and stays within one seat of the exact share when no capacity binds', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 40 })), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 120 }), (parts, total) => {
        const weights = parts.map(([w]) => w);
        const capacity = parts.map(([, c]) => c);
        const seats = apportion(weights, capacity, total);
        seats.forEach((s, i) => assert.ok(s >= 0 && s <= capacity[i]));
        assert.equal(
          seats.reduce((a, b) => a + b, 0),
          Math.min(
            total,
            capacity.reduce((a, b) => a + b, 0),
          ),
        );
        const sum = weights.reduce((a, b) => a + b, 0);
        if (seats.every((s, i) => s < capacity[i])) seats.forEach((s, i) => assert.ok(Math.abs(s - (total * weights[i]) / sum) < 1, `${s} seats for ${(total * weights[i]) / sum}`));
      }),
      { numRuns: 500, seed: 42 },
    );
  });
});

describe('mock exam: answering, flagging, time and score', () => {
  const all = questionsOf(NOTE).filter((q) => q.card.kind === 'mcq');
  const start = () => startMockExam(all, { now: T0, timeLimitMs: 90 * MINUTE, random: seededRandom(2) });
  /** The display position of option `index` (note order) of the question at `position`. */
  const shown = (exam: ReturnType<typeof start>, position: number, index: number) => exam.optionOrders[exam.order[position]].indexOf(index);

  it('gives no feedback before submitting, and scores exactly the right options after', () => {
    let exam = start();
    exam = choose(exam, 0, shown(exam, 0, 1)); // the right option of question 1
    exam = choose(exam, 1, shown(exam, 1, 0));
    exam = choose(exam, 1, shown(exam, 1, 2)); // EC2 and S3: not the right pair
    assert.throws(() => scoreMockExam(exam, all, { passMark: 0.7 }), MockExamError);
    const result = scoreMockExam(submit(exam, T0 + 10 * MINUTE), all, { passMark: 0.5 });
    assert.deepEqual([result.right, result.total, result.unanswered, result.elapsedMs, result.timedOut], [1, 3, 1, 10 * MINUTE, false]);
    assert.equal(result.passed, false, '1 of 3 is under a 50 % pass mark');
    assert.deepEqual(
      result.sections.map((s) => [s.section.join(' > '), s.right, s.total]),
      [
        ['Cloud > Pricing', 1, 2],
        ['Cloud > Regions', 0, 1],
      ],
    );
  });

  it('a question with two right options asks for two and toggles them; both and nothing else is right', () => {
    let exam = start();
    assert.deepEqual(exam.choose, { [all[1].id]: 2 });
    exam = choose(exam, 1, shown(exam, 1, 0));
    exam = choose(exam, 1, shown(exam, 1, 2));
    exam = choose(exam, 1, shown(exam, 1, 2)); // S3 out again
    exam = choose(exam, 1, shown(exam, 1, 1));
    const result = scoreMockExam(submit(exam, T0 + MINUTE), all, { passMark: 0.7 });
    assert.equal(result.answers[1].right, true);
    assert.deepEqual([...result.answers[1].chosen].sort(), [0, 1]);
  });

  it('a single-answer question keeps the last choice; clearing leaves it unanswered', () => {
    let exam = start();
    exam = choose(exam, 0, 0);
    exam = choose(exam, 0, 2);
    assert.deepEqual(exam.answers[all[0].id], [exam.optionOrders[all[0].id][2]]);
    exam = clearAnswer(exam, 0);
    assert.equal(exam.answers[all[0].id], undefined);
  });

  it('flags and unflags, moves back and forth, and refuses changes once submitted', () => {
    let exam = toggleFlag(start(), 2);
    exam = toggleFlag(exam, 0);
    assert.deepEqual(exam.flagged, [all[2].id, all[0].id]);
    exam = toggleFlag(exam, 2);
    assert.deepEqual(exam.flagged, [all[0].id]);
    exam = goTo(goTo(exam, 2), 1);
    assert.equal(exam.position, 1);
    assert.throws(() => goTo(exam, 3), /no question 4/);
    const done = submit(exam, T0 + MINUTE);
    assert.throws(() => choose(done, 0, 0), /submitted/);
    assert.throws(() => toggleFlag(done, 0), /submitted/);
    assert.equal(goTo(done, 0).position, 0, 'a submitted exam can still be looked through');
    assert.equal(submit(done, T0 + 2 * MINUTE), done, 'a second submit changes nothing');
    assert.equal(scoreMockExam(done, all, { passMark: 0.7 }).answers[0].flagged, true);
  });

  it('the clock submits at the deadline, and a late submit counts at the deadline', () => {
    const exam = choose(start(), 0, 0);
    assert.equal(timeLeftMs(exam, T0 + 30 * MINUTE), 60 * MINUTE);
    assert.equal(expire(exam, T0 + 89 * MINUTE), exam);
    const expired = expire(exam, T0 + 91 * MINUTE);
    assert.deepEqual([expired.submittedAtMs, expired.timedOut, timeLeftMs(expired, T0 + 200 * MINUTE)], [T0 + 90 * MINUTE, true, 0]);
    assert.equal(scoreMockExam(submit(exam, T0 + 95 * MINUTE), all, { passMark: 0.7 }).elapsedMs, 90 * MINUTE);
  });

  it('scores the questions as they are now: a deleted card is left out, an edited answer counts as edited', () => {
    let exam = start();
    exam = choose(exam, 0, shown(exam, 0, 0)); // "Discounts over time": wrong in the note as it was
    const done = submit(exam, T0 + MINUTE);
    const edited = questionsOf(NOTE.replace('- Discounts over time', '- `Discounts over time`').replace('- `Pay as you go`', '- Pay as you go')).filter((q) => q.card.kind === 'mcq');
    const withoutRegions = edited.filter((q) => q.section[1] !== 'Regions');
    const result = scoreMockExam(done, withoutRegions, { passMark: 0.7 });
    assert.equal(result.total, 2);
    assert.equal(result.answers[0].right, true);
  });

  it('passes at the pass mark exactly, and an empty exam never passes', () => {
    let exam = startMockExam(all.slice(0, 1), { now: T0, timeLimitMs: MINUTE, random: seededRandom(4) });
    exam = choose(exam, 0, exam.optionOrders[all[0].id].indexOf(1));
    assert.equal(scoreMockExam(submit(exam, T0 + 1), all, { passMark: 1 }).passed, true);
    const empty = submit(startMockExam([], { now: T0, timeLimitMs: MINUTE, random: seededRandom(4) }), T0 + 1);
    assert.deepEqual(
      (({ score, passed }) => [score, passed])(scoreMockExam(empty, [], { passMark: 0 })),
      [0, false],
    );
    assert.throws(() => startMockExam(all, { now: T0, timeLimitMs: 0, random: seededRandom(4) }), /time limit/);
  });
});

describe('mock exam: the webview protocol', () => {
  it('accepts the known messages and drops anything else', async () => {
    const { isMockToExtensionMessage } = await import('../../src/protocol/mock-protocol');
    for (const ok of [{ type: 'ready' }, { type: 'choose', position: 0, option: 3 }, { type: 'flag', position: 2 }, { type: 'goTo', position: 1 }, { type: 'submit' }, { type: 'timeUp' }, { type: 'countAsReviews' }, { type: 'openSource', position: 0 }, { type: 'clear', position: 4 }]) {
      assert.equal(isMockToExtensionMessage(ok), true, JSON.stringify(ok));
    }
    for (const bad of [null, 'submit', {}, { type: 'choose', position: -1, option: 0 }, { type: 'choose', position: 0 }, { type: 'goTo', position: 1.5 }, { type: 'flag', position: '1' }, { type: 'answer', cardId: 'x', chosen: [0] }]) {
      assert.equal(isMockToExtensionMessage(bad), false, JSON.stringify(bad));
    }
  });
});
