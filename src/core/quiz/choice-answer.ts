import type { Card } from '../model/model';
import { plainTextOf } from '../parse/inline-text';

/** A multiple-choice answer as the review log keeps it (see `ReviewRatingEvent.chosen`). */
export interface ChoiceAnswerRecord {
  /** The chosen options' text, markdown taken off. */
  readonly chosen: readonly string[];
  /** Whether exactly the right options were chosen. */
  readonly correct: boolean;
}

/**
 * The record of choosing `chosen` (indexes into `card.options`) on a multiple-choice
 * card: the options' text rather than their place, which shuffling and edits change.
 *
 * ```ts
 * choiceAnswerOf(card, [1]); // { chosen: ['Availability zones'], correct: false }
 * ```
 */
export function choiceAnswerOf(card: Pick<Card, 'options'>, chosen: readonly number[]): ChoiceAnswerRecord {
  const options = card.options ?? [];
  const picked = new Set(chosen.filter((i) => Number.isInteger(i) && i >= 0 && i < options.length));
  const correct = options.length > 0 && picked.size > 0 && options.every((option, i) => option.correct === picked.has(i));
  return { chosen: [...picked].sort((a, b) => a - b).map((i) => plainTextOf(options[i].label)), correct };
}
