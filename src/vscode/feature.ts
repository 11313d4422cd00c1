import type * as vscode from 'vscode';
import type { ExamReadiness } from './adapters/exam-readiness';
import type { NotesIndex } from './adapters/notes-index';
import type { ReviewService } from './adapters/review-log-service';
import type { QuizService } from './features/quiz';
import type { TestProbes } from './test-hooks/test-probes';

/** Services built once by the composition root and shared by every feature. */
export interface Services {
  /** The "Note Review" log output channel. */
  readonly log: vscode.LogOutputChannel;
  /** Every note of the workspace, parsed once per version (providers read it, never re-parse). */
  readonly notes: NotesIndex;
  /** Spaced repetition: the review log, FSRS schedules and the review queue. */
  readonly reviews: ReviewService;
  /** The one quiz panel: quizzes, reviews (the review queue opens them) and the grader plugged in. */
  readonly quiz: QuizService;
  /** The exam readiness of each workspace folder with an exam date, computed off the hot path. */
  readonly readiness: ExamReadiness;
}

/** What a feature receives: where to put its disposables, and the shared services. */
export interface FeatureContext {
  /** Everything a feature creates that must be disposed goes here. */
  readonly subscriptions: vscode.Disposable[];
  readonly services: Services;
  /** The extension's own folder (for bundled samples and media). */
  readonly extensionUri: vscode.Uri;
  /** Only while VS Code runs the extension's tests: where a feature shows them what it displays. */
  readonly testProbes?: TestProbes;
}

/** A feature registers itself through this one signature (see STYLE.md). */
export type Feature = (ctx: FeatureContext) => void;
