import * as vscode from 'vscode';
import type { IndexedNote, NotesIndex } from '../../adapters/notes-index';
import {
  buildOutline,
  CARD_KIND_ICONS,
  CARD_KIND_NAMES,
  countOf,
  sectionAt,
  shortPrompt,
  type NoteNode,
  type NoteOutline,
  type SectionNode,
  type SectionsTreeNode,
} from './sections-model';
import { cardTooltip, describeGroup, dueLabel, examTooltip, groupAccessibility, groupTooltip, treeMastery, withExam, type ExamFigures, type MasterySource, type TreeMastery } from './sections-mastery';

/** Tree refreshes wait this long so that a burst of index events redraws once. */
const REFRESH_DELAY_MS = 30;
/** The same while the index scans the workspace. */
const INDEXING_REFRESH_DELAY_MS = 250;
/**
 * While the view is visible and some card has history, the mastery map is recomputed at
 * least this often (`in 5m` labels, recall falling day by day) and at each due time;
 * only the notes whose rows changed are redrawn.
 */
const MASTERY_TICK_MS = 60_000;
/**
 * How long after a redraw an expansion may have crossed it. While VS Code fetches a redrawn
 * note level by level, the extension host answers "no children" for a row it has not
 * listed again yet, and the row stays open and empty; a row opened this soon is redrawn.
 */
const EXPANSION_RACE_MS = 2_000;
/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The notes of the index, their sections nested by level and the cards in each section.
 * It never parses: it reads the index's cached parses and redraws from `onDidChange`.
 */
export class SectionsTreeProvider implements vscode.TreeDataProvider<SectionsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SectionsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** One node per note, kept across parses so that refreshes and reveals address the same element. */
  private readonly noteNodes = new Map<string, NoteNode>();
  private readonly outlines = new Map<string, NoteOutline>();
  private readonly pendingNotes = new Set<string>();
  private pendingRoot = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private rootKeys = '';
  private activeOnly = false;
  private activeNote: vscode.Uri | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private showMastery = false;
  private visible = false;
  /** The mastery map the rows show; rebuilt on every refresh and lazily after an invalidation. */
  private mastery: TreeMastery | undefined;
  /** What each note's rows showed of the mastery map at the last build. */
  private masterySignatures: ReadonlyMap<string, string> = new Map();
  private masteryTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private lastRedrawAt = -Infinity;
  /**
   * Rows the person expanded or collapsed, by id. A refresh hands VS Code the tree items
   * again, and a section whose item still says Collapsed could fold up under the person's
   * hands (the review log loading or the mastery tick redraws the note): the item says
   * what the person last chose instead.
   */
  private readonly expansion = new Map<string, boolean>();

  constructor(
    private readonly notes: NotesIndex,
    private readonly reviews?: MasterySource,
    private readonly clock: { now(): number } = Date,
    private readonly exam?: ExamFigures,
  ) {
    this.disposables.push(notes.onDidChange((uris) => this.notesChanged(uris)));
    if (reviews) this.disposables.push(reviews.onDidChange(() => this.scheduleMasteryRefresh()));
    if (exam) this.disposables.push(exam.onDidChange(() => this.scheduleRefresh(undefined)));
  }

  private isSuspended(cardId: string): boolean {
    return this.reviews?.isSuspended(cardId) ?? false;
  }

  /** Whether rows show due counts and average recall (`noteReview.sections.showMastery`). */
  setShowMastery(on: boolean): void {
    const show = on && this.reviews !== undefined;
    if (this.showMastery === show) return;
    this.showMastery = show;
    this.mastery = undefined;
    this.masterySignatures = new Map();
    this.clearMasteryTimer();
    this.scheduleRefresh(undefined);
  }

  /** The view's visibility: time-driven updates run only while it is visible. */
  setVisible(visible: boolean): void {
    if (this.visible === visible) return;
    this.visible = visible;
    if (visible) this.scheduleMasteryRefresh();
    else this.clearMasteryTimer();
  }

  /** Whether only the active note is listed. */
  get showsActiveNoteOnly(): boolean {
    return this.activeOnly;
  }

  setActiveNoteOnly(on: boolean): void {
    if (this.activeOnly === on) return;
    this.activeOnly = on;
    this.scheduleRefresh(undefined);
  }

  /** The note of the last active markdown editor (kept while a non-text editor is active). */
  setActiveNote(uri: vscode.Uri | undefined): void {
    if (uri?.toString() === this.activeNote?.toString()) return;
    this.activeNote = uri;
    if (this.activeOnly) this.scheduleRefresh(undefined);
  }

  /** Called from the view's expand and collapse events. */
  rememberExpansion(node: SectionsTreeNode, expanded: boolean): void {
    this.expansion.set(node.id, expanded);
    if (expanded && this.clock.now() - this.lastRedrawAt < EXPANSION_RACE_MS) this.scheduleRefresh(node.uri.toString());
  }

  private collapsibleState(node: SectionsTreeNode, byDefault: vscode.TreeItemCollapsibleState): vscode.TreeItemCollapsibleState {
    if (byDefault === vscode.TreeItemCollapsibleState.None) return byDefault;
    const expanded = this.expansion.get(node.id);
    if (expanded === undefined) return byDefault;
    return expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  }

  /** The notes at the top of the tree, as currently shown. */
  roots(): NoteNode[] {
    const entries = this.activeOnly ? [this.activeNote && this.notes.get(this.activeNote)].filter((e): e is IndexedNote => e !== undefined) : this.notes.all();
    return entries.map((entry) => this.noteNodeOf(entry));
  }

  /** The innermost section around `line` (1-based) of the note at `uri`, if the tree shows that note. */
  sectionAt(uri: vscode.Uri, line: number): SectionNode | undefined {
    const entry = this.notes.get(uri);
    if (!entry || !this.roots().some((n) => n.uri.toString() === uri.toString())) return undefined;
    return sectionAt(this.outlineOf(entry), line);
  }

  getTreeItem(node: SectionsTreeNode): vscode.TreeItem {
    switch (node.type) {
      case 'note': {
        const entry = this.notes.get(node.uri);
        const outline = entry && this.outlineOf(entry);
        const expanded = this.activeOnly || this.notes.size === 1;
        const item = new vscode.TreeItem(node.key, this.collapsibleState(node, expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed));
        item.id = node.id;
        item.resourceUri = node.uri;
        item.iconPath = vscode.ThemeIcon.File;
        const mastery = this.currentMastery()?.map.sections.get(node.id);
        const exam = this.exam?.section(node.key, []);
        item.description = outline ? withExam(describeGroup(outline.cardCount, mastery), exam) : '';
        item.tooltip = outline ? [`${node.key}\n${countOf(outline.note.sections.length, 'section')}, ${countOf(outline.cardCount, 'card')}`, ...groupTooltip(mastery, false), ...examTooltip(exam)].join('\n') : node.key;
        item.contextValue = 'note';
        item.command = revealCommand(node.uri, 1, 'Open Note');
        return item;
      }
      case 'section': {
        const { section } = node;
        const hasSubsections = node.children.some((c) => c.type === 'section');
        const state =
          node.children.length === 0
            ? vscode.TreeItemCollapsibleState.None
            : hasSubsections
              ? vscode.TreeItemCollapsibleState.Expanded
              : vscode.TreeItemCollapsibleState.Collapsed;
        const item = new vscode.TreeItem(section.title || '(untitled heading)', this.collapsibleState(node, state));
        item.id = node.id;
        const tree = this.currentMastery();
        const mastery = tree?.map.sections.get(node.id);
        const weakest = tree?.map.weakest === node.id;
        const exam = this.exam?.section(this.notes.get(node.uri)?.key ?? '', section.path);
        item.description = withExam(describeGroup(node.cardCount, mastery), exam);
        item.tooltip = [`${section.path.join(' › ')}\nLine ${section.line}` + (node.cardCount > 0 ? ` · ${countOf(node.cardCount, 'card')}` : ''), ...groupTooltip(mastery, weakest), ...examTooltip(exam)].join('\n');
        // The weakest section stands out by colour; its tooltip and accessible name say why.
        item.iconPath = weakest ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('symbol-string');
        item.contextValue = 'section';
        item.accessibilityInformation = { label: `Heading level ${section.level}: ${section.title}, ${countOf(node.cardCount, 'card')}${groupAccessibility(mastery, weakest)}` };
        item.command = revealCommand(node.uri, section.line, 'Reveal Section');
        return item;
      }
      case 'card': {
        const { card } = node;
        const kind = CARD_KIND_NAMES[card.kind];
        const prompt = shortPrompt(card.prompt) || '(no question text)';
        const item = new vscode.TreeItem(prompt, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(CARD_KIND_ICONS[card.kind]);
        const tooltip = new vscode.MarkdownString(`**${kind}** · line ${card.line}\n\n`).appendText(shortPrompt(card.prompt, 400));
        const tree = this.currentMastery();
        if (tree) {
          const standing = tree.map.cards.get(node.id);
          item.description = dueLabel(standing, tree.map.now);
          tooltip.appendMarkdown('\n\n').appendText(cardTooltip(standing, tree.map.now));
        }
        item.tooltip = tooltip;
        // `.suspended` picks Unsuspend over Suspend in the row's context menu.
        item.contextValue = `card.${card.kind}${this.isSuspended(card.id) ? '.suspended' : ''}`;
        item.accessibilityInformation = { label: `${kind}: ${prompt}${item.description ? `, ${String(item.description)}` : ''}` };
        item.command = revealCommand(node.uri, card.line, 'Reveal Card');
        return item;
      }
    }
  }

  getChildren(node?: SectionsTreeNode): SectionsTreeNode[] {
    if (!node) {
      const roots = this.roots();
      this.rootKeys = roots.map((n) => n.id).join('\n');
      return roots;
    }
    if (node.type === 'card') return [];
    if (node.type === 'section') return node.children;
    const entry = this.notes.get(node.uri);
    return entry ? this.outlineOf(entry).children : [];
  }

  getParent(node: SectionsTreeNode): SectionsTreeNode | undefined {
    return node.type === 'note' ? undefined : node.parent;
  }

  dispose(): void {
    this.disposed = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.clearMasteryTimer();
    for (const d of this.disposables) d.dispose();
  }

  /** The mastery map of the notes shown, built when first needed after a change. */
  private currentMastery(): TreeMastery | undefined {
    if (!this.showMastery || !this.reviews) return undefined;
    if (!this.mastery) {
      const outlines = new Map<string, NoteOutline>();
      for (const root of this.roots()) {
        const entry = this.notes.get(root.uri);
        if (entry) outlines.set(root.id, this.outlineOf(entry));
      }
      this.mastery = treeMastery(outlines, this.reviews, this.clock.now());
      this.masterySignatures = this.mastery.signatures;
      this.scheduleMasteryTimer(this.mastery);
    }
    return this.mastery;
  }

  /** Schedules the next time-driven update: at the next due time, and at least every tick. */
  private scheduleMasteryTimer(mastery: TreeMastery): void {
    this.clearMasteryTimer();
    if (!this.visible || this.disposed || mastery.map.total.reviewedCount === 0) return;
    const untilDue = mastery.map.nextDueAt === undefined ? Infinity : mastery.map.nextDueAt - mastery.map.now;
    const delay = Math.min(MAX_TIMER_MS, MASTERY_TICK_MS, Math.max(0, untilDue));
    this.masteryTimer = setTimeout(() => {
      this.masteryTimer = undefined;
      this.scheduleMasteryRefresh();
    }, delay);
  }

  private clearMasteryTimer(): void {
    if (this.masteryTimer) clearTimeout(this.masteryTimer);
    this.masteryTimer = undefined;
  }

  /** Schedules or time changed: the map is rebuilt on the next refresh and changed notes redrawn. */
  private scheduleMasteryRefresh(): void {
    if (!this.showMastery || this.disposed) return;
    // While the index scans, notes arrive after every time slice and each redraw lists them all: redraw less often.
    this.refreshTimer ??= setTimeout(() => this.refresh(), this.notes.progress() ? INDEXING_REFRESH_DELAY_MS : REFRESH_DELAY_MS);
  }

  private noteNodeOf(entry: IndexedNote): NoteNode {
    const id = entry.uri.toString();
    let node = this.noteNodes.get(id);
    if (!node || node.key !== entry.key) {
      node = { type: 'note', id, uri: entry.uri, key: entry.key };
      this.noteNodes.set(id, node);
    }
    return node;
  }

  /** The outline of a note's current parse, built once per parse. */
  private outlineOf(entry: IndexedNote): NoteOutline {
    const id = entry.uri.toString();
    const cached = this.outlines.get(id);
    if (cached?.note === entry.note) return cached;
    const outline = buildOutline(this.noteNodeOf(entry), entry.note);
    this.outlines.set(id, outline);
    return outline;
  }

  private notesChanged(uris: readonly vscode.Uri[]): void {
    for (const uri of uris) {
      const id = uri.toString();
      const entry = this.notes.get(uri);
      if (!entry) {
        this.outlines.delete(id);
        this.noteNodes.delete(id);
        for (const rowId of this.expansion.keys()) if (rowId === id || rowId.startsWith(`${id}#`)) this.expansion.delete(rowId);
      }
      this.scheduleRefresh(id);
    }
  }

  /** Redraws one note (by id) or, with undefined, the whole tree; coalesced. */
  private scheduleRefresh(noteId: string | undefined): void {
    if (noteId === undefined) this.pendingRoot = true;
    else this.pendingNotes.add(noteId);
    // While the index scans, notes arrive after every time slice and each redraw lists them all: redraw less often.
    this.refreshTimer ??= setTimeout(() => this.refresh(), this.notes.progress() ? INDEXING_REFRESH_DELAY_MS : REFRESH_DELAY_MS);
  }

  private refresh(): void {
    this.refreshTimer = undefined;
    if (this.disposed) return;
    const notes = new Set(this.pendingNotes);
    this.pendingNotes.clear();
    if (this.showMastery) {
      // Any change can move the weakest section to another note: redraw every note whose rows show something new.
      const before = this.masterySignatures;
      this.mastery = undefined;
      for (const [id, signature] of this.currentMastery()?.signatures ?? []) if (before.get(id) !== signature) notes.add(id);
    }
    const rootKeys = this.roots()
      .map((n) => n.id)
      .join('\n');
    // Notes added or removed, or the filter changed: the top level is redrawn.
    this.lastRedrawAt = this.clock.now();
    if (this.pendingRoot || rootKeys !== this.rootKeys) {
      this.pendingRoot = false;
      this.changed.fire(undefined);
      return;
    }
    for (const id of notes) {
      const node = this.noteNodes.get(id);
      if (node) this.changed.fire(node);
    }
  }
}

function revealCommand(uri: vscode.Uri, line: number, title: string): vscode.Command {
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  return {
    command: 'vscode.open',
    title,
    arguments: [uri, { selection: new vscode.Range(position, position), preview: false } satisfies vscode.TextDocumentShowOptions],
  };
}
