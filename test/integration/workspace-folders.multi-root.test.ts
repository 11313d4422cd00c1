// Runs only in the runner's multi-root pass: a `.code-workspace` of four folders,
// test/fixtures/multi-root/{biology,history,more/biology,extra} (two of them named
// "biology", and "extra" named "biology (2)" in the workspace file).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SectionsSnapshotRow } from '../../src/vscode/features/sections/sections-view';
import { activateExtension, waitFor } from './extension-api';

/** The workspace folder at `relativePath` of the fixture (two folders are named "biology"). */
function folder(relativePath: string): vscode.WorkspaceFolder {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.uri.path.endsWith(`/multi-root/${relativePath}`));
  if (!found) throw new Error(`no workspace folder at "${relativePath}"`);
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
  it('opens with four folders, two of them named alike, and indexes the notes of each, keyed by folder', async () => {
    await activateExtension();
    assert.deepEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), ['biology', 'history', 'biology', 'biology (2)']);
    const labels = await waitFor(
      async () => {
        const { rows } = await vscode.commands.executeCommand<{ rows: SectionsSnapshotRow[] }>('noteReview.sections.snapshot');
        const keys = rows.map((r) => r.label);
        return keys.length >= 4 ? keys : undefined;
      },
      10_000,
      'the notes of the four folders in the Sections view',
    );
    // The second folder named "biology" holds a cells.md too: its key numbers the folder, and
    // skips the number a folder really named "biology (2)" has.
    assert.deepEqual(labels.sort(), ['biology (2)/osmosis.md', 'biology (3)/cells.md', 'biology/cells.md', 'history/rome.md']);
  });

  it('keeps a review log in each folder, and writes each rating to the log of its note\'s folder', async () => {
    const { api } = await activateExtension();
    const biologyLog = path.join(folder('biology').uri.fsPath, '.note-review', 'log');
    const historyLog = path.join(folder('history').uri.fsPath, '.note-review', 'log');
    const moreBiologyLog = path.join(folder('more/biology').uri.fsPath, '.note-review', 'log');
    const extraLog = path.join(folder('extra').uri.fsPath, '.note-review', 'log');
    assert.deepEqual(api.reviewLogFolders(), [biologyLog, historyLog, moreBiologyLog, extraLog]);

    const cells = await api.getNoteJson(vscode.Uri.joinPath(folder('biology').uri, 'cells.md'));
    const rome = await api.getNoteJson(vscode.Uri.joinPath(folder('history').uri, 'rome.md'));
    const cellsQuestion = cells.cards.find((c) => c.kind === 'mcq');
    const romeQuestion = rome.cards.find((c) => c.kind === 'mcq');
    assert.ok(cellsQuestion && romeQuestion, 'a question in each note');

    assert.deepEqual(await api.rateCard(cellsQuestion.id, 3), { saved: true });
    assert.deepEqual(await api.rateCard(romeQuestion.id, 3), { saved: true });
    assert.deepEqual(logEvents(biologyLog).map((e) => [e.kind, e.card, e.note]), [['review', cellsQuestion.id, 'biology/cells.md']]);
    assert.deepEqual(logEvents(historyLog).map((e) => [e.kind, e.card, e.note]), [['review', romeQuestion.id, 'history/rome.md']]);

    // A note of the second folder named "biology" goes to that folder's log, not the first's.
    const moreCells = await api.getNoteJson(vscode.Uri.joinPath(folder('more/biology').uri, 'cells.md'));
    const moreCellsQuestion = moreCells.cards.find((c) => c.kind === 'mcq');
    assert.ok(moreCellsQuestion, 'a question in the second cells.md');
    assert.deepEqual(await api.rateCard(moreCellsQuestion.id, 3), { saved: true });
    assert.deepEqual(logEvents(moreBiologyLog).map((e) => [e.kind, e.card, e.note]), [['review', moreCellsQuestion.id, 'biology (3)/cells.md']]);
    assert.equal(logEvents(biologyLog).length, 1, 'nothing more in the first biology folder\'s log');

    const queue = await api.reviewQueue();
    assert.ok(queue.learning.includes(cellsQuestion.id) && queue.learning.includes(romeQuestion.id), 'both rated cards are learning');
    const rest = [...queue.newCards, ...queue.dueNow];
    assert.ok(rome.cards.filter((c) => c.kind === 'flashcard').every((c) => rest.includes(c.id)), 'the other folder\'s flashcard is a new card of the same queue');

    // Undo goes to the folder of the rating it takes back.
    for (let i = 0; i < 3; i++) assert.equal(await vscode.commands.executeCommand('noteReview.undoLastRating'), true);
    assert.deepEqual(logEvents(moreBiologyLog).map((e) => e.kind), ['review', 'undo']);
    assert.deepEqual(logEvents(historyLog).map((e) => e.kind), ['review', 'undo']);
    assert.deepEqual(logEvents(biologyLog).map((e) => e.kind), ['review', 'undo']);
    const after = await api.reviewQueue();
    assert.ok([cellsQuestion.id, romeQuestion.id, moreCellsQuestion.id].every((id) => after.newCards.includes(id)), 'all three are new again');
  });
});
