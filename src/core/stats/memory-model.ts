/**
 * The memory model of the statistics: a card's FSRS memory state (phase, stability,
 * difficulty) replayed event by event, fast enough for a million reviews.
 *
 * `ReviewScheduler.rate` builds a whole ts-fsrs scheduler per rating (about 12 µs); the
 * statistics need only the memory state, not the next due date, so this goes one level
 * down, through the scheduling module's `FsrsMemoryEngine` (ts-fsrs's own
 * `FSRSAlgorithm.next_state` and `BasicLearningStepsStrategy`, well under 1 µs). The phase
 * follows ts-fsrs's basic scheduler: a learning step under a day keeps the card in
 * (re)learning, anything else graduates it. A unit test holds it to `ReviewScheduler`
 * rating by rating. No interval arithmetic here: no due dates at all.
 */
import { DEFAULT_SCHEDULER_SETTINGS, FsrsMemoryEngine, type CardPhase, type CardSchedule, type Rating, type SchedulerSettings } from '../review/scheduler';

/** A card's memory as the statistics track it. */
export interface MemoryState {
  readonly phase: CardPhase;
  /** Index of the current (re)learning step. */
  readonly learningStep: number;
  /** FSRS stability in days (0 for a new card). */
  readonly stabilityDays: number;
  /** FSRS difficulty (0 for a new card). */
  readonly difficulty: number;
  /** Time of the last rating (epoch ms); undefined for a new card. */
  readonly lastReviewAt: number | undefined;
}

/** The card phases by index, as `MemoryCursor` and the statistics' folds store them. */
export const PHASES: readonly CardPhase[] = ['new', 'learning', 'review', 'relearning'];
const PHASE_INDEX: Readonly<Record<CardPhase, number>> = { new: 0, learning: 1, review: 2, relearning: 3 };
const NEW_PHASE = 0;

/**
 * A card's memory as a fold updates it in place, rating after rating (see
 * `MemoryModel.rateInPlace`): a `MemoryState` with its phase as an index in `PHASES`.
 */
export interface MemoryCursor {
  phase: number;
  learningStep: number;
  stabilityDays: number;
  difficulty: number;
  /** NaN for a card never rated. */
  lastReviewAt: number;
}

/** What recall depends on: a `MemoryState`, and a `CardSchedule` as it is (no copy needed). */
export type RecallState = Pick<MemoryState, 'phase' | 'stabilityDays' | 'lastReviewAt'>;

/** A card never rated. */
export const NEW_MEMORY: MemoryState = { phase: 'new', learningStep: 0, stabilityDays: 0, difficulty: 0, lastReviewAt: undefined };

const DAY_MS = 86_400_000;
/** ts-fsrs keeps a card in its (re)learning phase only for steps shorter than a day. */
const MINUTES_PER_DAY = 1440;

interface StepOutcome {
  /** Index in `PHASES`. */
  readonly phase: number;
  readonly learningStep: number;
}

/**
 * FSRS memory states over plain data, with the scheduling settings that change them
 * (learning steps; desired retention and the maximum interval do not).
 *
 * ```ts
 * const model = new MemoryModel();
 * const state = model.rate(NEW_MEMORY, 3, Date.parse('2025-01-06T09:00:00Z'));
 * model.recall(state, Date.parse('2025-01-10T09:00:00Z')); // about 0.89
 * ```
 */
export class MemoryModel {
  private readonly engine: FsrsMemoryEngine;
  /** Phase outcomes (see `nextPhase`). */
  private readonly outcomes: (StepOutcome | undefined)[] = [];

  constructor(settings: Partial<SchedulerSettings> = {}) {
    this.engine = new FsrsMemoryEngine({ ...DEFAULT_SCHEDULER_SETTINGS, ...settings });
  }

  /** The memory state a saved schedule stands for. */
  static fromSchedule(schedule: CardSchedule): MemoryState {
    return { phase: schedule.phase, learningStep: schedule.learningStep, stabilityDays: schedule.stabilityDays, difficulty: schedule.difficulty, lastReviewAt: schedule.lastReviewAt };
  }

  /** The state after `rating` at `at` (epoch ms), as `ReviewScheduler.rate` would leave it. */
  rate(state: MemoryState, rating: Rating, at: number): MemoryState {
    const memory = MemoryModel.cursor(state);
    this.rateInPlace(memory, rating, at);
    return { phase: PHASES[memory.phase], learningStep: memory.learningStep, stabilityDays: memory.stabilityDays, difficulty: memory.difficulty, lastReviewAt: memory.lastReviewAt };
  }

  /** A cursor at `state` (default a card never rated). */
  static cursor(state: MemoryState = NEW_MEMORY): MemoryCursor {
    return { phase: PHASE_INDEX[state.phase], learningStep: state.learningStep, stabilityDays: state.stabilityDays, difficulty: state.difficulty, lastReviewAt: state.lastReviewAt ?? NaN };
  }

  /** Puts the cursor back to a card never rated (a reset to new). */
  static reset(memory: MemoryCursor): void {
    memory.phase = NEW_PHASE;
    memory.learningStep = 0;
    memory.stabilityDays = 0;
    memory.difficulty = 0;
    memory.lastReviewAt = NaN;
  }

  /** `rate` written into `memory`: a fold of a million ratings allocates no state of ours per rating. */
  rateInPlace(memory: MemoryCursor, rating: Rating, at: number): void {
    const isNew = memory.phase === NEW_PHASE;
    const last = memory.lastReviewAt;
    // ts-fsrs counts elapsed time in whole UTC calendar days for a rating.
    const elapsedDays = isNew || Number.isNaN(last) ? 0 : Math.max(0, utcDay(at) - utcDay(last));
    const outcome = this.nextPhase(memory.phase, memory.learningStep, rating);
    this.engine.updateMemory(memory, isNew, elapsedDays, rating);
    memory.phase = outcome.phase;
    memory.learningStep = outcome.learningStep;
    memory.lastReviewAt = at;
  }

  /**
   * The probability (0–1) of recalling the card at `at`, as `ReviewScheduler.recallProbability`
   * gives it (whole days elapsed, unless `wholeDays` is false); undefined for a new card.
   */
  recall(state: RecallState, at: number, wholeDays = true): number | undefined {
    if (state.phase === 'new' || state.lastReviewAt === undefined) return undefined;
    return this.recallOf(state.stabilityDays, state.lastReviewAt, at, wholeDays);
  }

  /**
   * `recall` of a card not new, from its stability and last rating time: the statistics
   * keep those in typed arrays rather than one state object per review.
   */
  recallOf(stabilityDays: number, lastReviewAt: number, at: number, wholeDays = true): number | undefined {
    const elapsed = Math.max(0, (at - lastReviewAt) / DAY_MS);
    const elapsedDays = wholeDays ? Math.floor(elapsed) : elapsed;
    // ts-fsrs rounds the stability to 8 decimals first (with toFixed, which is slow; this rounds the same).
    const value = this.engine.forgettingCurve(elapsedDays, Math.round(stabilityDays * 1e8) / 1e8);
    return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : undefined;
  }

  private nextPhase(phase: number, step: number, rating: Rating): StepOutcome {
    // By step, phase and rating in one flat array: the step strategy's answer never changes, so it is asked once.
    const key = (step * PHASES.length + phase) * 5 + rating;
    return this.outcomes[key] ?? (this.outcomes[key] = this.computePhase(PHASES[phase], step, rating));
  }

  private computePhase(phase: CardPhase, step: number, rating: Rating): StepOutcome {
    // A card in review stays there unless forgotten; forgotten, it relearns like a learning card.
    if (phase === 'review' && rating !== 1) return { phase: PHASE_INDEX.review, learningStep: 0 };
    const target: CardPhase = phase === 'new' ? 'learning' : phase === 'review' ? 'relearning' : phase;
    const info = this.engine.learningStep(phase, step, rating);
    const minutes = Math.max(0, info?.scheduledMinutes ?? 0);
    const nextStep = Math.max(0, info?.nextStep ?? 0);
    if (minutes > 0 && minutes < MINUTES_PER_DAY) return { phase: PHASE_INDEX[target], learningStep: nextStep };
    return { phase: PHASE_INDEX.review, learningStep: minutes >= MINUTES_PER_DAY ? nextStep : 0 };
  }
}

function utcDay(time: number): number {
  return Math.floor(time / DAY_MS);
}
