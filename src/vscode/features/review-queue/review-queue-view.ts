import * as vscode from 'vscode';
import { reviewOrder, type RecordResult } from '../../../core/review';
import { registerCommand } from '../../adapters/command';
import { describeWriteError } from '../../adapters/review-log-service';
import type { Feature, FeatureContext } from '../../feature';
import { ReviewQueueTree } from './review-queue-tree';

export const REVIEW_QUEUE_VIEW = 'noteReview.reviewQueue';
/** The queue is recomputed at least this often, so learning cards appear when their step is over. */
const TICK_MS = 30_000;

/**
 * The review queue: the `noteReview.reviewQueue` view (badge with the due count), the
 * "N due" status bar item, and the commands `Start Review`, `Undo Last Rating` and
 * `Check Review Log`.
 */
export const reviewQueueView: Feature = (ctx) => {
  const { subscriptions, services } = ctx;
  const { reviews } = services;
  const tree = new ReviewQueueTree(reviews);
  const view = vscode.window.createTreeView(REVIEW_QUEUE_VIEW, { treeDataProvider: tree, showCollapseAll: false });
  const status = vscode.window.createStatusBarItem('noteReview.due', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Note Review: Cards Due';
  status.command = 'noteReview.startReview';
  subscriptions.push(tree, view, status);

  let ready = false;
  const update = () => {
    tree.refresh();
    const queue = tree.current();
    const due = queue.dueCount;
    view.badge = due > 0 ? { value: due, tooltip: `${due} card${due === 1 ? '' : 's'} due` } : undefined;
    const pending = reviews.pendingCount;
    const loading = reviews.loadStatus.loading && reviews.loadStatus.slow;
    status.text = loading ? '$(loading~spin) reading review log' : pending > 0 ? `$(warning) ${due} due` : `$(mortar-board) ${due} due`;
    status.tooltip = pending > 0 ? `${pending} review(s) not saved yet: the review log cannot be written (see the log). Click to review.` : `Note Review: ${due} due, ${queue.learning.length} learning, ${queue.newCards.length} new today. Click to start a review.`;
    status.backgroundColor = pending > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    if (ready && reviews.cards().size > 0) status.show();
    else status.hide();
    void vscode.commands.executeCommand('setContext', 'noteReview.canUndoRating', reviews.canUndo());
  };

  let pendingUpdate: ReturnType<typeof setTimeout> | undefined;
  const scheduleUpdate = () => {
    if (pendingUpdate) return;
    pendingUpdate = setTimeout(() => {
      pendingUpdate = undefined;
      update();
    }, 100);
  };
  const tick = setInterval(update, TICK_MS);
  subscriptions.push(
    reviews.onDidChange(scheduleUpdate),
    new vscode.Disposable(() => {
      clearInterval(tick);
      if (pendingUpdate) clearTimeout(pendingUpdate);
    }),
  );
  void reviews.whenReady().then(() => {
    ready = true;
    update();
  });

  registerCommand(ctx, 'noteReview.startReview', async () => {
    await reviews.whenReady();
    await services.notes.whenReady();
    const now = Date.now();
    const entries = reviewOrder(reviews.queue(now), now);
    if (entries.length === 0) {
      const next = tree.current().comingUp[0] ?? tree.current().learning[0];
      const when = next?.dueAt ? ` The next card is due ${new Date(next.dueAt).toLocaleString()}.` : '';
      void vscode.window.showInformationMessage(`Nothing to review now.${when}`);
      return undefined;
    }
    const quiz = services.quiz;
    const cards = reviews.cards();
    return quiz.openReview(entries.flatMap((e) => {
      const card = cards.get(e.card.id);
      return card ? [{ uri: card.uri, id: card.id }] : [];
    }), `Review (${entries.length})`);
  });

  registerCommand(ctx, 'noteReview.undoLastRating', async () => {
    const result = await reviews.undoLastRating();
    if (!result) {
      void vscode.window.showInformationMessage('No rating to undo in this window.');
      return undefined;
    }
    reportSaved(ctx, result, `Undid the last rating${result.event.question ? ` of “${result.event.question}”` : ""}.`);
    return result.saved;
  });

  registerCommand(ctx, 'noteReview.retryReviewLog', async () => {
    const saved = await reviews.retryPending(true);
    void vscode.window.showInformationMessage(saved ? 'Note Review: the reviews kept in memory are saved.' : 'Note Review: the review log still cannot be written; see the log.');
    return saved;
  });

  registerCommand(ctx, 'noteReview.checkReviewLog', () => checkReviewLog(ctx));
  registerCommand(ctx, 'noteReview.refreshReviewQueue', () => update());
};

/** Shows a short confirmation, or the error with Retry / Show Log when the event is only in memory. */
function reportSaved({ services }: FeatureContext, result: RecordResult, message: string): void {
  if (result.saved) {
    vscode.window.setStatusBarMessage(message, 3000);
    return;
  }
  void vscode.window.showErrorMessage(`Note Review: not saved: ${describeWriteError(result.error)}`, 'Retry', 'Show Log').then((choice) => {
    if (choice === 'Retry') void vscode.commands.executeCommand('noteReview.retryReviewLog');
    if (choice === 'Show Log') services.log.show(true);
  });
}

async function checkReviewLog(ctx: FeatureContext): Promise<{ findings: number; links: number }> {
  const { reviews, log, notes } = ctx.services;
  await notes.whenReady();
  const { check, events, lines } = await reviews.check();
  log.info(`Check Review Log: ${lines} lines, ${events} events; ${check.findings.length} new findings, ${check.links.length} links to append, ${check.ambiguous.length} to choose, ${check.acknowledged} reported before.`);
  for (const finding of check.findings) log.info(`  ${finding.kind}: ${finding.message}`);
  let linked = 0;
  for (const link of check.links) {
    const result = await reviews.link(link.from.id, link.to);
    if (result.saved) linked++;
    log.info(`  linked: "${link.from.question ?? link.from.id}" → ${link.to.note}:${link.to.line}`);
  }
  const keepSeparate: string[] = [];
  for (const choice of check.ambiguous) {
    const picked = await vscode.window.showQuickPick(
      [
        ...choice.candidates.map((c) => ({ label: c.card.prompt, description: `${c.card.note}:${c.card.line}`, detail: `${Math.round(c.similarity * 100)}% similar`, card: c.card })),
        { label: 'Keep the history apart', description: 'do not link', card: undefined },
      ],
      { title: `Which question continues “${choice.from.question ?? choice.from.id}” (${choice.from.reviews} reviews)?`, ignoreFocusOut: true },
    );
    if (!picked) continue;
    if (picked.card) {
      const result = await reviews.link(choice.from.id, picked.card);
      if (result.saved) linked++;
    } else keepSeparate.push(`orphan:${choice.from.id}`);
  }
  await reviews.acknowledge([...check.findings.map((f) => f.key), ...keepSeparate]);
  const summary =
    check.findings.length === 0 && linked === 0
      ? `Review log OK: ${events} events${check.acknowledged > 0 ? ` (${check.acknowledged} findings reported before)` : ''}.`
      : `Review log: ${check.findings.length} finding(s) written to the log, ${linked} history link(s) added. Lines are never changed or removed.`;
  void vscode.window.showInformationMessage(summary, ...(check.findings.length > 0 ? ['Show Log'] : [])).then((choice) => {
    if (choice === 'Show Log') log.show(true);
  });
  return { findings: check.findings.length, links: linked };
}
