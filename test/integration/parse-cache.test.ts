import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_FLASHCARD_SEPARATORS, parseNote } from '../../src/core';
import { formatSnapshot, readSnapshot } from '../../src/core/parse/parse-cache';
import { NotesIndex, type IndexedNote } from '../../src/vscode/adapters/notes-index';
import { FileParseCacheStore, parseCacheFile } from '../../src/vscode/adapters/parse-cache-store';
import { activateExtension, workspaceFolder } from './extension-api';

const FOLDER = 'parse-cache-notes';
const NOTES = 300;

/** A log channel that keeps its lines (the index only writes to it). */
function recordingLog(): { channel: vscode.LogOutputChannel; lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, ...args: unknown[]) => lines.push(`${level} ${[message, ...args.map(String)].join(' ')}`);
  const channel = { trace: record('trace'), debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  return { channel: channel as unknown as vscode.LogOutputChannel, lines };
}

/** A note of about 10 KB: headings, paragraphs with bold terms, questions, flashcards. */
function generatedNote(n: number): string {
  const parts = [`# Generated note ${n}`, ''];
  for (let s = 0; parts.join('\n').length < 10_000; s++) {
    parts.push(
      `## Section ${s} of note ${n}`,
      '',
      `The **term ${n}-${s}** is what the service uses to keep state between requests; it is billed per hour of use and per gigabyte stored.`,
      '',
      `- term ${n}-${s} -> the thing defined in section ${s}`,
      '',
      `${s + 1}. Which option is right for note ${n}, section ${s}?`,
      '',
      `- option one`,
      `- \`option two\``,
      `- option three`,
      '',
      `Front ${n}-${s}::Back ${n}-${s}`,
      '',
    );
  }
  return parts.join('\n');
}

function folderPath(...parts: string[]): string {
  return path.join(workspaceFolder().uri.fsPath, ...parts);
}

/** Indexes the workspace with a fresh index over the snapshot at `file`, as a new window would. */
async function startIndex(file: string): Promise<{ index: NotesIndex; lines: string[] }> {
  const log = recordingLog();
  const index = new NotesIndex(log.channel, { cache: { store: new FileParseCacheStore(file, log.channel), version: 'integration-test' } });
  await index.whenReady();
  return { index, lines: log.lines };
}

function ours(notes: readonly IndexedNote[]): IndexedNote[] {
  return notes.filter((n) => n.key.startsWith(`${FOLDER}/`));
}

describe('Parse cache across sessions', function () {
  this.timeout(180_000);
  let storage: string;

  before(async () => {
    await activateExtension();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.mkdirSync(folderPath(FOLDER), { recursive: true });
    for (let n = 0; n < NOTES; n++) fs.writeFileSync(folderPath(FOLDER, `note-${n}.md`), generatedNote(n));
  });

  beforeEach(() => {
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-global-storage-'));
  });
  afterEach(() => fs.rmSync(storage, { recursive: true, force: true }));

  after(() => fs.rmSync(folderPath(FOLDER), { recursive: true, force: true }));

  it('a second start over the same global storage parses none of the unchanged notes, and gives the same notes', async () => {
    const file = parseCacheFile(storage);
    const first = await startIndex(file);
    const cold = first.index.counts();
    const firstNotes = ours(first.index.all());
    await first.index.flushCache();
    first.index.dispose();
    assert.equal(firstNotes.length, NOTES);
    assert.ok(cold.diskParses >= NOTES && cold.cacheHits === 0, JSON.stringify(cold));
    assert.ok(fs.statSync(file).size > 0, 'no snapshot saved');

    const started = Date.now();
    const second = await startIndex(file);
    const warmMs = Date.now() - started;
    try {
      const warm = second.index.counts();
      console.log(`      first start: ${JSON.stringify(cold)}; second start: ${JSON.stringify(warm)} in ${warmMs} ms`);
      assert.equal(warm.diskParses, 0, `notes parsed again: ${JSON.stringify(warm)}`);
      assert.ok(warm.cacheHits >= NOTES, JSON.stringify(warm));
      assert.deepEqual(ours(second.index.all()).map((n) => n.note), firstNotes.map((n) => n.note));
      assert.ok(second.lines.some((l) => /Indexed \d+ notes \(0 parsed, \d+ from the parse cache\)/.test(l)), second.lines.join('\n'));
    } finally {
      second.index.dispose();
    }
  });

  it('a note changed between two starts is the only one parsed again', async () => {
    const file = parseCacheFile(storage);
    const first = await startIndex(file);
    await first.index.flushCache();
    first.index.dispose();
    const changed = folderPath(FOLDER, 'note-7.md');
    const original = fs.readFileSync(changed, 'utf8');
    fs.writeFileSync(changed, `${original}\n## Added later\n\nAdded::later\n`);
    try {
      const second = await startIndex(file);
      try {
        assert.equal(second.index.counts().diskParses, 1);
        const note = second.index.all().find((n) => n.key === `${FOLDER}/note-7.md`);
        assert.ok(note?.note.cards.some((c) => c.prompt === 'Added'), 'the changed note has its new card');
      } finally {
        second.index.dispose();
      }
    } finally {
      fs.writeFileSync(changed, original);
    }
  });

  it('a damaged snapshot is ignored with one log line, every note is parsed, and the next save repairs it', async () => {
    const file = parseCacheFile(storage);
    const first = await startIndex(file);
    await first.index.flushCache();
    first.index.dispose();
    const saved = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, saved.slice(0, saved.length >> 1)); // a write cut short by a crash

    const second = await startIndex(file);
    const counts = second.index.counts();
    assert.ok(counts.diskParses >= NOTES && counts.cacheHits === 0, JSON.stringify(counts));
    assert.equal(second.lines.filter((l) => /parse cache/i.test(l) && /damaged/.test(l)).length, 1, second.lines.join('\n'));
    await second.index.flushCache();
    second.index.dispose();

    const third = await startIndex(file);
    try {
      assert.equal(third.index.counts().diskParses, 0);
    } finally {
      third.index.dispose();
    }
  });

  it('a snapshot entry tampered with is not trusted: that note is parsed again and the log says so', async () => {
    const file = parseCacheFile(storage);
    const first = await startIndex(file);
    await first.index.flushCache();
    first.index.dispose();
    const snapshot = readSnapshot(fs.readFileSync(file, 'utf8'));
    assert.ok(snapshot, 'the saved snapshot reads back');
    const [tampered] = [...snapshot.entries.values()].map((e) => e.note as { cards: { line: number }[] }).filter((n) => n.cards.length > 0);
    tampered.cards[0].line = 1_000_000; // outside the note
    fs.writeFileSync(file, formatSnapshot(snapshot.version, snapshot.entries));

    const second = await startIndex(file);
    try {
      assert.equal(second.index.counts().diskParses, 1);
      assert.ok(second.lines.some((l) => /1 saved parses were malformed/.test(l)), second.lines.join('\n'));
      for (const n of ours(second.index.all())) assert.ok(n.note.cards.every((c) => c.line <= n.note.lineCount));
    } finally {
      second.index.dispose();
    }
  });

  it('edits to a big note re-parse only the chunks they touch, and give the same note as a full parse', async () => {
    const text = Array.from({ length: 4 }, (_, n) => generatedNote(n)).join('\n\n');
    assert.ok(text.length > 32 * 1024, 'big enough to be parsed in chunks');
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
    const log = recordingLog();
    const index = new NotesIndex(log.channel);
    try {
      index.noteFor(document);
      const before = index.counts();
      for (const [line, insert] of [[5, 'typed words '], [300, '```\n'], [301, 'Q::A\n']] as const) {
        const edit = new vscode.WorkspaceEdit();
        edit.insert(document.uri, new vscode.Position(line, 0), insert);
        assert.ok(await vscode.workspace.applyEdit(edit));
        const note = index.noteFor(document);
        assert.deepEqual(note, parseNote(document.getText(), { noteKey: document.uri.path, flashcards: { ...DEFAULT_FLASHCARD_SEPARATORS } }));
      }
      const after = index.counts();
      assert.equal(after.incrementalUpdates - before.incrementalUpdates, 3, JSON.stringify(after));
      assert.equal(after.documentParses, before.documentParses);
    } finally {
      index.dispose();
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
