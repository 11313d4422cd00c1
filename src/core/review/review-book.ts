/**
 * The review book: the history loaded from a `ReviewLogStore`, and the one place that
 * records new events. A rating counts in memory at once and is appended through the
 * store; when the store fails, the event stays pending (never lost) and is written on
 * the next attempt.
 */
import { formatReviewEvent, questionSnapshot, REVIEW_LOG_VERSION, type ReviewEvent, type ReviewRatingEvent } from './review-event';
import { ReviewHistory, type Pause } from './review-history';
import { compareEvents, readReviewLog, readReviewLogInSlices, type LogProblem, type LogSegment, type ReadLog } from './review-log';
import { formatReviewSnapshot, parseReviewSnapshot, schedulerKey, type ReviewStateStore, type SegmentMark } from './review-snapshot';
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
   * Whether a segment read before is gone since (deleted, or its folder removed): its
   * events must leave the history, which only a full replay does. Optional.
   */
  lostSegments?(): boolean;
  /**
   * Appends one line (without its line break) to this writer's segment and resolves once
   * it is durable on disk. Rejects when it cannot be written.
   */
  append(line: string, event: ReviewEvent): Promise<void>;
  /**
   * How far each segment has been read (by `readAll`, `readNew`, `readSince` and this
   * writer's appends), with a fingerprint of what was read: saved with a state snapshot.
   * The offsets are taken when called, before any await. Optional: without it, no snapshot.
   */
  marks?(): Promise<SegmentMark[]>;
  /**
   * The lines appended after `marks` (every segment not marked is read whole), or
   * undefined when a marked segment no longer holds what was read (rewritten, cut, gone).
   */
  readSince?(marks: readonly SegmentMark[]): Promise<LogSegment[] | undefined>;
}

/** How `ReviewBook.start` loaded the log. */
export type StartResult =
  | { readonly from: 'snapshot'; /** The lines read after the snapshot's marks. */ readonly tail: ReadLog; readonly snapshotEvents: number }
  | { readonly from: 'log'; /** Why the snapshot was not used. */ readonly reason: string; readonly read: ReadLog };

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
  /** A segment read before disappeared: the next load must replay the log. */
  private segmentLost = false;
  /** Loads and refreshes in progress: a snapshot is only taken between them. */
  private busy = 0;
  /** Whether the history changed since the last snapshot was taken or started from. */
  private dirty = false;

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
    this.segmentLost = false;
    this.busy++;
    try {
      const segments = await this.store.readAll();
      const read = pause ? await readReviewLogInSlices(segments, pause) : readReviewLog(segments);
      const events = [...read.events, ...this.pending.map((p) => p.event)];
      this.current = pause ? await ReviewHistory.fromEventsInSlices(events, this.scheduler, pause) : ReviewHistory.fromEvents(events, this.scheduler);
      this.readProblems = [...read.problems];
      this.continueNumbering(read.events);
      this.dirty = true;
      return read;
    } finally {
      this.busy--;
    }
  }

  /**
   * Loads the log starting from the state snapshot in `states`: the saved card states,
   * then only the lines appended since. Falls back to `load` (a full replay, in slices)
   * when there is no usable snapshot, the scheduling settings changed, a segment no longer
   * holds what the snapshot read (rewritten, cut short, deleted), or a later line needs
   * events from before the snapshot (an older event, an undo of one, a link).
   */
  async start(states: ReviewStateStore, pause: Pause, scheduler?: ReviewScheduler): Promise<StartResult> {
    if (scheduler) this.scheduler = scheduler;
    const full = async (reason: string): Promise<StartResult> => ({ from: 'log', reason, read: await this.load(pause) });
    if (!this.store.marks || !this.store.readSince) return full('the log store keeps no marks');
    let text: string | undefined;
    try {
      text = await states.read();
    } catch {
      text = undefined;
    }
    if (text === undefined) return full('no state snapshot yet');
    this.busy++;
    let history: ReviewHistory;
    let tail: ReadLog;
    let snapshot: Awaited<ReturnType<typeof parseReviewSnapshot>>;
    try {
      snapshot = await parseReviewSnapshot(text, pause);
      if (!snapshot) return await full('the state snapshot is unreadable');
      if (snapshot.scheduler !== schedulerKey(this.scheduler.settings)) return await full('the scheduling settings changed since the state snapshot');
      const own = `${this.store.writerId}.jsonl`;
      // This writer's numbering would have to continue from events the snapshot does not list.
      if (snapshot.marks.some((m) => m.name === own || m.name.endsWith(`/${own}`))) return await full('this writer id is in the snapshot');
      const segments = await this.store.readSince(snapshot.marks);
      if (!segments) return await full('a log segment changed since the state snapshot');
      // readSince re-read every segment there is now: a segment gone since an earlier
      // refresh (one the snapshot never held) needs no replay any more.
      this.segmentLost = false;
      this.store.lostSegments?.();
      history = await ReviewHistory.fromStates(snapshot.cards, snapshot.meta, snapshot.eventCount, this.scheduler, pause);
      tail = await readReviewLogInSlices(segments, pause);
      const events = [...tail.events, ...this.pending.map((p) => p.event)].sort(compareEvents);
      let sliceStart = Date.now();
      for (const event of events) {
        history.add(event);
        if (history.needsReplay) break;
        if (Date.now() - sliceStart >= 15) {
          await pause();
          sliceStart = Date.now();
        }
      }
    } finally {
      this.busy--;
    }
    if (history.needsReplay) return full(history.needsReplayBecause ?? 'a line needs events from before the snapshot');
    this.current = history;
    this.readProblems = [...snapshot.problems, ...tail.problems];
    this.continueNumbering(tail.events);
    this.dirty = tail.events.length > 0;
    return { from: 'snapshot', tail, snapshotEvents: snapshot.eventCount };
  }

  /**
   * Saves the state snapshot of the history, unless it is unchanged since the last one,
   * a load or refresh is running, or events are still pending (not on disk, so not behind
   * the marks). Returns whether it was written.
   */
  async saveState(states: ReviewStateStore, pause: Pause): Promise<boolean> {
    if (!this.store.marks || !this.dirty || this.busy > 0 || this.pending.length > 0 || this.current.needsReplay) return false;
    // The marks first: an event added while the text is built is behind them, so a start finds it in the tail and skips it as known.
    const history = this.current;
    const problems = [...this.readProblems];
    const marks = await this.store.marks();
    if (this.busy > 0 || history !== this.current) return false;
    this.dirty = false;
    const text = await formatReviewSnapshot(history, { marks, problems, savedAt: this.clock.now(), scheduler: schedulerKey(this.scheduler.settings) }, pause);
    // A rating made meanwhile whose write failed is in the states but not on disk: not a snapshot of the log.
    if (this.pending.length > 0 || history !== this.current) {
      this.dirty = true;
      return false;
    }
    try {
      await states.write(text);
      return true;
    } catch (error) {
      this.dirty = true;
      throw error;
    }
  }

  /** Whether the history needs a full replay (see `ReviewHistory.needsReplay`), after a refresh took in lines it could not fold exactly. */
  get needsReplay(): boolean {
    return this.segmentLost || this.current.needsReplay;
  }

  /** A writer id seen again (a restored session) continues its numbering: event ids stay unique. */
  private continueNumbering(events: readonly ReviewEvent[]): void {
    const prefix = `${this.store.writerId}.`;
    for (const event of events) {
      if (!event.id.startsWith(prefix)) continue;
      const n = Number(event.id.slice(prefix.length));
      if (Number.isInteger(n) && n > this.sequence) this.sequence = n;
    }
  }

  /**
   * Takes in what other writers appended since the last read (another window, a git
   * pull). Returns the ids of the cards whose schedule changed, and the new bad lines.
   */
  async refresh(): Promise<{ changed: string[]; problems: LogProblem[] }> {
    this.busy++;
    try {
      const read = readReviewLog(await this.store.readNew());
      // File watchers can fold a deletion into a change event: the refresh notices it too.
      if (this.store.lostSegments?.()) this.segmentLost = true;
      const changed = new Set<string>();
      for (const event of read.events) for (const id of this.current.add(event)) changed.add(id);
      this.readProblems.push(...read.problems);
      if (read.events.length > 0) this.dirty = true;
      return { changed: [...changed], problems: [...read.problems] };
    } finally {
      this.busy--;
    }
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
    this.dirty = true;
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
