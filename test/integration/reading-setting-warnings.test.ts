import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SettingWarningsSnapshot } from '../../src/vscode/features/setting-problems';
import { activateExtension, revertAndCloseAll, waitFor } from './extension-api';

async function warnings(): Promise<SettingWarningsSnapshot> {
  const snapshot = await vscode.commands.executeCommand<SettingWarningsSnapshot>('noteReview.settingWarnings.snapshot');
  assert.ok(snapshot, 'noteReview.settingWarnings.snapshot answered');
  return snapshot;
}

describe('Reading settings the notes cannot be read with', () => {
  const flashcards = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('noteReview.flashcards');
  const written: vscode.Uri[] = [];

  afterEach(async () => {
    await flashcards().update('clozePatterns', undefined, vscode.ConfigurationTarget.Workspace);
    await flashcards().update('separator', undefined, vscode.ConfigurationTarget.Workspace);
    await revertAndCloseAll();
    for (const uri of written.splice(0)) await vscode.workspace.fs.delete(uri);
  });

  it('a cloze pattern without "answer" is warned about once, by name and reason, and the notes are read with the default meanwhile', async () => {
    const { api } = await activateExtension();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const note = vscode.Uri.joinPath(folder.uri, 'setting-warning-cloze.md');
    await vscode.workspace.fs.writeFile(note, new TextEncoder().encode('# Capitals\n\nParis is the ==capital== of France.\n'));
    written.push(note);
    const before = (await warnings()).shown.length;

    await flashcards().update('clozePatterns', ['{{cloze}}'], vscode.ConfigurationTarget.Workspace);
    const shown = await waitFor(async () => {
      const now = await warnings();
      return now.shown.length > before ? now.shown.slice(before) : undefined;
    }, 15_000, 'a warning about noteReview.flashcards.clozePatterns');
    assert.equal(shown.length, 1, `one warning, got: ${shown.join(' | ')}`);
    assert.match(shown[0], /noteReview\.flashcards\.clozePatterns/);
    assert.match(shown[0], /answer/);
    assert.match(shown[0], /read with its default/);
    assert.deepEqual((await warnings()).current, shown);

    // The default pattern (==highlight==) still makes the cloze: the bad value took nothing away.
    const cards = (await api.getNoteJson(note)).cards.map((card) => [card.kind, card.answer]);
    assert.deepEqual(cards, [['cloze', 'capital']]);

    // Another setting changing does not repeat the warning about the same value.
    await flashcards().update('separator', ';;', vscode.ConfigurationTarget.Workspace);
    await waitFor(() => (vscode.workspace.getConfiguration('noteReview.flashcards').get('separator') === ';;' ? true : undefined), 10_000, 'the separator set');
    assert.equal((await warnings()).shown.length, before + 1);

    // Fixed: no problem is left.
    await flashcards().update('clozePatterns', ['{{answer}}'], vscode.ConfigurationTarget.Workspace);
    await waitFor(async () => ((await warnings()).current.length === 0 ? true : undefined), 10_000, 'no problem once the pattern has "answer"');
  });

  it('a separator of the wrong type is named with the type it needs', async () => {
    await activateExtension();
    const before = (await warnings()).shown.length;
    await flashcards().update('separator', 42, vscode.ConfigurationTarget.Workspace);
    const shown = await waitFor(async () => {
      const now = await warnings();
      return now.shown.length > before ? now.shown[now.shown.length - 1] : undefined;
    }, 15_000, 'a warning about noteReview.flashcards.separator');
    assert.match(shown, /noteReview\.flashcards\.separator .*separator must be text, not 42/);
  });
});
