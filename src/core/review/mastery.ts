/**
 * The mastery map: per section, how many cards are due now and how well its reviewed
 * cards are remembered (the average FSRS recall probability), and which section is the
 * weakest. Pure: the caller passes the schedules, the time and the recall model.
 */
import type { CardSchedule, ReviewScheduler } from './scheduler';

/** A group of cards: a section, or a note that holds cards above its first heading. */
export interface MasterySection {
  /** Unique among the sections passed together. */
  readonly id: string;
  /** The enclosing section; its totals include this one's. Undefined at the top. */
  readonly parent: string | undefined;
  /** Whether it can be named the weakest (default true; false for a whole note). */
  readonly canBeWeakest?: boolean;
}

/** A card with the section that holds it and its schedule (undefined: never reviewed). */
export interface MasteryCard {
  readonly id: string;
  /** The innermost section holding the card; undefined when it is in no section passed. */
  readonly section: string | undefined;
  readonly schedule: CardSchedule | undefined;
  /** Taken out of the queue: never due, and out of the recall average. */
  readonly suspended?: boolean;
}

/** What gives a schedule's recall probability at a time: `ReviewScheduler` does. */
export type RecallModel = Pick<ReviewScheduler, 'recallProbability'>;

/** Where one card stands at the map's `now`. */
export interface CardStanding {
  /** `new`: never reviewed (or forgotten); `due`: due now; `scheduled`: due later; `suspended`: out of the queue. */
  readonly state: 'new' | 'due' | 'scheduled' | 'suspended';
  /** When it is (or was) due, epoch ms; undefined for a new card. */
  readonly dueAt: number | undefined;
  /** Recall probability now, 0–1; undefined for a new or suspended card. */
  readonly recall: number | undefined;
  /** The schedule's phase, for details. */
  readonly schedule: CardSchedule | undefined;
}

/** The totals of a section, its subsections included. */
export interface SectionMastery {
  readonly cardCount: number;
  /** Reviewed cards due now (new cards are never counted as due). */
  readonly dueCount: number;
  /** Cards with a recall probability: the ones the average is over. */
  readonly reviewedCount: number;
  /** Average recall probability of the reviewed cards, 0–1; undefined when none is reviewed. */
  readonly averageRecall: number | undefined;
  /** The lowest recall probability among the reviewed cards. */
  readonly lowestRecall: number | undefined;
}

/** The mastery of every section and card at one time. */
export interface MasteryMap {
  /** The time the map is for, epoch ms. */
  readonly now: number;
  readonly sections: ReadonlyMap<string, SectionMastery>;
  readonly cards: ReadonlyMap<string, CardStanding>;
  /** Every card passed, whatever its section. */
  readonly total: SectionMastery;
  /**
   * The section with the lowest average recall among those with reviewed cards (the
   * deepest one on a tie, then the first passed), or undefined when every such section
   * has the same average (nothing is weaker than the rest) or none has reviewed cards.
   */
  readonly weakest: string | undefined;
  /** The earliest time after `now` when a card comes due; undefined when none will. */
  readonly nextDueAt: number | undefined;
}

interface Tally {
  cards: number;
  due: number;
  reviewed: number;
  recallSum: number;
  lowest: number | undefined;
}

/**
 * Builds the mastery map. Each card counts in its section and in every enclosing one.
 * Sections may come in any order; a parent missing from `sections` ends the chain.
 *
 * ```ts
 * const map = buildMasteryMap(
 *   [{ id: 'aws', parent: undefined }, { id: 'aws/udemy', parent: 'aws' }],
 *   [{ id: 'q1', section: 'aws/udemy', schedule: history.card('q1')?.schedule }],
 *   Date.now(),
 *   scheduler,
 * );
 * map.sections.get('aws')?.averageRecall; // the recall probability of q1, if reviewed
 * ```
 */
export function buildMasteryMap(sections: readonly MasterySection[], cards: readonly MasteryCard[], now: number, model: RecallModel): MasteryMap {
  const byId = new Map<string, MasterySection>();
  for (const section of sections) byId.set(section.id, section);
  const tallies = new Map<string, Tally>();
  for (const section of sections) tallies.set(section.id, emptyTally());
  const total = emptyTally();
  const standings = new Map<string, CardStanding>();
  let nextDueAt: number | undefined;
  for (const card of cards) {
    const standing = card.suspended ? suspendedStanding(card.schedule) : standingOf(card.schedule, now, model);
    standings.set(card.id, standing);
    if (standing.state === 'scheduled' && standing.dueAt !== undefined && (nextDueAt === undefined || standing.dueAt < nextDueAt)) nextDueAt = standing.dueAt;
    add(total, standing);
    // The chain is walked once per card; headings nest at most six deep per note.
    const seen = new Set<string>();
    for (let id = card.section; id !== undefined && !seen.has(id); id = byId.get(id)?.parent) {
      seen.add(id);
      const tally = tallies.get(id);
      if (!tally) break;
      add(tally, standing);
    }
  }
  const result = new Map<string, SectionMastery>();
  for (const [id, tally] of tallies) result.set(id, masteryOf(tally));
  return { now, sections: result, cards: standings, total: masteryOf(total), weakest: weakestOf(sections, byId, result), nextDueAt };
}

function standingOf(schedule: CardSchedule | undefined, now: number, model: RecallModel): CardStanding {
  if (!schedule || schedule.phase === 'new') return { state: 'new', dueAt: undefined, recall: undefined, schedule };
  const recall = model.recallProbability(schedule, now);
  return { state: schedule.dueAt <= now ? 'due' : 'scheduled', dueAt: schedule.dueAt, recall, schedule };
}

function suspendedStanding(schedule: CardSchedule | undefined): CardStanding {
  return { state: 'suspended', dueAt: undefined, recall: undefined, schedule };
}

function emptyTally(): Tally {
  return { cards: 0, due: 0, reviewed: 0, recallSum: 0, lowest: undefined };
}

function add(tally: Tally, standing: CardStanding): void {
  tally.cards++;
  if (standing.state === 'due') tally.due++;
  if (standing.recall === undefined) return;
  tally.reviewed++;
  tally.recallSum += standing.recall;
  if (tally.lowest === undefined || standing.recall < tally.lowest) tally.lowest = standing.recall;
}

function masteryOf(tally: Tally): SectionMastery {
  return {
    cardCount: tally.cards,
    dueCount: tally.due,
    reviewedCount: tally.reviewed,
    averageRecall: tally.reviewed > 0 ? tally.recallSum / tally.reviewed : undefined,
    lowestRecall: tally.lowest,
  };
}

function weakestOf(sections: readonly MasterySection[], byId: ReadonlyMap<string, MasterySection>, mastery: ReadonlyMap<string, SectionMastery>): string | undefined {
  let weakest: { id: string; average: number; depth: number } | undefined;
  let highest = -Infinity;
  for (const section of sections) {
    const average = mastery.get(section.id)?.averageRecall;
    if (section.canBeWeakest === false || average === undefined) continue;
    highest = Math.max(highest, average);
    const depth = depthOf(section, byId);
    if (!weakest || average < weakest.average || (average === weakest.average && depth > weakest.depth)) weakest = { id: section.id, average, depth };
  }
  return weakest && weakest.average < highest ? weakest.id : undefined;
}

function depthOf(section: MasterySection, byId: ReadonlyMap<string, MasterySection>): number {
  let depth = 0;
  const seen = new Set<string>([section.id]);
  for (let id = section.parent; id !== undefined && !seen.has(id); id = byId.get(id)?.parent) {
    seen.add(id);
    depth++;
  }
  return depth;
}
