import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SectionsSnapshotRow } from '../../src/vscode/features/sections/sections-view';
import { NotesIndex } from '../../src/vscode/adapters/notes-index';
import { activateExtension, workspaceFolder } from './extension-api';

const FOLDER = 'hostile-files';

/** A log channel that keeps its lines (the index only writes to it). */
function recordingLog(): { channel: vscode.LogOutputChannel; lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, ...args: unknown[]) => lines.push(`${level} ${[message, ...args.map(String)].join(' ')}`);
  const channel = { trace: record('trace'), debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  return { channel: channel as unknown as vscode.LogOutputChannel, lines };
}
const HUGE_BYTES = 50 * 1024 * 1024;

function folderPath(...parts: string[]): string {
  return path.join(workspaceFolder().uri.fsPath, FOLDER, ...parts);
}

/** A 50 MB note of ordinary markdown, written in 1 MB pieces (never committed: generated here). */
function writeHugeNote(file: string): void {
  const line = '- term -> a definition of the term, long enough to fill the line up to eighty characters\n';
  const piece = Buffer.from(line.repeat(Math.ceil((1024 * 1024) / line.length)).slice(0, 1024 * 1024));
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, Buffer.from('# A 50 MB note\n\n'));
    for (let written = 0; written < HUGE_BYTES; written += piece.length) fs.writeSync(fd, piece);
  } finally {
    fs.closeSync(fd);
  }
}

async function listedNotes(): Promise<string[]> {
  const snapshot = await vscode.commands.executeCommand<{ rows: SectionsSnapshotRow[] }>('noteReview.sections.snapshot');
  return snapshot.rows.map((row) => row.label);
}

describe('Hostile files in the workspace', function () {
  this.timeout(120_000);

  before(async () => {
    await activateExtension();
    fs.mkdirSync(folderPath(), { recursive: true });
    writeHugeNote(folderPath('huge.md'));
    // A binary file named .md: PNG header, NUL bytes, random-looking bytes.
    fs.writeFileSync(folderPath('image.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, ...Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)]));
    // Latin-1 text saved as .md: é as 0xE9, and a lone continuation byte.
    fs.writeFileSync(folderPath('latin1.md'), Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from('\n\nQ::A '), Buffer.from([0x80, 0xff]), Buffer.from('\n')]));
    fs.writeFileSync(folderPath('fine.md'), '# Fine\n\nQuestion::Answer\n');
  });

  after(() => fs.rmSync(folderPath(), { recursive: true, force: true }));

  it('skips a 50 MB note, a binary .md and invalid UTF-8 with one log line each, and indexes the rest', async () => {
    const log = recordingLog();
    const index = new NotesIndex(log.channel);
    try {
      const started = Date.now();
      await index.whenReady();
      const elapsedMs = Date.now() - started;
      const keys = index.all().map((n) => n.key);
      assert.ok(keys.includes(`${FOLDER}/fine.md`), keys.join());
      for (const name of ['huge.md', 'image.md', 'latin1.md']) assert.ok(!keys.includes(`${FOLDER}/${name}`), `${name} was indexed`);

      const reasons = Object.fromEntries(index.skippedNotes().map((s) => [path.basename(s.uri.fsPath), s.reason]));
      assert.match(reasons['huge.md'], /larger than noteReview\.maxNoteSizeMB \(50\.0 MB > 5\.0 MB\)/);
      assert.match(reasons['image.md'], /binary/);
      assert.match(reasons['latin1.md'], /not valid UTF-8/);

      // Scanning again (a folder or files.exclude change) does not repeat the lines.
      await index.rescan({ reparse: false });
      await index.rescan({ reparse: false });
      const skipLines = log.lines.filter((l) => l.includes('Skipped'));
      assert.deepEqual(skipLines.map((l) => l.replace(/:.*/, '')).sort(), [`warn Skipped ${FOLDER}/huge.md`, `warn Skipped ${FOLDER}/image.md`, `warn Skipped ${FOLDER}/latin1.md`]);
      assert.deepEqual(log.lines.filter((l) => l.startsWith('error')), []);
      console.log(`      indexed the workspace with the 50 MB, binary and Latin-1 files in ${elapsedMs} ms; ${skipLines.length} log lines for them`);
      assert.ok(elapsedMs < 10_000, `indexing took ${elapsedMs} ms`);
    } finally {
      index.dispose();
    }
  });

  it('the running extension leaves them out of the Sections view and keeps answering', async () => {
    const deadline = Date.now() + 10_000;
    let keys = await listedNotes();
    while (!keys.includes(`${FOLDER}/fine.md`) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      keys = await listedNotes();
    }
    assert.ok(keys.includes(`${FOLDER}/fine.md`), keys.join());
    assert.deepEqual(keys.filter((k) => /hostile-files\/(huge|image|latin1)\.md/.test(k)), []);
    const { api } = await activateExtension();
    const json = await api.getNoteJson(vscode.Uri.file(folderPath('fine.md')));
    assert.equal(json.cards.length, 1);
  });

  it('opening the Latin-1 file in an editor crashes nothing (VS Code itself refuses the binary one)', async () => {
    const { api } = await activateExtension();
    await assert.rejects(async () => vscode.workspace.openTextDocument(vscode.Uri.file(folderPath('image.md'))), /binary/);
    for (const name of ['latin1.md']) {
      const uri = vscode.Uri.file(folderPath(name));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      // Providers get a parse of whatever text the editor decoded, even for a skipped file.
      const json = await api.getNoteJson(uri);
      assert.ok(Array.isArray(json.cards));
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      assert.ok(Array.isArray(lenses));
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
