import * as vscode from 'vscode';
import { formatBreadcrumb } from '../../../core';
import { choose, clearAnswer, expire, goTo, MockExamError, scoreMockExam, submit, toggleFlag, type MockExamResult, type MockExamState, type MockQuestion } from '../../../core/mock/mock-exam';
import { isMockToExtensionMessage, type MockExamView, type MockResultView, type MockToWebviewMessage } from '../../../protocol/mock-protocol';
import type { MockAnswer } from '../../../core/review/review-event';
import { choiceAnswerOf, type ChoiceAnswerRecord } from '../../../core/quiz/choice-answer';
import { noteKeyOf } from '../../adapters/notes-index';
import { extensionRoots, NoteHtmlRenderer, quizWebviewOptions } from '../quiz';
import { mockPageHtml } from './mock-page';
import { formatPercent } from '../../../core/util/percent';

export const MOCK_VIEW_TYPE = 'noteReview.mockExam';

/** What the panel persists (webview state) to come back after a reload. */
export interface PersistedMockExam {
  readonly v: 1;
  readonly title: string;
  readonly passMark: number;
  readonly exam: MockExamState;
  /** Per question id: the note (URI) it was drawn from. */
  readonly sources: Readonly<Record<string, string>>;
  readonly countedAsReviews: boolean;
  /** Whether the finished attempt went to the review log (absent in states saved before attempts were kept). */
  readonly recorded?: boolean;
}

export function isPersistedMockExam(value: unknown): value is PersistedMockExam {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<PersistedMockExam>;
  return v.v === 1 && typeof v.title === 'string' && typeof v.passMark === 'number' && typeof v.exam === 'object' && v.exam !== null && Array.isArray(v.exam.order) && typeof v.sources === 'object' && v.sources !== null;
}

/** A question of the exam, with the note (URI) it comes from. */
export interface SourcedQuestion extends MockQuestion {
  readonly uri: string;
}

export interface MockExamPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  /** The questions of these notes as they are now, by id. */
  readonly questionsOf: (uris: readonly string[]) => Promise<Map<string, SourcedQuestion>>;
  /** Records a rating (1 Again … 4 Easy) for a card, with the answer behind it; undefined when spaced repetition is unavailable. */
  readonly rate?: (question: SourcedQuestion, rating: 1 | 3, answer: ChoiceAnswerRecord | undefined) => Promise<{ saved: boolean; error?: string }>;
  /** Keeps a finished attempt in the review log (for Statistics); undefined when there is no log. */
  readonly recordAttempt?: (attempt: { scope: string; passMark: number; durationMs: number; answers: MockAnswer[] }) => Promise<{ saved: boolean; error?: string }>;
  readonly notesChanged: vscode.Event<readonly vscode.Uri[]>;
  readonly now?: () => number;
}

/**
 * The host side of a mock exam: owns the exam state, applies the person's actions, ends
 * the exam when the time is up (its own timer; the webview's countdown only shows it),
 * and posts whole views. Right answers reach the webview only after submitting.
 */
export class MockExamPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly renderer: NoteHtmlRenderer;
  private readonly now: () => number;
  private readonly posted = new vscode.EventEmitter<MockToWebviewMessage>();
  private questions = new Map<string, SourcedQuestion>();
  private ready = false;
  private disposed = false;
  private busy: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private view: MockExamView | undefined;
  /** Shown on the page until the next save succeeds. */
  private error: string | undefined;

  /** Every message posted to the webview (tests follow the panel through it). */
  readonly onDidPostMessage = this.posted.event;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: MockExamPanelDeps,
    private persisted: PersistedMockExam,
  ) {
    this.now = deps.now ?? Date.now;
    this.renderer = new NoteHtmlRenderer(
      () => this.panel.webview,
      () => this.panel.webview.options.localResourceRoots ?? extensionRoots(deps.extensionUri),
    );
    panel.webview.options = quizWebviewOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'note-review.svg');
    panel.title = `Mock Exam: ${persisted.title}`;
    this.disposables.push(
      this.posted,
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.handleMessage(message)),
      deps.notesChanged((uris) => {
        const sources = new Set(Object.values(this.persisted.sources));
        if (uris.some((uri) => sources.has(uri.toString()))) void this.queue(() => this.reloadQuestions());
      }),
    );
    panel.webview.html = mockPageHtml(panel.webview, deps.extensionUri);
  }

  /** Opens a panel on an exam (new, or restored from the webview's state). */
  static async open(panel: vscode.WebviewPanel, deps: MockExamPanelDeps, persisted: PersistedMockExam): Promise<MockExamPanel> {
    const opened = new MockExamPanel(panel, deps, persisted);
    await opened.queue(() => opened.reloadQuestions());
    return opened;
  }

  get state(): PersistedMockExam {
    return this.persisted;
  }

  get lastView(): MockExamView | undefined {
    return this.view;
  }

  /** The results once submitted (scored against the notes as they are now). */
  result(): MockExamResult | undefined {
    return this.persisted.exam.submittedAtMs === undefined ? undefined : scoreMockExam(this.persisted.exam, [...this.questions.values()], { passMark: this.persisted.passMark });
  }

  /** Handles a message from the webview; malformed ones are dropped with a log line. */
  handleMessage(raw: unknown): Promise<void> {
    if (!isMockToExtensionMessage(raw)) {
      this.deps.log.warn('Mock exam: ignored a malformed message');
      return Promise.resolve();
    }
    const message = raw;
    return this.queue(async () => {
      if (this.disposed) return;
      const exam = expire(this.persisted.exam, this.now());
      try {
        switch (message.type) {
          case 'ready':
            this.ready = true;
            this.setExam(exam);
            return this.update(this.questionAnnouncement());
          case 'choose':
            this.setExam(choose(exam, message.position, message.option));
            return this.update('');
          case 'clear':
            this.setExam(clearAnswer(exam, message.position));
            return this.update('Answer cleared.');
          case 'flag': {
            const next = toggleFlag(exam, message.position);
            this.setExam(next);
            return this.update(next.flagged.includes(next.order[message.position]) ? 'Flagged for review.' : 'Flag removed.');
          }
          case 'goTo':
            this.setExam(goTo(exam, message.position));
            return this.update(this.questionAnnouncement());
          case 'submit':
          case 'timeUp':
            this.setExam(message.type === 'submit' ? submit(exam, this.now()) : exam);
            return this.update(this.resultAnnouncement());
          case 'countAsReviews':
            return this.countAsReviews();
          case 'openSource':
            return this.openSource(message.position);
          default: {
            const unexpected: never = message;
            this.deps.log.warn(`Mock exam: unhandled message ${JSON.stringify(unexpected)}`);
          }
        }
      } catch (error) {
        if (!(error instanceof MockExamError)) throw error;
        // A key pressed twice, or an answer arriving after the time ran out: show the exam as it is.
        this.setExam(exam);
        await this.update(error.message);
      }
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private setExam(exam: MockExamState): void {
    this.persisted = { ...this.persisted, exam };
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (exam.submittedAtMs === undefined) {
      // Ends the exam on time even when the webview is hidden (its countdown does not run then).
      const left = exam.startedAtMs + exam.timeLimitMs - this.now();
      this.timer = setTimeout(() => void this.handleMessage({ type: 'timeUp' }), Math.min(Math.max(0, left) + 50, 2 ** 31 - 1));
    }
  }

  private queue(action: () => Promise<void>): Promise<void> {
    const run = this.busy.then(action).catch((error: unknown) => {
      this.deps.log.error('Mock exam:', error instanceof Error ? (error.stack ?? error.message) : String(error));
    });
    this.busy = run;
    return run;
  }

  private async reloadQuestions(): Promise<void> {
    this.questions = await this.deps.questionsOf([...new Set(Object.values(this.persisted.sources))]);
    if (this.disposed) return;
    this.setExam(expire(this.persisted.exam, this.now()));
    await this.update('');
  }

  private async countAsReviews(): Promise<void> {
    const result = this.result();
    if (!result || this.persisted.countedAsReviews || !this.deps.rate) return this.update('');
    let failed = 0;
    // Right counts as Good, wrong or unanswered as Again: what the quiz suggests for an answered question.
    for (const answer of result.answers) {
      const saved = await this.deps.rate(answer.question as SourcedQuestion, answer.right ? 3 : 1, answer.chosen.length > 0 ? { ...choiceAnswerOf(answer.question.card, answer.chosen), correct: answer.right } : undefined);
      if (!saved.saved) failed++;
    }
    this.persisted = { ...this.persisted, countedAsReviews: failed === 0 };
    this.error = failed === 0 ? undefined : `${failed} of ${result.answers.length} reviews could not be saved yet (the review log could not be written); they are kept and written when it can be.`;
    await this.update(failed === 0 ? `${result.answers.length} reviews recorded.` : `${failed} of ${result.answers.length} reviews could not be saved; they are kept and retried.`);
  }

  private async openSource(position: number): Promise<void> {
    const question = this.questions.get(this.persisted.exam.order[position] ?? '');
    if (!question) return;
    const uri = vscode.Uri.parse(question.uri);
    const position0 = new vscode.Position(question.card.line - 1, 0);
    const column = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(uri, { viewColumn: column, selection: new vscode.Range(position0, position0) });
  }

  /**
   * Keeps the finished attempt in the review log, once: submitted, timed out, or found
   * expired on a reload. A write that fails is kept and retried by the log itself.
   */
  private async recordAttempt(): Promise<void> {
    const result = this.result();
    if (!result || this.persisted.recorded || !this.deps.recordAttempt) return;
    this.persisted = { ...this.persisted, recorded: true };
    const answers: MockAnswer[] = result.answers.map((a) => ({ card: a.question.id, note: a.question.note, chosen: choiceAnswerOf(a.question.card, a.chosen).chosen, correct: a.right }));
    const saved = await this.deps.recordAttempt({ scope: this.persisted.title, passMark: this.persisted.passMark, durationMs: result.elapsedMs, answers });
    if (saved.saved) return;
    this.deps.log.warn(`Mock exam: the attempt is not in the review log yet (${saved.error ?? 'unknown error'}); it is kept and retried.`);
    this.error = `This attempt is not in the review log yet (${saved.error ?? 'unknown error'}); it is kept and written when the log can be written.`;
  }

  private async update(announcement: string): Promise<void> {
    await this.recordAttempt();
    const view = await this.render(announcement);
    if (this.disposed) return;
    this.view = view;
    const message: MockToWebviewMessage = { type: 'didUpdate', view, state: this.persisted };
    this.posted.fire(message);
    if (this.ready) await this.panel.webview.postMessage(message);
  }

  private async render(announcement: string): Promise<MockExamView> {
    const exam = this.persisted.exam;
    const result = this.result();
    const rightById = new Map(result?.answers.map((a) => [a.question.id, a.right]));
    const nav = exam.order.map((id) => ({
      answered: (exam.answers[id]?.length ?? 0) > 0,
      flagged: exam.flagged.includes(id),
      ...(result ? { right: rightById.get(id) ?? false } : {}),
    }));
    const id = exam.order[exam.position];
    const question = id === undefined ? undefined : this.questions.get(id);
    const chosen = new Set(id === undefined ? [] : (exam.answers[id] ?? []));
    const view: MockExamView = {
      title: this.persisted.title,
      total: exam.order.length,
      nav,
      deadlineMs: exam.startedAtMs + exam.timeLimitMs,
      announcement,
      ...(this.error !== undefined ? { error: this.error } : {}),
      ...(result ? { result: this.resultView(result) } : {}),
      ...(question && id !== undefined
        ? {
            question: {
              position: exam.position,
              breadcrumb: [...question.section],
              promptHtml: await this.renderer.render(question.card.prompt, vscode.Uri.parse(question.uri)),
              choose: exam.choose[id] ?? 1,
              flagged: exam.flagged.includes(id),
              location: `${noteKeyOf(vscode.Uri.parse(question.uri))}:${question.card.line}`,
              options: await Promise.all(
                (exam.optionOrders[id] ?? []).map(async (index) => {
                  const option = question.card.options?.[index];
                  const labelHtml = option ? await this.renderer.render(option.label, vscode.Uri.parse(question.uri)) : '(this option was deleted from the note)';
                  return {
                    labelHtml,
                    chosen: chosen.has(index),
                    ...(result && option ? { correct: option.correct, explanationHtml: option.explanation ? await this.renderer.render(option.explanation, vscode.Uri.parse(question.uri)) : '' } : {}),
                  };
                }),
              ),
            },
          }
        : {}),
    };
    return view;
  }

  private resultView(result: MockExamResult): MockResultView {
    const positions = new Map(this.persisted.exam.order.map((id, i) => [id, i]));
    return {
      right: result.right,
      total: result.total,
      unanswered: result.unanswered,
      scorePercent: Math.round(result.score * 100),
      passMarkPercent: Math.round(result.passMark * 100),
      passed: result.passed,
      elapsedMs: result.elapsedMs,
      timedOut: result.timedOut,
      sections: result.sections.map((s) => ({ label: formatBreadcrumb([s.note, ...s.section]), right: s.right, total: s.total })),
      missed: result.answers.filter((a) => !a.right).map((a) => positions.get(a.question.id) ?? 0),
      countedAsReviews: this.persisted.countedAsReviews,
      canCountAsReviews: this.deps.rate !== undefined,
    };
  }

  private questionAnnouncement(): string {
    const exam = this.persisted.exam;
    if (exam.submittedAtMs !== undefined) return this.resultAnnouncement();
    return `Question ${exam.position + 1} of ${exam.order.length}.`;
  }

  private resultAnnouncement(): string {
    const result = this.result();
    if (!result) return '';
    return `${result.timedOut ? 'Time is up. ' : ''}Score ${formatPercent(result.score)}: ${result.right} of ${result.total}, ${result.passed ? 'passed' : 'not passed'}.`;
  }
}
