import * as vscode from 'vscode';
import { editorWordWrap, readSetting } from '../../adapters/settings';

/**
 * Turns word wrap off in an editor while it shows hidden answers, and back on after.
 *
 * Why: decorations hide characters but not the rows they wrap onto (VS Code computes
 * wrapping from the text), so with word wrap on — the default for markdown — an option
 * whose hidden explanation is long leaves blank rows under it, and in the sample's
 * question 2 only the right option has an explanation. `noteReview.answers.unwrapWhileHidden`
 * turns this off for people who prefer their wrapping.
 *
 * Uses VS Code's own "View: Toggle Word Wrap", which keeps its state per open document
 * (dropped when the document closes) and acts on the active editor only: an editor is put
 * right when it becomes active.
 */
export class WordWrapGuard implements vscode.Disposable {
  /** Documents whose wrapping we turned off. */
  private readonly unwrapped = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(vscode.workspace.onDidCloseTextDocument((document) => this.unwrapped.delete(document.uri.toString())));
  }

  /** Puts the active editor right for whether it shows hidden answers. */
  async sync(editor: vscode.TextEditor, showsHiddenAnswers: boolean): Promise<void> {
    if (editor !== vscode.window.activeTextEditor) return;
    const key = editor.document.uri.toString();
    const turnedOff = this.unwrapped.has(key);
    if (showsHiddenAnswers && !turnedOff && this.wraps(editor.document)) {
      this.unwrapped.add(key);
      await vscode.commands.executeCommand('editor.action.toggleWordWrap');
    } else if (!showsHiddenAnswers && turnedOff) {
      this.unwrapped.delete(key);
      await vscode.commands.executeCommand('editor.action.toggleWordWrap');
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private wraps(document: vscode.TextDocument): boolean {
    return readSetting('noteReview.answers.unwrapWhileHidden', document) && editorWordWrap(document) !== 'off';
  }
}
