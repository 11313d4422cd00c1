// Runs only in the runner's multi-root pass: a `.code-workspace` of two folders,
// test/fixtures/multi-root/{biology,history}.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SectionsSnapshotRow } from '../../src/vscode/features/sections/sections-view';
import { activateExtension, waitFor } from './extension-api';

function folder(name: string): vscode.WorkspaceFolder {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  if (!found) throw new Error(`no workspace folder "${name}"`);
  return found;
}

/** The events of one folder's review log, every segment. */
function logEvents(logFolder: string): { kind: string; card: string; note: string }[] {
  if (!fs.existsSync(logFolder)) return [];
  return fs
    .readdirSync(logFolder)
    .filter((n) => n.endsWith('.jsonl'))
    .flatMap((n) => fs.readFileSync(path.join(logFolder, n), 'utf8').split('\n').filter((l) => l !== ''))
    .map((l) => JSON.parse(l) as { kind: string; card: string; note: string });
}

describe('Multi-root workspace', () => {
  it('opens with two folders and indexes the notes of both, keyed by folder', async () => {
    await activateExtension();
    assert.deepEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), ['biology', 'history']);
    const labels = await waitFor(
      async () => {
        const { rows } = await vscode.commands.executeCommand<{ rows: SectionsSnapshotRow[] }>('noteReview.sections.snapshot');
        const keys = rows.map((r) => r.label);
        return keys.includes('biology/cells.md') && keys.includes('history/rome.md') ? keys : undefined;
      },
      10_000,
      'the notes of both folders in the Sections view',
    );
    assert.deepEqual(labels.sort(), ['biology/cells.md', 'history/rome.md']);
  });

  it('keeps a review log in each folder, and writes each rating to the log of its note\'s folder', async () => {
    const { api } = await activateExtension();
    const biologyLog = path.join(folder('biology').uri.fsPath, '.note-review', 'log');
    const historyLog = path.join(folder('history').uri.fsPath, '.note-review', 'log');
    assert.deepEqual(api.reviewLogFolders(), [biologyLog, historyLog]);

    const cells = await api.getNoteJson(vscode.Uri.joinPath(folder('biology').uri, 'cells.md'));
    const rome = await api.getNoteJson(vscode.Uri.joinPath(folder('history').uri, 'rome.md'));
    const cellsQuestion = cells.cards.find((c) => c.kind === 'mcq');
    const romeQuestion = rome.cards.find((c) => c.kind === 'mcq');
    assert.ok(cellsQuestion && romeQuestion, 'a question in each note');

    assert.deepEqual(await api.rateCard(cellsQuestion.id, 3), { saved: true });
    assert.deepEqual(await api.rateCard(romeQuestion.id, 3), { saved: true });
    assert.deepEqual(logEvents(biologyLog).map((e) => [e.kind, e.card, e.note]), [['review', cellsQuestion.id, 'biology/cells.md']]);
    assert.deepEqual(logEvents(historyLog).map((e) => [e.kind, e.card, e.note]), [['review', romeQuestion.id, 'history/rome.md']]);

    const queue = await api.reviewQueue();
    assert.ok(queue.learning.includes(cellsQuestion.id) && queue.learning.includes(romeQuestion.id), 'both rated cards are learning');
    const rest = [...queue.newCards, ...queue.dueNow];
    assert.ok(rome.cards.filter((c) => c.kind === 'flashcard').every((c) => rest.includes(c.id)), 'the other folder\'s flashcard is a new card of the same queue');

    // Undo goes to the folder of the rating it takes back.
    assert.equal(await vscode.commands.executeCommand('noteReview.undoLastRating'), true);
    assert.equal(await vscode.commands.executeCommand('noteReview.undoLastRating'), true);
    assert.deepEqual(logEvents(historyLog).map((e) => e.kind), ['review', 'undo']);
    assert.deepEqual(logEvents(biologyLog).map((e) => e.kind), ['review', 'undo']);
    const after = await api.reviewQueue();
    assert.ok(after.newCards.includes(cellsQuestion.id) && after.newCards.includes(romeQuestion.id), 'both are new again');
  });
});
