import * as vscode from 'vscode';
import { registerCommand } from '../../adapters/command';
import { describeWriteError, type WorkspaceCard } from '../../adapters/review-log-service';
import { isNoteDocument } from '../../adapters/notes-index';
import type { Feature, FeatureContext } from '../../feature';

type CardAction = 'suspend' | 'unsuspend' | 'forget';

/**
 * Suspend, unsuspend and reset a card (Anki's "suspend" and "forget"): from a card's row in
 * the Sections view or the review queue, or for the card under the cursor. Each is one line
 * appended to the review log; the note is never touched. Resetting asks first: the card's
 * history stays in the log but stops counting.
 */
export const cardActions: Feature = (ctx) => {
  registerCommand(ctx, 'noteReview.suspendCard', (arg) => act(ctx, 'suspend', arg));
  registerCommand(ctx, 'noteReview.unsuspendCard', (arg) => act(ctx, 'unsuspend', arg));
  registerCommand(ctx, 'noteReview.forgetCard', (arg) => act(ctx, 'forget', arg));
};

async function act(ctx: FeatureContext, action: CardAction, arg: unknown): Promise<boolean | undefined> {
  const { reviews, notes } = ctx.services;
  await Promise.all([notes.whenReady(), reviews.whenReady()]);
  const card = cardFrom(ctx, arg);
  if (!card) {
    void vscode.window.showInformationMessage(
      arg === undefined
        ? 'Note Review: put the cursor on a question of a note in the workspace, or use the context menu of a card in the Sections view.'
        : 'Note Review: that card is no longer in the notes of the workspace.',
    );
    return undefined;
  }
  const question = shorten(card.prompt);
  const suspended = reviews.isSuspended(card.id);
  if (action === 'suspend' && suspended) return info(`“${question}” is already suspended.`);
  if (action === 'unsuspend' && !suspended) return info(`“${question}” is not suspended.`);
  if (action === 'forget') {
    if (!reviews.schedule(card.id) || reviews.schedule(card.id)?.phase === 'new') return info(`“${question}” is new already: nothing to reset.`);
    const choice = await vscode.window.showWarningMessage(
      `Reset “${question}” to a new card?`,
      { modal: true, detail: 'Its reviews stay in the review log, but its schedule starts over as if it had never been reviewed.' },
      'Reset',
    );
    if (choice !== 'Reset') return undefined;
  }
  const result = await reviews.mark(card, action);
  if (!result.saved) {
    void vscode.window.showErrorMessage(`Note Review: not saved: ${describeWriteError(result.error)}`, 'Retry').then((pick) => {
      if (pick === 'Retry') void vscode.commands.executeCommand('noteReview.retryReviewLog');
    });
    return false;
  }
  const done = { suspend: `Suspended “${question}”: it stays out of reviews until you unsuspend it.`, unsuspend: `“${question}” is back in the review queue.`, forget: `“${question}” is a new card again.` };
  vscode.window.setStatusBarMessage(`Note Review: ${done[action]}`, 4000);
  return true;
}

function info(message: string): undefined {
  void vscode.window.showInformationMessage(`Note Review: ${message}`);
  return undefined;
}

/**
 * The card a command is about: a card id, a Sections view card row, a review queue row, or
 * (no argument) the card whose lines hold the cursor in the active note.
 */
function cardFrom({ services }: FeatureContext, arg: unknown): WorkspaceCard | undefined {
  const cards = services.reviews.cards();
  if (typeof arg === 'string') return cards.get(arg);
  if (isRecord(arg)) {
    // Sections view: { type: 'card', card: Card }; review queue: { kind: 'card', entry: { card: QueueCard } }.
    const fromSections = arg.type === 'card' && isRecord(arg.card) ? arg.card.id : undefined;
    const fromQueue = arg.kind === 'card' && isRecord(arg.entry) && isRecord(arg.entry.card) ? arg.entry.card.id : undefined;
    const id = fromSections ?? fromQueue;
    return typeof id === 'string' ? cards.get(id) : undefined;
  }
  if (arg !== undefined) return undefined;
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isNoteDocument(editor.document)) return undefined;
  const line = editor.selection.active.line + 1;
  const note = services.notes.noteFor(editor.document);
  const here = note.cards.find((c) => c.line <= line && line <= c.endLine);
  return here ? cards.get(here.id) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function shorten(prompt: string): string {
  const flat = prompt.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}
