/**
 * The study plan toward an exam date: how many new cards to introduce a day so that every
 * card in scope is introduced before the final week, and the order that puts first the
 * cards whose predicted recall on the exam day is lowest. Only counting and ordering:
 * when a card comes due and what a rating does stay with ts-fsrs (`ReviewScheduler`).
 *
 * ```ts
 * newCardAllowance({ newCardsLeft: 300, today: 0, examDay: 30, newPerDayLimit: 20 });
 * // { perDay: 14, introduceByDay: 23, daysLeft: 23, fitsBeforeFinalWeek: true }
 * ```
 */

/** Days before the exam kept free of new cards: reviews only. */
export const FINAL_WEEK_DAYS = 7;

/** What the allowance is computed from; days are day numbers (see `dayNumber`). */
export interface NewCardAllowanceInput {
  /** Cards in scope not yet introduced as of the start of today. */
  readonly newCardsLeft: number;
  readonly today: number;
  readonly examDay: number;
  /** The daily limit of new cards (the `newCardsPerDay` setting): never exceeded. */
  readonly newPerDayLimit: number;
}

/** Today's new-card allowance while an exam date is set. */
export interface NewCardAllowance {
  /** New cards to introduce today (and each day after, if the plan is kept). */
  readonly perDay: number;
  /** The last day new cards are introduced: the day before the final week. */
  readonly introduceByDay: number;
  /** Days left to introduce them in, today included (at least 1). */
  readonly daysLeft: number;
  /** False when the daily limit, or a date already in the final week, leaves cards for the final week. */
  readonly fitsBeforeFinalWeek: boolean;
}

/**
 * The new cards a day that introduce every card in scope before the final week, spread
 * evenly, within the daily limit. In the final week (or after the exam day), what is left
 * comes in at the daily limit: better late than never.
 */
export function newCardAllowance(input: NewCardAllowanceInput): NewCardAllowance {
  const limit = Math.max(0, Math.floor(input.newPerDayLimit));
  const left = Math.max(0, Math.floor(input.newCardsLeft));
  const introduceByDay = input.examDay - FINAL_WEEK_DAYS - 1;
  const daysLeft = Math.max(1, introduceByDay - input.today + 1);
  if (left === 0) return { perDay: 0, introduceByDay, daysLeft, fitsBeforeFinalWeek: true };
  if (input.today > introduceByDay) return { perDay: limit, introduceByDay, daysLeft, fitsBeforeFinalWeek: false };
  const needed = Math.ceil(left / daysLeft);
  return { perDay: Math.min(limit, needed), introduceByDay, daysLeft, fitsBeforeFinalWeek: needed <= limit };
}

/**
 * Orders cards for study toward the exam: the lowest predicted exam-day recall first.
 * Cards without a prediction (never reviewed) come first of all: they are not known at
 * all. Ties keep the given order (stable), so the result is deterministic.
 */
export function orderByExamRecall<T>(entries: readonly T[], recallOnExamDay: (entry: T) => number | undefined): T[] {
  const keyed = entries.map((entry, index) => ({ entry, index, recall: recallOnExamDay(entry) ?? -1 }));
  keyed.sort((a, b) => a.recall - b.recall || a.index - b.index);
  return keyed.map((k) => k.entry);
}

/** A card that is not due, as the final week's top-up sees it. */
export interface TopUpCandidate {
  /** Ratings since it was introduced. */
  readonly reviews: number;
  /** Predicted recall on the exam day; undefined for a card never reviewed (not a candidate: new cards have their own allowance). */
  readonly recallOnExamDay: number | undefined;
}

/**
 * In the final week, once the due cards, learning steps and new cards of the day are
 * done, the cards rated only once since they were introduced (one answer, an Easy on
 * first sight say, is no evidence that the card stays), lowest predicted exam-day recall
 * first; ties keep the given order. Such a review before the due date goes through
 * ts-fsrs like any other. (Also reviewing cards early whose predicted recall is below
 * the desired retention was tried in the simulation: it lowered the exam-day recall.)
 */
export function finalWeekTopUp<T extends TopUpCandidate>(candidates: readonly T[], today: number, examDay: number): T[] {
  if (today < examDay - FINAL_WEEK_DAYS || today >= examDay) return [];
  const picked = candidates.map((entry, index) => ({ entry, index })).filter(({ entry }) => entry.recallOnExamDay !== undefined && entry.reviews < 2);
  picked.sort((a, b) => (a.entry.recallOnExamDay ?? 0) - (b.entry.recallOnExamDay ?? 0) || a.index - b.index);
  return picked.map((p) => p.entry);
}
