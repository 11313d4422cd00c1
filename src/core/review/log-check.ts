/**
 * `Check Review Log`: what is wrong with the log, and the links that fix orphaned
 * history. Fixes are only ever appended; findings once reported are acknowledged in
 * the log (an `ack` event) so that a second check reports nothing.
 */
import type { ReadLog } from './review-log';
import type { ReviewHistory } from './review-history';
import type { QueueCard } from './review-queue';
import { planRelinks, type AmbiguousLink, type PlannedLink } from './relink';

/** The kinds of findings. */
export type FindingKind = 'unreadable' | 'duplicate' | 'id-conflict' | 'orphan' | 'link-conflict';

/** One thing the check reports. */
export interface LogFinding {
  /** Stable key, recorded in an `ack` event once reported. */
  readonly key: string;
  readonly kind: FindingKind;
  /** One line for humans, with segment and line where there is one. */
  readonly message: string;
}

/** The result of a check. */
export interface LogCheck {
  /** Findings not reported before. */
  readonly findings: readonly LogFinding[];
  /** Orphaned history that one card clearly continues: append these links. */
  readonly links: readonly PlannedLink[];
  /** Orphaned history that several cards could continue: ask the user. */
  readonly ambiguous: readonly AmbiguousLink[];
  /** How many findings earlier checks already reported. */
  readonly acknowledged: number;
}

/**
 * Checks a log read with `readReviewLog` and folded into `history`, against the cards
 * the notes hold now.
 *
 * ```ts
 * const check = checkReviewLog(read, history, cards);
 * // append check.links as link events and an ack of check.findings' keys: a second check is empty
 * ```
 */
export function checkReviewLog(read: ReadLog, history: ReviewHistory, cards: readonly QueueCard[]): LogCheck {
  const all: LogFinding[] = [];
  for (const p of read.problems) {
    all.push({ key: `line:${p.segment}:${p.line}`, kind: 'unreadable', message: `${p.segment}:${p.line}: ${p.reason} (kept on disk, skipped)` });
  }
  for (const d of read.duplicates) {
    all.push({ key: `dup:${d.segment}:${d.line}`, kind: 'duplicate', message: `${d.segment}:${d.line}: repeats event ${d.id} (counted once)` });
  }
  for (const c of read.idConflicts) {
    all.push({ key: `idconflict:${c.segment}:${c.line}`, kind: 'id-conflict', message: `${c.segment}:${c.line}: reuses event id ${c.id} with other content (two machines with one writer id?); both are kept, this one as ${c.keptAs}` });
  }
  const plan = planRelinks(history, cards);
  const ambiguousIds = new Set(plan.ambiguous.map((a) => a.from.id));
  for (const orphan of plan.unmatched) {
    if (ambiguousIds.has(orphan.id)) continue;
    const where = orphan.note ? ` in ${orphan.note}` : '';
    const what = orphan.question ? ` "${orphan.question}"` : ` ${orphan.id}`;
    all.push({ key: `orphan:${orphan.id}`, kind: 'orphan', message: `history of${what}${where} (${orphan.reviews} reviews) has no question now; kept, and it comes back if the question returns` });
  }
  const links = history.links();
  const lastTarget = new Map<string, string>();
  for (const link of links) {
    if (history.isUndone(link.id)) continue;
    const previous = lastTarget.get(link.card);
    if (previous !== undefined && previous !== link.to) {
      all.push({ key: `linkconflict:${link.id}`, kind: 'link-conflict', message: `card ${link.card} was linked to ${previous} and then to ${link.to} (two windows re-linked it differently; the later link wins)` });
    }
    lastTarget.set(link.card, link.to);
    // A link back into the card starts a new chapter: the question returned.
    lastTarget.delete(link.to);
  }
  const findings = all.filter((f) => !history.isAcknowledged(f.key));
  return { findings, links: plan.links, ambiguous: plan.ambiguous, acknowledged: all.length - findings.length };
}
