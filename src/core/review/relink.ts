/**
 * Re-linking: when a question is edited, moved to another note or its note renamed, its
 * card id changes. History left on an id that no note has any more ("orphaned") is
 * matched to a card without history whose question reads the same or nearly so.
 */
import { normaliseForId } from '../model/card-id';
import type { ReviewHistory } from './review-history';
import type { QueueCard } from './review-queue';

/** History whose card no note holds now. */
export interface OrphanedHistory {
  readonly id: string;
  /** Snapshot of its note key and question from the log. */
  readonly note: string | undefined;
  readonly question: string | undefined;
  readonly reviews: number;
}

/** A link to append: the history of `from` follows the question to `to`. */
export interface PlannedLink {
  readonly from: OrphanedHistory;
  readonly to: QueueCard;
  /** Similarity of the two questions, 0–1. */
  readonly similarity: number;
}

/** An orphan that several cards could continue: the user chooses. */
export interface AmbiguousLink {
  readonly from: OrphanedHistory;
  /** Candidates, most similar first. */
  readonly candidates: readonly { readonly card: QueueCard; readonly similarity: number }[];
}

/** What re-linking would do. */
export interface RelinkPlan {
  readonly links: readonly PlannedLink[];
  readonly ambiguous: readonly AmbiguousLink[];
  /** Orphans with no similar card: their history is kept and comes back if the question returns. */
  readonly unmatched: readonly OrphanedHistory[];
}

/** Minimum similarity for a question to count as the same one edited (a fixed typo, a reworded phrase). */
export const RELINK_THRESHOLD = 0.75;
/** How much better than the runner-up the best candidate must be to be chosen without asking. */
const CLEAR_MARGIN = 0.1;

/** Every card with history that no note holds. */
export function orphanedHistory(history: ReviewHistory, cards: readonly QueueCard[]): OrphanedHistory[] {
  const current = new Set(cards.map((c) => c.id));
  const orphans: OrphanedHistory[] = [];
  for (const record of history.cards()) {
    if (current.has(record.id)) continue;
    orphans.push({ id: record.id, note: record.note, question: record.question, reviews: record.reviewCount });
  }
  return orphans.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * Plans the links for orphaned history: for each orphan, the cards without history whose
 * question is similar (same note first, else any note, for a move or a rename). One
 * clear best match that no other orphan also wants becomes a link; the rest ask.
 *
 * ```ts
 * // "What is the pricing modle of Cloud Computing?" was fixed to "…model…":
 * planRelinks(history, cards).links[0].to.prompt; // 'What is the pricing model of Cloud Computing?'
 * ```
 */
export function planRelinks(history: ReviewHistory, cards: readonly QueueCard[], threshold = RELINK_THRESHOLD): RelinkPlan {
  const fresh = cards.filter((c) => history.card(c.id) === undefined);
  const links: PlannedLink[] = [];
  const ambiguous: AmbiguousLink[] = [];
  const unmatched: OrphanedHistory[] = [];
  const wanted = new Map<string, number>();
  const tentative: { from: OrphanedHistory; candidates: { card: QueueCard; similarity: number }[] }[] = [];
  for (const orphan of orphanedHistory(history, cards)) {
    if (orphan.question === undefined) {
      unmatched.push(orphan);
      continue;
    }
    const text = comparable(orphan.question);
    let candidates = fresh
      .map((card) => ({ card, similarity: similarity(text, comparable(card.prompt)) }))
      .filter((c) => c.similarity >= threshold)
      .sort((a, b) => b.similarity - a.similarity || (a.card.id < b.card.id ? -1 : 1));
    const sameNote = candidates.filter((c) => c.card.note === orphan.note);
    if (sameNote.length > 0) candidates = sameNote;
    if (candidates.length === 0) {
      unmatched.push(orphan);
      continue;
    }
    tentative.push({ from: orphan, candidates });
    const clear = candidates.length === 1 || candidates[0].similarity - candidates[1].similarity >= CLEAR_MARGIN;
    if (clear) wanted.set(candidates[0].card.id, (wanted.get(candidates[0].card.id) ?? 0) + 1);
  }
  for (const { from, candidates } of tentative) {
    const best = candidates[0];
    const clear = candidates.length === 1 || best.similarity - candidates[1].similarity >= CLEAR_MARGIN;
    if (clear && wanted.get(best.card.id) === 1) links.push({ from, to: best.card, similarity: best.similarity });
    else ambiguous.push({ from, candidates });
  }
  return { links, ambiguous, unmatched };
}

/** Question text as compared: normalised like card ids, numbering and markup dropped. */
function comparable(text: string): string {
  return normaliseForId(text.replace(/^\s*(?:\d+[.)]|q\d+[.:)]?)\s*/i, '').replace(/[`*_~]/g, ''));
}

/**
 * Dice coefficient of the two texts' character bigrams, 0–1 (1 for equal texts).
 *
 * ```ts
 * similarity('what is a closure?', 'what is a clojure?') // ≈ 0.88
 * ```
 */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const gram = a.slice(i, i + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  let shared = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const gram = b.slice(i, i + 2);
    const n = counts.get(gram) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(gram, n - 1);
    }
  }
  return (2 * shared) / (a.length - 1 + b.length - 1);
}
