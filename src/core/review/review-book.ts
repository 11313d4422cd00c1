/**
 * The review book: the history loaded from a `ReviewLogStore`, and the one place that
 * records new events. A rating counts in memory at once and is appended through the
 * store; when the store fails, the event stays pending (never lost) and is written on
 * the next attempt.
 */
import { formatReviewEvent, questionSnapshot, REVIEW_LOG_VERSION, type ReviewEvent, type ReviewRatingEvent } from './review-event';
import { ReviewHistory, type Pause } from './review-history';
import { readReviewLog, type LogProblem, type LogSegment, type ReadLog } from './review-log';
import type { QueueCard } from './review-queue';
import type { Rating, ReviewScheduler } from './scheduler';

/** Where the log lives. Adapters implement it over files (one segment per writer). */
export interface ReviewLogStore {
  /** This writer's id: unique per window session. Event ids start with it. */
  readonly writerId: string;
  /** Every segment, whole. */
  readAll(): Promise<LogSegment[]>;
  /**
   * The complete lines appended to any segment since the last `readAll`/`readNew`
   * (with `firstLine` set), so that re-reading before each rating is cheap.
   */
  readNew(): Promise<LogSegment[]>;
  /**
   * Appends one line (without its line break) to this writer's segment and resolves once
   * it is durable on disk. Rejects when it cannot be written.
   */
  append(line: string, event: ReviewEvent): Promise<void>;
}

/** The time source. Tests pass a fixed one. */
export interface Clock {
  /** Now, epoch ms. */
  now(): number;
}

/** What happened to a recorded event. */
export interface RecordResult {
  readonly event: ReviewEvent;
  /** True once the line is durable on disk; false when it is pending in memory. */
  readonly saved: boolean;
  /** Why it is not saved. */
  readonly error?: Error;
}

/** A card as the book records it. */
export type RecordedCard = Pick<QueueCard, 'id' | 'note' | 'prompt'>;

/**
 * The review history of one log, and its writer.
 *
 * ```ts
 * const book = new ReviewBook(store, clock, scheduler);
 * await book.load();
 * const { saved } = await book.rate(card, 3, 4200);
 * ```
 */
export class ReviewBook {
  private current: ReviewHistory;
  private readProblems: LogProblem[] = [];
  private sequence = 0;
  private readonly pending: { line: string; event: ReviewEvent }[] = [];
  /** This session's ratings, newest last, for undo. */
  private readonly sessionRatings: ReviewRatingEvent[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: ReviewLogStore,
    private readonly clock: Clock,
    private scheduler: ReviewScheduler,
  ) {
    this.current = new ReviewHistory(scheduler);
  }

  /** The folded history. */
  get history(): ReviewHistory {
    return this.current;
  }

  /** Lines the last full load could not use. */
  get problems(): readonly LogProblem[] {
    return this.readProblems;
  }

  /** Number of events recorded but not yet durable on disk. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /**
   * (Re)loads the whole log, folding it in slices between `pause` calls when given. Events
   * still pending in memory are kept. Returns the read, for reports.
   */
  async load(pause?: Pause, scheduler?: ReviewScheduler): Promise<ReadLog> {
    if (scheduler) this.scheduler = scheduler;
    const read = readReviewLog(await this.store.readAll());
    const events = [...read.events, ...this.pending.map((p) => p.event)];
    this.current = pause ? await ReviewHistory.fromEventsInSlices(events, this.scheduler, pause) : ReviewHistory.fromEvents(events, this.scheduler);
    this.readProblems = [...read.problems];
    // A writer id seen again (a restored session) continues its numbering: event ids stay unique.
    const prefix = `${this.store.writerId}.`;
    for (const event of read.events) {
      if (!event.id.startsWith(prefix)) continue;
      const n = Number(event.id.slice(prefix.length));
      if (Number.isInteger(n) && n > this.sequence) this.sequence = n;
    }
    return read;
  }

  /**
   * Takes in what other writers appended since the last read (another window, a git
   * pull). Returns the ids of the cards whose schedule changed, and the new bad lines.
   */
  async refresh(): Promise<{ changed: string[]; problems: LogProblem[] }> {
    const read = readReviewLog(await this.store.readNew());
    const changed = new Set<string>();
    for (const event of read.events) for (const id of this.current.add(event)) changed.add(id);
    this.readProblems.push(...read.problems);
    return { changed: [...changed], problems: [...read.problems] };
  }

  /** Records a rating of `card` taking `durationMs`, re-reading the log first so that other windows' ratings count. */
  async rate(card: RecordedCard, rating: Rating, durationMs: number): Promise<RecordResult> {
    await this.refreshQuietly();
    const event: ReviewRatingEvent = {
      ...this.base(card.note, card.prompt),
      kind: 'review',
      card: card.id,
      rating,
      durationMs: Math.max(0, Math.round(durationMs)),
    };
    this.sessionRatings.push(event);
    return this.record(event);
  }

  /** Takes back this session's last rating that is not undone yet; undefined when there is none. */
  async undoLastRating(): Promise<RecordResult | undefined> {
    let last: ReviewRatingEvent | undefined;
    while ((last = this.sessionRatings.pop()) && this.current.isUndone(last.id));
    if (!last) return undefined;
    return this.record({ ...this.base(last.note, last.question), kind: 'undo', card: last.card, target: last.id });
  }

  /** The rating `undoLastRating` would take back. */
  lastRating(): ReviewRatingEvent | undefined {
    for (let i = this.sessionRatings.length - 1; i >= 0; i--) if (!this.current.isUndone(this.sessionRatings[i].id)) return this.sessionRatings[i];
    return undefined;
  }

  /** Moves the history of card `from` to `to` (a re-linked question). */
  link(from: string, to: RecordedCard): Promise<RecordResult> {
    return this.record({ ...this.base(to.note, to.prompt), kind: 'link', card: from, to: to.id });
  }

  /** Resets a card to new, or takes it out of / back into the queue. */
  mark(card: RecordedCard, kind: 'forget' | 'suspend' | 'unsuspend'): Promise<RecordResult> {
    return this.record({ ...this.base(card.note, card.prompt), kind, card: card.id });
  }

  /** Records that these findings were reported. */
  acknowledge(refs: readonly string[]): Promise<RecordResult> {
    return this.record({ v: REVIEW_LOG_VERSION, id: this.nextId(), time: this.clock.now(), kind: 'ack', refs: [...refs] });
  }

  /** Writes pending events again (after the folder came back, or space was freed). */
  async flush(): Promise<{ saved: boolean; error?: Error }> {
    const run = this.writing.then(() => this.writePending());
    this.writing = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Applies the event in memory now, then queues its write behind earlier ones. */
  private async record(event: ReviewEvent): Promise<RecordResult> {
    this.current.add(event);
    this.pending.push({ line: formatReviewEvent(event), event });
    const outcome = await this.flush();
    const saved = !this.pending.some((p) => p.event === event);
    return saved ? { event, saved } : { event, saved, error: outcome.error ?? new Error('not written yet') };
  }

  /** Writes pending lines in order, one append each; stops at the first failure. */
  private async writePending(): Promise<{ saved: boolean; error?: Error }> {
    while (this.pending.length > 0) {
      const next = this.pending[0];
      try {
        await this.store.append(next.line, next.event);
      } catch (error) {
        return { saved: false, error: error instanceof Error ? error : new Error(String(error)) };
      }
      this.pending.shift();
    }
    return { saved: true };
  }

  private async refreshQuietly(): Promise<void> {
    try {
      await this.refresh();
    } catch {
      // An unreadable folder must not stop a rating: the rating is kept and its own write reports the error.
    }
  }

  private base(note: string | undefined, question: string | undefined): { v: number; id: string; time: number; note?: string; question?: string } {
    return {
      v: REVIEW_LOG_VERSION,
      id: this.nextId(),
      time: this.clock.now(),
      ...(note !== undefined ? { note } : {}),
      ...(question !== undefined ? { question: questionSnapshot(question) } : {}),
    };
  }

  private nextId(): string {
    return `${this.store.writerId}.${++this.sequence}`;
  }
}
