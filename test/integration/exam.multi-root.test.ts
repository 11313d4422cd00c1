// Runs only in the runner's multi-root pass (see workspace-folders.multi-root.test.ts):
// an exam date belongs to one workspace folder, and goes to that folder's review log.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExamSnapshot } from '../../src/vscode/features/exam/exam-feature';
import { activateExtension } from './extension-api';

function folder(relativePath: string): vscode.WorkspaceFolder {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.uri.path.endsWith(`/multi-root/${relativePath}`));
  if (!found) throw new Error(`no workspace folder at "${relativePath}"`);
  return found;
}

function logEvents(workspaceFolder: vscode.WorkspaceFolder): Record<string, unknown>[] {
  const logFolder = path.join(workspaceFolder.uri.fsPath, '.note-review', 'log');
  if (!fs.existsSync(logFolder)) return [];
  return fs
    .readdirSync(logFolder)
    .filter((n) => n.endsWith('.jsonl'))
    .flatMap((n) => fs.readFileSync(path.join(logFolder, n), 'utf8').split('\n').filter((l) => l !== ''))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('Multi-root workspace: exam dates per folder', () => {
  // The folder named "biology (2)" in the workspace file: the other suite counts the lines of the other folders' logs.
  it('an exam date of one folder goes to its own log, and covers only its cards', async () => {
    const { api } = await activateExtension();
    const target = folder('extra');
    const others = [folder('biology'), folder('more/biology'), folder('history')];
    const before = others.map((f) => logEvents(f).length);
    const date = new Date(Date.now() + 30 * 86_400_000);
    const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

    assert.equal(await vscode.commands.executeCommand('noteReview.setExamDate', { folder: target.uri.toString(), date: day }), true);
    const event = logEvents(target).at(-1) ?? {};
    assert.deepEqual([event.kind, event.date, event.folder], ['exam', day, 'biology (2)']);
    assert.deepEqual(others.map((f) => logEvents(f).length), before, 'nothing in the other folders\' logs');

    const snapshot = await vscode.commands.executeCommand<ExamSnapshot>('noteReview.exam.snapshot');
    assert.deepEqual(snapshot.folders.map((f) => [f.folder, f.folderName]), [['biology (2)', 'biology (2)']]);
    const osmosis = await api.getNoteJson(vscode.Uri.joinPath(target.uri, 'osmosis.md'));
    assert.ok(osmosis.cards.length > 0);
    assert.equal(snapshot.folders[0].readiness.cardCount, osmosis.cards.length, 'the cards of that folder');
    assert.match(snapshot.status.text, /^\$\(calendar\) Exam in 30 days · ready \d+%$/);

    assert.equal(await vscode.commands.executeCommand('noteReview.undoExamDate'), true);
    const undo = logEvents(target).at(-1) ?? {};
    assert.deepEqual([undo.kind, undo.target, undo.folder], ['undo', event.id, 'biology (2)']);
    assert.deepEqual(others.map((f) => logEvents(f).length), before);
    assert.deepEqual((await vscode.commands.executeCommand<ExamSnapshot>('noteReview.exam.snapshot')).folders, []);
  });
});
