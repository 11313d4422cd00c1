import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { QueueNode } from '../../src/vscode/features/review-queue/review-queue-tree';
import type { SectionsSnapshotRow } from '../../src/vscode/features/sections/sections-view';
import { activateExtension, revertAndCloseAll, waitFor, workspaceFolder } from './extension-api';

const SAMPLE = 'aws-ai-practitioner-notes.md';

/** The log's events, every segment, in file order. */
function logEvents(folder: string): { kind: string; card: string }[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((n) => n.endsWith('.jsonl'))
    .flatMap((n) => fs.readFileSync(path.join(folder, n), 'utf8').split('\n').filter((l) => l !== ''))
    .map((l) => JSON.parse(l) as { kind: string; card: string });
}

async function cardRow(cardId: string): Promise<SectionsSnapshotRow | undefined> {
  const { rows } = await vscode.commands.executeCommand<{ rows: SectionsSnapshotRow[] }>('noteReview.sections.snapshot');
  const flatten = (list: readonly SectionsSnapshotRow[]): SectionsSnapshotRow[] => list.flatMap((r) => [r, ...flatten(r.children)]);
  return flatten(rows).find((r) => r.id.endsWith(`#card:${cardId}`));
}

describe('Card actions: suspend, unsuspend, reset', () => {
  afterEach(async () => {
    await revertAndCloseAll();
  });

  it('suspending a card takes it out of the queue and marks its row; unsuspending puts it back; each is one log line', async () => {
    const { api } = await activateExtension();
    const [folder] = api.reviewLogFolders();
    await vscode.commands.executeCommand('workbench.view.extension.noteReview');
    const before = await api.reviewQueue();
    const cardId = before.newCards[0];
    assert.ok(cardId, 'the sample has new cards');
    const linesBefore = logEvents(folder).length;

    assert.equal(await vscode.commands.executeCommand('noteReview.suspendCard', cardId), true);
    assert.deepEqual(logEvents(folder).slice(linesBefore).map((e) => [e.kind, e.card]), [['suspend', cardId]]);
    const suspended = await api.reviewQueue();
    assert.ok(![...suspended.newCards, ...suspended.dueNow, ...suspended.learning].includes(cardId), 'a suspended card is not offered');
    await waitFor(async () => ((await cardRow(cardId))?.description === 'suspended' ? true : undefined), 5_000, 'the row to say "suspended"');
    // Suspending again changes nothing and writes nothing.
    assert.equal(await vscode.commands.executeCommand('noteReview.suspendCard', cardId), undefined);
    assert.equal(logEvents(folder).length, linesBefore + 1);

    assert.equal(await vscode.commands.executeCommand('noteReview.unsuspendCard', cardId), true);
    assert.equal(logEvents(folder).at(-1)?.kind, 'unsuspend');
    assert.ok((await api.reviewQueue()).newCards.includes(cardId), 'back among the new cards');
    await waitFor(async () => ((await cardRow(cardId))?.description === '' ? true : undefined), 5_000, 'the row to lose "suspended"');
  });

  it('takes the review queue row a context menu passes (its tree element)', async () => {
    const { api } = await activateExtension();
    const [folder] = api.reviewLogFolders();
    const cardId = (await api.reviewQueue()).newCards[0];
    assert.ok(cardId, 'the sample has new cards');
    // The element the review queue's context menu hands to the command, typed as the tree's own.
    const row: QueueNode = { kind: 'card', group: 'newCards', entry: { card: { id: cardId, note: SAMPLE, prompt: '', line: 1 }, schedule: undefined, dueAt: undefined } };
    assert.equal(await vscode.commands.executeCommand('noteReview.suspendCard', row), true);
    assert.deepEqual(logEvents(folder).at(-1), { ...logEvents(folder).at(-1), kind: 'suspend', card: cardId });
    assert.ok(!(await api.reviewQueue()).newCards.includes(cardId));
    assert.equal(await vscode.commands.executeCommand('noteReview.unsuspendCard', cardId), true);
    assert.ok((await api.reviewQueue()).newCards.includes(cardId));
  });

  it('without an argument, acts on the card under the cursor; a new card has nothing to reset', async () => {
    const { api } = await activateExtension();
    const [folder] = api.reviewLogFolders();
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, SAMPLE);
    const note = await api.getNoteJson(uri);
    const question = note.cards.find((c) => c.prompt.startsWith('What is the pricing model of Cloud Computing?'));
    assert.ok(question, 'question 2 of the sample');
    const editor = await vscode.window.showTextDocument(uri);
    // On one of its options, not its first line: the card spans its options.
    editor.selection = new vscode.Selection(question.line + 2, 0, question.line + 2, 0);

    assert.equal(await vscode.commands.executeCommand('noteReview.suspendCard'), true);
    assert.deepEqual(logEvents(folder).at(-1), { ...logEvents(folder).at(-1), kind: 'suspend', card: question.id });
    assert.equal(await vscode.commands.executeCommand('noteReview.unsuspendCard'), true);
    assert.deepEqual(logEvents(folder).at(-1), { ...logEvents(folder).at(-1), kind: 'unsuspend', card: question.id });

    const lines = logEvents(folder).length;
    assert.equal(await vscode.commands.executeCommand('noteReview.forgetCard'), undefined, 'a card never reviewed is not reset');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.equal(await vscode.commands.executeCommand('noteReview.suspendCard'), undefined, 'no card on the title line');
    assert.equal(logEvents(folder).length, lines);
  });
});
