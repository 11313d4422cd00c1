// The review queue view, its status bar item and commands.
export { reviewQueueView } from './review-queue-view';
