/**
 * The review queue: which cards to study now, within the daily limits.
 */
import { FINAL_WEEK_DAYS, finalWeekTopUp, newCardAllowance, orderByExamRecall } from '../stats/study-plan';
import type { CardRecord, ReviewHistory } from './review-history';
import type { CardSchedule } from './scheduler';

/** A card of the notes, as the queue needs it. */
export interface QueueCard {
  readonly id: string;
  /** The note's key (path in its workspace). */
  readonly note: string;
  /** The question, as markdown. */
  readonly prompt: string;
  /** Line of the question in the note (1-based). */
  readonly line: number;
}

/** One card in the queue, with its schedule (a new card's is the empty schedule). */
export interface QueueEntry {
  readonly card: QueueCard;
  readonly schedule: CardSchedule | undefined;
  /** When it is due (epoch ms); undefined for a new card. */
  readonly dueAt: number | undefined;
}

/** Daily limits and the clock the queue is built for. */
export interface QueueOptions {
  /** Now, epoch ms. */
  readonly now: number;
  /** Start of the user's day (epoch ms), for counting today's reviews and new cards. */
  readonly dayStart: number;
  /** New cards introduced per day (default 20). */
  readonly newPerDay: number;
  /** Reviews of review-phase cards per day (default 200). */
  readonly reviewsPerDay: number;
  /** How far "Coming up" looks ahead, in days (default 7). */
  readonly horizonDays?: number;
  /** The study plan toward exam dates not yet past; absent: no exam, the daily limits alone. */
  readonly exam?: QueueExamPlan;
}

/** One exam the queue plans toward (a workspace folder's exam date). */
export interface QueueExam {
  /** The exam day's number and the moment recall is predicted for (its start). */
  readonly examDay: number;
  readonly examAt: number;
  /** Whether a card is in the exam's scope. */
  inScope(card: QueueCard): boolean;
}

/**
 * The plan toward exam dates: new cards only from the exams' scopes, as many a day as
 * `newCardAllowance` gives (so that every card is introduced before the final week, within
 * the daily limit), and due cards in scope lowest predicted exam-day recall first.
 */
export interface QueueExamPlan {
  /** Today's day number (same calendar as `examDay`). */
  readonly today: number;
  readonly exams: readonly QueueExam[];
  /** The recall probability of a card with `schedule` at `at` (ts-fsrs, through `ReviewScheduler.recallProbability`). */
  recall(schedule: CardSchedule, at: number): number | undefined;
}

/** The defaults of the daily limits. */
export const DEFAULT_DAILY_LIMITS = { newPerDay: 20, reviewsPerDay: 200 } as const;

/** The queue's groups, each in the order to study. */
export interface ReviewQueue {
  /** Review-phase cards due now, within today's remaining review allowance, most overdue first. */
  readonly dueNow: readonly QueueEntry[];
  /** Cards in (re)learning steps, due now or later today, soonest first. */
  readonly learning: readonly QueueEntry[];
  /** Cards never rated, within today's remaining new-card allowance, in note order. */
  readonly newCards: readonly QueueEntry[];
  /** Review-phase cards due after now within the horizon (and due cards beyond today's limit), soonest first. */
  readonly comingUp: readonly QueueEntry[];
  /**
   * In an exam's final week, once the rest is done: cards of its scope answered only once
   * since they were introduced, lowest predicted exam-day recall first, within today's
   * remaining reviews (see `finalWeekTopUp`). Empty without an exam plan.
   */
  readonly topUp: readonly QueueEntry[];
  /** Cards of `dueNow` plus `learning` that are due now: the "N due" of the status bar and badge. */
  readonly dueCount: number;
  /** Reviews and new cards already done today. */
  readonly reviewedToday: number;
  readonly newToday: number;
  /** New cards left beyond today's allowance. */
  readonly newRemaining: number;
}

const DAY_MS = 86_400_000;

/**
 * Builds the queue from the notes' cards and the history.
 *
 * ```ts
 * const queue = buildReviewQueue(cards, history, { now, dayStart, newPerDay: 20, reviewsPerDay: 200 });
 * queue.dueNow.map((e) => e.card.prompt);
 * ```
 */
export function buildReviewQueue(cards: readonly QueueCard[], history: ReviewHistory, options: QueueOptions): ReviewQueue {
  const { now, dayStart } = options;
  const horizon = now + (options.horizonDays ?? 7) * DAY_MS;
  const dayEnd = dayStart + DAY_MS;
  let reviewedToday = 0;
  let newToday = 0;
  for (const record of history.cards()) {
    const today = countToday(record, dayStart);
    reviewedToday += today.reviews;
    if (today.introduced) newToday++;
  }
  const due: QueueEntry[] = [];
  const learning: QueueEntry[] = [];
  const fresh: QueueEntry[] = [];
  const later: QueueEntry[] = [];
  const seen = new Set<string>();
  for (const card of cards) {
    if (seen.has(card.id)) continue;
    seen.add(card.id);
    const record = history.card(card.id);
    if (record?.suspended) continue;
    const schedule = record?.schedule;
    if (!schedule || schedule.phase === 'new') {
      fresh.push({ card, schedule, dueAt: undefined });
      continue;
    }
    const entry: QueueEntry = { card, schedule, dueAt: schedule.dueAt };
    if (schedule.phase === 'learning' || schedule.phase === 'relearning') {
      if (schedule.dueAt < dayEnd) learning.push(entry);
      else later.push(entry);
    } else if (schedule.dueAt <= now) due.push(entry);
    else if (schedule.dueAt <= horizon) later.push(entry);
  }
  const byDue = (a: QueueEntry, b: QueueEntry) => (a.dueAt ?? 0) - (b.dueAt ?? 0) || (a.card.id < b.card.id ? -1 : 1);
  due.sort(byDue);
  learning.sort(byDue);
  const reviewAllowance = Math.max(0, options.reviewsPerDay - reviewedToday);
  let newAllowance = Math.max(0, options.newPerDay - newToday);
  let candidates = fresh;
  let ordered = due;
  let topUp: QueueEntry[] = [];
  if (options.exam && options.exam.exams.length > 0) {
    const plan = planToward(options.exam, cards, history, fresh, due, dayStart, options.newPerDay);
    candidates = plan.fresh;
    ordered = plan.due;
    newAllowance = Math.max(0, Math.min(newAllowance, plan.newPerDay - newToday));
    topUp = finalWeekEntries(options.exam, cards, history, now).slice(0, Math.max(0, reviewAllowance - Math.min(reviewAllowance, due.length)));
  }
  const dueNow = ordered.slice(0, reviewAllowance);
  later.sort(byDue);
  // Both parts are sorted already: merging them costs one pass where a second sort of every due card would cost a log factor.
  const rest = ordered === due ? due.slice(reviewAllowance) : ordered.slice(reviewAllowance).sort(byDue);
  const comingUp = mergeSorted(rest, later, byDue);
  const learningDue = learning.filter((e) => (e.dueAt ?? 0) <= now).length;
  return {
    dueNow,
    learning,
    newCards: candidates.slice(0, newAllowance),
    comingUp,
    topUp,
    dueCount: dueNow.length + learningDue,
    reviewedToday,
    newToday,
    newRemaining: Math.max(0, candidates.length - newAllowance),
  };
}

/**
 * The queue's new cards, today's new-card allowance and the order of due cards under an
 * exam plan. The allowance is counted from the cards left at the start of the day (those
 * introduced today count as left), so that it stays the same all day.
 */
function planToward(plan: QueueExamPlan, cards: readonly QueueCard[], history: ReviewHistory, fresh: readonly QueueEntry[], due: readonly QueueEntry[], dayStart: number, newPerDayLimit: number): { fresh: QueueEntry[]; due: QueueEntry[]; newPerDay: number } {
  const examOf = (card: QueueCard): QueueExam | undefined => plan.exams.find((exam) => exam.inScope(card));
  const left = new Map<QueueExam, number>(plan.exams.map((exam) => [exam, 0]));
  const count = (exam: QueueExam | undefined) => exam && left.set(exam, (left.get(exam) ?? 0) + 1);
  const scopedFresh = fresh.filter((entry) => {
    const exam = examOf(entry.card);
    count(exam);
    return exam !== undefined;
  });
  const introducedToday = new Set<string>();
  for (const record of history.cards()) if (record.introducedAt !== undefined && record.introducedAt >= dayStart) introducedToday.add(record.id);
  if (introducedToday.size > 0) for (const card of cards) if (introducedToday.has(card.id)) count(examOf(card));
  let newPerDay = 0;
  for (const [exam, newCardsLeft] of left) newPerDay += newCardAllowance({ newCardsLeft, today: plan.today, examDay: exam.examDay, newPerDayLimit }).perDay;
  // Due cards of an exam first, the least likely recalled on its day first; the others after them, by due time.
  const scopedDue: QueueEntry[] = [];
  const otherDue: QueueEntry[] = [];
  for (const entry of due) (examOf(entry.card) ? scopedDue : otherDue).push(entry);
  const byRecall = orderByExamRecall(scopedDue, (entry) => {
    const exam = examOf(entry.card);
    return exam && entry.schedule ? plan.recall(entry.schedule, exam.examAt) : undefined;
  });
  return { fresh: scopedFresh, due: [...byRecall, ...otherDue], newPerDay: Math.min(newPerDayLimit, newPerDay) };
}

/**
 * The order of a review session: due cards, then learning cards due now, then new cards,
 * then (in an exam's final week) the top-up. Learning cards due later come back when their
 * step is over (the session asks again).
 */
export function reviewOrder(queue: ReviewQueue, now: number): QueueEntry[] {
  return [...queue.dueNow, ...queue.learning.filter((e) => (e.dueAt ?? 0) <= now), ...queue.newCards, ...queue.topUp];
}

/** The final week's top-up of every exam whose final week today is, lowest exam-day recall first. */
function finalWeekEntries(plan: QueueExamPlan, cards: readonly QueueCard[], history: ReviewHistory, now: number): QueueEntry[] {
  const picked: { entry: QueueEntry; recallOnExamDay: number | undefined }[] = [];
  for (const exam of plan.exams) {
    const candidates: { entry: QueueEntry; reviews: number; recallOnExamDay: number | undefined }[] = [];
    if (plan.today < exam.examDay - FINAL_WEEK_DAYS || plan.today >= exam.examDay) continue;
    for (const card of cards) {
      const record = history.card(card.id);
      // Review-phase cards not due yet: due ones and learning ones are asked anyway.
      if (!record || record.suspended || record.schedule.phase !== 'review' || record.schedule.dueAt <= now || record.reviewCount >= 2 || !exam.inScope(card)) continue;
      candidates.push({ entry: { card, schedule: record.schedule, dueAt: record.schedule.dueAt }, reviews: record.reviewCount, recallOnExamDay: plan.recall(record.schedule, exam.examAt) });
    }
    picked.push(...finalWeekTopUp(candidates, plan.today, exam.examDay));
  }
  const seen = new Set<string>();
  return picked.filter((p) => !seen.has(p.entry.card.id) && seen.add(p.entry.card.id)).map((p) => p.entry);
}

function mergeSorted<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compare(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

function countToday(record: CardRecord, dayStart: number): { reviews: number; introduced: boolean } {
  // repeatTimes are in time order (events are folded in (time, id) order): count from the
  // newest back to the first one before today, instead of walking a card's whole history
  // (a review from a machine whose clock ran ahead can end the count early: daily limits
  // then count a little low, never block).
  let reviews = 0;
  for (let i = record.repeatTimes.length - 1; i >= 0 && record.repeatTimes[i] >= dayStart; i--) reviews++;
  return { reviews, introduced: record.introducedAt !== undefined && record.introducedAt >= dayStart };
}
