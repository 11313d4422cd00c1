import * as vscode from 'vscode';
import type { ReviewStats, StatsScope } from '../../../core/stats/review-stats';
import {
  isStatisticsToExtensionMessage,
  type ForecastRange,
  type PersistedStatistics,
  type StatisticsScopeRef,
  type StatisticsToWebviewMessage,
  type StatisticsView,
} from '../../../protocol/statistics-protocol';
import { presentStatistics, statisticsTitle } from './statistics-presenter';
import { statisticsPageHtml, statisticsWebviewOptions } from './statistics-page';

/** The Statistics panel's view type (also in `onWebviewPanel:` activation and the serializer). */
export const STATISTICS_VIEW_TYPE = 'noteReview.statistics';

/** After the review log or the notes change, the figures are computed again once things settle. */
const RECOMPUTE_DEBOUNCE_MS = 1000;

/** What a panel needs from the rest of the extension. */
export interface StatisticsPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  /** The core scope of a scope reference (note keys as the review service keys cards). */
  readonly resolve: (scope: StatisticsScopeRef) => StatsScope;
  /** Computes the figures without blocking the extension host (in slices). */
  readonly compute: (scope: StatsScope) => Promise<ReviewStats>;
  /** Fires when ratings or the cards change. */
  readonly reviewsChanged: vscode.Event<void>;
  /** Opens the note at a card (a listed question); false when the card is no longer in the notes. */
  readonly openCard: (cardId: string) => Promise<boolean>;
}

/**
 * The host side of the Statistics webview: computes the figures of its scope, posts them
 * once the page is `ready`, again on `refresh` and after the review log or the notes
 * change (only while the panel is visible; a hidden one catches up when shown).
 *
 * For tests, `onDidPostMessage` reports every message posted to the webview, `lastView`
 * is the last view posted, and `handleMessage` is the entry of webview messages.
 */
export class StatisticsPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly posted = new vscode.EventEmitter<StatisticsToWebviewMessage>();
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  private scope: StatisticsScopeRef;
  private forecastRange: ForecastRange;
  private ready = false;
  private disposed = false;
  private stale = false;
  private computeSeq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private view: StatisticsView | undefined;
  private computing: Promise<void> = Promise.resolve();

  /** Every message posted to the webview. */
  readonly onDidPostMessage = this.posted.event;
  /** Fires once when the panel is closed. */
  readonly onDidDispose = this.disposedEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: StatisticsPanelDeps,
    scope: StatisticsScopeRef,
    forecastRange: ForecastRange = 30,
  ) {
    this.scope = scope;
    this.forecastRange = forecastRange;
    panel.webview.options = statisticsWebviewOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'note-review.svg');
    this.disposables.push(
      this.posted,
      this.disposedEmitter,
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.handleMessage(message)),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) this.scheduleRecompute(0);
      }),
      deps.reviewsChanged(() => this.scheduleRecompute(RECOMPUTE_DEBOUNCE_MS)),
    );
    this.panel.title = this.panelTitle();
    panel.webview.html = statisticsPageHtml(panel.webview, deps.extensionUri);
  }

  /** The last view posted to the webview. */
  get lastView(): StatisticsView | undefined {
    return this.view;
  }

  /** The scope shown. */
  get scopeRef(): StatisticsScopeRef {
    return this.scope;
  }

  /** Shows another scope in this panel and reveals it; resolves once its figures are posted. */
  show(scope: StatisticsScopeRef): Promise<void> {
    this.scope = scope;
    this.panel.title = this.panelTitle();
    this.panel.reveal(undefined, false);
    return this.recompute();
  }

  /** Handles a message from the webview; malformed ones are dropped. Resolves once handled (figures posted). */
  handleMessage(raw: unknown): Promise<void> {
    if (!isStatisticsToExtensionMessage(raw)) {
      this.deps.log.warn(`Statistics panel: ignored a malformed message ${safeJson(raw)}`);
      return Promise.resolve();
    }
    const message = raw;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        return this.recompute();
      case 'refresh':
        return this.recompute();
      case 'setForecastRange':
        this.forecastRange = message.days;
        return Promise.resolve();
      case 'openCard':
        return this.deps.openCard(message.cardId).then((opened) => {
          if (!opened) void vscode.window.showInformationMessage('That question is no longer in the notes.');
        });
      default: {
        const unexpected: never = message;
        this.deps.log.warn(`Statistics panel: unhandled message ${safeJson(unexpected)}`);
        return Promise.resolve();
      }
    }
  }

  /** Resolves when the computation running now (if any) has posted its result. */
  whenComputed(): Promise<void> {
    return this.computing;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.disposedEmitter.fire();
    this.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private panelTitle(): string {
    return `Statistics: ${this.title()}`;
  }

  private title(): string {
    return statisticsTitle(this.deps.resolve(this.scope));
  }

  private state(): PersistedStatistics {
    return { version: 1, scope: this.scope, forecastRange: this.forecastRange };
  }

  private scheduleRecompute(delayMs: number): void {
    if (this.disposed || !this.ready) return;
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.recompute();
    }, delayMs);
  }

  /** Computes the figures and posts them; a newer computation supersedes an older one still running. */
  private recompute(): Promise<void> {
    if (!this.ready || this.disposed) return Promise.resolve();
    this.stale = false;
    const seq = ++this.computeSeq;
    const scope = this.deps.resolve(this.scope);
    const run = (async () => {
      await this.post({ type: 'didStartComputing', title: this.title(), state: this.state() });
      let message: StatisticsToWebviewMessage;
      try {
        const started = Date.now();
        const stats = await this.deps.compute(scope);
        if (this.disposed || seq !== this.computeSeq) return;
        this.view = presentStatistics(stats);
        message = { type: 'didCompute', view: this.view, state: this.state() };
        this.deps.log.trace(`Statistics: ${this.view.title} computed in ${Date.now() - started} ms`);
      } catch (error) {
        if (this.disposed || seq !== this.computeSeq) return;
        this.deps.log.error('Statistics panel:', error instanceof Error ? (error.stack ?? error.message) : String(error));
        message = { type: 'didFail', title: this.title(), message: error instanceof Error ? error.message : String(error), state: this.state() };
      }
      await this.post(message);
    })();
    this.computing = run;
    return run;
  }

  private async post(message: StatisticsToWebviewMessage): Promise<void> {
    if (this.disposed) return;
    this.posted.fire(message);
    await this.panel.webview.postMessage(message);
  }
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length <= 200 ? text : `${text.slice(0, 199)}…`;
  } catch {
    return String(value);
  }
}
