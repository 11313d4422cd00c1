/**
 * The messages between the Statistics panel's host and its webview.
 *
 * The host computes the figures (the core's `computeReviewStats`, the same function as
 * `note-review stats`) and sends them as one `StatisticsView`, plain JSON built by
 * `presentStatistics`; the webview only draws the charts and their text alternatives.
 * The host posts nothing before `ready` and checks every incoming message with
 * `isStatisticsToExtensionMessage`.
 */

/** The answer buttons' names, in the order of `StatisticsView`'s per-button counts. */
export { RATINGS, RATING_LABELS } from '../core/model/rating';

/** One day of the past year. */
export interface StatisticsDay {
  /** `YYYY-MM-DD`, local. */
  readonly date: string;
  readonly reviews: number;
  /** Time spent on the reviews that recorded it, in ms. */
  readonly studyMs: number;
  /** Reviews without a recorded duration: their time is unknown, not zero. */
  readonly untimedReviews: number;
}

/** One day of the due forecast (today first; overdue cards count today). */
export interface ForecastDay {
  readonly date: string;
  readonly due: number;
}

/** One week of true retention. */
export interface RetentionWeekView {
  /** The week's first day. */
  readonly weekStart: string;
  /** Reviews of cards in review state. */
  readonly reviews: number;
  /** Those answered Hard, Good or Easy. */
  readonly passed: number;
  /** `passed / reviews`; null for a week without such reviews. */
  readonly rate: number | null;
}

/** The card phases the answer buttons are counted by (the phase before the answer). */
export type CardPhaseName = 'new' | 'learning' | 'review' | 'relearning';

/** Answer buttons pressed on cards in one phase. */
export interface ButtonRow {
  readonly phase: CardPhaseName;
  /** Again, Hard, Good, Easy. */
  readonly counts: readonly [number, number, number, number];
}

/** One section's average recall at each sample time. */
export interface SectionRecallView {
  /** `note.md › Heading › Subheading`. */
  readonly label: string;
  readonly note: string;
  readonly section: readonly string[];
  readonly cardCount: number;
  /** One per `recall.times` entry; null when none of its cards was reviewed by then. */
  readonly averageRecall: readonly (number | null)[];
}

/** A question missed, and how often. */
export interface MissedQuestionView {
  readonly cardId: string;
  /** The question as plain text. */
  readonly question: string;
  /** `note.md › Heading`. */
  readonly location: string;
  readonly answers: number;
  readonly misses: number;
  /** `YYYY-MM-DD`. */
  readonly lastMissed: string;
}

/** A wrong option chosen for a question, and how often. */
export interface WrongChoiceView {
  readonly cardId: string;
  readonly question: string;
  readonly choice: string;
  readonly times: number;
  readonly last: string;
}

/** A mock exam, scored on its questions in scope. */
export interface MockAttemptView {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly scope: string;
  readonly right: number;
  readonly total: number;
  /** 0–1. */
  readonly score: number;
  readonly passMark: number;
  readonly passed: boolean;
  readonly durationMs: number;
}

/** The predicted exam-day score as the memory stood on each of the past days. */
export interface ReadinessTrendView {
  /** `YYYY-MM-DD`. */
  readonly examDay: string;
  readonly cardCount: number;
  readonly days: readonly { readonly date: string; readonly predictedScore: number; readonly reviewedCount: number }[];
}

/** Everything the Statistics page draws. Plain JSON. */
export interface StatisticsView {
  /** "Workspace", a note's key, or a section's breadcrumb. */
  readonly title: string;
  /** `YYYY-MM-DD`, local. */
  readonly today: string;
  /** The `noteReview.review.desiredRetention` setting in force. */
  readonly desiredRetention: number;
  /** Days in a row with a review, ending today (or yesterday while today is open). */
  readonly streakDays: number;
  /** Over the whole log, in scope. */
  readonly totals: { readonly reviews: number; readonly studyMs: number; readonly untimedReviews: number; readonly daysStudied: number };
  /** The past year, oldest first (365 days ending today). */
  readonly days: readonly StatisticsDay[];
  /** The next 90 days, today first. */
  readonly forecast: { readonly days: readonly ForecastDay[]; readonly next30Days: number; readonly next90Days: number };
  /** 52 weeks ending today, oldest first, and the whole year. */
  readonly retention: { readonly weeks: readonly RetentionWeekView[]; readonly pastYear: RetentionWeekView };
  readonly buttons: readonly ButtonRow[];
  /** The cards in scope by where they stand now (`learning` includes relearning). */
  readonly cardCounts: { readonly total: number; readonly new: number; readonly learning: number; readonly review: number; readonly suspended: number };
  /** Weekly sample days, the last one today, and each section's average recall at them. */
  readonly recall: { readonly times: readonly string[]; readonly sections: readonly SectionRecallView[] };
  /** The questions missed most often, most first. */
  readonly mostMissed: readonly MissedQuestionView[];
  /** The wrong options chosen most often, most first. */
  readonly wrongChoices: readonly WrongChoiceView[];
  /** Mock exams with questions in scope, oldest first. */
  readonly mockExams: readonly MockAttemptView[];
  /** With an exam date set: the readiness over the past days. */
  readonly readiness?: ReadinessTrendView;
}

/** What the statistics are about, to compute them again after a reload. */
export type StatisticsScopeRef =
  | { readonly kind: 'workspace' }
  | { readonly kind: 'note'; readonly uri: string }
  /** A section and its subsections, by its breadcrumb (lines move, titles rarely do). */
  | { readonly kind: 'section'; readonly uri: string; readonly path: readonly string[] };

/** How many days of the forecast the chart shows. */
export type ForecastRange = 30 | 90;

/** What the webview keeps with `setState` (the host restores the panel from it). */
export interface PersistedStatistics {
  readonly version: 1;
  readonly scope: StatisticsScopeRef;
  readonly forecastRange: ForecastRange;
}

/** Messages to the webview (past tense). */
export type StatisticsToWebviewMessage =
  /** Computing started (the page shows it is busy; the old figures stay until the new ones). */
  | { readonly type: 'didStartComputing'; readonly title: string; readonly state: PersistedStatistics }
  /** The figures; `state` is to be kept with `setState`. */
  | { readonly type: 'didCompute'; readonly view: StatisticsView; readonly state: PersistedStatistics }
  /** The figures could not be computed. */
  | { readonly type: 'didFail'; readonly title: string; readonly message: string; readonly state: PersistedStatistics };

/** Messages from the webview (imperatives). */
export type StatisticsToExtensionMessage =
  /** The page is loaded and listening (again after the webview reloads). */
  | { readonly type: 'ready' }
  /** Compute the figures again from the log. */
  | { readonly type: 'refresh' }
  /** The person chose how far the forecast chart looks (kept in the panel's state). */
  | { readonly type: 'setForecastRange'; readonly days: ForecastRange }
  /** Open the note at a listed question. */
  | { readonly type: 'openCard'; readonly cardId: string };

/** Whether `value` is a well-formed message from the Statistics webview. */
export function isStatisticsToExtensionMessage(value: unknown): value is StatisticsToExtensionMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'refresh':
      return true;
    case 'setForecastRange':
      return m.days === 30 || m.days === 90;
    case 'openCard':
      return typeof m.cardId === 'string' && m.cardId.length > 0 && m.cardId.length <= 200;
    default:
      return false;
  }
}

/** Whether `value` looks like state the Statistics webview kept (checked before a reload restores it). */
export function isPersistedStatistics(value: unknown): value is PersistedStatistics {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const scope = v.scope as Record<string, unknown> | undefined;
  if (v.version !== 1 || (v.forecastRange !== 30 && v.forecastRange !== 90) || typeof scope !== 'object' || scope === null) return false;
  switch (scope.kind) {
    case 'workspace':
      return true;
    case 'note':
      return typeof scope.uri === 'string';
    case 'section':
      return typeof scope.uri === 'string' && Array.isArray(scope.path) && scope.path.length > 0 && scope.path.every((t) => typeof t === 'string');
    default:
      return false;
  }
}
