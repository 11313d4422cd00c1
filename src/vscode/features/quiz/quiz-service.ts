import * as vscode from 'vscode';
import { isPersistedQuiz, type QuizScopeRef } from '../../../protocol/quiz-protocol';
import { readSetting } from '../../adapters/settings';
import type { Services } from '../../feature';
import type { QuizGrader } from './grader';
import { QuizItemsSource } from './quiz-items-source';
import type { QuizStart } from '../../../core/quiz/quiz-presenter';
import { QUIZ_VIEW_TYPE, QuizPanel, type QuizPanelDeps } from './quiz-panel';
import { quizWebviewOptions } from './quiz-page';

/** A card to review: the note it is in and its id. */
export interface ReviewCardRef {
  readonly uri: vscode.Uri;
  readonly id: string;
}

/**
 * Opens quizzes in the one quiz panel (created on first use, then reused and revealed)
 * and lets spaced repetition plug in.
 *
 * Built once by the composition root and shared as `services.quiz`. For the review queue
 * (spaced repetition): call `openReview(cards)` to ask exactly these cards in this order
 * (a `review` session: no shuffling), and `setGrader(grader)` once to get Again/Hard/Good/Easy buttons with
 * interval previews in every quiz; dispose the returned disposable to remove it.
 */
export class QuizService implements vscode.Disposable {
  private panel: QuizPanel | undefined;
  private grader: QuizGrader | undefined;
  private readonly source: QuizItemsSource;

  constructor(
    private readonly services: Pick<Services, 'log' | 'notes'>,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.source = new QuizItemsSource(services.notes);
  }

  /** The open quiz panel, if any. */
  get current(): QuizPanel | undefined {
    return this.panel;
  }

  /** Uses `grader` for ratings from now on (see QuizGrader). */
  setGrader(grader: QuizGrader): vscode.Disposable {
    this.grader = grader;
    return new vscode.Disposable(() => {
      if (this.grader === grader) this.grader = undefined;
    });
  }

  /**
   * Opens a quiz over `scope` titled `Quiz: <title>`. When the scope has nothing to ask,
   * says so in one line (with a link to the note formats) and returns undefined.
   */
  async open(scope: QuizScopeRef, title: string, what: string): Promise<QuizPanel | undefined> {
    const items = await this.source.itemsOf(scope);
    if (items.length === 0) {
      void vscode.window.showInformationMessage(`Nothing to quiz in ${what}: no questions, flashcards, cloze deletions or terms.`, 'Note Formats').then((choice) => {
        if (choice === 'Note Formats') void this.openFormats();
      });
      return undefined;
    }
    const start: QuizStart = { type: 'open', title, scope, items, shuffle: scope.kind !== 'review' && this.shuffle() };
    if (this.panel) {
      await this.panel.replace(start);
      return this.panel;
    }
    const webviewPanel = vscode.window.createWebviewPanel(QUIZ_VIEW_TYPE, `Quiz: ${title}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, quizWebviewOptions(this.extensionUri));
    return this.adopt(new QuizPanel(webviewPanel, this.deps(), start));
  }

  /**
   * Opens a review session over exactly these cards, in this order (the review queue of
   * spaced repetition calls this). Cards that no longer exist are left out.
   */
  openReview(cards: readonly ReviewCardRef[], title = 'Review'): Promise<QuizPanel | undefined> {
    return this.open({ kind: 'review', cards: cards.map((c) => ({ uri: c.uri.toString(), id: c.id })) }, title, 'this review');
  }

  /** Restores a quiz panel after a reload from the state its webview kept. */
  async restore(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (!isPersistedQuiz(state)) {
      this.services.log.warn('Quiz panel: no usable state to restore; closing it.');
      webviewPanel.dispose();
      return;
    }
    webviewPanel.webview.options = quizWebviewOptions(this.extensionUri);
    const sources = new Set(state.scope.kind === 'section' || state.scope.kind === 'note' ? [state.scope.uri] : []);
    if (state.scope.kind === 'review') for (const c of state.scope.cards) sources.add(c.uri);
    if (state.scope.kind === 'workspace') {
      await this.services.notes.whenReady();
      for (const entry of this.services.notes.all()) sources.add(entry.uri.toString());
    }
    const items = await this.source.itemsById(sources);
    this.panel?.dispose();
    this.adopt(new QuizPanel(webviewPanel, this.deps(), { type: 'restore', quiz: state, items }));
  }

  /** Opens the README at "Note formats". */
  async openFormats(): Promise<void> {
    const readme = vscode.Uri.joinPath(this.extensionUri, 'README.md');
    const document = await vscode.workspace.openTextDocument(readme);
    const line = Math.max(0, document.getText().split(/\r?\n/).indexOf('## Note formats'));
    const position = new vscode.Position(line, 0);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: true });
  }

  dispose(): void {
    this.panel?.dispose();
    this.panel = undefined;
  }

  private adopt(panel: QuizPanel): QuizPanel {
    this.panel = panel;
    const listener = panel.onDidDispose(() => {
      listener.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
    return panel;
  }

  private shuffle(): boolean {
    return readSetting('noteReview.quiz.shuffle');
  }

  private deps(): QuizPanelDeps {
    return {
      extensionUri: this.extensionUri,
      log: this.services.log,
      source: this.source,
      notesChanged: this.services.notes.onDidChange,
      grader: () => this.grader,
      openFormats: () => this.openFormats(),
      shuffle: () => this.shuffle(),
    };
  }
}
