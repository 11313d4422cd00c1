import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NoteJson } from '../../src/core';
import { activateExtension, revertAndCloseAll, workspaceFolder } from './extension-api';

const SAMPLE = 'aws-ai-practitioner-notes.md';

/** Runs `note-review parse FILE --json` (the bundled CLI) in `cwd` and returns its first file. */
function parseWithCli(extensionPath: string, cwd: string, file: string): NoteJson {
  const cli = path.join(extensionPath, 'dist', 'cli.js');
  assert.ok(fs.existsSync(cli), `${cli} is missing: run npm run build`);
  // In desktop VS Code process.execPath is Electron: make it behave as Node.
  const result = spawnSync(process.execPath, [cli, 'parse', file, '--json'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  assert.equal(result.status, 0, `the CLI failed: ${result.stderr}`);
  const output = JSON.parse(result.stdout) as { files: NoteJson[] };
  assert.equal(output.files.length, 1);
  return output.files[0];
}

function withoutFile(note: NoteJson): Omit<NoteJson, 'file'> {
  const { file: _file, ...rest } = note;
  return rest;
}

describe('The parse seen through the extension', () => {
  afterEach(async () => {
    await revertAndCloseAll();
  });

  it('equals the CLI parse of the sample notes', async () => {
    const { extension, api } = await activateExtension();
    const folder = workspaceFolder();
    const fromExtension = await api.getNoteJson(vscode.Uri.joinPath(folder.uri, SAMPLE));
    const fromCli = parseWithCli(extension.extensionPath, folder.uri.fsPath, SAMPLE);
    assert.equal(fromExtension.file, SAMPLE);
    assert.deepEqual(withoutFile(fromExtension), withoutFile(fromCli));
  });

  it('reads the editor text with its unsaved edits', async () => {
    const { extension, api } = await activateExtension();
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, SAMPLE);
    const editor = await vscode.window.showTextDocument(uri);
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    assert.ok(await editor.edit((edit) => edit.insert(end, '\n\n## Added in the editor\n\nTyped but not saved.\n')));
    assert.equal(editor.document.isDirty, true);

    const fromExtension = await api.getNoteJson(uri);
    assert.ok(
      fromExtension.sections.some((s) => s.title === 'Added in the editor'),
      `the unsaved heading is missing from ${JSON.stringify(fromExtension.sections.map((s) => s.title))}`,
    );
    // The CLI sees the same text when it is saved to a file of the same relative name.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-unsaved-'));
    try {
      fs.writeFileSync(path.join(copy, SAMPLE), editor.document.getText());
      assert.deepEqual(withoutFile(fromExtension), withoutFile(parseWithCli(extension.extensionPath, copy, SAMPLE)));
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
