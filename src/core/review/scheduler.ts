/**
 * Scheduling: the one module that imports ts-fsrs (lint holds every other file to it). Everything outside it speaks
 * camelCase plain data (`CardSchedule`, times as epoch milliseconds); ts-fsrs's
 * snake_case and its `Date` objects stay in here.
 */
import { BasicLearningStepsStrategy, createEmptyCard, fsrs, FSRSAlgorithm, generatorParameters, Rating as FsrsRating, S_MIN, State, type Card as FsrsCard, type FSRS, type FSRSParameters, type Grade, type StepUnit } from 'ts-fsrs';

// ts-fsrs 5.4.2 assigns four enumerable methods to Date.prototype when it is imported.
// The extension host is shared with every other extension, and enumerable prototype
// properties show up in their for..in loops, so they go right away. ts-fsrs's own code
// never calls them.
for (const name of ['scheduler', 'diff', 'format', 'dueFormat']) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  if (Object.prototype.hasOwnProperty.call(Date.prototype, name)) delete (Date.prototype as any)[name];
}

import { RATINGS, RATING_LABELS, type Rating } from '../model/rating';

export { RATINGS, RATING_LABELS, isRating, type Rating } from '../model/rating';

/** Where a card is in its life: never rated, in its (re)learning steps, or spaced out. */
export type CardPhase = 'new' | 'learning' | 'review' | 'relearning';

/** The scheduling state of one card, as plain JSON-friendly data. */
export interface CardSchedule {
  readonly phase: CardPhase;
  /** When the card is next due (epoch ms). */
  readonly dueAt: number;
  /** FSRS stability: days until recall probability falls to 90%. */
  readonly stabilityDays: number;
  readonly difficulty: number;
  /** The interval the last rating gave, in whole days (0 in learning steps). */
  readonly scheduledDays: number;
  /** Index of the current (re)learning step. */
  readonly learningStep: number;
  readonly reps: number;
  readonly lapses: number;
  /** Time of the last rating (epoch ms); undefined for a new card. */
  readonly lastReviewAt: number | undefined;
}

/** A schedule another tool gave a card (see `ReviewScheduler.importedCard`). */
export interface ImportedMemory {
  /** When the card is due (epoch ms). */
  readonly dueAt: number;
  /** The interval that led to that due date, in whole days (at least 1). */
  readonly intervalDays: number;
  /** Obsidian Spaced Repetition's ease, in hundredths (250 = 2.5). */
  readonly ease: number;
}

/** The ease Obsidian Spaced Repetition starts cards at, and how much one Easy or Hard answer moves it. */
const IMPORT_BASE_EASE = 250;
const IMPORT_EASE_STEP = 20;
const MAX_EASE_STEPS = 50;

/** Settings of the scheduler; the VS Code settings map onto these. */
export interface SchedulerSettings {
  /** Probability of recall to aim for when a card comes due, 0.7–0.99 (default 0.9). */
  readonly desiredRetention: number;
  /** The longest interval given, in days (default 36500). */
  readonly maximumIntervalDays: number;
  /** Learning steps of new cards, such as `['1m', '10m']`. */
  readonly learningSteps: readonly string[];
  /** Relearning steps after a lapse, such as `['10m']`. */
  readonly relearningSteps: readonly string[];
  /** Whether intervals get ts-fsrs's deterministic fuzz (on for users, off in tests). */
  readonly fuzz: boolean;
}

/** The defaults: ts-fsrs's own, with fuzz on. */
export const DEFAULT_SCHEDULER_SETTINGS: SchedulerSettings = {
  desiredRetention: 0.9,
  maximumIntervalDays: 36500,
  learningSteps: ['1m', '10m'],
  relearningSteps: ['10m'],
  fuzz: true,
};

/** A setting that the scheduler cannot use. */
export class InvalidSchedulerSettingError extends Error {
  constructor(
    /** The name of the setting, as in `SchedulerSettings`. */
    readonly setting: keyof SchedulerSettings,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidSchedulerSettingError';
  }
}

/** What one rating would do to a card: for the `Again 1m · Hard 6m · Good 10m · Easy 4d` buttons. */
export interface RatingPreview {
  readonly rating: Rating;
  /** `Again`, `Hard`, `Good` or `Easy`. */
  readonly label: string;
  /** When the card would be due again (epoch ms). */
  readonly dueAt: number;
  /** `dueAt - now` in ms. */
  readonly intervalMs: number;
  /** The interval for humans: `1m`, `6m`, `10m`, `3h`, `4d`, `2.5mo`, `1.3y`. */
  readonly intervalLabel: string;
}

const STEP = /^\d+(\.\d+)?[mhd]$/;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Formats an interval for a rating button: minutes under an hour, hours under a day,
 * days under a month, then months and years.
 *
 * ```ts
 * formatInterval(10 * 60_000)         // '10m'
 * formatInterval(4 * 86_400_000)      // '4d'
 * ```
 */
export function formatInterval(ms: number): string {
  const value = Math.max(0, ms);
  if (value < HOUR) return `${Math.max(1, Math.round(value / MINUTE))}m`;
  if (value < DAY) return `${Math.round(value / HOUR)}h`;
  const days = value / DAY;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${trimDecimal(days / 30.4375)}mo`;
  return `${trimDecimal(days / 365.25)}y`;
}

function trimDecimal(n: number): string {
  const rounded = Math.round(n * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

const PHASES: Record<State, CardPhase> = {
  [State.New]: 'new',
  [State.Learning]: 'learning',
  [State.Review]: 'review',
  [State.Relearning]: 'relearning',
};
const STATES: Record<CardPhase, State> = { new: State.New, learning: State.Learning, review: State.Review, relearning: State.Relearning };

/**
 * FSRS scheduling over plain data, deterministic for given settings: the same ratings
 * at the same times always give the same schedule (ts-fsrs's fuzz is seeded by the
 * review time and the card's state, so it replays identically too).
 *
 * ```ts
 * const scheduler = new ReviewScheduler({ ...DEFAULT_SCHEDULER_SETTINGS, fuzz: false });
 * const card = scheduler.rate(scheduler.newCard(), 3, Date.parse('2025-01-01T09:00:00Z'));
 * card.dueAt - Date.parse('2025-01-01T09:00:00Z'); // 10 minutes: the second learning step
 * ```
 */
export class ReviewScheduler {
  /** The settings in force (validated). */
  readonly settings: SchedulerSettings;
  private readonly engine: FSRS;

  /** @throws InvalidSchedulerSettingError when a setting is out of range. */
  constructor(settings: Partial<SchedulerSettings> = {}) {
    this.settings = validateSettings({ ...DEFAULT_SCHEDULER_SETTINGS, ...settings });
    this.engine = fsrs({
      request_retention: this.settings.desiredRetention,
      maximum_interval: this.settings.maximumIntervalDays,
      enable_fuzz: this.settings.fuzz,
      enable_short_term: true,
      learning_steps: this.settings.learningSteps as StepUnit[],
      relearning_steps: this.settings.relearningSteps as StepUnit[],
    });
  }

  /** A card that has never been rated, due at `at` (epoch ms, default 0: due whenever introduced). */
  newCard(at = 0): CardSchedule {
    return fromFsrs(createEmptyCard(new Date(at)));
  }

  /** The card after `rating` at `at` (epoch ms). */
  rate(card: CardSchedule, rating: Rating, at: number): CardSchedule {
    return this.capInterval(fromFsrs(this.engine.next(toFsrs(card), new Date(at), rating as Grade).card), at);
  }

  /**
   * The card a schedule from another spaced-repetition tool maps onto (see
   * `ImportEvent`): a card in review, due at `memory.dueAt`, last reviewed
   * `memory.intervalDays` before that (or at `at`, the import, if that is earlier). The
   * mapping, the one place it is made:
   * - stability = the interval: FSRS's stability is the time until recall falls to 90%,
   *   which is what an interval aimed at (at the default retention, FSRS's own next
   *   interval for a card of that stability is that interval);
   * - difficulty: ts-fsrs's first-answer difficulty for Good, then FSRS's difficulty update
   *   replayed once per 20 points of ease above 250 (Easy) or below it (Hard), because that is
   *   how Obsidian Spaced Repetition moves its ease from its 250 start (Easy +20, Hard −20,
   *   Good unchanged); capped at 50 steps, where the update has long reached its bound.
   * Repetitions and lapses start at 0: the log holds no reviews of it yet.
   *
   * ```ts
   * scheduler.importedCard({ dueAt: Date.UTC(2026, 2, 1), intervalDays: 4, ease: 270 }, Date.UTC(2026, 1, 26));
   * // { phase: 'review', dueAt: …2026-03-01, stabilityDays: 4, scheduledDays: 4, lastReviewAt: …2026-02-25, … }
   * ```
   */
  importedCard(memory: ImportedMemory, at: number): CardSchedule {
    const steps = Math.max(-MAX_EASE_STEPS, Math.min(MAX_EASE_STEPS, Math.round((memory.ease - IMPORT_BASE_EASE) / IMPORT_EASE_STEP)));
    let difficulty = this.engine.init_difficulty(FsrsRating.Good);
    for (let k = 0; k < Math.abs(steps); k++) difficulty = this.engine.next_difficulty(difficulty, steps > 0 ? FsrsRating.Easy : FsrsRating.Hard);
    const card = createEmptyCard(new Date(memory.dueAt));
    return fromFsrs({
      ...card,
      state: State.Review,
      stability: Math.max(S_MIN, memory.intervalDays),
      difficulty,
      scheduled_days: memory.intervalDays,
      last_review: new Date(Math.min(memory.dueAt - memory.intervalDays * DAY, at)),
    });
  }

  /** The card reset to new at `at`, as if never reviewed (repetitions and lapses back to 0). */
  forget(card: CardSchedule, at: number): CardSchedule {
    return fromFsrs(this.engine.forget(toFsrs(card), new Date(at), true).card);
  }

  /** What each of the four ratings would do at `now` (epoch ms), in button order. */
  preview(card: CardSchedule, now: number): RatingPreview[] {
    const record = this.engine.repeat(toFsrs(card), new Date(now));
    return RATINGS.map((rating) => {
      const dueAt = this.capInterval(fromFsrs(record[rating as Grade].card), now).dueAt;
      return { rating, label: RATING_LABELS[rating], dueAt, intervalMs: dueAt - now, intervalLabel: formatInterval(dueAt - now) };
    });
  }

  /**
   * ts-fsrs keeps Hard < Good < Easy by adding a day each, which can pass the maximum
   * interval by up to two days; the setting is a promise to the user, so it is kept.
   */
  private capInterval(card: CardSchedule, at: number): CardSchedule {
    const max = this.settings.maximumIntervalDays;
    if (card.phase !== 'review' || card.scheduledDays <= max) return card;
    return { ...card, scheduledDays: max, dueAt: at + max * DAY };
  }

  /**
   * The probability (0–1) that the card is recalled at `now`; undefined for a new card.
   */
  recallProbability(card: CardSchedule, now: number): number | undefined {
    if (card.phase === 'new' || card.lastReviewAt === undefined) return undefined;
    const value = this.engine.get_retrievability(toFsrs(card), new Date(Math.max(now, card.lastReviewAt)), false);
    return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : undefined;
  }
}

/** FSRS memory (stability and difficulty), without the scheduling around it. */
export interface FsrsMemory {
  readonly stabilityDays: number;
  readonly difficulty: number;
}

/** What a learning-step strategy gives for one rating: minutes to the next step, and its index. */
export interface LearningStepOutcome {
  readonly scheduledMinutes: number;
  readonly nextStep: number;
}

/**
 * FSRS's memory maths one level below `ReviewScheduler` (ts-fsrs's `FSRSAlgorithm` and its
 * learning-step strategy), for the statistics' replay of a million reviews: a memory step
 * is well under a microsecond where a full `rate` builds a scheduler (about 12 µs). No due
 * dates: those stay with `ReviewScheduler`.
 *
 * ```ts
 * const engine = new FsrsMemoryEngine({ ...DEFAULT_SCHEDULER_SETTINGS, fuzz: false });
 * const memory = engine.nextMemory(undefined, 0, 3);   // a new card answered Good
 * engine.forgettingCurve(4, memory.stabilityDays);     // recall 4 days later
 * ```
 */
export class FsrsMemoryEngine {
  private readonly parameters: FSRSParameters;
  private readonly algorithm: FSRSAlgorithm;

  constructor(settings: SchedulerSettings) {
    this.parameters = generatorParameters({
      request_retention: settings.desiredRetention,
      maximum_interval: settings.maximumIntervalDays,
      enable_fuzz: false,
      enable_short_term: true,
      learning_steps: settings.learningSteps as StepUnit[],
      relearning_steps: settings.relearningSteps as StepUnit[],
    });
    this.algorithm = new FSRSAlgorithm(this.parameters);
  }

  /** The memory after `rating`, `elapsedDays` whole days after the last rating; `undefined` memory: a new card. */
  nextMemory(memory: FsrsMemory | undefined, elapsedDays: number, rating: Rating): FsrsMemory {
    const next = this.algorithm.next_state(memory ? { stability: memory.stabilityDays, difficulty: memory.difficulty } : null, elapsedDays, rating as Grade);
    return { stabilityDays: next.stability, difficulty: next.difficulty };
  }

  /** ts-fsrs only reads the memory it is given: one object serves every `updateMemory` call. */
  private readonly given = { stability: 0, difficulty: 0 };

  /**
   * `nextMemory` written into `memory` (`isNew`: a card never rated), for folds of a million
   * ratings: no object of ours per rating, only ts-fsrs's result.
   */
  updateMemory(memory: { stabilityDays: number; difficulty: number }, isNew: boolean, elapsedDays: number, rating: Rating): void {
    const given = this.given;
    given.stability = memory.stabilityDays;
    given.difficulty = memory.difficulty;
    const next = this.algorithm.next_state(isNew ? null : given, elapsedDays, rating as Grade);
    memory.stabilityDays = next.stability;
    memory.difficulty = next.difficulty;
  }

  /** The probability of recall `elapsedDays` after the last rating, with that stability. */
  forgettingCurve(elapsedDays: number, stabilityDays: number): number {
    return this.algorithm.forgetting_curve(elapsedDays, stabilityDays);
  }

  /** What the learning-step strategy gives a card in `phase` at `step` for `rating`; undefined when it gives nothing. */
  learningStep(phase: CardPhase, step: number, rating: Rating): LearningStepOutcome | undefined {
    const info = BasicLearningStepsStrategy(this.parameters, STATES[phase], step)[rating as Grade];
    return info && { scheduledMinutes: info.scheduled_minutes, nextStep: info.next_step };
  }
}

function validateSettings(settings: SchedulerSettings): SchedulerSettings {
  const { desiredRetention, maximumIntervalDays, learningSteps, relearningSteps } = settings;
  if (!(desiredRetention >= 0.7 && desiredRetention <= 0.99)) {
    throw new InvalidSchedulerSettingError('desiredRetention', `desired retention must be between 0.7 and 0.99, not ${desiredRetention}`);
  }
  if (!(Number.isInteger(maximumIntervalDays) && maximumIntervalDays >= 1 && maximumIntervalDays <= 36500)) {
    throw new InvalidSchedulerSettingError('maximumIntervalDays', `maximum interval must be a whole number of days from 1 to 36500, not ${maximumIntervalDays}`);
  }
  for (const [name, steps] of [['learningSteps', learningSteps], ['relearningSteps', relearningSteps]] as const) {
    const bad = steps.find((step) => !STEP.test(step) || parseFloat(step) <= 0);
    if (bad !== undefined) throw new InvalidSchedulerSettingError(name, `"${bad}" is not a step such as 1m, 10m, 1h or 1d`);
  }
  return { ...settings, learningSteps: [...learningSteps], relearningSteps: [...relearningSteps] };
}

function fromFsrs(card: FsrsCard): CardSchedule {
  return {
    phase: PHASES[card.state],
    dueAt: card.due.getTime(),
    stabilityDays: card.stability,
    difficulty: card.difficulty,
    scheduledDays: card.scheduled_days,
    learningStep: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    lastReviewAt: card.last_review?.getTime(),
  };
}

function toFsrs(card: CardSchedule): FsrsCard {
  return {
    state: STATES[card.phase],
    due: new Date(card.dueAt),
    stability: card.stabilityDays,
    difficulty: card.difficulty,
    elapsed_days: 0,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningStep,
    reps: card.reps,
    lapses: card.lapses,
    last_review: card.lastReviewAt === undefined ? undefined : new Date(card.lastReviewAt),
  };
}
