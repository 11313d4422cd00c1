import * as vscode from 'vscode';
import type { Section } from '../../../core';
import { noteKeyOf as noteKey, type NotesIndex } from '../../adapters/notes-index';

/** A markdown note of the workspace, at the top of the tree. */
export interface NoteNode {
  readonly type: 'note';
  readonly uri: vscode.Uri;
}

/** A heading of a note, holding the headings of lower level below it. */
export interface SectionNode {
  readonly type: 'section';
  readonly uri: vscode.Uri;
  readonly section: Section;
  readonly children: SectionNode[];
}

export type SectionsTreeNode = NoteNode | SectionNode;

/** Nests a note's sections (in note order) by level: each heading holds the lower-level ones after it. */
export function nestSections(uri: vscode.Uri, sections: readonly Section[]): SectionNode[] {
  const roots: SectionNode[] = [];
  const open: SectionNode[] = [];
  for (const section of sections) {
    const node: SectionNode = { type: 'section', uri, section, children: [] };
    while (open.length > 0 && open[open.length - 1].section.level >= section.level) open.pop();
    (open.length > 0 ? open[open.length - 1].children : roots).push(node);
    open.push(node);
  }
  return roots;
}

/** The markdown notes of the workspace and their sections. */
export class SectionsTreeProvider implements vscode.TreeDataProvider<SectionsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SectionsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private notes: NoteNode[] = [];
  private loading: Promise<void> | undefined;
  private disposed = false;

  constructor(
    private readonly documents: NotesIndex,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Finds the workspace's markdown notes again and redraws the tree. */
  reload(): Promise<void> {
    const loading = this.findNotes().then((notes) => {
      if (this.disposed || this.loading !== loading) return;
      this.notes = notes;
      this.changed.fire(undefined);
      void vscode.commands.executeCommand('setContext', 'noteReview.notesLoaded', true);
    });
    this.loading = loading;
    return loading;
  }

  /** Redraws one note's sections (after its text changed). */
  refreshNote(uri: vscode.Uri): void {
    const node = this.notes.find((n) => n.uri.toString() === uri.toString());
    if (node) this.changed.fire(node);
  }

  getTreeItem(node: SectionsTreeNode): vscode.TreeItem {
    if (node.type === 'note') {
      const item = new vscode.TreeItem(noteKey(node.uri), vscode.TreeItemCollapsibleState.Collapsed);
      item.resourceUri = node.uri;
      item.iconPath = vscode.ThemeIcon.File;
      item.contextValue = 'note';
      item.id = node.uri.toString();
      return item;
    }
    const { section } = node;
    const item = new vscode.TreeItem(
      section.title,
      node.children.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `${node.uri.toString()}#${section.line}`;
    item.description = `H${section.level} · line ${section.line}`;
    item.tooltip = section.path.join(' > ');
    item.contextValue = 'section';
    const position = new vscode.Position(section.line - 1, 0);
    item.command = {
      command: 'vscode.open',
      title: 'Reveal Section',
      arguments: [node.uri, { selection: new vscode.Range(position, position) } satisfies vscode.TextDocumentShowOptions],
    };
    return item;
  }

  async getChildren(node?: SectionsTreeNode): Promise<SectionsTreeNode[]> {
    if (!node) return this.notes;
    if (node.type === 'section') return node.children;
    try {
      const note = this.documents.noteFor(await vscode.workspace.openTextDocument(node.uri));
      return nestSections(node.uri, note.sections);
    } catch (error) {
      this.log.error(`Could not read ${node.uri.toString()}:`, error instanceof Error ? error.message : String(error));
      return [];
    }
  }

  dispose(): void {
    this.disposed = true;
    this.changed.dispose();
  }

  private async findNotes(): Promise<NoteNode[]> {
    const started = Date.now();
    const uris = await vscode.workspace.findFiles('**/*.md', '**/node_modules/**');
    uris.sort((a, b) => noteKey(a).localeCompare(noteKey(b)));
    this.log.info(`Found ${uris.length} markdown notes in ${Date.now() - started} ms`);
    return uris.map((uri) => ({ type: 'note', uri }));
  }
}
