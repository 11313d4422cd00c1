import type { ChoiceAnswerRecord } from '../../../core/quiz/choice-answer';
import type { RatingChoice, Rating } from '../../../protocol/quiz-protocol';
import { describeWriteError, type ReviewService } from '../../adapters/review-log-service';
import type { Feature } from '../../feature';
import type { GradedCard, GradeResult, QuizGrader } from '../quiz';

/** Keys of the notes index and the review log agree: the card's note key is its index key. */
type NoteKeyOf = (card: GradedCard) => string;

/** The quiz panel's grader over the FSRS schedules of the review log. */
export class ReviewGrader implements QuizGrader {
  constructor(
    private readonly reviews: ReviewService,
    private readonly noteKeyOf: NoteKeyOf,
  ) {}

  previews(card: GradedCard): readonly RatingChoice[] | undefined {
    return this.reviews.previews(card.id).map((p) => ({ rating: p.rating, label: p.label, interval: p.intervalLabel }));
  }

  async rate(card: GradedCard, rating: Rating, durationMs: number, answer?: ChoiceAnswerRecord): Promise<GradeResult> {
    const result = await this.reviews.rate({ id: card.id, note: this.noteKeyOf(card), prompt: card.card.prompt }, rating, durationMs, answer);
    return result.saved ? { saved: true } : { saved: false, error: describeWriteError(result.error) };
  }

  async undo(): Promise<GradeResult> {
    const result = await this.reviews.undoLastRating();
    if (!result) return { saved: false, error: 'no rating to undo' };
    return result.saved ? { saved: true } : { saved: false, error: describeWriteError(result.error) };
  }
}

/** Plugs the review grader into the quiz panel. */
export const reviewGrader: Feature = ({ subscriptions, services }) => {
  const quiz = services.quiz;
  const grader = new ReviewGrader(services.reviews, (card) => services.reviews.cards().get(card.id)?.note ?? card.uri.path);
  subscriptions.push(quiz.setGrader(grader));
};
