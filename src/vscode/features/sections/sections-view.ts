import * as vscode from 'vscode';
import { registerCommand } from '../../adapters/command';
import { indexingMessage } from '../../../core/index/index-progress';
import { isNoteDocument } from '../../adapters/notes-index';
import { onDidChangeSettings, readSetting } from '../../adapters/settings';
import type { Feature } from '../../feature';
import type { SectionsTreeNode } from './sections-model';
import { SectionsTreeProvider } from './sections-tree';

export const SECTIONS_VIEW_ID = 'noteReview.sections';
/** Cursor moves settle this long before the tree follows them. */
const FOLLOW_DELAY_MS = 100;

/** What the Sections view shows, as plain data (the tests' `noteReview.sections.snapshot`). */
export interface SectionsSnapshot {
  readonly rows: SectionsSnapshotRow[];
  readonly selection: string[];
  readonly message: string | undefined;
}

/** A row of the Sections view, as plain data. */
export interface SectionsSnapshotRow {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly icon: string | undefined;
  /** The icon's theme colour id (the weakest section's is `list.warningForeground`). */
  readonly iconColor: string | undefined;
  /** The tooltip as plain text (markdown source for rich tooltips). */
  readonly tooltip: string;
  /** What a click or Enter on the row runs. */
  readonly command: vscode.Command | undefined;
  readonly children: SectionsSnapshotRow[];
}

/**
 * The "Sections" view: notes → sections nested by level → cards. Clicking a row reveals
 * its line; the view follows the cursor in the active note; a title button shows only
 * the active note.
 */
export const sectionsView: Feature = (ctx) => {
  const { subscriptions, services } = ctx;
  const provider = new SectionsTreeProvider(services.notes, services.reviews, Date, services.readiness);
  const readShowMastery = (): void => provider.setShowMastery(readSetting('noteReview.sections.showMastery'));
  readShowMastery();
  const treeView = vscode.window.createTreeView(SECTIONS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  provider.setVisible(treeView.visible);
  subscriptions.push(provider, treeView);

  const updateMessage = (): void => {
    // While the index scans, the tree may be partial: it says so rather than look complete.
    const indexing = services.notes.progress();
    if (indexing) treeView.message = indexingMessage(indexing);
    else treeView.message = provider.showsActiveNoteOnly && provider.roots().length === 0 ? 'Open a markdown note to see its sections here.' : undefined;
  };
  const setActiveNoteOnly = async (on: boolean): Promise<void> => {
    provider.setActiveNoteOnly(on);
    updateMessage();
    await vscode.commands.executeCommand('setContext', 'noteReview.sections.activeNoteOnly', on);
  };
  const trackActiveEditor = (editor: vscode.TextEditor | undefined): void => {
    // A webview or the output panel taking focus keeps the last note in the filtered view.
    if (editor && isNoteDocument(editor.document)) provider.setActiveNote(editor.document.uri);
    updateMessage();
  };
  trackActiveEditor(vscode.window.activeTextEditor);

  let followTimer: ReturnType<typeof setTimeout> | undefined;
  const follow = (editor: vscode.TextEditor | undefined): void => {
    if (followTimer) clearTimeout(followTimer);
    followTimer = undefined;
    if (!editor || !isNoteDocument(editor.document) || !treeView.visible) return;
    if (!readSetting('noteReview.sections.followCursor', editor.document.uri)) return;
    followTimer = setTimeout(() => {
      followTimer = undefined;
      // While someone types, the cursor moves before the index parses the new text (its
      // debounce is longer than this settle time): bring the parse up to the document's
      // version first, or the section would be looked up by line in the text before the edit.
      services.notes.noteFor(editor.document);
      const node = provider.sectionAt(editor.document.uri, editor.selection.active.line + 1);
      if (!node || treeView.selection.some((selected) => selected.id === node.id)) return;
      treeView.reveal(node, { select: true, focus: false, expand: false }).then(undefined, (error: unknown) => {
        services.log.debug(`Could not reveal ${node.id} in the Sections view:`, String(error));
      });
    }, FOLLOW_DELAY_MS);
  };

  subscriptions.push(
    { dispose: () => followTimer && clearTimeout(followTimer) },
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      trackActiveEditor(editor);
      follow(editor);
    }),
    vscode.window.onDidChangeTextEditorSelection((event) => {
      if (event.textEditor === vscode.window.activeTextEditor) follow(event.textEditor);
    }),
    treeView.onDidExpandElement(({ element }) => provider.rememberExpansion(element, true)),
    treeView.onDidCollapseElement(({ element }) => provider.rememberExpansion(element, false)),
    treeView.onDidChangeVisibility(({ visible }) => {
      provider.setVisible(visible);
      if (visible) follow(vscode.window.activeTextEditor);
    }),
    onDidChangeSettings((change) => {
      if (change.affects('noteReview.sections.showMastery')) readShowMastery();
    }),
    services.notes.onDidChange(() => {
      // `size`, not `all()`: a scan fires this after every slice, and all() sorts every note.
      void vscode.commands.executeCommand('setContext', 'noteReview.workspaceHasNotes', services.notes.size > 0);
      updateMessage();
    }),
    services.notes.onDidProgress(updateMessage),
  );

  registerCommand(ctx, 'noteReview.refresh', () => services.notes.rescan({ reparse: true }));
  registerCommand(ctx, 'noteReview.sections.showActiveNoteOnly', () => setActiveNoteOnly(true));
  registerCommand(ctx, 'noteReview.sections.showAllNotes', () => setActiveNoteOnly(false));
  ctx.testProbes?.expose('sections', async () => ({
    rows: await snapshotOf(provider, undefined),
    selection: treeView.selection.map((node) => node.id),
    message: treeView.message,
  }));

  void vscode.commands.executeCommand('setContext', 'noteReview.sections.activeNoteOnly', false);
  services.notes.whenReady().then(
    () => {
      void vscode.commands.executeCommand('setContext', 'noteReview.workspaceHasNotes', services.notes.all().length > 0);
      void vscode.commands.executeCommand('setContext', 'noteReview.notesLoaded', true);
    },
    () => void vscode.commands.executeCommand('setContext', 'noteReview.notesLoaded', true),
  );
};

async function snapshotOf(provider: SectionsTreeProvider, node: SectionsTreeNode | undefined): Promise<SectionsSnapshotRow[]> {
  const rows: SectionsSnapshotRow[] = [];
  for (const child of provider.getChildren(node)) {
    const item = provider.getTreeItem(child);
    rows.push({
      id: item.id ?? '',
      label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
      description: typeof item.description === 'string' ? item.description : '',
      icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined,
      iconColor: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.color?.id : undefined,
      tooltip: typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? ''),
      command: item.command,
      children: await snapshotOf(provider, child),
    });
  }
  return rows;
}
