/**
 * The statistics of a window's review history as it changes: what the Statistics panel
 * shows after every rating without reading the log again. One `StatsLedger` is kept per
 * folded history; each computation takes in the cards whose records changed since the
 * last one (a rating: one card) and sums the folds, in slices between `pause` calls.
 *
 * The log is read from disk only when the history started from a state snapshot (its
 * records then hold only the events since the snapshot), once per such history; a
 * history loaded from the log already holds every event.
 *
 * ```ts
 * const live = new LiveStats({ history: () => book.history, readLog: () => store.readAll(), settings: () => scheduler.settings }, calendar, pause);
 * const { stats } = await live.compute(cards, { kind: 'workspace' }, Date.now());
 * ```
 */
import type { MockAttemptEvent, ReviewEvent } from '../review/review-event';
import { readReviewLogInSlices, type LogSegment } from '../review/review-log';
import { schedulerKey } from '../review/review-snapshot';
import type { SchedulerSettings } from '../review/scheduler';
import type { Calendar } from './calendar';
import type { ExamPlan } from './readiness';
import { ledgerStatsSteps, type StatsCard, type StatsHistory, type StatsScope } from './review-stats';
import { runInSlices, type Pause } from './slices';
import type { StatsFromLog } from './stats-from-log';
import { StatsLedger } from './stats-ledger';

/** The folded history as `LiveStats` reads it (`ReviewHistory` has it). */
export interface LiveStatsHistory extends StatsHistory {
  /** Every card with history, with its events (only those since the snapshot, after a start from one). */
  cards(): Iterable<{ readonly id: string; readonly events: readonly ReviewEvent[] }>;
  /** The mock exam attempts it holds (only those since the snapshot, after a start from one). */
  mockEvents(): Iterable<MockAttemptEvent>;
  /** Whether it started from a state snapshot. */
  readonly fromSnapshot: boolean;
}

/** Where `LiveStats` gets its history, the log and the settings. */
export interface LiveStatsSource {
  /** The folded history now: a new object after every full load of the log. */
  history(): LiveStatsHistory;
  /** Every segment of the log as it is on disk. */
  readLog(): Promise<readonly LogSegment[]>;
  /** The scheduling settings in force. */
  settings(): SchedulerSettings;
}

interface Current {
  readonly history: LiveStatsHistory;
  readonly settingsKey: string;
  readonly ledger: StatsLedger;
  /** Unusable lines of the log read for a snapshot start (0 when the log was not read). */
  readonly unreadableLines: number;
}

/** See the module comment. */
export class LiveStats {
  private current: Current | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: LiveStatsSource,
    private readonly calendar: Calendar,
    private readonly pause: Pause,
    private readonly sliceMs = 15,
  ) {}

  /**
   * The statistics of `scope` now (with the readiness series of `exam`, when given). Computations run one at a time, in call order (they
   * share the ledger). `unreadableLines` counts the unusable lines of the log when it had
   * to be read (see the module comment), else 0: the review service reports those.
   */
  compute(cards: readonly StatsCard[], scope: StatsScope, now: number, exam?: ExamPlan): Promise<StatsFromLog> {
    const run = this.queue.then(() => this.computeNow(cards, scope, now, exam));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async computeNow(cards: readonly StatsCard[], scope: StatsScope, now: number, exam: ExamPlan | undefined): Promise<StatsFromLog> {
    const history = this.source.history();
    const settings = this.source.settings();
    const settingsKey = schedulerKey(settings);
    let current = this.current;
    if (!current || current.history !== history || current.settingsKey !== settingsKey) {
      const ledger = new StatsLedger(settings, this.calendar);
      let unreadableLines = 0;
      if (history.fromSnapshot) {
        const read = await readReviewLogInSlices(await this.source.readLog(), this.pause, this.sliceMs);
        unreadableLines = read.problems.length;
        await runInSlices(ledger.addLogSteps(read.events, history), this.pause, this.sliceMs);
      }
      current = this.current = { history, settingsKey, ledger, unreadableLines };
    }
    const { ledger } = current;
    await runInSlices(ledger.syncSteps(history), this.pause, this.sliceMs);
    await runInSlices(ledger.foldSteps(), this.pause, this.sliceMs);
    const stats = await runInSlices(ledgerStatsSteps(ledger, { cards, history, now, scope, ...(exam ? { exam } : {}) }), this.pause, this.sliceMs);
    return { stats, unreadableLines: current.unreadableLines };
  }
}
