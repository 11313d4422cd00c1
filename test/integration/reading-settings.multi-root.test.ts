// Runs only in the runner's multi-root pass (see workspace-folders.multi-root.test.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NoteJson } from '../../src/core';
import { activateExtension, revertAndCloseAll, waitFor } from './extension-api';

function folder(relativePath: string): vscode.WorkspaceFolder {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.uri.path.endsWith(`/multi-root/${relativePath}`));
  if (!found) throw new Error(`no workspace folder at "${relativePath}"`);
  return found;
}

/** The same body in every note: a bold phrase (a cloze only where bold is a cloze pattern) and a `;;` card. */
const BODY = '# Capitals\n\nParis is the **capital** of France.\n\nCapital of Spain;;Madrid\n';

type CardRow = [kind: string, prompt: string, answer: string];

function rows(note: NoteJson): CardRow[] {
  return note.cards.map((card) => [card.kind, card.prompt, card.answer ?? '']);
}

describe('Reading settings, per folder and per note', () => {
  const written: vscode.Uri[] = [];

  async function write(uri: vscode.Uri, text: string): Promise<vscode.Uri> {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    written.push(uri);
    return uri;
  }

  afterEach(async () => {
    await revertAndCloseAll();
    for (const uri of written.splice(0)) await vscode.workspace.fs.delete(uri);
  });

  it("a folder's cloze pattern and a note's front-matter override read the same text differently, and a bad override is a diagnostic", async () => {
    const { api } = await activateExtension();
    const history = folder('history');
    const plain = await write(vscode.Uri.joinPath(history.uri, 'reading-plain.md'), BODY);
    const overridden = await write(vscode.Uri.joinPath(history.uri, 'reading-overridden.md'), `---\nnote-review: { clozePatterns: [], separator: ";;" }\n---\n${BODY}`);
    const otherFolder = await write(vscode.Uri.joinPath(folder('biology').uri, 'reading-plain.md'), BODY);
    const bad = await write(vscode.Uri.joinPath(history.uri, 'reading-bad.md'), `---\nnote-review:\n  headingsAreCards: maybe\n  separator: ";;"\n---\n${BODY}`);

    const cardsOf = async (uri: vscode.Uri): Promise<CardRow[]> => rows(await api.getNoteJson(uri));
    const readsAs = (uri: vscode.Uri, expected: CardRow[], what: string): Promise<true> =>
      waitFor(async () => (JSON.stringify(await cardsOf(uri)) === JSON.stringify(expected) ? true : undefined), 15_000, what);

    // Defaults: bold is no cloze, `;;` no separator.
    await readsAs(plain, [], 'no cards in reading-plain.md with the defaults');

    const historyFlashcards = vscode.workspace.getConfiguration('noteReview.flashcards', history.uri);
    try {
      await historyFlashcards.update('clozePatterns', ['**answer**'], vscode.ConfigurationTarget.WorkspaceFolder);
      // The history folder's notes are read again with its pattern: bold is now a cloze…
      await readsAs(plain, [['cloze', 'Paris is the [...] of France.', 'capital']], "the history folder's bold cloze in reading-plain.md");
      // …but not in a note whose front matter turns cloze patterns off and sets its own separator,
      await readsAs(overridden, [['flashcard', 'Capital of Spain', 'Madrid']], "reading-overridden.md read with its own settings");
      // nor in another folder, which keeps the defaults.
      assert.deepEqual(await cardsOf(otherFolder), []);

      // A value the note cannot use is a warning on its front matter line; the rest still applies.
      await vscode.workspace.openTextDocument(bad);
      const diagnostic = await waitFor(() => vscode.languages.getDiagnostics(bad).find((d) => d.code === 'bad-note-setting'), 15_000, 'the bad-note-setting diagnostic');
      assert.equal(diagnostic.range.start.line, 2);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(diagnostic.message, /headingsAreCards must be true or false/);
      assert.deepEqual(await cardsOf(bad), [
        ['cloze', 'Paris is the [...] of France.', 'capital'],
        ['flashcard', 'Capital of Spain', 'Madrid'],
      ]);
    } finally {
      await historyFlashcards.update('clozePatterns', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
    // Back to the defaults once the folder setting is gone.
    await readsAs(plain, [], 'reading-plain.md read with the defaults again');
  });
});
