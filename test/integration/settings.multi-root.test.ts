// Runs only in the runner's multi-root pass (see workspace-folders.multi-root.test.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { onDidChangeSettings, readSetting, type SettingsChange } from '../../src/vscode/adapters/settings';
import { activateExtension, waitFor } from './extension-api';

function folder(relativePath: string): vscode.WorkspaceFolder {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.uri.path.endsWith(`/multi-root/${relativePath}`));
  if (!found) throw new Error(`no workspace folder at "${relativePath}"`);
  return found;
}

/** The titles of the "Quiz this section" lenses of a note. */
async function quizLensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return lenses.filter((lens) => lens.command?.command === 'noteReview.quizSection').map((lens) => lens.command?.title ?? '');
}

describe('Settings reader, per folder', () => {
  it('a resource-scoped setting set on one folder changes that folder only, and its event says so', async () => {
    await activateExtension();
    const history = folder('history');
    const rome = vscode.Uri.joinPath(history.uri, 'rome.md');
    const cells = vscode.Uri.joinPath(folder('biology').uri, 'cells.md');
    // The lens provider runs on open documents only.
    await Promise.all([rome, cells].map((uri) => vscode.workspace.openTextDocument(uri)));
    await waitFor(async () => ((await quizLensTitles(rome)).length > 0 && (await quizLensTitles(cells)).length > 0 ? true : undefined), 15_000, 'quiz lenses on both notes');

    const events: SettingsChange[] = [];
    const subscription = onDidChangeSettings((change) => events.push(change));
    const historyQuiz = vscode.workspace.getConfiguration('noteReview.quiz', history.uri);
    try {
      await historyQuiz.update('codeLens', false, vscode.ConfigurationTarget.WorkspaceFolder);
      const change = await waitFor(() => events.find((e) => e.ids.includes('noteReview.quiz.codeLens')), 10_000, 'the event for noteReview.quiz.codeLens');
      assert.ok(change.affects('noteReview.quiz.codeLens', rome), 'affects the history folder');
      assert.ok(!change.affects('noteReview.quiz.codeLens', cells), 'does not affect the biology folder');
      assert.equal(readSetting('noteReview.quiz.codeLens', rome), false);
      assert.equal(readSetting('noteReview.quiz.codeLens', cells), true);
      await waitFor(async () => ((await quizLensTitles(rome)).length === 0 ? true : undefined), 10_000, 'no quiz lens on rome.md');
      assert.ok((await quizLensTitles(cells)).length > 0, 'cells.md keeps its quiz lens');
    } finally {
      subscription.dispose();
      await historyQuiz.update('codeLens', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
  });
});
