import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ScheduleImportResult } from '../../src/vscode/features/schedule-import';
import { activateExtension, revertAndCloseAll, waitFor, workspaceFolder } from './extension-api';

const NOTE = 'obsidian-vault-note.md';
// A note as the Obsidian plugin leaves it: a schedule at a card's line end, one on the line
// after a reversible card (its reversed side never reviewed), a note-level one under a
// heading, and one with a date that does not exist.
const TEXT = [
  '# Cell parts',
  '',
  'Ribosome::Where proteins are assembled <!--SR:!2027-03-01,4,270-->',
  '',
  'Lysosome:::The recycling centre of the cell',
  '<!--SR:!2027-03-05,9,250!2000-01-01,1,250-->',
  '',
  '## Membranes',
  '<!--SR:!2027-05-01,12,250-->',
  '',
  'Osmosis::Water crossing a membrane <!--SR:!2027-02-31,4,250-->',
  '',
].join('\n');

/** The import lines of the log, every segment. */
function importLines(folder: string): { kind: string; card: string; due: string }[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((n) => n.endsWith('.jsonl'))
    .flatMap((n) => fs.readFileSync(path.join(folder, n), 'utf8').split('\n').filter((l) => l !== ''))
    .map((l) => JSON.parse(l) as { kind: string; card: string; due: string })
    .filter((e) => e.kind === 'import');
}

describe('Import schedules from note comments (Obsidian Spaced Repetition)', () => {
  const uri = () => vscode.Uri.joinPath(workspaceFolder().uri, NOTE);

  before(async () => {
    await activateExtension();
    fs.writeFileSync(uri().fsPath, TEXT);
  });

  after(async () => {
    fs.rmSync(uri().fsPath, { force: true });
    await revertAndCloseAll();
  });

  it('gives each reviewed card its due date, never edits the note, and adds nothing the second time', async () => {
    const { api } = await activateExtension();
    const [folder] = api.reviewLogFolders();
    const note = await api.getNoteJson(uri());
    const card = (prompt: string, reversed = false) => {
      const found = note.cards.find((c) => c.prompt === prompt && (c.reversed === true) === reversed);
      assert.ok(found, `the card "${prompt}"`);
      return found.id;
    };
    const ribosome = card('Ribosome');
    const lysosome = card('Lysosome');
    const lysosomeBack = card('The recycling centre of the cell', true);
    // The command imports the cards of the indexed notes: wait until the index has the new note.
    await waitFor(async () => ((await vscode.commands.executeCommand<{ rows: { label: string }[] }>('noteReview.sections.snapshot')).rows.some((r) => r.label === NOTE) ? true : undefined), 15_000, 'the new note in the index');
    const bytes = fs.readFileSync(uri().fsPath);

    const first = await vscode.commands.executeCommand<ScheduleImportResult>('noteReview.importSchedules');
    assert.ok(first, 'the command returned its result');
    assert.deepEqual(
      { imported: first.imported, alreadyImported: first.alreadyImported, alreadyReviewed: first.alreadyReviewed, newSides: first.newSides, unreadable: first.unreadable, unmatched: first.unmatched, notSaved: first.notSaved },
      { imported: 2, alreadyImported: 0, alreadyReviewed: 0, newSides: 1, unreadable: 1, unmatched: 1, notSaved: 0 },
    );
    // Due at the start of the day, in the learner's (this machine's) time zone.
    assert.deepEqual(api.cardSchedule(ribosome), { phase: 'review', dueAt: new Date(2027, 2, 1).getTime() });
    assert.deepEqual(api.cardSchedule(lysosome), { phase: 'review', dueAt: new Date(2027, 2, 5).getTime() });
    assert.equal(api.cardSchedule(lysosomeBack), undefined, 'the side never reviewed in Obsidian stays new');
    const queue = await api.reviewQueue();
    assert.ok(!queue.newCards.includes(ribosome) && !queue.dueNow.includes(ribosome), 'no longer a new card, and not due before its date');
    assert.deepEqual(
      importLines(folder).map((e) => [e.card, e.due]),
      [
        [ribosome, '2027-03-01'],
        [lysosome, '2027-03-05'],
      ],
    );

    const second = await vscode.commands.executeCommand<ScheduleImportResult>('noteReview.importSchedules');
    assert.deepEqual([second?.imported, second?.alreadyImported], [0, 2]);
    assert.equal(importLines(folder).length, 2, 'importing twice adds nothing');
    assert.deepEqual(api.cardSchedule(ribosome), { phase: 'review', dueAt: new Date(2027, 2, 1).getTime() });

    assert.ok(fs.readFileSync(uri().fsPath).equals(bytes), 'the note on disk is unchanged');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri().toString() && d.isDirty), 'and not edited in an editor');
  });

  it('a card reviewed here keeps its own schedule: the import skips it and says so', async () => {
    const { api } = await activateExtension();
    const note = await api.getNoteJson(uri());
    const back = note.cards.find((c) => c.reversed === true);
    assert.ok(back, 'the reversed card');
    // Give the never-reviewed side a schedule in the note's text as the plugin would after a review, and review it here first.
    assert.deepEqual(await api.rateCard(back.id, 3), { saved: true });
    const rated = api.cardSchedule(back.id);
    fs.writeFileSync(uri().fsPath, TEXT.replace('!2000-01-01,1,250', '!2027-04-01,20,250'));
    await api.catchUpNotesWithDisk();
    // The note is open in the extension host (getNoteJson opened it): wait until it shows the file's new text.
    await waitFor(async () => ((await vscode.workspace.openTextDocument(uri())).getText().includes('!2027-04-01') ? true : undefined), 15_000, 'the open note to show the text on disk');
    const result = await vscode.commands.executeCommand<ScheduleImportResult>('noteReview.importSchedules');
    assert.deepEqual([result?.imported, result?.alreadyImported, result?.alreadyReviewed], [0, 2, 1]);
    assert.match(result?.message ?? '', /1 card already reviewed here \(its reviews win\)/);
    assert.deepEqual(api.cardSchedule(back.id), rated);
  });
});
