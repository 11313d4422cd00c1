// Suspend, unsuspend and forget a card, from the Sections view and the review queue.
export { cardActions } from './card-actions';
