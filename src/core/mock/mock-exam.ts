/**
 * A mock exam: N multiple-choice questions drawn from the notes (by section weight when
 * the exam plan has weights), answered without feedback against a time limit, flagged
 * and revisited at will, then scored against a pass mark. Pure and serialisable: the
 * panel persists `MockExamState` and rebuilds the exam from it and the questions as they
 * are now, like the quiz.
 *
 * ```ts
 * const drawn = drawMockExam(questions, { count: 65, random: seededRandom(7), weights });
 * let exam = startMockExam(drawn.questions, { now, timeLimitMs: 90 * 60_000, random });
 * exam = choose(exam, 0, 2); // question 1: the third option shown
 * const result = scoreMockExam(submit(exam, now), drawn.questions, { passMark: 0.7 });
 * ```
 */
import type { Card } from '../model/model';
import { permute } from '../quiz/quiz-items';
import { inEntry, type ExamScopeEntry, type SectionWeight } from '../stats/readiness';

/** A question that can be asked in a mock exam: a multiple-choice card and where it lives. */
export interface MockQuestion {
  readonly id: string;
  /** The note's key (its path in the workspace). */
  readonly note: string;
  readonly section: readonly string[];
  readonly card: Card;
}

/** Defaults of the command, the CLI and the settings. */
export const MOCK_DEFAULTS = { questionCount: 65, timeLimitMinutes: 90, passMark: 0.7 } as const;

/** Whether a card can be asked in a mock exam: multiple choice with a right option and a wrong one. */
export function isMockQuestion(card: Card): boolean {
  const options = card.options ?? [];
  return card.kind === 'mcq' && options.some((o) => o.correct) && options.some((o) => !o.correct);
}

/** What was drawn, and why fewer than asked when so. */
export interface MockDraw {
  readonly questions: readonly MockQuestion[];
  /** Per weight of the plan, in its order: how many of its questions were drawn out of how many there are. */
  readonly perWeight: readonly { readonly weight: SectionWeight; readonly drawn: number; readonly available: number }[];
  /** How many were asked for. */
  readonly requested: number;
}

export interface DrawOptions {
  readonly count: number;
  readonly random: () => number;
  /** Only questions inside these notes or sections; empty or absent: all. */
  readonly scope?: readonly ExamScopeEntry[];
  /** Section weights: each part gets its share of the count; questions under no weight are not drawn. */
  readonly weights?: readonly SectionWeight[];
}

/**
 * Draws `count` questions (or all there are, when fewer), each at most once, in a random
 * order. With weights, part i gets `count × wᵢ / Σw` questions (largest remainders
 * rounded up); a part with too few questions gives its unfilled share to the others in
 * proportion to their weights, so the exam is as long as the questions allow. A question
 * under two weights belongs to the first.
 */
export function drawMockExam(all: readonly MockQuestion[], options: DrawOptions): MockDraw {
  const count = Math.max(0, Math.floor(options.count));
  const seen = new Set<string>();
  const scope = options.scope ?? [];
  const candidates = all.filter((q) => {
    if (seen.has(q.id) || !isMockQuestion(q.card)) return false;
    seen.add(q.id);
    return scope.length === 0 || scope.some((entry) => inEntry(q, entry));
  });
  const weights = options.weights ?? [];
  if (weights.length === 0) {
    const questions = permute(candidates, options.random).slice(0, count);
    return { questions, perWeight: [], requested: count };
  }
  const pools: MockQuestion[][] = weights.map(() => []);
  for (const q of candidates) {
    const part = weights.findIndex((w) => inEntry(q, w));
    if (part >= 0) pools[part].push(q);
  }
  const quotas = apportion(
    weights.map((w) => w.weight),
    pools.map((pool) => pool.length),
    count,
  );
  const perWeight = weights.map((weight, i) => ({ weight, drawn: quotas[i], available: pools[i].length }));
  const questions = permute(
    pools.flatMap((pool, i) => permute(pool, options.random).slice(0, quotas[i])),
    options.random,
  );
  return { questions, perWeight, requested: count };
}

/**
 * Splits `total` seats between parts in proportion to `weights`, none over its
 * `capacity`: largest remainder (Hamilton), repeated over the parts with room left for
 * the seats a full part could not take.
 */
export function apportion(weights: readonly number[], capacity: readonly number[], total: number): number[] {
  const seats = weights.map(() => 0);
  let left = Math.min(
    total,
    capacity.reduce((a, b) => a + b, 0),
  );
  while (left > 0) {
    const open = weights.map((_, i) => i).filter((i) => seats[i] < capacity[i] && weights[i] > 0);
    if (open.length === 0) break;
    const sum = open.reduce((s, i) => s + weights[i], 0);
    const exact = open.map((i) => (left * weights[i]) / sum);
    const give = open.map((i, k) => Math.min(Math.floor(exact[k]), capacity[i] - seats[i]));
    let given = give.reduce((a, b) => a + b, 0);
    // Remainders: the largest fractions first, ties to the earlier part (stable), one seat each.
    const byRemainder = open.map((_, k) => ({ k, fraction: exact[k] - Math.floor(exact[k]) })).sort((a, b) => b.fraction - a.fraction);
    for (const { k } of byRemainder) {
      if (given >= left) break;
      if (seats[open[k]] + give[k] < capacity[open[k]]) {
        give[k]++;
        given++;
      }
    }
    if (given === 0) break;
    open.forEach((i, k) => (seats[i] += give[k]));
    left -= given;
  }
  return seats;
}

/** A mock exam in progress or submitted, as plain JSON. */
export interface MockExamState {
  /** Question ids in asking order. */
  readonly order: readonly string[];
  /** Per question id: display position → index into the card's options. */
  readonly optionOrders: Readonly<Record<string, readonly number[]>>;
  /** Per question id: the chosen options, as indexes into the card's options, in the order chosen. */
  readonly answers: Readonly<Record<string, readonly number[]>>;
  /** Per question id whose card has several right options: how many to choose ("Choose 2"). */
  readonly choose: Readonly<Record<string, number>>;
  /** Ids of the flagged questions, in the order they were flagged. */
  readonly flagged: readonly string[];
  /** Index into `order` of the question on screen. */
  readonly position: number;
  readonly startedAtMs: number;
  readonly timeLimitMs: number;
  /** Set once submitted (by the person or by the clock); the exam is read-only after. */
  readonly submittedAtMs?: number;
  /** Whether the time ran out before the person submitted. */
  readonly timedOut?: boolean;
}

export class MockExamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MockExamError';
  }
}

export function startMockExam(questions: readonly MockQuestion[], options: { now: number; timeLimitMs: number; random: () => number }): MockExamState {
  if (!(options.timeLimitMs > 0)) throw new MockExamError(`the time limit must be positive, not ${options.timeLimitMs} ms`);
  const optionOrders: Record<string, readonly number[]> = {};
  const choose: Record<string, number> = {};
  for (const q of questions) {
    const options_ = q.card.options ?? [];
    optionOrders[q.id] = permute(
      options_.map((_, i) => i),
      options.random,
    );
    const rightCount = options_.filter((o) => o.correct).length;
    if (rightCount > 1) choose[q.id] = rightCount;
  }
  return { order: questions.map((q) => q.id), optionOrders, answers: {}, choose, flagged: [], position: 0, startedAtMs: options.now, timeLimitMs: options.timeLimitMs };
}

/** Milliseconds left (0 once the time is up). */
export function timeLeftMs(exam: MockExamState, now: number): number {
  const end = exam.submittedAtMs ?? now;
  return Math.max(0, exam.startedAtMs + exam.timeLimitMs - end);
}

function open(exam: MockExamState): void {
  if (exam.submittedAtMs !== undefined) throw new MockExamError('the exam was submitted: answers can no longer change');
}

function questionAt(exam: MockExamState, position: number): string {
  const id = exam.order[position];
  if (id === undefined) throw new MockExamError(`there is no question ${position + 1} (the exam has ${exam.order.length})`);
  return id;
}

/**
 * Chooses the option shown at `shownIndex` for the question at `position`. A question with
 * one right option keeps the last choice; one with several ("Choose 2") toggles the
 * option in or out of the choice.
 */
export function choose(exam: MockExamState, position: number, shownIndex: number): MockExamState {
  open(exam);
  const id = questionAt(exam, position);
  const option = exam.optionOrders[id]?.[shownIndex];
  if (option === undefined) throw new MockExamError(`question ${position + 1} has no option ${shownIndex + 1}`);
  const before = exam.answers[id] ?? [];
  const chosen = exam.choose[id] === undefined ? [option] : before.includes(option) ? before.filter((o) => o !== option) : [...before, option];
  const answers = { ...exam.answers, [id]: chosen };
  if (chosen.length === 0) delete answers[id];
  return { ...exam, answers };
}

/** Clears the answer of the question at `position`. */
export function clearAnswer(exam: MockExamState, position: number): MockExamState {
  open(exam);
  const id = questionAt(exam, position);
  const answers = { ...exam.answers };
  delete answers[id];
  return { ...exam, answers };
}

export function toggleFlag(exam: MockExamState, position: number): MockExamState {
  open(exam);
  const id = questionAt(exam, position);
  return { ...exam, flagged: exam.flagged.includes(id) ? exam.flagged.filter((f) => f !== id) : [...exam.flagged, id] };
}

/** Moves to a question (allowed after submitting too, to review it). */
export function goTo(exam: MockExamState, position: number): MockExamState {
  questionAt(exam, position);
  return { ...exam, position };
}

/** Submits the exam; a submit after the time is up counts as at the deadline, marked timed out. */
export function submit(exam: MockExamState, now: number): MockExamState {
  if (exam.submittedAtMs !== undefined) return exam;
  const deadline = exam.startedAtMs + exam.timeLimitMs;
  return now >= deadline ? { ...exam, submittedAtMs: deadline, timedOut: true } : { ...exam, submittedAtMs: now };
}

/** The exam, submitted by the clock when its time is up; unchanged otherwise. */
export function expire(exam: MockExamState, now: number): MockExamState {
  return exam.submittedAtMs === undefined && now >= exam.startedAtMs + exam.timeLimitMs ? submit(exam, now) : exam;
}

/** How one question went. */
export interface MockAnswerResult {
  readonly question: MockQuestion;
  /** The chosen options (indexes into the card's options); empty when left unanswered. */
  readonly chosen: readonly number[];
  readonly right: boolean;
  readonly flagged: boolean;
}

export interface MockSectionResult {
  readonly note: string;
  readonly section: readonly string[];
  readonly right: number;
  readonly total: number;
}

export interface MockExamResult {
  readonly right: number;
  readonly total: number;
  readonly unanswered: number;
  /** right / total; 0 for an empty exam. */
  readonly score: number;
  readonly passMark: number;
  readonly passed: boolean;
  readonly elapsedMs: number;
  readonly timedOut: boolean;
  /** Per section holding questions, in first-asked order. */
  readonly sections: readonly MockSectionResult[];
  /** Every question in asking order (those whose card was deleted meanwhile are left out). */
  readonly answers: readonly MockAnswerResult[];
}

/**
 * Scores a submitted exam against the questions as they are now. A question whose card
 * no longer exists is left out of the score; a question's right options are read from
 * the note as it is now.
 */
export function scoreMockExam(exam: MockExamState, questions: readonly MockQuestion[], options: { passMark: number }): MockExamResult {
  if (exam.submittedAtMs === undefined) throw new MockExamError('the exam is not submitted yet');
  const byId = new Map(questions.map((q) => [q.id, q]));
  const answers: MockAnswerResult[] = [];
  const sections = new Map<string, { note: string; section: readonly string[]; right: number; total: number }>();
  for (const id of exam.order) {
    const question = byId.get(id);
    if (!question) continue;
    const chosen = exam.answers[id] ?? [];
    const rightOptions = (question.card.options ?? []).flatMap((o, i) => (o.correct ? [i] : []));
    // Right means exactly the right options: all of them and nothing else.
    const right = chosen.length === rightOptions.length && rightOptions.every((i) => chosen.includes(i));
    answers.push({ question, chosen, right, flagged: exam.flagged.includes(id) });
    const key = JSON.stringify([question.note, ...question.section]);
    let section = sections.get(key);
    if (!section) sections.set(key, (section = { note: question.note, section: question.section, right: 0, total: 0 }));
    section.total++;
    if (right) section.right++;
  }
  const right = answers.filter((a) => a.right).length;
  const score = answers.length === 0 ? 0 : right / answers.length;
  return {
    right,
    total: answers.length,
    unanswered: answers.filter((a) => a.chosen.length === 0).length,
    score,
    passMark: options.passMark,
    passed: answers.length > 0 && score >= options.passMark,
    elapsedMs: exam.submittedAtMs - exam.startedAtMs,
    timedOut: exam.timedOut === true,
    sections: [...sections.values()],
    answers,
  };
}
