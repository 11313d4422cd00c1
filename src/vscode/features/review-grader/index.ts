// The quiz panel's grader: ratings go to the review log and its FSRS schedules.
export { reviewGrader } from './review-grader';
