/**
 * Keeping a window's review history in step with the log on disk: the first load (from
 * the state snapshot when it can), re-reads when the log changed (a watcher's event, a
 * periodic check), full replays when a re-read cannot be folded exactly, retries of writes
 * that failed, and the snapshot saved when things are quiet. Pure: time, timers, the log,
 * the snapshot and the keeper of unwritten events are ports, so every race here runs in
 * plain Node with a manual clock.
 */
import { Emitter, type Event } from '../util/emitter';
import { ReviewBook, type ChoiceAnswer, type Clock, type MockAttempt, type ExamSetting, type LoadProgress, type PendingEventStore, type RecordedCard, type RecordResult, type ReviewLogStore } from './review-book';
import type { Pause } from './review-history';
import type { LogProblem, ReadLog } from './review-log';
import type { ReviewStateStore } from './review-snapshot';
import type { Rating, ReviewScheduler } from './scheduler';
import type { ImportSummary, ScheduleImport } from './schedule-import';

/** Timers (setTimeout's shape); tests pass a manual clock. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Where the sync says what it did (the extension's log channel). */
export interface SyncLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Whether a load runs, how far it is, and whether it has run long enough to show. */
export interface LoadStatus {
  readonly loading: boolean;
  /** 0 to 1 during a full replay; undefined when unknown (a start from the snapshot). */
  readonly fraction: number | undefined;
  /** The load has run for more than `SHOW_PROGRESS_AFTER_MS`: worth showing. */
  readonly slow: boolean;
}

/** The ports and settings of a `ReviewSync`. */
export interface ReviewSyncOptions {
  readonly store: ReviewLogStore;
  readonly states: ReviewStateStore;
  /** Keeps unwritten events beyond the window's life (VS Code's workspace storage). */
  readonly keeper?: PendingEventStore;
  readonly clock: Clock;
  readonly timers: Timers;
  /** Gives the host a turn between slices of a long replay. */
  readonly pause: Pause;
  readonly scheduler: ReviewScheduler;
  readonly log: SyncLog;
  /** Whether someone looks at the window: the periodic check runs only then (default: always). */
  readonly isActive?: () => boolean;
}

/** Debounce of re-reads after a change event. */
export const REFRESH_DEBOUNCE_MS = 300;
/** Time between attempts to write events kept in memory. */
export const RETRY_MS = 30_000;
/** Quiet time after the last change before the state snapshot is saved again. */
export const SNAPSHOT_DEBOUNCE_MS = 5000;
/**
 * While the window is active, the log folders are checked for changes no file event
 * reported: every 2 s after the window got the focus or the log changed, then less and
 * less often while nothing changes, down to every 30 s. A check lists the folders and
 * stats each segment (nothing is read when nothing changed).
 */
export const POLL_MIN_MS = 2000;
export const POLL_MAX_MS = 30_000;
/** A load running longer than this shows its progress. */
export const SHOW_PROGRESS_AFTER_MS = 1000;

/**
 * The review history of a window kept in step with its log.
 *
 * ```ts
 * const sync = new ReviewSync({ store, states, clock, timers, pause, scheduler, log });
 * await sync.whenReady();
 * const { saved } = await sync.rate(card, 3, 4200);
 * sync.logChanged(); // from a file watcher
 * ```
 */
export class ReviewSync {
  private readonly book: ReviewBook;
  private readonly changed = new Emitter<void>();
  private readonly loaded = new Emitter<void>();
  private readonly status = new Emitter<LoadStatus>();
  private ready: Promise<void> | undefined;
  private loadRunning: Promise<unknown> | undefined;
  private loadFraction: number | undefined;
  private loadSlow = false;
  private refreshRunning = false;
  private refreshAgain = false;
  private fullReloadPending = false;
  private refreshTimer: unknown;
  private retryTimer: unknown;
  private snapshotTimer: unknown;
  private pollTimer: unknown;
  private slowTimer: unknown;
  private pollDelay = POLL_MIN_MS;
  private nextPollAt = 0;
  private lastRefreshError: string | undefined;
  private readonly reported = new Set<string>();
  private disposed = false;

  /** Fires when schedules may have changed (a rating, another window, a load). */
  readonly onDidChange: Event<void> = this.changed.event;
  /** Fires after each load (the first, and every replay). */
  readonly onDidLoad: Event<void> = this.loaded.event;
  /** Fires when a load starts, progresses, turns slow or ends. */
  readonly onDidChangeLoadStatus: Event<LoadStatus> = this.status.event;

  constructor(private readonly options: ReviewSyncOptions) {
    this.book = new ReviewBook(options.store, options.clock, options.scheduler, options.keeper);
    this.changed.event(() => this.scheduleSnapshot());
    this.pollTimer = this.options.timers.setTimeout(() => this.poll(), POLL_MIN_MS);
  }

  /** The folded history, and the book that writes to it. */
  get reviewBook(): ReviewBook {
    return this.book;
  }

  /** Whether a load runs now, and how far it is. */
  get loadStatus(): LoadStatus {
    return { loading: this.loadRunning !== undefined, fraction: this.loadFraction, slow: this.loadSlow };
  }

  /** Loads the log (once: from the snapshot when it can); resolves when the schedules are ready. */
  whenReady(): Promise<void> {
    this.ready ??= this.runLoad('start').then(() => undefined);
    return this.ready;
  }

  /** Records a rating; the result says whether it is on disk (if not, it is kept and retried). */
  async rate(card: RecordedCard, rating: Rating, durationMs: number, answer?: ChoiceAnswer): Promise<RecordResult> {
    await this.whenReady();
    return this.afterRecord(await this.book.rate(card, rating, durationMs, answer));
  }

  /** Records a finished mock exam. */
  async recordMockAttempt(attempt: MockAttempt): Promise<RecordResult> {
    await this.whenReady();
    return this.afterRecord(await this.book.recordMockAttempt(attempt));
  }

  /** Takes back this window's last rating. */
  async undoLastRating(): Promise<RecordResult | undefined> {
    await this.whenReady();
    const result = await this.book.undoLastRating();
    return result && this.afterRecord(result);
  }

  /** Suspends, unsuspends or resets a card to new. */
  async mark(card: RecordedCard, kind: 'suspend' | 'unsuspend' | 'forget'): Promise<RecordResult> {
    await this.whenReady();
    return this.afterRecord(await this.book.mark(card, kind));
  }

  /** Sets or clears a workspace folder's exam date. */
  async setExam(setting: ExamSetting): Promise<RecordResult> {
    await this.whenReady();
    return this.afterRecord(await this.book.setExam(setting));
  }

  /** Takes back this window's last exam date change. */
  async undoLastExamChange(): Promise<RecordResult | undefined> {
    await this.whenReady();
    const result = await this.book.undoLastExamChange();
    return result && this.afterRecord(result);
  }

  /** Writes an `import` line for each schedule not made moot by the card's history (see `ReviewBook.importSchedules`). */
  async importSchedules(items: readonly ScheduleImport[]): Promise<ImportSummary> {
    await this.whenReady();
    const { last, ...summary } = await this.book.importSchedules(items);
    if (last) this.afterRecord(last);
    return summary;
  }

  /** Moves the history of `from` to `to`. */
  async link(from: string, to: RecordedCard): Promise<RecordResult> {
    await this.whenReady();
    return this.afterRecord(await this.book.link(from, to));
  }

  /** Records that these findings were reported. */
  async acknowledge(keys: readonly string[]): Promise<RecordResult | undefined> {
    if (keys.length === 0) return undefined;
    await this.whenReady();
    return this.afterRecord(await this.book.acknowledge(keys));
  }

  /** Replays the whole log (Check Review Log) and returns the read. */
  async replay(): Promise<ReadLog | undefined> {
    await this.whenReady();
    return this.runLoad('full');
  }

  /** Loads again with other scheduling settings. */
  async reconfigure(scheduler: ReviewScheduler): Promise<void> {
    this.book.useScheduler(scheduler);
    await this.whenReady();
    await this.runLoad('start');
  }

  /** A watcher saw a segment change or appear: re-read soon. */
  logChanged(): void {
    this.scheduleRefresh(false);
  }

  /** A watcher saw a segment deleted: only a full replay drops its events. */
  segmentDeleted(): void {
    this.scheduleFullReload();
  }

  /** The window got the focus: check often for a while, and re-read now (file events may have been missed). */
  activated(): void {
    this.pollSoon();
    if (this.ready) this.scheduleRefresh(false);
  }

  /** Writes events kept in memory now; `before` runs first (recreating a deleted folder). */
  async retryPending(before?: () => Promise<void>): Promise<boolean> {
    await before?.();
    const outcome = await this.book.flush();
    if (outcome.saved) {
      this.clearTimer('retryTimer');
      if (!this.disposed) {
        this.options.log.info('Review log: pending reviews written.');
        this.changed.fire();
      }
    }
    return outcome.saved;
  }

  /** Saves the state snapshot now if it is due; resolves to whether one was written. */
  async saveSnapshot(): Promise<boolean> {
    this.clearTimer('snapshotTimer');
    try {
      return await this.book.saveState(this.options.states, this.options.pause);
    } catch (error) {
      this.options.log.warn(`Review log: the state snapshot could not be saved (the next start replays the whole log): ${String(error)}`);
      return false;
    }
  }

  /** Stops every timer; a snapshot still due is saved, best effort. */
  dispose(): void {
    if (this.disposed) return;
    if (this.snapshotTimer !== undefined) void this.saveSnapshot();
    this.disposed = true;
    for (const name of ['refreshTimer', 'retryTimer', 'snapshotTimer', 'pollTimer', 'slowTimer'] as const) this.clearTimer(name);
    // Whoever shows a load's progress is told it ended, also when it was cut off.
    if (this.loadRunning) this.status.fire({ loading: false, fraction: undefined, slow: false });
    this.changed.dispose();
    this.loaded.dispose();
    this.status.dispose();
  }

  private async runLoad(kind: 'start' | 'full'): Promise<ReadLog | undefined> {
    const previous = this.loadRunning;
    const progress: LoadProgress = (fraction) => {
      this.loadFraction = fraction;
      if (this.loadSlow) this.status.fire(this.loadStatus);
    };
    const run = (async () => {
      await previous;
      this.loadFraction = undefined;
      this.loadSlow = false;
      this.clearTimer('slowTimer');
      this.slowTimer = this.options.timers.setTimeout(() => {
        this.slowTimer = undefined;
        this.loadSlow = true;
        this.status.fire(this.loadStatus);
      }, SHOW_PROGRESS_AFTER_MS);
      this.status.fire(this.loadStatus);
      return this.load(kind, this.options.clock.now(), progress);
    })();
    this.loadRunning = run;
    try {
      return await run;
    } finally {
      if (this.loadRunning === run) {
        this.loadRunning = undefined;
        this.loadSlow = false;
        this.loadFraction = undefined;
        this.clearTimer('slowTimer');
      }
      if (!this.disposed) {
        this.status.fire(this.loadStatus);
        this.changed.fire();
        this.loaded.fire();
      }
    }
  }

  private async load(kind: 'start' | 'full', started: number, progress: LoadProgress): Promise<ReadLog | undefined> {
    const { log, pause } = this.options;
    try {
      let read: ReadLog | undefined;
      if (kind === 'start') {
        const result = await this.book.start(this.options.states, pause, progress);
        const events = this.book.history.eventCount;
        const ms = this.options.clock.now() - started;
        if (result.from === 'snapshot') {
          log.info(`Review log: ${events} events loaded in ${ms} ms from the state snapshot (${result.snapshotEvents} events) and ${result.tail.events.length} lines appended since`);
          void this.verifySnapshot();
        } else {
          read = result.read;
          log.info(`Review log: ${events} events replayed in ${ms} ms (${result.reason})` + (read.problems.length ? `, ${read.problems.length} unusable lines skipped` : ''));
        }
      } else {
        read = await this.book.load(pause, progress);
        log.info(`Review log: ${this.book.history.eventCount} events replayed in ${this.options.clock.now() - started} ms`);
      }
      this.report(this.book.problems);
      if (this.book.pendingCount > 0) this.armRetry();
      return read;
    } catch (error) {
      // The history is marked not loaded: no snapshot is saved of it (see ReviewBook.load).
      log.error(`Review log: loading failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return undefined;
    }
  }

  /** The thorough check of a snapshot start, in the background: a stale snapshot gives way to a replay. */
  private async verifySnapshot(): Promise<void> {
    let ok: boolean;
    try {
      ok = await this.book.verifySnapshot(this.options.pause);
    } catch {
      ok = false;
    }
    if (ok || this.disposed) return;
    this.options.log.info('Review log: the state snapshot does not match the log byte for byte; replaying it');
    void this.runLoad('full');
  }

  private poll(): void {
    this.pollTimer = undefined;
    if (this.disposed) return;
    this.pollTimer = this.options.timers.setTimeout(() => this.poll(), POLL_MIN_MS);
    if (!this.ready || this.loadRunning || this.refreshRunning || this.refreshTimer !== undefined) return;
    if (this.options.isActive && !this.options.isActive()) return;
    if (this.options.clock.now() < this.nextPollAt) return;
    this.scheduleRefresh(true);
  }

  private pollSoon(): void {
    this.pollDelay = POLL_MIN_MS;
    this.nextPollAt = this.options.clock.now() + POLL_MIN_MS;
  }

  private scheduleRefresh(fromPoll: boolean): void {
    if (this.disposed) return;
    // A deleted segment still waiting for its replay must not be downgraded to a re-read.
    if (this.fullReloadPending) return this.scheduleFullReload();
    this.clearTimer('refreshTimer');
    this.refreshTimer = this.options.timers.setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh(fromPoll);
    }, REFRESH_DEBOUNCE_MS);
  }

  private async refresh(fromPoll: boolean): Promise<void> {
    if (this.disposed || !this.ready) return;
    if (this.refreshRunning) {
      this.refreshAgain = true;
      return;
    }
    this.refreshRunning = true;
    try {
      // The book runs it after a load in progress: lines it reads are folded into the new history.
      const { changed, problems, examsChanged } = await this.book.refresh();
      this.lastRefreshError = undefined;
      this.report(problems);
      if (this.book.needsReplay) {
        this.options.log.info(`Review log: ${this.book.history.needsReplayBecause ?? 'a segment was deleted or rewritten'}; replaying it`);
        void this.runLoad('full');
        return;
      }
      if (changed.length > 0 || examsChanged) {
        this.pollSoon();
        this.changed.fire();
      } else if (fromPoll) {
        this.pollDelay = Math.min(POLL_MAX_MS, this.pollDelay * 2);
        this.nextPollAt = this.options.clock.now() + this.pollDelay;
      }
      // A check finding nothing is no reason to retry a failed write; the retry timer keeps its own pace.
      if (this.book.pendingCount > 0 && !fromPoll) void this.retryPending();
    } catch (error) {
      const message = String(error);
      if (message !== this.lastRefreshError) this.options.log.warn(`Review log: re-reading failed: ${message}`);
      this.lastRefreshError = message;
    } finally {
      this.refreshRunning = false;
      if (this.refreshAgain) {
        this.refreshAgain = false;
        this.scheduleRefresh(fromPoll);
      }
    }
  }

  private scheduleFullReload(): void {
    if (this.disposed) return;
    this.fullReloadPending = true;
    this.clearTimer('refreshTimer');
    this.refreshTimer = this.options.timers.setTimeout(() => {
      this.refreshTimer = undefined;
      this.fullReloadPending = false;
      if (!this.disposed) void this.runLoad('full');
    }, REFRESH_DEBOUNCE_MS);
  }

  private afterRecord(result: RecordResult): RecordResult {
    if (this.disposed) return result;
    this.pollSoon();
    this.changed.fire();
    // The re-read before the record may have found bad lines (one of our own cut short, say).
    this.report(this.book.problems);
    // The re-read before the rating took in lines that need the whole log.
    if (this.book.needsReplay && this.refreshTimer === undefined) this.scheduleFullReload();
    if (!result.saved) {
      this.options.log.error(`Review log: not saved (${this.book.pendingCount} kept in memory and in the workspace storage): ${result.error?.message ?? ''}`);
      this.armRetry();
    }
    return result;
  }

  private armRetry(): void {
    if (this.retryTimer !== undefined || this.disposed) return;
    this.retryTimer = this.options.timers.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.disposed || this.book.pendingCount === 0) return;
      void this.retryPending().then((saved) => {
        if (!saved) this.armRetry();
      });
    }, RETRY_MS);
  }

  private scheduleSnapshot(): void {
    if (this.disposed) return;
    this.clearTimer('snapshotTimer');
    this.snapshotTimer = this.options.timers.setTimeout(() => {
      this.snapshotTimer = undefined;
      void this.saveSnapshot();
    }, SNAPSHOT_DEBOUNCE_MS);
  }

  private report(problems: readonly LogProblem[]): void {
    for (const p of problems) {
      const key = `${p.segment}:${p.line}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.options.log.warn(p.line === 0 ? `Review log ${p.segment}: ${p.reason}` : `Review log ${key}: ${p.reason} (line kept on disk, skipped)`);
    }
  }

  private clearTimer(name: 'refreshTimer' | 'retryTimer' | 'snapshotTimer' | 'pollTimer' | 'slowTimer'): void {
    const handle = this[name];
    if (handle !== undefined) this.options.timers.clearTimeout(handle);
    this[name] = undefined;
  }
}
