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

/** Tree refreshes wait this long so that a burst of index events redraws once. */
const REFRESH_DELAY_MS = 30;

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

  constructor(private readonly notes: NotesIndex) {
    this.disposables.push(notes.onDidChange((uris) => this.notesChanged(uris)));
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
        const expanded = this.activeOnly || this.notes.all().length === 1;
        const item = new vscode.TreeItem(node.key, expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.resourceUri = node.uri;
        item.iconPath = vscode.ThemeIcon.File;
        item.description = outline ? countOf(outline.cardCount, 'card') : '';
        item.tooltip = outline ? `${node.key}\n${countOf(outline.note.sections.length, 'section')}, ${countOf(outline.cardCount, 'card')}` : node.key;
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
        const item = new vscode.TreeItem(section.title || '(untitled heading)', state);
        item.id = node.id;
        item.description = node.cardCount > 0 ? countOf(node.cardCount, 'card') : '';
        item.tooltip = `${section.path.join(' › ')}\nLine ${section.line}` + (node.cardCount > 0 ? ` · ${countOf(node.cardCount, 'card')}` : '');
        item.iconPath = new vscode.ThemeIcon('symbol-string');
        item.contextValue = 'section';
        item.accessibilityInformation = { label: `Heading level ${section.level}: ${section.title}, ${countOf(node.cardCount, 'card')}` };
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
        item.tooltip = new vscode.MarkdownString(`**${kind}** · line ${card.line}\n\n`).appendText(shortPrompt(card.prompt, 400));
        item.contextValue = `card.${card.kind}`;
        item.accessibilityInformation = { label: `${kind}: ${prompt}` };
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
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
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
      }
      this.scheduleRefresh(id);
    }
  }

  /** Redraws one note (by id) or, with undefined, the whole tree; coalesced. */
  private scheduleRefresh(noteId: string | undefined): void {
    if (noteId === undefined) this.pendingRoot = true;
    else this.pendingNotes.add(noteId);
    this.refreshTimer ??= setTimeout(() => this.refresh(), REFRESH_DELAY_MS);
  }

  private refresh(): void {
    this.refreshTimer = undefined;
    const notes = [...this.pendingNotes];
    this.pendingNotes.clear();
    const rootKeys = this.roots()
      .map((n) => n.id)
      .join('\n');
    // Notes added or removed, or the filter changed: the top level is redrawn.
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
