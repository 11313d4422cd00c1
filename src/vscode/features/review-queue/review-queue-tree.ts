import * as vscode from 'vscode';
import { formatInterval, type QueueEntry, type ReviewQueue } from '../../../core/review';
import type { ReviewService } from '../../adapters/review-log-service';

/** The groups of the queue view, in display order. */
export type QueueGroupId = 'dueNow' | 'learning' | 'newCards' | 'comingUp';

const GROUPS: readonly { id: QueueGroupId; label: string; icon: string }[] = [
  { id: 'dueNow', label: 'Due now', icon: 'bell-dot' },
  { id: 'learning', label: 'Learning', icon: 'mortar-board' },
  { id: 'newCards', label: "New (today's allowance)", icon: 'sparkle' },
  { id: 'comingUp', label: 'Coming up (7 days)', icon: 'calendar' },
];

/** A node of the queue view: a group, or a card in it. */
export type QueueNode = { readonly kind: 'loading'; readonly fraction: number | undefined } | { readonly kind: 'group'; readonly id: QueueGroupId; readonly label: string; readonly icon: string; readonly entries: readonly QueueEntry[] } | { readonly kind: 'card'; readonly entry: QueueEntry; readonly group: QueueGroupId };

/** Most cards listed per group; the group's label still counts them all. */
const MAX_LISTED = 200;

/** The review queue as a tree: four groups, each card with its note and when it is due. */
export class ReviewQueueTree implements vscode.TreeDataProvider<QueueNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<QueueNode | undefined>();
  private snapshot: ReviewQueue | undefined;
  private snapshotAt = 0;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly reviews: ReviewService) {}

  /** The queue as last computed for the view. */
  current(): ReviewQueue {
    if (!this.snapshot) this.refresh(false);
    return this.snapshot as ReviewQueue;
  }

  /** Recomputes the queue and redraws. */
  refresh(fire = true): void {
    this.snapshotAt = Date.now();
    this.snapshot = this.reviews.queue(this.snapshotAt);
    if (fire) this.changed.fire(undefined);
  }

  getChildren(node?: QueueNode): QueueNode[] {
    const queue = this.current();
    if (!node) {
      // While a long replay runs, zero due would be a lie: the view says it is loading instead.
      const load = this.reviews.loadStatus;
      if (load.loading && load.slow) return [{ kind: 'loading', fraction: load.fraction }];
      if (this.reviews.cards().size === 0) return [];
      return GROUPS.map((g) => ({ kind: 'group', ...g, entries: queue[g.id] }));
    }
    if (node.kind === 'group') return node.entries.slice(0, MAX_LISTED).map((entry) => ({ kind: 'card', entry, group: node.id }));
    return [];
  }

  getTreeItem(node: QueueNode): vscode.TreeItem {
    if (node.kind === 'loading') {
      const item = new vscode.TreeItem(`Reading review log…${node.fraction === undefined ? '' : ` ${Math.floor(node.fraction * 100)}%`}`, vscode.TreeItemCollapsibleState.None);
      item.id = 'loading';
      item.iconPath = new vscode.ThemeIcon('loading~spin');
      item.contextValue = 'reviewQueueLoading';
      return item;
    }
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, node.entries.length > 0 && node.id !== 'comingUp' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `group:${node.id}`;
      item.description = String(node.entries.length);
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.contextValue = 'reviewQueueGroup';
      if (node.entries.length === 0) item.collapsibleState = vscode.TreeItemCollapsibleState.None;
      return item;
    }
    const { entry } = node;
    const card = this.reviews.cards().get(entry.card.id);
    const item = new vscode.TreeItem(oneLine(entry.card.prompt), vscode.TreeItemCollapsibleState.None);
    item.id = `card:${node.group}:${entry.card.id}`;
    const when = describeDue(entry, this.snapshotAt);
    item.description = `${entry.card.note}${when ? ` · ${when}` : ''}`;
    item.tooltip = new vscode.MarkdownString(`${entry.card.prompt}\n\n*${entry.card.note}:${entry.card.line}*${when ? ` · ${when}` : ''}`);
    item.contextValue = 'reviewQueueCard';
    item.accessibilityInformation = { label: `${oneLine(entry.card.prompt)}, ${entry.card.note}${when ? `, ${when}` : ''}` };
    if (card) {
      item.command = {
        command: 'vscode.open',
        title: 'Open Question',
        arguments: [card.uri, { selection: new vscode.Range(card.line - 1, 0, card.line - 1, 0), preview: true } satisfies vscode.TextDocumentShowOptions],
      };
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** "due now", "in 8m", "in 3d", "overdue 2d"; nothing for new cards. */
export function describeDue(entry: QueueEntry, now: number): string {
  if (entry.dueAt === undefined) return '';
  const delta = entry.dueAt - now;
  if (Math.abs(delta) < 60_000) return 'due now';
  if (delta < 0) return delta > -86_400_000 ? 'due now' : `overdue ${formatInterval(-delta)}`;
  return `in ${formatInterval(delta)}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
}
