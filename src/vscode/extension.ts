// Composition root: builds the services once and registers every feature through the
// same Feature signature. Activation stays light: nothing is read or indexed before
// activate() returns; features start such work in the background.
import * as vscode from 'vscode';
import { noteToJson, type NoteJson } from '../core';
import { NotesIndex, noteKeyOf } from './adapters/notes-index';
import { FileParseCacheStore, buildStamp, parseCacheFile } from './adapters/parse-cache-store';
import { ExamReadiness } from './adapters/exam-readiness';
import { ReviewService } from './adapters/review-log-service';
import type { Feature, FeatureContext, Services } from './feature';
import { answerHiding } from './features/answer-hiding/answer-hiding';
import { basicCommands } from './features/basic-commands';
import { cardActions } from './features/card-actions/card-actions';
import { mockExam } from './features/mock-exam';
import { examDates } from './features/exam/exam-feature';
import { indexingProgress } from './features/indexing-progress/indexing-progress';
import { quizPanel } from './features/quiz/quiz-feature';
import { QuizService } from './features/quiz/quiz-service';
import { reviewGrader } from './features/review-grader/review-grader';
import { reviewQueueView } from './features/review-queue/review-queue-view';
import { noteDiagnostics } from './features/diagnostics/diagnostics-feature';
import { sectionsView } from './features/sections/sections-view';
import { statisticsPanel } from './features/statistics/statistics-feature';
import { termHovers } from './features/term-hovers/term-hovers';
import { showWalkthroughOnFirstRun } from './features/walkthrough/walkthrough';

/** The API returned by activate(), for tests and other extensions. */
export interface NoteReviewApi {
  /** The note at `uri`, parsed from its current text, in the CLI's JSON shape. */
  getNoteJson(uri: vscode.Uri): Promise<NoteJson>;
  /** The review queue now: card ids per group, and the due count of the badge. */
  reviewQueue(): Promise<{ dueNow: string[]; learning: string[]; newCards: string[]; comingUp: string[]; dueCount: number }>;
  /** Rates a card as the quiz panel would (1 Again … 4 Easy); resolves once saved or failed. */
  rateCard(cardId: string, rating: 1 | 2 | 3 | 4, durationMs?: number): Promise<{ saved: boolean; error?: string }>;
  /** The folders holding the review log segments. */
  reviewLogFolders(): readonly string[];
  /** Runs the check the window does when it gets the focus back: notes changed on disk without a file event are read again. Resolves with their keys. */
  catchUpNotesWithDisk(): Promise<string[]>;
  /** How long activate() took (performance.now() at its start and end), and how many notes were indexed when it returned. */
  readonly activation: { readonly durationMs: number; readonly notesIndexedAtReturn: number };
}

/** Services of the active extension, so that deactivate() can save their caches. */
let activeNotes: NotesIndex | undefined;
let activeReviews: ReviewService | undefined;

const features: readonly Feature[] = [basicCommands, sectionsView, termHovers, noteDiagnostics, answerHiding, quizPanel, reviewQueueView, reviewGrader, cardActions, mockExam, statisticsPanel, examDates, indexingProgress];

export function activate(context: vscode.ExtensionContext): NoteReviewApi {
  const activationStarted = performance.now();
  const log = vscode.window.createOutputChannel('Note Review', { log: true });
  context.subscriptions.push(log);
  // Parses are kept between sessions in the global storage; the cache is read when indexing starts.
  const parseCache = { store: new FileParseCacheStore(parseCacheFile(context.globalStorageUri.fsPath), log), version: buildStamp(String(context.extension.packageJSON.version)) };
  const notes = new NotesIndex(log, { cache: parseCache });
  activeNotes = notes;
  context.subscriptions.push(notes);
  const reviews = new ReviewService(notes, log, context.globalStorageUri, context.workspaceState);
  activeReviews = reviews;
  context.subscriptions.push(reviews);
  const quiz = new QuizService({ log, notes }, context.extensionUri);
  context.subscriptions.push(quiz);
  const readiness = new ExamReadiness(reviews, () => notes.whenReady(), log);
  context.subscriptions.push(readiness);
  const services: Services = { log, notes, reviews, quiz, readiness };
  const ctx: FeatureContext = { subscriptions: context.subscriptions, services, extensionUri: context.extensionUri };
  for (const feature of features) feature(ctx);
  showWalkthroughOnFirstRun(context, log);
  log.info(`Note Review ${String(context.extension.packageJSON.version)} activated in VS Code ${vscode.version}`);
  // Indexing starts only now, after every feature is registered, and runs in the background.
  notes.whenReady().catch((error: unknown) => log.error('Indexing the notes failed:', error instanceof Error ? (error.stack ?? error.message) : String(error)));
  void reviews.whenReady();
  const activation = { durationMs: performance.now() - activationStarted, notesIndexedAtReturn: notes.all().length };
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
    catchUpNotesWithDisk: async () => {
      await notes.whenReady();
      return (await notes.catchUpWithDisk()).map((uri) => noteKeyOf(uri));
    },
  };
}

export async function deactivate(): Promise<void> {
  // Everything is disposed through context.subscriptions; the parse cache and the
  // review-state snapshot are saved first (VS Code waits for this promise, not for what
  // dispose() starts). Both are caches: the review log itself is written on every rating.
  const notes = activeNotes;
  const reviews = activeReviews;
  activeNotes = undefined;
  activeReviews = undefined;
  await Promise.all([notes?.flushCache(), reviews?.saveSnapshot()]);
}
