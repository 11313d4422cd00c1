/**
 * The statistics straight from the log's segments, without blocking: the text read and
 * the events counted in slices (each at most `sliceMs` between two `pause` calls), with a
 * history already folded; `note-review stats` does the same in one go, folding the history
 * itself (`readReviewLog`, `ReviewHistory.fromEvents`, `computeReviewStats`). The
 * Statistics panel keeps its figures up to date without reading the log (`LiveStats`).
 *
 * ```ts
 * const { stats } = await reviewStatsFromLog({ segments, cards, history, settings, now: Date.now() }, pause);
 * ```
 */
import { readReviewLogInSlices, type LogSegment } from '../review/review-log';
import type { Pause } from '../review/review-history';
import type { SchedulerSettings } from '../review/scheduler';
import type { Calendar } from './calendar';
import type { ExamPlan } from './readiness';
import { computeReviewStatsInSlices, type ReviewStats, type StatsCard, type StatsHistory, type StatsScope } from './review-stats';

/** The inputs of `reviewStatsFromLog`. */
export interface StatsFromLogInput {
  readonly segments: readonly LogSegment[];
  readonly cards: readonly StatsCard[];
  /** The folded history of the same log (undos, links, schedules). */
  readonly history: StatsHistory;
  /** The scheduling settings in force. */
  readonly settings: SchedulerSettings;
  /** Now, epoch ms. */
  readonly now: number;
  readonly calendar?: Calendar;
  readonly scope?: StatsScope;
  readonly exam?: ExamPlan;
}

/** The statistics and how many lines of the log could not be read (they are skipped). */
export interface StatsFromLog {
  readonly stats: ReviewStats;
  readonly unreadableLines: number;
}

/** Reads and counts the log in slices; see the module comment. */
export async function reviewStatsFromLog(input: StatsFromLogInput, pause: Pause, sliceMs = 15): Promise<StatsFromLog> {
  const read = await readReviewLogInSlices(input.segments, pause, sliceMs);
  const stats = await computeReviewStatsInSlices(
    { events: read.events, cards: input.cards, history: input.history, now: input.now, settings: input.settings, calendar: input.calendar, scope: input.scope, exam: input.exam },
    pause,
    sliceMs,
  );
  return { stats, unreadableLines: read.problems.length };
}
