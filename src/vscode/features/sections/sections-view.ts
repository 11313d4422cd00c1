import * as vscode from 'vscode';
import { registerCommand } from '../../adapters/command';
import type { Feature } from '../../feature';
import { SectionsTreeProvider } from './sections-tree';

/** The "Sections" view: the workspace's notes and their headings; clicking one reveals it. */
export const sectionsView: Feature = (ctx) => {
  const { subscriptions, services } = ctx;
  const provider = new SectionsTreeProvider(services.notes, services.log);
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.md', false, true, false);
  subscriptions.push(
    provider,
    vscode.window.createTreeView('noteReview.sections', { treeDataProvider: provider, showCollapseAll: true }),
    watcher,
    watcher.onDidCreate(() => void provider.reload()),
    watcher.onDidDelete(() => void provider.reload()),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (document.languageId === 'markdown') provider.refreshNote(document.uri);
    }),
  );
  registerCommand(ctx, 'noteReview.refresh', () => provider.reload());
  // Finding the notes must not delay activation: start it and let the tree fill in later.
  provider.reload().catch((error: unknown) => {
    services.log.error('Finding markdown notes failed:', error instanceof Error ? error.message : String(error));
  });
};
