import * as assert from 'node:assert/strict';
import { seededRandom } from '../../../src/core/quiz/quiz-items';
import { ReviewHistory, type Rating, type ReviewEvent } from '../../../src/core/review';
import type { Calendar } from '../../../src/core/stats/calendar';
import { LiveStats } from '../../../src/core/stats/live-stats';
import type { ExamPlan } from '../../../src/core/stats/readiness';
import { computeReviewStats, type ReviewStats, type StatsCard, type StatsScope } from '../../../src/core/stats/review-stats';
import { DAY, MINUTE, T0, testScheduler } from '../review-support';
import { straightforwardReviewStats } from './straightforward-review-stats';

const scheduler = testScheduler();
const pause = async () => undefined;

/** 40 cards in two notes and five sections; the first 30 are multiple choice (options o0–o3, o0 right). */
const CARDS: StatsCard[] = Array.from({ length: 40 }, (_, i) => ({
  id: `c${i}`,
  note: i < 24 ? 'aws.md' : 'gcp.md',
  section: i < 8 ? ['Compute'] : i < 16 ? ['Compute', 'EC2'] : i < 24 ? ['Storage'] : i < 32 ? [] : ['Network'],
  ...(i % 5 === 0 ? {} : { prompt: `What is **c${i}**?` }),
}));
const OPTIONS = ['o0', 'o1', 'o2', 'o3'];

const SCOPES: StatsScope[] = [
  { kind: 'workspace' },
  { kind: 'note', note: 'aws.md' },
  { kind: 'section', note: 'aws.md', section: ['Compute'] },
  { kind: 'note', note: 'gcp.md' },
];

const EXAMS: ExamPlan[] = [
  { date: new Date(T0 + 20 * DAY).toISOString().slice(0, 10) },
  {
    date: new Date(T0 + 9 * DAY).toISOString().slice(0, 10),
    scope: [{ note: 'aws.md' }, { note: 'gcp.md', section: ['Network'] }],
    weights: [
      { note: 'aws.md', section: ['Compute'], weight: 30 },
      { note: 'aws.md', section: ['Storage'], weight: 20 },
    ],
  },
];

/**
 * A seeded log of 120 days before `T0` with everything the statistics read: ratings with
 * and without durations, chosen options (right and wrong, several at once), questions
 * copied into the log, resets to new, suspends, undos (of ratings, of a reset, of an
 * undo), links from retired card ids, cards no note has, mock exams (some answers on
 * cards out of every scope, one in the future) and ratings after `T0` (another machine's clock).
 */
function generatedLog(seed: number): ReviewEvent[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const events: ReviewEvent[] = [];
  let seq = 0;
  const id = () => `gen${seed}.${++seq}`;
  const start = T0 - 120 * DAY;
  // Retired ids whose history links move to live cards, and ids of cards no note has any more.
  const retired = ['old1', 'old2', 'old3'];
  const orphans = ['gone1', 'gone2'];
  const ids = [...CARDS.map((c) => c.id), ...retired, ...orphans];
  for (let k = 0; k < 1500; k++) {
    const time = start + Math.floor(random() * 120 * DAY);
    const card = pick(ids);
    const roll = random();
    if (roll < 0.03) {
      events.push({ v: 1, id: id(), kind: 'forget', card, time });
      continue;
    }
    const rating = (1 + Math.floor(random() * 4)) as Rating;
    const index = Number(card.slice(1));
    const multipleChoice = card.startsWith('c') && index < 30;
    const wrong = rating === 1 || random() < 0.1;
    const chosen = multipleChoice && random() < 0.8 ? (wrong ? (random() < 0.2 ? ['o1', 'o2'] : [pick(OPTIONS.slice(1))]) : ['o0']) : undefined;
    events.push({
      v: 1,
      id: id(),
      kind: 'review',
      card,
      time,
      rating,
      ...(random() < 0.15 ? {} : { durationMs: 1000 + Math.floor(random() * 30_000) }),
      ...(random() < 0.3 ? { question: `Logged question of ${card} ${'long '.repeat(random() < 0.1 ? 60 : 1)}` } : {}),
      ...(chosen ? { chosen, correct: !wrong } : {}),
    });
  }
  // Ratings after now: another machine whose clock runs ahead.
  for (let k = 0; k < 12; k++) events.push({ v: 1, id: id(), kind: 'review', card: pick(ids), time: T0 + (k + 1) * 3 * 60 * MINUTE, rating: 3, durationMs: 3000 });
  // Links: the retired ids' history moves to live cards (one of them later moves on).
  events.push({ v: 1, id: id(), kind: 'link', card: 'old1', to: 'c3', time: start + 60 * DAY });
  events.push({ v: 1, id: id(), kind: 'link', card: 'old2', to: 'c27', time: start + 90 * DAY });
  events.push({ v: 1, id: id(), kind: 'link', card: 'c27', to: 'c35', time: start + 100 * DAY });
  // Undos: of ratings, of a reset, and of an undo (ignored: not a redo).
  const ratings = events.filter((e) => e.kind === 'review');
  for (let k = 0; k < 40; k++) {
    const target = pick(ratings);
    events.push({ v: 1, id: id(), kind: 'undo', card: target.card, target: target.id, time: target.time + MINUTE });
  }
  const reset = events.find((e) => e.kind === 'forget');
  if (reset) events.push({ v: 1, id: id(), kind: 'undo', card: reset.card, target: reset.id, time: reset.time + MINUTE });
  const anUndo = events.find((e) => e.kind === 'undo');
  if (anUndo) events.push({ v: 1, id: id(), kind: 'undo', card: anUndo.card, target: anUndo.id, time: anUndo.time + MINUTE });
  // Suspends (one taken back).
  for (const card of ['c4', 'c11', 'c30']) events.push({ v: 1, id: id(), kind: 'suspend', card, time: T0 - 2 * DAY });
  events.push({ v: 1, id: id(), kind: 'unsuspend', card: 'c30', time: T0 - DAY });
  // Mock exams: answers on cards in and out of scope, on a retired id and on a card no note has.
  for (let k = 0; k < 8; k++) {
    const time = k === 7 ? T0 + 2 * DAY : start + (20 + k * 12) * DAY + Math.floor(random() * DAY);
    const asked = [...new Set(Array.from({ length: 12 }, () => pick([...ids.slice(0, 30), 'old1', 'gone1'])))];
    const answers = asked.map((card) => {
      const correct = random() < 0.6;
      return { card, note: 'aws.md', chosen: correct ? ['o0'] : random() < 0.1 ? [] : [pick(OPTIONS.slice(1))], correct };
    });
    events.push({ v: 1, id: id(), kind: 'mock', time, scope: k % 2 === 0 ? 'Workspace' : 'aws.md', passMark: 0.7, durationMs: 600_000 + k, answers });
  }
  // An exam date event too: the statistics take the plan as input, the history keeps the event.
  events.push({ v: 1, id: id(), kind: 'exam', time: start + DAY, date: EXAMS[0].date });
  // In the order a log is read: segments by writer, not by time.
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [events[i], events[j]] = [events[j], events[i]];
  }
  return events;
}

/** The figures in the straightforward way, and a check that the generated log exercises what the ledger has to match. */
function reference(events: ReviewEvent[], history: ReviewHistory, scope: StatsScope, exam: ExamPlan | undefined, calendar?: Calendar): ReviewStats {
  return straightforwardReviewStats({ events, cards: CARDS, history, now: T0, settings: scheduler.settings, scope, ...(exam ? { exam } : {}), ...(calendar ? { calendar } : {}) });
}

describe('Statistics from the ledger (sums over per-card folds) against the straightforward count', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`computeReviewStats gives the straightforward figures for every scope, with and without an exam date (log ${seed})`, () => {
      const events = generatedLog(seed);
      const history = ReviewHistory.fromEvents(events, scheduler);
      const calendar: Calendar | undefined = seed % 2 === 0 ? { offsetMs: () => 5.5 * 3_600_000 } : undefined;
      for (const scope of SCOPES) {
        for (const exam of [undefined, ...EXAMS]) {
          const input = { events, cards: CARDS, history, now: T0, settings: scheduler.settings, scope, ...(exam ? { exam } : {}), ...(calendar ? { calendar } : {}) };
          assert.deepEqual(computeReviewStats(input), reference(events, history, scope, exam, calendar), `${JSON.stringify(scope)} exam ${exam?.date ?? 'none'}`);
        }
      }
    });
  }

  it('the generated logs exercise every figure the ledger has to match', () => {
    const events = generatedLog(1);
    const stats = reference(events, ReviewHistory.fromEvents(events, scheduler), { kind: 'workspace' }, EXAMS[1]);
    assert.ok(stats.mostMissed.length === 10 && stats.mostMissed.some((m) => m.question.startsWith('Logged question')), 'most missed, with a question from the log');
    assert.ok(stats.wrongChoices.length === 10 && stats.wrongChoices.some((w) => w.times > 1));
    assert.equal(stats.mockExams.length, 7, 'the mock exam after now is left out');
    assert.ok(stats.readiness && stats.readiness.days.some((d) => d.predictedScore > 0) && new Set(stats.readiness.days.map((d) => d.predictedScore)).size > 5);
    assert.equal(stats.cardCounts.suspended, 2);
    assert.ok(stats.buttons.relearning.some((n) => n > 0) && stats.buttons.new.some((n) => n > 0));
    assert.ok(stats.sectionRecall.every((s) => s.averageRecall.some((r) => r !== null)));
  });

  it('the panel (LiveStats over the folded history) gives the same figures, before and after ratings, undos and a mock exam added live', async () => {
    const events = generatedLog(6);
    const history = ReviewHistory.fromEvents(events, scheduler);
    const live = new LiveStats({ history: () => history, readLog: async () => [], settings: () => scheduler.settings }, { offsetMs: () => 0 }, pause);
    const check = async (label: string) => {
      for (const scope of SCOPES) {
        for (const exam of [undefined, EXAMS[1]]) {
          const { stats } = await live.compute(CARDS, scope, T0, exam);
          assert.deepEqual(stats, reference(events, history, scope, exam), `${label}: ${JSON.stringify(scope)} exam ${exam?.date ?? 'none'}`);
        }
      }
    };
    await check('first computation');
    const added: ReviewEvent[] = [
      { v: 1, id: 'live.1', kind: 'review', card: 'c2', time: T0 - 30 * MINUTE, rating: 1, durationMs: 5000, chosen: ['o3'], correct: false },
      { v: 1, id: 'live.2', kind: 'review', card: 'c25', time: T0 - 20 * MINUTE, rating: 4, question: 'Asked live' },
      { v: 1, id: 'live.3', kind: 'undo', card: 'c25', target: 'live.2', time: T0 - 19 * MINUTE },
      { v: 1, id: 'live.4', kind: 'mock', time: T0 - 10 * MINUTE, scope: 'Workspace', passMark: 0.7, durationMs: 60_000, answers: [{ card: 'c2', note: 'aws.md', chosen: ['o3'], correct: false }] },
      { v: 1, id: 'live.5', kind: 'forget', card: 'c9', time: T0 - 5 * MINUTE },
      { v: 1, id: 'live.6', kind: 'suspend', card: 'c12', time: T0 - 4 * MINUTE },
    ];
    for (const event of added) {
      history.add(event);
      events.push(event);
    }
    await check('after events added live');
  });
});
