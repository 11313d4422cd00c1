import type * as vscode from 'vscode';
import type { Card } from '../../../core';
import type { ChoiceAnswerRecord } from '../../../core/quiz/choice-answer';
import type { Rating, RatingChoice } from '../../../protocol/quiz-protocol';

/** A card as the quiz hands it to a grader: its id, its note and the card itself. */
export interface GradedCard {
  readonly id: string;
  readonly uri: vscode.Uri;
  readonly card: Card;
}

/** What became of a rating or an undo. */
export interface GradeResult {
  readonly saved: boolean;
  /** Why it was not saved, in words for the person ("the review log is read-only"). */
  readonly error?: string;
}

/**
 * Spaced repetition as the quiz panel sees it. The quiz works without one (multiple
 * choice just scores, flashcards ask "Knew it / Didn't know"); when one is set with
 * `QuizService.setGrader`, the panel shows Again/Hard/Good/Easy with the intervals from
 * `previews`, suggests Again for a wrong multiple-choice answer and Good for a right one,
 * and calls `rate` once the person confirms, `undo` on Ctrl+Z / U.
 */
export interface QuizGrader {
  /** The four rating choices with their next intervals, or undefined when this card is not scheduled (no buttons then). */
  previews(card: GradedCard): readonly RatingChoice[] | undefined;
  /**
   * Records a rating; `durationMs` is the time from showing the question to answering it,
   * `answer` the multiple-choice answer behind the rating, if any.
   */
  rate(card: GradedCard, rating: Rating, durationMs: number, answer?: ChoiceAnswerRecord): Promise<GradeResult>;
  /** Takes back the last recorded rating. */
  undo(): Promise<GradeResult>;
}
