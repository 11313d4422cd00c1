import * as vscode from 'vscode';
import { registerCommand } from '../../adapters/command';
import type { Feature } from '../../feature';

/** Path of the bundled sample notes inside the extension folder. */
export const SAMPLE_NOTES = ['samples', 'aws-ai-practitioner-notes.md'] as const;

/** Commands that need no other feature: open the bundled sample notes, show the log. */
export const basicCommands: Feature = (ctx) => {
  registerCommand(ctx, 'noteReview.openSample', async () => {
    const uri = vscode.Uri.joinPath(ctx.extensionUri, ...SAMPLE_NOTES);
    const viewColumn = besideWalkthrough();
    // Beside the walkthrough the keyboard stays on it, for its next step.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false, viewColumn, preserveFocus: viewColumn !== undefined });
  });
  registerCommand(ctx, 'noteReview.showLog', () => ctx.services.log.show());
};

/**
 * Where the sample opens when the active editor is not a text editor (the walkthrough's
 * button, or a panel): in another editor group, or beside, so the walkthrough stays in view.
 */
function besideWalkthrough(): vscode.ViewColumn | undefined {
  const active = vscode.window.tabGroups.activeTabGroup;
  if (!active.activeTab || active.activeTab.input instanceof vscode.TabInputText) return undefined;
  return vscode.window.tabGroups.all.find((group) => group !== active)?.viewColumn ?? vscode.ViewColumn.Beside;
}
