// Window progress while the notes are indexed.
export { indexingProgress } from './indexing-progress';
