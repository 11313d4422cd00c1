/**
 * The statistics straight from the log's segments, without blocking: read, folded into a
 * history and counted in slices (each at most `sliceMs` between two `pause` calls). The
 * Statistics panel runs this on the extension host; `note-review stats` runs the same
 * three steps in one go (`readReviewLog`, `ReviewHistory.fromEvents`, `computeReviewStats`).
 *
 * ```ts
 * const stats = await reviewStatsFromLog({ segments, cards, scheduler, now: Date.now() }, pause);
 * ```
 */
import { readReviewLogInSlices, type LogSegment } from '../review/review-log';
import { ReviewHistory, type Pause } from '../review/review-history';
import type { ReviewScheduler } from '../review/scheduler';
import type { Calendar } from './calendar';
import { computeReviewStatsInSlices, type ReviewStats, type StatsCard, type StatsScope } from './review-stats';

/** The inputs of `reviewStatsFromLog`. */
export interface StatsFromLogInput {
  readonly segments: readonly LogSegment[];
  readonly cards: readonly StatsCard[];
  /** The scheduler in force (its settings fold the history and set the desired retention). */
  readonly scheduler: ReviewScheduler;
  /** Now, epoch ms. */
  readonly now: number;
  readonly calendar?: Calendar;
  readonly scope?: StatsScope;
}

/** The statistics and how many lines of the log could not be read (they are skipped). */
export interface StatsFromLog {
  readonly stats: ReviewStats;
  readonly unreadableLines: number;
}

/** Reads, folds and counts the log in slices; see the module comment. */
export async function reviewStatsFromLog(input: StatsFromLogInput, pause: Pause, sliceMs = 15): Promise<StatsFromLog> {
  const read = await readReviewLogInSlices(input.segments, pause, sliceMs);
  const history = await ReviewHistory.fromEventsInSlices(read.events, input.scheduler, pause, sliceMs);
  const stats = await computeReviewStatsInSlices(
    { events: read.events, cards: input.cards, history, now: input.now, settings: input.scheduler.settings, calendar: input.calendar, scope: input.scope },
    pause,
    sliceMs,
  );
  return { stats, unreadableLines: read.problems.length };
}
