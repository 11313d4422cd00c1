import * as vscode from 'vscode';
import { plainTextOf } from '../../../core/parse/inline-text';
import { choiceAnswerOf } from '../../../core/quiz/choice-answer';
import type { QuizItem } from '../../../core/quiz/quiz-items';
import { QuizSession, QuizStateError } from '../../../core/quiz/quiz-session';
import {
  isToExtensionMessage,
  type MissedView,
  type OptionView,
  type PersistedQuiz,
  type QuestionView,
  type QuizScopeRef,
  type QuizView,
  type Rating,
  type RatingChoice,
  type ToWebviewMessage,
} from '../../../protocol/quiz-protocol';
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

/** A quiz to show: its title, where its questions come from, and the session. */
export interface QuizContent {
  readonly title: string;
  readonly scope: QuizScopeRef;
  readonly session: QuizSession;
}

/**
 * The host side of the quiz webview: owns the session, renders each view (note markdown
 * to HTML) and applies the person's actions. One instance at a time (see QuizService).
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
  private readonly now: () => number;
  private content: QuizContent;
  private sources = new Set<string>();
  /** Ids rated through the grader in this session (undo takes the rating back too). */
  private rated = new Set<string>();
  private ready = false;
  private disposed = false;
  private updateSeq = 0;
  private shownId: string | undefined;
  private shownAtMs = 0;
  private announcement = '';
  private error: string | undefined;
  private view: QuizView | undefined;
  private busy: Promise<void> = Promise.resolve();

  /** Every message posted to the webview. */
  readonly onDidPostMessage = this.posted.event;
  /** Fires once when the panel is closed. */
  readonly onDidDispose = this.disposedEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: QuizPanelDeps,
    content: QuizContent,
  ) {
    this.now = deps.now ?? Date.now;
    this.content = content;
    this.renderer = new NoteHtmlRenderer(
      () => this.panel.webview,
      () => this.panel.webview.options.localResourceRoots ?? extensionRoots(deps.extensionUri),
    );
    panel.webview.options = quizWebviewOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'note-review.svg');
    this.disposables.push(
      this.posted,
      this.disposedEmitter,
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.handleMessage(message)),
      deps.notesChanged((uris) => {
        if (uris.some((uri) => this.sources.has(uri.toString()))) void this.queue(() => this.syncWithNotes());
      }),
    );
    this.show(content);
    panel.webview.html = quizPageHtml(panel.webview, deps.extensionUri);
  }

  /** The last view posted to the webview. */
  get lastView(): QuizView | undefined {
    return this.view;
  }

  get session(): QuizSession {
    return this.content.session;
  }

  /** Replaces the quiz shown (the panel is reused) and reveals the panel. */
  replace(content: QuizContent): Promise<void> {
    return this.queue(async () => {
      this.show(content);
      this.panel.reveal(undefined, false);
      await this.update(`Quiz: ${content.title}. ${this.questionAnnouncement()}`);
    });
  }

  /**
   * Handles a message from the webview. Malformed messages are dropped; messages about
   * another question than the current one (a double key press) are ignored.
   */
  handleMessage(raw: unknown): Promise<void> {
    if (!isToExtensionMessage(raw)) {
      this.deps.log.warn(`Quiz panel: ignored a malformed message ${safeJson(raw)}`);
      return Promise.resolve();
    }
    const message = raw;
    return this.queue(async () => {
      if (this.disposed) return;
      const session = this.content.session;
      const current = session.currentItem;
      if ('cardId' in message && message.type !== 'openSource' && message.cardId !== current?.id) {
        this.deps.log.trace(`Quiz panel: ignored ${message.type} for ${message.cardId}, not the current question`);
        await this.update();
        return;
      }
      this.error = undefined;
      try {
        switch (message.type) {
          case 'ready':
            this.ready = true;
            await this.update(this.questionAnnouncement());
            return;
          case 'answer': {
            const answer = session.answerChoice(message.chosen, this.now());
            await this.update(current ? this.answerAnnouncement(current, answer.outcome) : '');
            return;
          }
          case 'reveal':
            session.reveal();
            await this.update(current?.mode === 'recall' ? 'Answer shown.' : 'Explanations shown.');
            return;
          case 'selfGrade':
            session.selfGrade(message.knew, this.now());
            await this.update(this.afterStepAnnouncement());
            return;
          case 'rate':
            await this.rate(message.rating);
            return;
          case 'next':
            session.next();
            await this.update(this.afterStepAnnouncement());
            return;
          case 'undo':
            await this.undo();
            return;
          case 'openSource':
            await this.openSource(message.cardId);
            return;
          case 'retryMissed':
            this.show({ ...this.content, session: session.retryMissed(this.now()) });
            await this.update(`Retrying ${this.content.session.total} missed questions. ${this.questionAnnouncement()}`);
            return;
          case 'restart':
            this.show({ ...this.content, session: QuizSession.start(await this.deps.source.itemsOf(this.content.scope), { shuffle: this.deps.shuffle(), now: this.now() }) });
            await this.update(`Started again. ${this.questionAnnouncement()}`);
            return;
          case 'openFormats':
            await this.deps.openFormats();
            return;
          default: {
            const unexpected: never = message;
            this.deps.log.warn(`Quiz panel: unhandled message ${safeJson(unexpected)}`);
          }
        }
      } catch (error) {
        if (!(error instanceof QuizStateError)) throw error;
        this.deps.log.trace(`Quiz panel: ${message.type} ignored: ${error.message}`);
        await this.update();
      }
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposedEmitter.fire();
    this.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private show(content: QuizContent): void {
    this.content = content;
    this.rated = new Set();
    this.error = undefined;
    this.shownId = undefined;
    this.sources = new Set(content.scope.kind === 'review' ? content.scope.cards.map((c) => c.uri) : []);
    for (const id of content.session.state.order) {
      const item = content.session.item(id);
      if (item) this.sources.add(item.source);
    }
    if (content.scope.kind === 'section' || content.scope.kind === 'note') this.sources.add(content.scope.uri);
    this.panel.title = `Quiz: ${content.title}`;
  }

  /** Runs actions one after another, so that a fast sequence of keys is applied in order. */
  private queue(action: () => Promise<void>): Promise<void> {
    const run = this.busy.then(action).catch((error: unknown) => {
      this.deps.log.error('Quiz panel:', error instanceof Error ? (error.stack ?? error.message) : String(error));
      this.error = error instanceof Error ? error.message : String(error);
      return this.update();
    });
    this.busy = run.catch(() => undefined);
    return run;
  }

  private async rate(rating: Rating): Promise<void> {
    const grader = this.deps.grader();
    const session = this.content.session;
    const item = session.currentItem;
    if (!grader || !item) return this.update();
    const chosen = session.phase === 'answered' ? session.currentAnswer?.chosen : undefined;
    const answer = chosen && chosen.length > 0 ? choiceAnswerOf(item.card, chosen) : undefined;
    const result = await grader.rate(this.graded(item), rating, Math.max(0, this.now() - this.shownAtMs), answer);
    if (this.disposed) return;
    if (!result.saved) {
      this.error = `The rating was not saved: ${result.error ?? 'unknown error'}`;
      return this.update(this.error);
    }
    this.rated.add(item.id);
    if (session.phase === 'answered') {
      session.noteRating(rating);
      session.next();
    } else {
      session.selfGrade(rating > 1, this.now(), rating);
    }
    await this.update(this.afterStepAnnouncement());
  }

  private async undo(): Promise<void> {
    const session = this.content.session;
    if (!session.canUndo) return this.update('Nothing to undo.');
    const item = session.undo();
    const grader = this.deps.grader();
    if (item && this.rated.has(item.id) && grader) {
      this.rated.delete(item.id);
      const result = await grader.undo();
      if (!result.saved) this.error = `The rating could not be taken back: ${result.error ?? 'unknown error'}`;
    }
    await this.update(`Undone. ${this.questionAnnouncement()}`);
  }

  private async openSource(cardId: string): Promise<void> {
    const item = this.content.session.item(cardId);
    if (!item) return;
    const uri = vscode.Uri.parse(item.source);
    const line = item.card.line - 1;
    const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === item.source);
    const column = open?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const position = new vscode.Position(line, 0);
    await vscode.window.showTextDocument(uri, { viewColumn: column, selection: new vscode.Range(position, position), preserveFocus: false });
  }

  /** Follows edits of the notes: the current question shows the new text; deleted questions are skipped. */
  private async syncWithNotes(): Promise<void> {
    const byId = await this.deps.source.itemsById(this.sources);
    if (this.disposed) return;
    const before = this.content.session.currentItem?.id;
    this.content.session.sync(byId, (old) => {
      // An edited question gets a new id: take the card of the same kind now at its line.
      const taken = new Set(this.content.session.state.order);
      return [...byId.values()].find((item) => item.source === old.source && item.card.line === old.card.line && item.mode === old.mode && !taken.has(item.id));
    });
    const after = this.content.session.currentItem?.id;
    await this.update(before !== after && before !== undefined ? `The question was changed in the note. ${this.questionAnnouncement()}` : '');
  }

  private graded(item: QuizItem): GradedCard {
    return { id: item.id, uri: vscode.Uri.parse(item.source), card: item.card };
  }

  /** Builds the view and posts it (only after `ready`; a newer update supersedes an older one). */
  private async update(announcement = ''): Promise<void> {
    if (announcement) this.announcement = announcement;
    if (!this.ready || this.disposed) return;
    const seq = ++this.updateSeq;
    const view = await this.buildView(this.announcement);
    if (this.disposed || seq !== this.updateSeq) return;
    this.announcement = '';
    this.view = view;
    const state: PersistedQuiz = { version: 1, title: this.content.title, scope: this.content.scope, session: this.content.session.state };
    const message: ToWebviewMessage = { type: 'didUpdate', view, state };
    this.posted.fire(message);
    await this.panel.webview.postMessage(message);
  }

  private async buildView(announcement: string): Promise<QuizView> {
    const session = this.content.session;
    const score = session.score();
    const grader = this.deps.grader();
    const base = {
      title: this.content.title,
      total: session.total,
      right: score.right,
      answered: score.answered,
      graded: grader !== undefined,
      canUndo: session.canUndo,
      announcement,
      ...(this.error ? { error: this.error } : {}),
    };
    if (session.total === 0) {
      return { ...base, position: 0, screen: { kind: 'empty', message: 'Nothing left to ask: the questions of this quiz are no longer in the notes.' } };
    }
    const item = session.currentItem;
    if (!item) {
      const summary = session.summary(this.now());
      const missed: MissedView[] = summary.missed.map((m) => ({ cardId: m.id, promptText: shorten(plainTextOf(m.card.prompt), 140), location: this.location(m) }));
      return { ...base, position: session.total, screen: { kind: 'summary', summary: { right: summary.right, answered: summary.answered, total: summary.total, elapsedMs: summary.elapsedMs, missed } } };
    }
    if (this.shownId !== item.id) {
      this.shownId = item.id;
      this.shownAtMs = this.now();
    }
    return { ...base, position: session.position + 1, screen: { kind: 'question', question: await this.questionView(item, grader) } };
  }

  private async questionView(item: QuizItem, grader: QuizGrader | undefined): Promise<QuestionView> {
    const session = this.content.session;
    const uri = vscode.Uri.parse(item.source);
    const phase = session.phase;
    const answer = session.currentAnswer;
    const shown = phase !== 'asking';
    const card = item.card;
    const options: OptionView[] = [];
    for (const index of session.optionOrder(item)) {
      const option = (card.options ?? [])[index];
      options.push({
        index,
        labelHtml: await this.renderer.render(option.label, uri),
        explanationHtml: shown && option.explanation ? await this.renderer.render(option.explanation, uri) : '',
        ...(phase === 'answered' && item.mode !== 'self-check' ? { correct: option.correct, chosen: (answer?.chosen ?? []).includes(index) } : {}),
      });
    }
    const waitsForRating = (phase === 'answered' && (item.mode === 'choice' || item.mode === 'multiple') && answer?.rating === undefined) || phase === 'revealed';
    const ratings: readonly RatingChoice[] | undefined = grader && waitsForRating ? grader.previews(this.graded(item)) : undefined;
    return {
      cardId: item.id,
      mode: item.mode,
      kindLabel: kindLabel(item),
      breadcrumb: [...card.section],
      promptHtml: await this.renderer.render(card.prompt, uri),
      options,
      ...(shown && card.answer !== undefined ? { answerHtml: await this.renderer.render(card.answer, uri) } : {}),
      phase,
      ...(answer ? { outcome: answer.outcome } : {}),
      location: this.location(item),
      ...(ratings && ratings.length > 0 ? { ratings } : {}),
      ...(ratings && phase === 'answered' && answer ? { suggestedRating: answer.outcome === 'right' ? 3 : 1 } : {}),
    };
  }

  private location(item: QuizItem): string {
    return `${noteKeyOf(vscode.Uri.parse(item.source))}:${item.card.line}`;
  }

  private questionAnnouncement(): string {
    const session = this.content.session;
    if (session.total === 0) return 'Nothing left to ask.';
    if (session.finished) {
      const s = session.score();
      return `Quiz complete: ${s.right} of ${s.answered} right.`;
    }
    return `Question ${session.position + 1} of ${session.total}.`;
  }

  private afterStepAnnouncement(): string {
    return this.questionAnnouncement();
  }

  private answerAnnouncement(item: QuizItem, outcome: 'right' | 'wrong'): string {
    if (outcome === 'right') return 'Right.';
    const right = (item.card.options ?? []).filter((o) => o.correct).map((o) => plainTextOf(o.label));
    return `Wrong. The right answer: ${right.join('; ')}.`;
  }
}

function kindLabel(item: QuizItem): string {
  if (item.term !== undefined) return item.mode === 'choice' ? 'Term: which term is this?' : 'Term';
  switch (item.mode) {
    case 'choice':
      return 'Multiple choice';
    case 'multiple':
      return `Select ${(item.card.options ?? []).filter((o) => o.correct).length}`;
    case 'self-check':
      return 'Self-check: no answer marked';
    case 'recall':
      return item.card.kind === 'cloze' ? 'Cloze' : 'Flashcard';
  }
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function safeJson(value: unknown): string {
  try {
    return shorten(JSON.stringify(value) ?? String(value), 200);
  } catch {
    return String(value);
  }
}
