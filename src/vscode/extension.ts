// Composition root: builds the services once and registers every feature through the
// same Feature signature. Activation stays light: nothing is read or indexed before
// activate() returns; features start such work in the background.
import * as vscode from 'vscode';
import { NotesIndex } from './adapters/notes-index';
import { FileParseCacheStore, buildStamp, parseCacheFile } from './adapters/parse-cache-store';
import { ExamReadiness } from './adapters/exam-readiness';
import { ReviewService } from './adapters/review-log-service';
import { cacheConfigurations } from './adapters/settings';
import type { Feature, FeatureContext, Services } from './feature';
import { answerHiding } from './features/answer-hiding';
import { basicCommands } from './features/basic-commands';
import { cardActions } from './features/card-actions';
import { noteDiagnostics } from './features/diagnostics';
import { examDates } from './features/exam';
import { mockExam } from './features/mock-exam';
import { indexingProgress } from './features/indexing-progress';
import { noteExplanation } from './features/note-explanation';
import { quizPanel, QuizService } from './features/quiz';
import { reviewGrader } from './features/review-grader';
import { reviewQueueView } from './features/review-queue';
import { scheduleImport } from './features/schedule-import';
import { sectionsView } from './features/sections';
import { readingSettingWarnings } from './features/setting-problems';
import { statisticsPanel } from './features/statistics';
import { termHovers } from './features/term-hovers';
import { showWalkthroughOnFirstRun } from './features/walkthrough';
import { testApi, testProbes, type NoteReviewTestApi } from './test-hooks';

/** Services of the active extension, so that deactivate() can save their caches. */
let activeNotes: NotesIndex | undefined;
let activeReviews: ReviewService | undefined;

const features: readonly Feature[] = [basicCommands, sectionsView, termHovers, noteDiagnostics, noteExplanation, answerHiding, quizPanel, reviewQueueView, reviewGrader, cardActions, mockExam, statisticsPanel, examDates, indexingProgress, scheduleImport, readingSettingWarnings];

/** Returns the test API when VS Code runs the extension's tests, and nothing otherwise. */
export function activate(context: vscode.ExtensionContext): NoteReviewTestApi | undefined {
  const activationStarted = performance.now();
  // First, so that the settings cache forgets a change before any feature hears of it.
  context.subscriptions.push(cacheConfigurations());
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
  // Test hooks only for the extension's own tests. NOTE_REVIEW_TEST_HOOKS is false in the
  // production build, where both uses of it fold away and take the test hooks with them.
  const probes = NOTE_REVIEW_TEST_HOOKS && context.extensionMode === vscode.ExtensionMode.Test ? testProbes(context.subscriptions) : undefined;
  const ctx: FeatureContext = { subscriptions: context.subscriptions, services, extensionUri: context.extensionUri, testProbes: probes };
  for (const feature of features) feature(ctx);
  showWalkthroughOnFirstRun(context, log);
  log.info(`Note Review ${String(context.extension.packageJSON.version)} activated in VS Code ${vscode.version}`);
  // Indexing starts only now, after every feature is registered, and runs in the background.
  notes.whenReady().catch((error: unknown) => log.error('Indexing the notes failed:', error instanceof Error ? (error.stack ?? error.message) : String(error)));
  void reviews.whenReady();
  return NOTE_REVIEW_TEST_HOOKS && probes ? testApi(services, { durationMs: performance.now() - activationStarted, notesIndexedAtReturn: notes.all().length }) : undefined;
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
