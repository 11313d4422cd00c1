import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, workspaceFolder } from './extension-api';

/** All lines of every segment of the log folder. */
function logLines(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((n) => n.endsWith('.jsonl'))
    .flatMap((n) => fs.readFileSync(path.join(folder, n), 'utf8').split('\n').filter((l) => l !== ''));
}

describe('Review (spaced repetition)', () => {
  it('leaves Date.prototype without enumerable properties after activation', async () => {
    await activateExtension();
    const keys: string[] = [];
    for (const key in new Date()) keys.push(key);
    assert.deepEqual(keys, []);
    assert.deepEqual(Object.keys(Date.prototype), []);
  });

  it('keeps the review log in .note-review/log of the workspace folder', async () => {
    const { api } = await activateExtension();
    assert.deepEqual(api.reviewLogFolders(), [path.join(workspaceFolder().uri.fsPath, '.note-review', 'log')]);
  });

  it('a rating appends one line to the log and moves the card from New to Learning; undo takes it back with a new line', async () => {
    const { api } = await activateExtension();
    const [folder] = api.reviewLogFolders();
    const before = await api.reviewQueue();
    assert.ok(before.newCards.length > 0, 'the sample has new cards');
    const cardId = before.newCards[0];
    const linesBefore = logLines(folder).length;
    const result = await api.rateCard(cardId, 1, 4200);
    assert.deepEqual(result, { saved: true });
    const lines = logLines(folder);
    assert.equal(lines.length, linesBefore + 1);
    const event = JSON.parse(lines[lines.length - 1]) as { kind: string; card: string; rating: number; durationMs: number; note: string; question: string };
    assert.deepEqual([event.kind, event.card, event.rating, event.durationMs], ['review', cardId, 1, 4200]);
    assert.equal(event.note, 'aws-ai-practitioner-notes.md');
    assert.ok(event.question.length > 0);
    const after = await api.reviewQueue();
    assert.ok(after.learning.includes(cardId), 'Again puts the card in its learning steps');
    assert.ok(!after.newCards.includes(cardId));

    assert.equal(await vscode.commands.executeCommand('noteReview.undoLastRating'), true);
    const undoLine = JSON.parse(logLines(folder).at(-1) ?? '{}') as { kind: string; target: string };
    assert.equal(undoLine.kind, 'undo');
    const undone = await api.reviewQueue();
    assert.ok(undone.newCards.includes(cardId), 'the card is new again');
    assert.ok(!undone.learning.includes(cardId));
  });

  it('Check Review Log reports nothing the second time', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('noteReview.checkReviewLog');
    const second = await vscode.commands.executeCommand<{ findings: number; links: number }>('noteReview.checkReviewLog');
    assert.deepEqual(second, { findings: 0, links: 0 });
  });

  it('Start Review opens the quiz panel on the queue', async () => {
    await activateExtension();
    const panel = await vscode.commands.executeCommand<unknown>('noteReview.startReview');
    assert.ok(panel, 'a review panel opened');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
