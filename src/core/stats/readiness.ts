/**
 * Exam readiness: for each card in the exam's scope, FSRS's predicted probability of
 * recalling it on the exam day (ts-fsrs retrievability at that time), averaged per
 * section and, with the exam's section weights, into a predicted score. A card never
 * reviewed counts as not known (0): the score is what the learner would get today's
 * memory permitting, not a guess about cards not yet studied.
 *
 * ```ts
 * const plan: ExamPlan = { date: '2025-02-03', weights: [{ note: 'aws.md', section: ['Compute'], weight: 30 }] };
 * const readiness = predictReadiness(cards, (id) => memoryOf(id), plan, { now, model });
 * readiness?.predictedScore; // 0.74
 * ```
 */
import { dayLabel, dayNumber, dayStartTime, parseDayLabel, UTC_CALENDAR, type Calendar } from './calendar';
import type { MemoryModel, RecallState } from './memory-model';
import { sameTitles, SectionTable, sectionKey, type StatsCard } from './stats-card';
import { runAll, runInSlices, type Pause } from './slices';

/** Cards handled between two yields of the sliced computation. */
const STEP_CARDS = 1024;

/** A note, or a section of it (with its subsections), named in an exam plan. */
export interface ExamScopeEntry {
  readonly note: string;
  /** The section's breadcrumb; absent or empty for the whole note. */
  readonly section?: readonly string[];
}

/** A weight of a part of the exam (certification exams publish their domains' weights). */
export interface SectionWeight extends ExamScopeEntry {
  /** Any positive number: weights are relative (30, 26, 24, 20 or 0.3, 0.26…). */
  readonly weight: number;
}

/** An exam date with its optional scope and section weights. Plain data, as stored. */
export interface ExamPlan {
  /** The exam day, `YYYY-MM-DD` in local time. */
  readonly date: string;
  /** What the exam covers; absent or empty: every card. */
  readonly scope?: readonly ExamScopeEntry[];
  /** Weights of parts of the scope; absent or empty: every card weighs the same. */
  readonly weights?: readonly SectionWeight[];
}

/** Predicted recall of a group of cards. */
export interface GroupReadiness {
  readonly note: string;
  readonly section: readonly string[];
  readonly cardCount: number;
  /** Cards with a memory state (reviewed at least once). */
  readonly reviewedCount: number;
  /** Average predicted recall on the exam day, never-reviewed cards counting 0. */
  readonly predictedRecall: number;
  /** Lowest predicted recall among the cards. */
  readonly lowestRecall: number;
}

/** A weighted part of the exam and how ready it is. */
export interface WeightedReadiness extends GroupReadiness {
  readonly weight: number;
}

/** The readiness for one exam. Plain JSON. */
export interface Readiness {
  readonly examDay: string;
  /** Whole days from today to the exam day (0 on the day itself, negative after it). */
  readonly daysLeft: number;
  /** The moment recall is predicted for: the start of the exam day (epoch ms). */
  readonly examAt: number;
  readonly cardCount: number;
  readonly reviewedCount: number;
  /** The predicted score, 0–1: the weighted average of the weighted parts, or the plain average without weights. */
  readonly predictedScore: number;
  /** Per section holding cards (its own cards, not its subsections'), in card order. */
  readonly sections: readonly GroupReadiness[];
  /** Per weight given, in the plan's order; empty without weights. */
  readonly weighted: readonly WeightedReadiness[];
  /** Cards in scope under no weighted part (left out of a weighted score). */
  readonly unweightedCards: number;
}

/** A plan whose date is not a `YYYY-MM-DD` day, or whose weight is not a positive number. */
export class InvalidExamPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidExamPlanError';
  }
}

/** Options of `predictReadiness`. */
export interface ReadinessOptions {
  /** Now, epoch ms. */
  readonly now: number;
  readonly model: MemoryModel;
  readonly calendar?: Calendar;
  /** Keeps each card's exam-day recall for the next computation over the same cards (see `ReadinessCache`). */
  readonly cache?: ReadinessCache;
}

/**
 * Each card's predicted exam-day recall, kept from one readiness computation to the next
 * over the same list of cards: a card whose memory state is the same object as last time
 * is not computed again. The review history replaces a card's record when it changes and
 * never changes one in place, so after a rating only the rated card's recall is computed.
 *
 * ```ts
 * const cache = new ReadinessCache();
 * predictReadiness(cards, memory, plan, { now, model, cache });   // every card
 * predictReadiness(cards, memory, plan, { now, model, cache });   // none: nothing changed
 * ```
 */
export class ReadinessCache {
  private cards: readonly StatsCard[] | undefined;
  private examAt = NaN;
  private model: MemoryModel | undefined;
  /** By the card's index in `cards`: the state the recall was computed from, and the recall (NaN: none). */
  states: (RecallState | undefined)[] = [];
  recalls = new Float64Array(0);
  /** Recalls the last computation worked out rather than reused. */
  computed = 0;

  /** Starts a computation: what was kept holds only for the same cards, exam moment and model. */
  begin(cards: readonly StatsCard[], examAt: number, model: MemoryModel): void {
    this.computed = 0;
    if (cards === this.cards && examAt === this.examAt && model === this.model) return;
    this.cards = cards;
    this.examAt = examAt;
    this.model = model;
    this.states = new Array<RecallState | undefined>(cards.length);
    this.recalls = new Float64Array(cards.length);
  }
}

/** Whether a card is in an entry (the note, or the section and its subsections). */
export function inEntry(card: Pick<StatsCard, 'note' | 'section'>, entry: ExamScopeEntry): boolean {
  if (card.note !== entry.note) return false;
  const section = entry.section ?? [];
  return section.length <= card.section.length && section.every((title, i) => card.section[i] === title);
}

/** The cards an exam covers, in card order, each once. */
export function examCards<T extends StatsCard>(cards: readonly T[], plan: Pick<ExamPlan, 'scope'>): T[] {
  return runAll(examCardsSteps(cards, plan));
}

/** `examCards` as steps (yields between batches of cards), for a caller that runs it inside its own slices. */
export function* examCardsSteps<T extends StatsCard>(cards: readonly T[], plan: Pick<ExamPlan, 'scope'>): Generator<void, T[]> {
  const seen = new Set<string>();
  const scope = plan.scope ?? [];
  const covered: T[] = [];
  for (let i = 0; i < cards.length; i++) {
    if ((i & (STEP_CARDS - 1)) === STEP_CARDS - 1) yield;
    const card = cards[i];
    if (seen.has(card.id)) continue;
    seen.add(card.id);
    if (scope.length === 0 || scope.some((entry) => inEntry(card, entry))) covered.push(card);
  }
  return covered;
}

/** The exam day's number and its start, or a typed error for a bad plan. */
export function examMoment(plan: ExamPlan, calendar: Calendar = UTC_CALENDAR): { day: number; at: number } {
  const day = parseDayLabel(plan.date);
  if (day === undefined) throw new InvalidExamPlanError(`the exam date must be a day written YYYY-MM-DD, not "${plan.date}"`);
  for (const w of plan.weights ?? []) {
    if (!(typeof w.weight === 'number' && Number.isFinite(w.weight) && w.weight > 0)) throw new InvalidExamPlanError(`the weight of ${sectionKey(w.note, w.section ?? [])} must be a positive number, not ${String(w.weight)}`);
  }
  return { day, at: dayStartTime(day, calendar) };
}

/**
 * The predicted recall of each card on the exam day: undefined for a card never reviewed.
 * `memory` gives a card's current memory state: its `CardSchedule` from the history will do.
 */
export function examDayRecall(cards: readonly StatsCard[], memory: (cardId: string) => RecallState | undefined, examAt: number, model: MemoryModel): Map<string, number | undefined> {
  const out = new Map<string, number | undefined>();
  for (const card of cards) {
    const state = memory(card.id);
    out.set(card.id, state ? model.recall(state, examAt) : undefined);
  }
  return out;
}

interface Tally {
  readonly note: string;
  readonly section: readonly string[];
  cards: number;
  reviewed: number;
  sum: number;
  lowest: number;
}

/**
 * The readiness of the cards in the plan's scope.
 * @throws InvalidExamPlanError for a date that is not a day or a weight that is not positive.
 */
export function predictReadiness(cards: readonly StatsCard[], memory: (cardId: string) => RecallState | undefined, plan: ExamPlan, options: ReadinessOptions): Readiness {
  return runAll(readinessSteps(cards, memory, plan, options));
}

/**
 * `predictReadiness` in slices: awaits `pause` whenever a slice has run for `sliceMs`, so
 * that 50,000 cards (about 130 ms) do not hold up the extension host in one go. Same result;
 * rejects with `InvalidExamPlanError` for a bad plan.
 */
export function predictReadinessInSlices(cards: readonly StatsCard[], memory: (cardId: string) => RecallState | undefined, plan: ExamPlan, options: ReadinessOptions, pause: Pause, sliceMs = 15): Promise<Readiness> {
  return runInSlices(readinessSteps(cards, memory, plan, options), pause, sliceMs);
}

/** The readiness as steps (yields between cards), for a caller that runs it inside its own slices. */
export function* readinessSteps(cards: readonly StatsCard[], memory: (cardId: string) => RecallState | undefined, plan: ExamPlan, options: ReadinessOptions): Generator<void, Readiness> {
  const calendar = options.calendar ?? UTC_CALENDAR;
  const { model, cache } = options;
  const { day, at } = examMoment(plan, calendar);
  const scope = plan.scope ?? [];
  const weights = plan.weights ?? [];
  const sections = new SectionTable<Group>();
  const weighted: Tally[] = weights.map((w) => emptyTally(w.note, w.section ?? []));
  const all = emptyTally('', []);
  let unweightedCards = 0;
  cache?.begin(cards, at, model);
  const seen = new Set<string>();
  // Cards come in note order, so neighbours share a section: its key, scope and weights are worked out once per run of cards.
  let group: Group | undefined;
  for (let i = 0; i < cards.length; i++) {
    if ((i & (STEP_CARDS - 1)) === STEP_CARDS - 1) yield;
    const card = cards[i];
    if (!group || group.tally.note !== card.note || !sameTitles(group.tally.section, card.section)) {
      group = sections.get(card.note, card.section, () => ({
        tally: emptyTally(card.note, card.section),
        weights: weights.flatMap((w, k) => (inEntry(card, w) ? [k] : [])),
        inScope: scope.length === 0 || scope.some((entry) => inEntry(card, entry)),
      }));
    }
    if (seen.has(card.id)) continue;
    seen.add(card.id);
    if (!group.inScope) continue;
    const state = memory(card.id);
    let recall: number | undefined;
    if (state === undefined) recall = undefined;
    else if (cache && cache.states[i] === state) {
      const kept = cache.recalls[i];
      recall = Number.isNaN(kept) ? undefined : kept;
    } else {
      recall = model.recall(state, at);
      if (cache) {
        cache.states[i] = state;
        cache.recalls[i] = recall ?? NaN;
        cache.computed++;
      }
    }
    add(group.tally, recall);
    add(all, recall);
    for (const k of group.weights) add(weighted[k], recall);
    if (group.weights.length === 0) unweightedCards++;
  }
  const weightedReadiness = weighted.map((tally, k) => ({ ...groupOf(tally), weight: weights[k].weight }));
  const counted = weightedReadiness.filter((w) => w.cardCount > 0);
  const totalWeight = counted.reduce((sum, w) => sum + w.weight, 0);
  const predictedScore = weights.length > 0 ? (totalWeight > 0 ? counted.reduce((sum, w) => sum + w.weight * w.predictedRecall, 0) / totalWeight : 0) : groupOf(all).predictedRecall;
  return {
    examDay: dayLabel(day),
    daysLeft: day - dayNumber(options.now, calendar),
    examAt: at,
    cardCount: all.cards,
    reviewedCount: all.reviewed,
    predictedScore,
    sections: [...sections.byKey.values()].filter((g) => g.tally.cards > 0).map((g) => groupOf(g.tally)),
    weighted: weightedReadiness,
    unweightedCards: weights.length > 0 ? unweightedCards : 0,
  };
}

/** A section's run of cards: its tally, the weights it falls under, and whether the exam covers it. */
interface Group {
  readonly tally: Tally;
  readonly weights: number[];
  readonly inScope: boolean;
}

function emptyTally(note: string, section: readonly string[]): Tally {
  return { note, section, cards: 0, reviewed: 0, sum: 0, lowest: 1 };
}

function add(tally: Tally, recall: number | undefined): void {
  tally.cards++;
  const value = recall ?? 0;
  if (recall !== undefined) tally.reviewed++;
  tally.sum += value;
  if (value < tally.lowest) tally.lowest = value;
}

function groupOf(tally: Tally): GroupReadiness {
  return {
    note: tally.note,
    section: tally.section,
    cardCount: tally.cards,
    reviewedCount: tally.reviewed,
    predictedRecall: tally.cards > 0 ? tally.sum / tally.cards : 0,
    lowestRecall: tally.cards > 0 ? tally.lowest : 0,
  };
}

/** The predicted score at one of several moments, and the cards reviewed by then. */
export interface PredictedScore {
  readonly predictedScore: number;
  readonly reviewedCount: number;
}

/**
 * The predicted score of the plan at `samples` moments in one pass over the cards: what
 * `readinessSteps` gives at each, with the scope, sections and weights worked out once.
 * `recalls` fills a card's exam-day recall as its memory stood at each moment (NaN: not
 * reviewed by then). The sums run in card order, as there, so the figures are the same.
 */
export function* predictedScoresSteps(
  cards: readonly StatsCard[],
  recalls: (cardId: string, examAt: number, out: Float64Array) => void,
  plan: ExamPlan,
  samples: number,
  calendar: Calendar = UTC_CALENDAR,
): Generator<void, PredictedScore[]> {
  const { at } = examMoment(plan, calendar);
  const scope = plan.scope ?? [];
  const weights = plan.weights ?? [];
  const groups = new SectionTable<{ readonly note: string; readonly section: readonly string[]; readonly weights: number[]; readonly inScope: boolean }>();
  const series = () => ({ cards: 0, reviewed: new Float64Array(samples), sum: new Float64Array(samples) });
  const weighted = weights.map(series);
  const all = series();
  const out = new Float64Array(samples);
  const seen = new Set<string>();
  let group: { readonly note: string; readonly section: readonly string[]; readonly weights: number[]; readonly inScope: boolean } | undefined;
  for (let i = 0; i < cards.length; i++) {
    if ((i & (STEP_CARDS - 1)) === STEP_CARDS - 1) yield;
    const card = cards[i];
    if (!group || group.note !== card.note || !sameTitles(group.section, card.section)) {
      group = groups.get(card.note, card.section, () => ({
        note: card.note,
        section: card.section,
        weights: weights.flatMap((w, k) => (inEntry(card, w) ? [k] : [])),
        inScope: scope.length === 0 || scope.some((entry) => inEntry(card, entry)),
      }));
    }
    if (seen.has(card.id)) continue;
    seen.add(card.id);
    if (!group.inScope) continue;
    recalls(card.id, at, out);
    all.cards++;
    for (const k of group.weights) weighted[k].cards++;
    for (let s = 0; s < samples; s++) {
      const recall = out[s];
      if (Number.isNaN(recall)) continue;
      all.reviewed[s]++;
      all.sum[s] += recall;
      for (const k of group.weights) {
        weighted[k].reviewed[s]++;
        weighted[k].sum[s] += recall;
      }
    }
  }
  return Array.from({ length: samples }, (_, s) => {
    const recallOf = (tally: { cards: number; sum: Float64Array }) => (tally.cards > 0 ? tally.sum[s] / tally.cards : 0);
    let predictedScore: number;
    if (weights.length > 0) {
      const counted = weights.flatMap((w, k) => (weighted[k].cards > 0 ? [{ weight: w.weight, predictedRecall: recallOf(weighted[k]) }] : []));
      const totalWeight = counted.reduce((sum, w) => sum + w.weight, 0);
      predictedScore = totalWeight > 0 ? counted.reduce((sum, w) => sum + w.weight * w.predictedRecall, 0) / totalWeight : 0;
    } else predictedScore = recallOf(all);
    return { predictedScore, reviewedCount: all.reviewed[s] };
  });
}
