import * as vscode from 'vscode';
import type { QuizItem } from '../../../core/quiz/quiz-items';
import { QuizPresenter, type QuizEffect, type QuizHostEvent, type QuizPresenterPorts, type QuizStart, type QuizStep } from '../../../core/quiz/quiz-presenter';
import type { QuizView, ToWebviewMessage } from '../../../protocol/quiz-protocol';
import { noteKeyOf } from '../../adapters/notes-index';
import type { GradedCard, QuizGrader } from './grader';
import { NoteHtmlRenderer } from './note-html';
import type { QuizItemsSource } from './quiz-items-source';
import { extensionRoots, quizPageHtml, quizWebviewOptions } from './quiz-page';

/** The quiz panel's view type (also in `onWebviewPanel:` activation and the serializer). */
export const QUIZ_VIEW_TYPE = 'noteReview.quiz';

/** What a panel needs from the rest of the extension. */
export interface QuizPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  readonly source: QuizItemsSource;
  readonly notesChanged: vscode.Event<readonly vscode.Uri[]>;
  /** The grader in use now, if any (spaced repetition sets one). */
  readonly grader: () => QuizGrader | undefined;
  /** Opens the README's note formats. */
  readonly openFormats: () => Promise<void>;
  /** Whether new sessions shuffle questions and options. */
  readonly shuffle: () => boolean;
  readonly now?: () => number;
}

/**
 * The host side of the quiz webview: a thin loop around the core's QuizPresenter. It
 * passes on what happens (webview messages, note edits), posts the messages the presenter
 * returns and runs its effects (grader, editor, loading items), handing replies back.
 * One instance at a time (see QuizService).
 *
 * For tests, `onDidPostMessage` reports every message posted to the webview,
 * `lastView` is the last view posted, and `handleMessage` is the entry of webview
 * messages (validated like real ones).
 */
export class QuizPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly posted = new vscode.EventEmitter<ToWebviewMessage>();
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  private readonly renderer: NoteHtmlRenderer;
  private readonly presenter: QuizPresenter;
  private disposed = false;
  private view: QuizView | undefined;
  private busy: Promise<void> = Promise.resolve();

  /** Every message posted to the webview. */
  readonly onDidPostMessage = this.posted.event;
  /** Fires once when the panel is closed. */
  readonly onDidDispose = this.disposedEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: QuizPanelDeps,
    start: QuizStart,
  ) {
    this.renderer = new NoteHtmlRenderer(
      () => this.panel.webview,
      () => this.panel.webview.options.localResourceRoots ?? extensionRoots(deps.extensionUri),
    );
    this.presenter = new QuizPresenter(this.ports(), start);
    panel.webview.options = quizWebviewOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'note-review.svg');
    this.disposables.push(
      this.posted,
      this.disposedEmitter,
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.handleMessage(message)),
      deps.notesChanged((uris) => void this.queue(() => this.tell({ type: 'notesChanged', sources: uris.map((uri) => uri.toString()) }))),
    );
    this.setTitle(start);
    panel.webview.html = quizPageHtml(panel.webview, deps.extensionUri);
  }

  /** The last view posted to the webview. */
  get lastView(): QuizView | undefined {
    return this.view;
  }

  /** Replaces the quiz shown (the panel is reused) and reveals the panel. */
  replace(start: QuizStart): Promise<void> {
    return this.queue(async () => {
      this.setTitle(start);
      this.panel.reveal(undefined, false);
      await this.tell(start);
    });
  }

  /** Handles a message from the webview (checked by the presenter: malformed ones are dropped). */
  handleMessage(raw: unknown): Promise<void> {
    return this.queue(async () => {
      if (this.disposed) return;
      await this.apply(await this.presenter.receive(raw));
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposedEmitter.fire();
    this.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private setTitle(start: QuizStart): void {
    this.panel.title = `Quiz: ${start.type === 'open' ? start.title : start.quiz.title}`;
  }

  private async tell(event: QuizHostEvent): Promise<void> {
    if (this.disposed) return;
    await this.apply(await this.presenter.handle(event));
  }

  /** Posts the step's messages, then runs its effects in order, telling the presenter their replies. */
  private async apply(step: QuizStep): Promise<void> {
    for (const message of step.post) {
      if (this.disposed) return;
      this.view = message.view;
      this.posted.fire(message);
      await this.panel.webview.postMessage(message);
    }
    for (const effect of step.effects) {
      if (this.disposed) return;
      const reply = await this.run(effect);
      if (reply) await this.tell(reply);
    }
  }

  private async run(effect: QuizEffect): Promise<QuizHostEvent | undefined> {
    switch (effect.kind) {
      case 'rate': {
        const grader = this.deps.grader();
        const result = grader ? await grader.rate(graded(effect.item), effect.rating, effect.durationMs, effect.answer) : { saved: false, error: 'spaced repetition is off' };
        return { type: 'didRate', cardId: effect.item.id, rating: effect.rating, ...result };
      }
      case 'undoRating': {
        const result = (await this.deps.grader()?.undo()) ?? { saved: true };
        return { type: 'didUndoRating', ...result };
      }
      case 'loadScope':
        return { type: 'didLoadScope', items: await this.deps.source.itemsOf(effect.scope), shuffle: this.deps.shuffle() };
      case 'loadNotes':
        return { type: 'didLoadNotes', items: await this.deps.source.itemsById(new Set(effect.sources)) };
      case 'revealInEditor':
        await this.revealInEditor(effect.source, effect.line);
        return undefined;
      case 'openFormats':
        await this.deps.openFormats();
        return undefined;
      case 'log':
        this.deps.log[effect.level](`Quiz panel: ${effect.message}`);
        return undefined;
      default: {
        const unexpected: never = effect;
        throw new Error(`unknown quiz effect ${JSON.stringify(unexpected)}`);
      }
    }
  }

  /** Runs actions one after another, so that a fast sequence of keys is applied in order. */
  private queue(action: () => Promise<void>): Promise<void> {
    const run = this.busy.then(action).catch((error: unknown) => {
      this.deps.log.error('Quiz panel:', error instanceof Error ? (error.stack ?? error.message) : String(error));
      return this.tell({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
    });
    this.busy = run.catch(() => undefined);
    return run;
  }

  private async revealInEditor(source: string, line: number): Promise<void> {
    const uri = vscode.Uri.parse(source);
    const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === source);
    const column = open?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const position = new vscode.Position(line - 1, 0);
    await vscode.window.showTextDocument(uri, { viewColumn: column, selection: new vscode.Range(position, position), preserveFocus: false });
  }

  private ports(): QuizPresenterPorts {
    return {
      renderHtml: (markdown, source) => {
        const uri = vscode.Uri.parse(source);
        return Promise.all(markdown.map((text) => this.renderer.render(text, uri)));
      },
      noteKey: (source) => noteKeyOf(vscode.Uri.parse(source)),
      grader: () => {
        const grader = this.deps.grader();
        return grader && { previews: (item) => grader.previews(graded(item)) };
      },
      now: this.deps.now ?? Date.now,
    };
  }
}

function graded(item: QuizItem): GradedCard {
  return { id: item.id, uri: vscode.Uri.parse(item.source), card: item.card };
}
