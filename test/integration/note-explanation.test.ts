import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, revertAndCloseAll, waitFor, workspaceFolder } from './extension-api';

const SCHEME = 'note-review-explanation';

/** The open "how it was read" document, once its text satisfies `accept`. */
function explanationWhen(accept: (text: string) => boolean, what: string): Promise<vscode.TextDocument> {
  return waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === SCHEME && accept(d.getText())), 10_000, what);
}

function nearMisses(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Note Review' && d.code === 'near-miss');
}

async function setNearMisses(value: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('noteReview.diagnostics').update('nearMisses', value, vscode.ConfigurationTarget.Workspace);
}

describe('Show How This Note Was Read', () => {
  const uri = () => vscode.Uri.joinPath(workspaceFolder().uri, 'how-it-was-read.md');
  const NOTE = ['# Networks', '', '1. Which port does HTTPS use?', '', '- 80', '- `443`', '', '**What is TCP?**', '', 'A stream protocol.', ''].join('\n');

  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await setNearMisses(undefined);
    await revertAndCloseAll();
    await vscode.workspace.fs.delete(uri()).then(undefined, () => undefined);
  });

  it('opens a read-only markdown view beside the note listing its card and its near miss, and follows the note\'s edits', async () => {
    await vscode.workspace.fs.writeFile(uri(), new TextEncoder().encode(NOTE));
    const { document: note } = await vscode.window.showTextDocument(uri());
    await vscode.commands.executeCommand('noteReview.showHowNoteWasRead');
    const view = await explanationWhen((text) => text.includes('near miss'), 'the explanation document');
    assert.equal(view.languageId, 'markdown');
    const text = view.getText();
    assert.match(text, /^# How how-it-was-read\.md was read/);
    assert.match(text, /1 card, 1 near miss/);
    assert.match(text, /\| 3 \| mcq \| multiple-choice \| Which port does HTTPS use\? \| B\. 443 \|/);
    assert.match(text, /### Line 8: \*\*What is TCP\?\*\*/);
    assert.match(text, /Not a card: a bold question, but no answer was found for it/);
    assert.ok(
      vscode.window.visibleTextEditors.some((e) => e.document === view) && vscode.window.visibleTextEditors.some((e) => e.document === note),
      'the view is shown beside the note',
    );

    // Write the bold question as a flashcard: the view redraws with two cards and no near miss.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(note.uri, new vscode.Range(7, 0, 9, 18), 'What is TCP?::A stream protocol.');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await explanationWhen((t) => t.includes('2 cards, 0 near misses'), 'the view to follow the edit');
  });

  it('reports a near miss as an information diagnostic with code near-miss, off with noteReview.diagnostics.nearMisses', async () => {
    await vscode.workspace.fs.writeFile(uri(), new TextEncoder().encode(NOTE));
    await vscode.window.showTextDocument(uri());
    const [miss] = await waitFor(() => (nearMisses(uri()).length > 0 ? nearMisses(uri()) : undefined), 10_000, 'the near-miss diagnostic');
    assert.equal(nearMisses(uri()).length, 1);
    assert.equal(miss.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(miss.range.start.line + 1, 8);
    assert.match(miss.message, /^not a card: a bold question, but no answer was found for it; it could use `Q: …` on one line/);
    await setNearMisses(false);
    await waitFor(() => (nearMisses(uri()).length === 0 ? true : undefined), 5_000, 'the near miss to go with the setting off');
    await setNearMisses(true);
    await waitFor(() => (nearMisses(uri()).length === 1 ? true : undefined), 5_000, 'the near miss back with the setting on');
  });
});
