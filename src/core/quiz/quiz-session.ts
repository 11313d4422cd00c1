import type { Rating } from '../model/rating';
import { permute, type QuizItem } from './quiz-items';

/**
 * One run through a list of quiz items: the order, where the person is, what they
 * answered and the score. Pure and serialisable: `state` is plain JSON that the quiz
 * panel persists (reloading the window restores the quiz at the same question), and
 * `QuizSession.restore` rebuilds a session from it and the items as they are now.
 */

/** Where the current question stands. */
export type QuizPhase =
  /** Shown, not answered. */
  | 'asking'
  /** Explanations or the back are shown; waiting for the person's own verdict. */
  | 'revealed'
  /** Answered and scored; waiting to go on. */
  | 'answered';

/** How a question went. */
export type QuizOutcome = 'right' | 'wrong';

/** The answer given to one question. */
export interface QuizAnswer {
  readonly outcome: QuizOutcome;
  /** For multiple choice: the chosen options, as indexes into the card's `options`. */
  readonly chosen?: readonly number[];
  /** The recall rating (1 Again … 4 Easy) when a grader recorded one. */
  readonly rating?: Rating;
}

/** A quiz session as plain JSON (see the module comment). */
export interface QuizSessionState {
  /** Item ids in asking order. */
  readonly order: readonly string[];
  /** Per item id: display position → index into the card's options (only when options are shuffled). */
  readonly optionOrders: Readonly<Record<string, readonly number[]>>;
  /** Index into `order` of the current question; `order.length` when finished. */
  readonly position: number;
  readonly phase: QuizPhase;
  readonly answers: Readonly<Record<string, QuizAnswer>>;
  /** When the session started, in ms since the epoch. */
  readonly startedAtMs: number;
  /** When the last question was answered, in ms since the epoch. */
  readonly finishedAtMs?: number;
  /** Whether questions and options were shuffled (retry and restart do the same). */
  readonly shuffle: boolean;
}

/** Options of a new session. */
export interface QuizSessionOptions {
  /** Shuffle the questions and the options of multiple-choice questions. */
  readonly shuffle?: boolean;
  /** Random numbers in [0, 1); pass `seededRandom(seed)` for a repeatable order. */
  readonly random?: () => number;
  /** The current time in ms since the epoch. */
  readonly now: number;
}

/** Score so far. */
export interface QuizScore {
  readonly right: number;
  readonly answered: number;
}

/** The end of a quiz. */
export interface QuizSummary extends QuizScore {
  readonly total: number;
  readonly elapsedMs: number;
  /** The items answered wrongly (that still exist), in asking order. */
  readonly missed: readonly QuizItem[];
}

/** Thrown when an action does not fit the current question (a bug in the caller, or a stale message). */
export class QuizStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuizStateError';
  }
}

/**
 * A quiz in progress.
 *
 * ```ts
 * const session = QuizSession.start(quizItemsOf(note, uri), { now: Date.now() });
 * session.answerChoice([1]);   // scored right or wrong
 * session.next();
 * ```
 */
export class QuizSession {
  private constructor(
    private items: Map<string, QuizItem>,
    private current: QuizSessionState,
  ) {}

  /** A new session over `items` (in this order, unless shuffled). */
  static start(items: readonly QuizItem[], options: QuizSessionOptions): QuizSession {
    const unique = [...new Map(items.map((item) => [item.id, item])).values()];
    const random = options.random ?? Math.random;
    const shuffle = options.shuffle ?? false;
    const ordered = shuffle ? permute(unique, random) : unique;
    const optionOrders: Record<string, number[]> = {};
    if (shuffle) {
      for (const item of ordered) {
        const count = item.card.options?.length ?? 0;
        if (count > 1) optionOrders[item.id] = permute([...Array(count).keys()], random);
      }
    }
    return new QuizSession(new Map(ordered.map((item) => [item.id, item])), {
      order: ordered.map((item) => item.id),
      optionOrders,
      position: 0,
      phase: 'asking',
      answers: {},
      startedAtMs: options.now,
      shuffle,
    });
  }

  /**
   * Rebuilds a session from its persisted state and the items as they are now. Items that
   * no longer exist are skipped if not yet asked (the current one included).
   */
  static restore(state: QuizSessionState, items: ReadonlyMap<string, QuizItem>): QuizSession {
    const session = new QuizSession(new Map(), state);
    session.sync(items);
    return session;
  }

  /** The persisted form. */
  get state(): QuizSessionState {
    return this.current;
  }

  /** Number of questions in the session. */
  get total(): number {
    return this.current.order.length;
  }

  /** 0-based index of the current question; equals `total` when finished. */
  get position(): number {
    return this.current.position;
  }

  get phase(): QuizPhase {
    return this.current.phase;
  }

  get finished(): boolean {
    return this.current.position >= this.current.order.length;
  }

  /** The current question, or undefined when finished. */
  get currentItem(): QuizItem | undefined {
    return this.finished ? undefined : this.items.get(this.current.order[this.current.position]);
  }

  /** The answer to the current question, once given. */
  get currentAnswer(): QuizAnswer | undefined {
    const item = this.currentItem;
    return item ? this.current.answers[item.id] : undefined;
  }

  /** The item with this id, if it is part of the session and still exists. */
  item(id: string): QuizItem | undefined {
    return this.items.get(id);
  }

  /** Display order of an item's options: indexes into `card.options`. */
  optionOrder(item: QuizItem): number[] {
    const count = item.card.options?.length ?? 0;
    const stored = this.current.optionOrders[item.id];
    // An edit that added or removed options invalidates the stored order.
    if (stored && stored.length === count && [...stored].sort((a, b) => a - b).every((v, i) => v === i)) return [...stored];
    return [...Array(count).keys()];
  }

  score(): QuizScore {
    const answers = Object.values(this.current.answers);
    return { right: answers.filter((a) => a.outcome === 'right').length, answered: answers.length };
  }

  summary(now: number): QuizSummary {
    const missed = this.current.order
      .filter((id) => this.current.answers[id]?.outcome === 'wrong')
      .map((id) => this.items.get(id))
      .filter((item): item is QuizItem => item !== undefined);
    return { ...this.score(), total: this.total, elapsedMs: (this.current.finishedAtMs ?? now) - this.current.startedAtMs, missed };
  }

  /**
   * Answers a multiple-choice question with the chosen options (indexes into
   * `card.options`). Right only when exactly the right options are chosen.
   */
  answerChoice(chosen: readonly number[], now: number): QuizAnswer {
    const item = this.expect('asking', ['choice', 'multiple']);
    const options = item.card.options ?? [];
    const picked = [...new Set(chosen)].filter((i) => Number.isInteger(i) && i >= 0 && i < options.length).sort((a, b) => a - b);
    if (picked.length === 0) throw new QuizStateError('no option chosen');
    const right = options.flatMap((o, i) => (o.correct ? [i] : []));
    const outcome: QuizOutcome = picked.length === right.length && picked.every((v, i) => v === right[i]) ? 'right' : 'wrong';
    return this.record(item, { outcome, chosen: picked }, 'answered', now);
  }

  /** Shows the back of a flashcard, or the explanations of a self-check question. */
  reveal(): void {
    this.expect('asking', ['recall', 'self-check']);
    this.current = { ...this.current, phase: 'revealed' };
  }

  /**
   * The person's own verdict on a revealed question ("I knew it" / "I didn't", or a recall
   * rating: 1 Again is wrong, 2–4 are right). Goes on to the next question.
   */
  selfGrade(knew: boolean, now: number, rating?: Rating): QuizAnswer {
    const item = this.expect('revealed', ['recall', 'self-check']);
    const answer = this.record(item, { outcome: knew ? 'right' : 'wrong', ...(rating ? { rating } : {}) }, 'answered', now);
    this.next();
    return answer;
  }

  /** Adds the rating a grader recorded to the current, answered question. */
  noteRating(rating: Rating): void {
    const item = this.expect('answered');
    const answer = this.current.answers[item.id];
    this.current = { ...this.current, answers: { ...this.current.answers, [item.id]: { ...answer, rating } } };
  }

  /** Goes on from an answered question. */
  next(): void {
    this.expect('answered');
    this.current = { ...this.current, position: this.current.position + 1, phase: 'asking' };
  }

  /** Whether `undo` has something to undo. */
  get canUndo(): boolean {
    return this.current.phase !== 'asking' || this.current.position > 0;
  }

  /**
   * Takes back the last step: an answered or revealed question is asked again, else the
   * previous question is asked again (its answer forgotten). Returns the item asked again.
   */
  undo(): QuizItem | undefined {
    let position = this.current.position;
    if (this.current.phase === 'asking' || this.finished) {
      // Step back over questions that disappeared since they were answered.
      do position--;
      while (position >= 0 && !this.items.has(this.current.order[position]));
      if (position < 0) return undefined;
    }
    const id = this.current.order[position];
    const answers = { ...this.current.answers };
    delete answers[id];
    this.current = { ...this.current, position, phase: 'asking', answers, finishedAtMs: undefined };
    return this.items.get(id);
  }

  /**
   * Follows edits of the notes: every item is replaced by the one with the same id in
   * `items`; questions not yet answered that no longer exist are skipped. `replacement`
   * may name a new item for the current question when its id vanished (its text was
   * edited); that item must not be in the session already.
   */
  sync(items: ReadonlyMap<string, QuizItem>, replacement?: (old: QuizItem) => QuizItem | undefined): void {
    const state = this.current;
    const order = [...state.order];
    const answers = { ...state.answers };
    const optionOrders = { ...state.optionOrders };
    let phase = state.phase;
    const currentId = order[state.position];
    if (currentId !== undefined && !items.has(currentId)) {
      const old = this.items.get(currentId);
      const swap = old && replacement?.(old);
      if (swap && !order.includes(swap.id)) {
        order[state.position] = swap.id;
        if (answers[currentId]) answers[swap.id] = answers[currentId];
        if (optionOrders[currentId]) optionOrders[swap.id] = optionOrders[currentId];
        delete answers[currentId];
        delete optionOrders[currentId];
      }
    }
    const kept = new Map<string, QuizItem>();
    const newOrder: string[] = [];
    order.forEach((id, index) => {
      const item = items.get(id);
      if (item) kept.set(id, item);
      // Answered questions stay (their score counts) even when their card is gone.
      if (item || index < state.position) {
        newOrder.push(id);
        return;
      }
      if (index === state.position) phase = 'asking';
      delete answers[id];
      delete optionOrders[id];
    });
    this.items = kept;
    this.current = { ...state, order: newOrder, optionOrders, answers, position: Math.min(state.position, newOrder.length), phase };
  }

  /** A new session asking the questions answered wrongly, in the same order. */
  retryMissed(now: number, random?: () => number): QuizSession {
    return QuizSession.start(this.summary(now).missed, { shuffle: this.current.shuffle, now, random });
  }

  /** A new session asking every question again. */
  restart(now: number, random?: () => number): QuizSession {
    const items = this.current.order.map((id) => this.items.get(id)).filter((item): item is QuizItem => item !== undefined);
    return QuizSession.start(items, { shuffle: this.current.shuffle, now, random });
  }

  private expect(phase: QuizPhase, modes?: readonly QuizItem['mode'][]): QuizItem {
    const item = this.currentItem;
    if (!item) throw new QuizStateError('the quiz is finished');
    if (this.current.phase !== phase) throw new QuizStateError(`the question is ${this.current.phase}, not ${phase}`);
    if (modes && !modes.includes(item.mode)) throw new QuizStateError(`a ${item.mode} question cannot be answered that way`);
    return item;
  }

  private record(item: QuizItem, answer: QuizAnswer, phase: QuizPhase, now: number): QuizAnswer {
    const last = this.current.position === this.current.order.length - 1;
    this.current = {
      ...this.current,
      phase,
      answers: { ...this.current.answers, [item.id]: answer },
      ...(last ? { finishedAtMs: now } : {}),
    };
    return answer;
  }
}
