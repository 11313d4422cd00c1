// The test-only entry: the snapshot commands and the API that activate() returns to the
// extension's own tests. Nothing here runs in a user's VS Code: activate() builds it only
// in ExtensionMode.Test, and the production bundle (the .vsix) leaves it out (esbuild.js).
import * as vscode from 'vscode';
import { noteToJson, type NoteJson } from '../../core';
import type { Rating } from '../../core/model/rating';
import { noteKeyOf } from '../adapters/notes-index';
import type { Services } from '../feature';
import type { TestProbeMap, TestProbes } from './test-probes';

/** The API activate() returns to the extension's tests (and to nothing else). */
export interface NoteReviewTestApi {
  /** The note at `uri`, parsed from its current text, in the CLI's JSON shape. */
  getNoteJson(uri: vscode.Uri): Promise<NoteJson>;
  /** The review queue now: card ids per group, and the due count of the badge. */
  reviewQueue(): Promise<{ dueNow: string[]; learning: string[]; newCards: string[]; comingUp: string[]; dueCount: number }>;
  /** Rates a card as the quiz panel would (1 Again … 4 Easy); resolves once saved or failed. */
  rateCard(cardId: string, rating: Rating, durationMs?: number): Promise<{ saved: boolean; error?: string }>;
  /** The folders holding the review log segments. */
  reviewLogFolders(): readonly string[];
  /** A card's phase and due time (epoch ms) as the review history folds them; undefined for a card without history. */
  cardSchedule(cardId: string): { phase: string; dueAt: number } | undefined;
  /** Runs the check the window does when it gets the focus back: notes changed on disk without a file event are read again. Resolves with their keys. */
  catchUpNotesWithDisk(): Promise<string[]>;
  /** How long activate() took (performance.now() at its start and end), and how many notes were indexed when it returned. */
  readonly activation: { readonly durationMs: number; readonly notesIndexedAtReturn: number };
}

/** The probes the features expose, each registered as the command `noteReview.<name>.snapshot`. */
export function testProbes(subscriptions: vscode.Disposable[]): TestProbes {
  return {
    expose<Name extends keyof TestProbeMap>(name: Name, probe: TestProbeMap[Name]): void {
      subscriptions.push(vscode.commands.registerCommand(`noteReview.${name}.snapshot`, (...args: unknown[]) => (probe as (...a: unknown[]) => unknown)(...args)));
    },
  };
}

/** The API for the tests, over the services of this activation. */
export function testApi(services: Services, activation: NoteReviewTestApi['activation']): NoteReviewTestApi {
  const { notes, reviews } = services;
  return {
    activation,
    async getNoteJson(uri) {
      const document = await vscode.workspace.openTextDocument(uri);
      return noteToJson(noteKeyOf(uri), notes.noteFor(document));
    },
    async reviewQueue() {
      await Promise.all([notes.whenReady(), reviews.whenReady()]);
      const queue = reviews.queue();
      const ids = (entries: readonly { card: { id: string } }[]) => entries.map((e) => e.card.id);
      return { dueNow: ids(queue.dueNow), learning: ids(queue.learning), newCards: ids(queue.newCards), comingUp: ids(queue.comingUp), dueCount: queue.dueCount };
    },
    async rateCard(cardId, rating, durationMs = 1000) {
      await Promise.all([notes.whenReady(), reviews.whenReady()]);
      const card = reviews.cards().get(cardId);
      if (!card) return { saved: false, error: `no card ${cardId}` };
      const result = await reviews.rate(card, rating, durationMs);
      return result.saved ? { saved: true } : { saved: false, error: result.error?.message };
    },
    reviewLogFolders: () => reviews.logFolders,
    cardSchedule: (cardId) => {
      const schedule = reviews.schedule(cardId);
      return schedule && { phase: schedule.phase, dueAt: schedule.dueAt };
    },
    catchUpNotesWithDisk: async () => {
      await notes.whenReady();
      return (await notes.catchUpWithDisk()).map((uri) => noteKeyOf(uri));
    },
  };
}
