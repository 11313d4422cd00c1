import * as vscode from 'vscode';
import { registerCommand } from '../adapters/command';
import type { Feature } from '../feature';

/** Path of the bundled sample notes inside the extension folder. */
export const SAMPLE_NOTES = ['samples', 'aws-ai-practitioner-notes.md'] as const;

/** Commands that need no other feature: open the bundled sample notes, show the log. */
export const basicCommands: Feature = (ctx) => {
  registerCommand(ctx, 'noteReview.openSample', async () => {
    const uri = vscode.Uri.joinPath(ctx.extensionUri, ...SAMPLE_NOTES);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  });
  registerCommand(ctx, 'noteReview.showLog', () => ctx.services.log.show());
};
