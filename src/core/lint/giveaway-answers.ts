/**
 * Questions that give themselves away: across a note's multiple-choice questions, the
 * right option is too often the longest one, or too often in the same position, so a
 * learner can score without knowing the answers. Pure; reads the parsed note.
 *
 * For example, a note whose eight questions all read like
 *
 * ```markdown
 * 1. What does S3 stand for?
 *
 * - Simple Server
 * - `Simple Storage Service, object storage with eleven nines of durability`
 * - Secure Socket
 * ```
 * gets a finding that the right option is the longest in 8 of 8 questions.
 */
import type { Card, Note } from '../model/model';
import { formatPercent } from '../util/percent';

/** At least this many single-answer multiple-choice questions before a pattern means anything. */
export const GIVEAWAY_MIN_QUESTIONS = 8;
/** The share of questions a pattern must hold in. */
export const GIVEAWAY_SHARE = 0.6;

/** One pattern that gives answers away. */
export interface GiveawayFinding {
  /** `longest`: the right option is the longest; `position`: it is in the same place. */
  readonly kind: 'longest' | 'position';
  /** Line of the first question the pattern holds in: where the diagnostic goes. */
  readonly line: number;
  readonly severity: 'info';
  readonly message: string;
  /** Questions the pattern holds in, and the questions looked at. */
  readonly count: number;
  readonly total: number;
  /** For `position`: the 1-based position of the right option. */
  readonly position?: number;
}

/**
 * The give-away patterns of a note: only questions with exactly one right option and at
 * least two options count, and only when there are at least `GIVEAWAY_MIN_QUESTIONS` of
 * them; a pattern is reported when it holds in at least `GIVEAWAY_SHARE` of them. The
 * right option is the longest only when it is strictly longer than every other one.
 */
export function findGiveawayAnswers(note: Pick<Note, 'cards'>): GiveawayFinding[] {
  const questions = note.cards.filter(isSingleAnswer);
  const total = questions.length;
  if (total < GIVEAWAY_MIN_QUESTIONS) return [];
  const findings: GiveawayFinding[] = [];

  const longest = questions.filter(rightIsLongest);
  if (longest.length / total >= GIVEAWAY_SHARE) {
    findings.push({
      kind: 'longest',
      line: longest[0].line,
      severity: 'info',
      count: longest.length,
      total,
      message: `The right option is the longest in ${longest.length} of ${total} multiple-choice questions (${formatPercent(longest.length / total)}): a learner can pick it without knowing the answer. Make some wrong options as detailed as the right one.`,
    });
  }

  const byPosition = new Map<number, Card[]>();
  for (const card of questions) {
    const position = (card.options ?? []).findIndex((o) => o.correct) + 1;
    const list = byPosition.get(position);
    if (list) list.push(card);
    else byPosition.set(position, [card]);
  }
  // The most frequent position; the earlier one on a tie, so the result is deterministic.
  const [position, cards] = [...byPosition].sort((a, b) => b[1].length - a[1].length || a[0] - b[0])[0];
  if (cards.length / total >= GIVEAWAY_SHARE) {
    findings.push({
      kind: 'position',
      line: cards[0].line,
      severity: 'info',
      count: cards.length,
      total,
      position,
      message: `The right option is option ${position} in ${cards.length} of ${total} multiple-choice questions (${formatPercent(cards.length / total)}): a learner can guess it from its place. Vary where the right option stands (or turn on noteReview.quiz.shuffle).`,
    });
  }
  return findings;
}

function isSingleAnswer(card: Card): boolean {
  const options = card.options ?? [];
  return card.kind === 'mcq' && options.length >= 2 && options.filter((o) => o.correct).length === 1;
}

function rightIsLongest(card: Card): boolean {
  const options = card.options ?? [];
  const lengthOf = (label: string) => label.replace(/\s+/g, ' ').trim().length;
  const right = options.find((o) => o.correct);
  if (!right) return false;
  const rightLength = lengthOf(right.label);
  return options.every((o) => o === right || lengthOf(o.label) < rightLength);
}

