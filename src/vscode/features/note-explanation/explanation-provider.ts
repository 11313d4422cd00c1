import * as vscode from 'vscode';
import { explainNote, explanationMarkdown } from '../../../core';
import { decodeNote } from '../../../core/index/decode-note';
import type { NotesIndex } from '../../adapters/notes-index';
import { readingSettings } from '../../adapters/settings';

/** The scheme of the read-only "how this note was read" documents. */
export const EXPLANATION_SCHEME = 'note-review-explanation';

/**
 * The read-only documents that show how a note was read. Each one's URI carries the note's
 * URI in its query; it is redrawn whenever the index reparses that note (on every edit,
 * debounced there).
 */
export class ExplanationProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The explanation documents handed out, by their note's URI. */
  private readonly shown = new Map<string, vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly notes: NotesIndex) {
    this.disposables.push(
      notes.onDidChange((uris) => {
        for (const uri of uris) {
          const shown = this.shown.get(uri.toString());
          if (shown) this.changed.fire(shown);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === EXPLANATION_SCHEME) this.shown.delete(document.uri.query);
      }),
    );
  }

  /** The explanation document's URI for a note: `<note name> (how it was read).md`, so that it opens as markdown. */
  uriFor(note: vscode.Uri): vscode.Uri {
    const name = note.path.slice(note.path.lastIndexOf('/') + 1) || 'note';
    const uri = vscode.Uri.from({ scheme: EXPLANATION_SCHEME, path: `/${name} (how it was read).md`, query: note.toString() });
    this.shown.set(note.toString(), uri);
    return uri;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const note = vscode.Uri.parse(uri.query, true);
    const title = this.notes.get(note)?.key ?? note.path.slice(note.path.lastIndexOf('/') + 1);
    const text = await textOf(note);
    if (text === undefined) return `# How ${title} was read\n\nThe note could not be read as text.\n`;
    return explanationMarkdown(title, explainNote(text, { reading: readingSettings(note) }));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The note's text: the open document's (unsaved edits included), else the file's. */
async function textOf(note: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === note.toString());
  if (open) return open.getText();
  const decoded = decodeNote(await vscode.workspace.fs.readFile(note));
  return decoded.ok ? decoded.text : undefined;
}
