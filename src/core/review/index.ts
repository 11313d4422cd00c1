/** Spaced repetition: the review log format, loading, FSRS scheduling, the queue, re-linking and the log check. */
export * from './scheduler';
export * from './review-event';
export * from './review-log';
export * from './review-history';
export * from './review-queue';
export * from './relink';
export * from './log-check';
export * from './review-book';
export * from './review-snapshot';
export * from './review-sync';
export * from './schedule-import';
