import * as vscode from 'vscode';
import { sectionAt } from '../../../core/quiz/quiz-items';
import { LiveStats } from '../../../core/stats/live-stats';
import type { ExamPlan } from '../../../core/stats/readiness';
import type { ReviewStats, StatsCard, StatsScope } from '../../../core/stats/review-stats';
import { isPersistedStatistics, type StatisticsScopeRef } from '../../../protocol/statistics-protocol';
import { registerCommand } from '../../adapters/command';
import { LOCAL_CALENDAR } from '../../adapters/local-calendar';
import { isNoteDocument, noteKeyOf } from '../../adapters/notes-index';
import type { WorkspaceCard } from '../../adapters/review-log-service';
import { pause } from '../../adapters/review-log-watch';
import { folderEventLabels } from '../../adapters/workspace-folder-label';
import type { Feature, Services } from '../../feature';
import { STATISTICS_VIEW_TYPE, StatisticsPanel, type StatisticsPanelDeps } from './statistics-panel';
import { statisticsWebviewOptions } from './statistics-page';

/** Longest stretch the computation runs before it gives the extension host a turn. */
const SLICE_MS = 15;

/**
 * The statistics of the window's review history as it changes: one `LiveStats` kept over
 * the review service's folded history, so that a rating folds one card again instead of
 * the log being read and counted anew. The log is read from disk only after a start from
 * the state snapshot (the history then lacks the older events), once.
 */
export class StatisticsSource {
  private readonly live: LiveStats;
  private cardsOf: { from: ReadonlyMap<string, WorkspaceCard>; cards: StatsCard[] } | undefined;

  constructor(private readonly services: Pick<Services, 'notes' | 'reviews' | 'log'>) {
    const reviews = services.reviews;
    this.live = new LiveStats({ history: () => reviews.history, readLog: () => reviews.readLogFromDisk(), settings: () => reviews.schedulerInUse.settings }, LOCAL_CALENDAR, pause, SLICE_MS);
  }

  /** The statistics of `scope` now, counted in slices of 15 ms between which the extension host runs other work. */
  async compute(scope: StatsScope, now = Date.now()): Promise<ReviewStats> {
    const { notes, reviews, log } = this.services;
    await Promise.all([notes.whenReady(), reviews.whenReady()]);
    const cards = this.cards();
    const { stats, unreadableLines } = await this.live.compute(cards, scope, now, examInForce(this.services, cards));
    if (unreadableLines > 0) log.warn(`Statistics: ${unreadableLines} unreadable lines of the review log skipped (Note Review: Check Review Log tells which)`);
    return stats;
  }

  /** The cards of the notes, made again only when the notes changed (the review service's card map is then a new one). */
  private cards(): StatsCard[] {
    const from = this.services.reviews.cards();
    if (this.cardsOf?.from !== from) this.cardsOf = { from, cards: [...from.values()].map((c) => ({ id: c.id, note: c.note, section: c.card.section, prompt: c.card.prompt })) };
    return this.cardsOf.cards;
  }
}

/**
 * The exam date whose readiness Statistics draws: the workspace's, or in a multi-root
 * workspace the first folder's that has one (its scope names that folder's notes).
 */
function examInForce(services: Pick<Services, 'reviews'>, cards: readonly { note: string }[]): ExamPlan | undefined {
  for (const label of folderEventLabels()) {
    const exam = services.reviews.exam(label);
    if (!exam) continue;
    // Without a scope the exam covers the folder's notes, whose keys start with its label.
    const scope = exam.scope ?? (label !== undefined ? [...new Set(cards.map((c) => c.note).filter((note) => note.startsWith(`${label}/`)))].map((note) => ({ note })) : undefined);
    if (scope?.length === 0) continue; // a folder without notes: an empty scope would mean every card
    return { ...exam, ...(scope ? { scope } : {}) };
  }
  return undefined;
}

/** The core scope of a scope reference: notes by their key, as the review service keys cards. */
export function resolveScope(ref: StatisticsScopeRef): StatsScope {
  switch (ref.kind) {
    case 'workspace':
      return { kind: 'workspace' };
    case 'note':
      return { kind: 'note', note: noteKeyOf(vscode.Uri.parse(ref.uri)) };
    case 'section':
      return { kind: 'section', note: noteKeyOf(vscode.Uri.parse(ref.uri)), section: ref.path };
  }
}

/** A Sections tree row: a note `{ type: 'note', uri }` or a section `{ type: 'section', uri, section: { path } }`. */
function scopeOfTreeNode(value: unknown): StatisticsScopeRef | undefined {
  if (value instanceof vscode.Uri) return { kind: 'note', uri: value.toString() };
  if (typeof value !== 'object' || value === null) return undefined;
  const node = value as { type?: unknown; uri?: unknown; section?: { path?: unknown } };
  if (!(node.uri instanceof vscode.Uri)) return undefined;
  if (node.type === 'section' && Array.isArray(node.section?.path) && node.section.path.length > 0) return { kind: 'section', uri: node.uri.toString(), path: node.section.path.map(String) };
  if (node.type === 'note') return { kind: 'note', uri: node.uri.toString() };
  return undefined;
}

/** Without an argument: the workspace, or, with a note in the editor, a choice of workspace, note or the section at the cursor. */
async function pickScope(services: Services): Promise<StatisticsScopeRef | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isNoteDocument(editor.document)) return { kind: 'workspace' };
  const uri = editor.document.uri;
  const choices: (vscode.QuickPickItem & { scope: StatisticsScopeRef })[] = [
    { label: '$(folder) Workspace', description: 'every note', scope: { kind: 'workspace' } },
    { label: `$(file) ${noteKeyOf(uri)}`, description: 'this note', scope: { kind: 'note', uri: uri.toString() } },
  ];
  const section = sectionAt(services.notes.noteFor(editor.document), editor.selection.active.line + 1);
  if (section) choices.push({ label: `$(symbol-string) ${section.title}`, description: 'the section at the cursor', scope: { kind: 'section', uri: uri.toString(), path: section.path } });
  const picked = await vscode.window.showQuickPick(choices, { title: 'Show Statistics of…', placeHolder: 'What the statistics are about' });
  return picked?.scope;
}

/**
 * Statistics: `Show Statistics` (palette, Sections view context menu on a note or a
 * section) opens one panel, reused for the next scope, and restored after a reload.
 */
export const statisticsPanel: Feature = (ctx) => {
  const { subscriptions, services, extensionUri } = ctx;
  let panel: StatisticsPanel | undefined;
  const source = new StatisticsSource(services);
  const deps: StatisticsPanelDeps = {
    extensionUri,
    log: services.log,
    resolve: resolveScope,
    compute: (scope) => source.compute(scope),
    reviewsChanged: services.reviews.onDidChange,
    openCard: async (cardId) => {
      const card = services.reviews.cards().get(cardId);
      if (!card) return false;
      const position = new vscode.Position(Math.max(0, card.card.line - 1), 0);
      // Beside the panel, so the statistics stay in view.
      await vscode.window.showTextDocument(card.uri, { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(position, position) });
      return true;
    },
  };
  const adopt = (created: StatisticsPanel): StatisticsPanel => {
    panel = created;
    const listener = created.onDidDispose(() => {
      listener.dispose();
      if (panel === created) panel = undefined;
    });
    return created;
  };
  subscriptions.push(
    new vscode.Disposable(() => panel?.dispose()),
    vscode.window.registerWebviewPanelSerializer(STATISTICS_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel, state: unknown) => {
        if (!isPersistedStatistics(state)) {
          services.log.warn('Statistics panel: no usable state to restore; closing it.');
          webviewPanel.dispose();
          return;
        }
        webviewPanel.webview.options = statisticsWebviewOptions(extensionUri);
        panel?.dispose();
        adopt(new StatisticsPanel(webviewPanel, deps, state.scope, state.forecastRange));
      },
    }),
  );

  registerCommand(ctx, 'noteReview.showStatistics', async (arg?: unknown): Promise<StatisticsPanel | undefined> => {
    const scope = scopeOfTreeNode(arg) ?? (await pickScope(services));
    if (!scope) return undefined;
    if (panel) {
      await panel.show(scope);
      return panel;
    }
    const webviewPanel = vscode.window.createWebviewPanel(STATISTICS_VIEW_TYPE, 'Statistics', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, statisticsWebviewOptions(extensionUri));
    return adopt(new StatisticsPanel(webviewPanel, deps, scope));
  });
};
