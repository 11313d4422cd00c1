import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './extension-api';

interface Contributes {
  commands: { command: string; title: string; category?: string }[];
  viewsWelcome?: { view: string; contents: string }[];
  menus?: Record<string, { command: string }[]>;
}

describe('Extension', () => {
  it('activates on the fixture workspace without errors and returns its API', async () => {
    const { extension, api } = await activateExtension();
    assert.equal(extension.isActive, true);
    assert.equal(typeof api.getNoteJson, 'function');
  });

  it('runs with autosave off, as desktop VS Code does (the web build saves edits after a second)', () => {
    // Tests edit notes and revert them: an autosave in between would change the file on disk.
    assert.equal(vscode.workspace.getConfiguration('files').get('autoSave'), 'off');
  });

  it('registers every command declared in package.json', async () => {
    const { extension } = await activateExtension();
    const declared = (extension.packageJSON.contributes as Contributes).commands.map((c) => c.command);
    assert.ok(declared.length > 0, 'package.json declares no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(declared.filter((id) => !registered.has(id)), [], 'declared but not registered');
  });

  it('declares every command its menus and welcome views use, under the "Note Review" category', async () => {
    const { extension } = await activateExtension();
    const contributes = extension.packageJSON.contributes as Contributes;
    const declared = new Set(contributes.commands.map((c) => c.command));
    const used = [
      ...Object.values(contributes.menus ?? {}).flat().map((m) => m.command),
      ...(contributes.viewsWelcome ?? []).flatMap((w) => [...w.contents.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1])),
    ];
    assert.deepEqual(used.filter((id) => !declared.has(id)), []);
    assert.deepEqual(contributes.commands.filter((c) => c.category !== 'Note Review').map((c) => c.command), []);
  });

  it('opens the bundled sample notes with "Open Sample Notes"', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('noteReview.openSample');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no active editor after noteReview.openSample');
    assert.match(editor.document.uri.path, /\/samples\/aws-ai-practitioner-notes\.md$/);
    assert.equal(editor.document.languageId, 'markdown');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
