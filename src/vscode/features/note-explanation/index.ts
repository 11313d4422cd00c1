// "Note Review: Show How This Note Was Read": the cards of a note, the reader that made
// each, and its near misses, in a read-only markdown document beside the note.
import * as vscode from 'vscode';
import { registerCommand } from '../../adapters/command';
import type { Feature } from '../../feature';
import { EXPLANATION_SCHEME, ExplanationProvider } from './explanation-provider';

export { EXPLANATION_SCHEME } from './explanation-provider';

export const noteExplanation: Feature = (ctx) => {
  const provider = new ExplanationProvider(ctx.services.notes);
  ctx.subscriptions.push(provider, vscode.workspace.registerTextDocumentContentProvider(EXPLANATION_SCHEME, provider));
  registerCommand(ctx, 'noteReview.showHowNoteWasRead', async (arg?: unknown) => {
    const note = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!note || note.scheme === EXPLANATION_SCHEME) {
      void vscode.window.showInformationMessage('Note Review: open a markdown note first, then run "Show How This Note Was Read".');
      return;
    }
    const document = await vscode.workspace.openTextDocument(provider.uriFor(note));
    if (document.languageId !== 'markdown') await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  });
};
