/**
 * A recall rating, as in FSRS: 1 Again, 2 Hard, 3 Good, 4 Easy. The one definition shared
 * by the scheduler, the review log, the quiz and the webview protocol; it imports nothing,
 * so the webview's type check can follow the protocol here.
 */
export type Rating = 1 | 2 | 3 | 4;

/** The four ratings, in button order. */
export const RATINGS: readonly Rating[] = [1, 2, 3, 4];

/** Button labels of the ratings. */
export const RATING_LABELS: Readonly<Record<Rating, string>> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' };

/** Whether `value` is one of the four ratings (data from a log line or a webview message). */
export function isRating(value: unknown): value is Rating {
  return value === 1 || value === 2 || value === 3 || value === 4;
}
