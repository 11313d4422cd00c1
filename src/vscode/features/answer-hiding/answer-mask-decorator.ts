import * as vscode from 'vscode';
import type { Note } from '../../../core';
import { ANSWER_PLACEHOLDER, answerMasks, type AnswerMask } from '../../../core/editor/answer-masks';
import { isNoteDocument, type NotesIndex } from '../../adapters/notes-index';
import type { HiddenAnswers } from './hidden-answers';

/** What is painted over one editor, as plain data (the tests' `noteReview.answers.snapshot`). */
export interface PaintedMasks {
  readonly uri: string;
  /** The document version the masks were computed from. */
  readonly version: number;
  readonly masks: readonly AnswerMask[];
}

/** Edits settle this long (after the index's own debounce) before the masks are recomputed. */
const RECOMPUTE_DELAY_MS = 50;

/**
 * Paints the masks of hidden answers over the visible editors. Decoration only: the
 * document's text, version and undo history are never touched.
 *
 * Each mask hides its characters (`display: none`, so that no gap or longer line gives
 * anything away) and shows its replacement before them: an option's plain label in the
 * editor's text colour, or a placeholder in the muted colour of ghost text.
 */
export class AnswerMaskDecorator implements vscode.Disposable {
  private readonly labelType = vscode.window.createTextEditorDecorationType({
    textDecoration: 'none; display: none',
    before: { color: new vscode.ThemeColor('editor.foreground') },
  });
  private readonly placeholderType = vscode.window.createTextEditorDecorationType({
    textDecoration: 'none; display: none',
    before: { color: new vscode.ThemeColor('editorGhostText.foreground') },
  });
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly painted = new Map<vscode.TextEditor, PaintedMasks>();
  private readonly disposables: vscode.Disposable[] = [this.labelType, this.placeholderType];
  private disposed = false;

  constructor(
    private readonly notes: NotesIndex,
    private readonly hidden: HiddenAnswers,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of this.painted.keys()) if (!editors.includes(editor)) this.painted.delete(editor);
        editors.forEach((e) => this.paint(e, true));
      }),
      // Hiding and revealing repaint at once; edits wait for the index's fresh parse.
      hidden.onDidChange((uri) => this.paintNote(uri)),
      notes.onDidChange((uris) => uris.forEach((uri) => this.schedule(uri))),
    );
    // Activation parses nothing: editors the index has not parsed yet are painted when it has.
    vscode.window.visibleTextEditors.forEach((e) => this.paint(e, false));
  }

  /** The masks painted over the visible editors of the note at `uri`. */
  snapshot(uri: vscode.Uri): PaintedMasks[] {
    return [...this.painted.values()].filter((p) => p.uri === uri.toString());
  }

  dispose(): void {
    this.disposed = true;
    this.painted.clear();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const d of this.disposables) d.dispose();
  }

  private schedule(uri: vscode.Uri): void {
    const key = uri.toString();
    if (!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === key)) return;
    const previous = this.pending.get(key);
    if (previous) clearTimeout(previous);
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (!this.disposed) this.paintNote(uri);
      }, RECOMPUTE_DELAY_MS),
    );
  }

  private paintNote(uri: vscode.Uri): void {
    const key = uri.toString();
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === key) this.paint(editor, true);
  }

  private paint(editor: vscode.TextEditor, mayParse: boolean): void {
    const { document } = editor;
    if (!isNoteDocument(document)) return;
    const note = this.currentParse(document, mayParse);
    // A parse of an older version: the index re-parses after its debounce and tells us;
    // until then VS Code keeps the painted masks anchored to the edited text.
    if (!note) return;
    const masks = answerMasks(document.getText(), note, (card) => this.hidden.isHidden(document.uri, card.id));
    const labels: vscode.DecorationOptions[] = [];
    const placeholders: vscode.DecorationOptions[] = [];
    for (const mask of masks) (mask.replacement === ANSWER_PLACEHOLDER || mask.replacement === '' ? placeholders : labels).push(decorationOf(mask));
    editor.setDecorations(this.labelType, labels);
    editor.setDecorations(this.placeholderType, placeholders);
    this.painted.set(editor, { uri: document.uri.toString(), version: document.version, masks });
  }

  /** The index's parse of the document's current version, if it has one; parses a note the index never saw only when `mayParse`. */
  private currentParse(document: vscode.TextDocument, mayParse: boolean): Note | undefined {
    const indexed = this.notes.get(document.uri);
    if (indexed && indexed.version === document.version) return indexed.note;
    if (indexed && indexed.version !== undefined) return undefined;
    return mayParse ? this.notes.noteFor(document) : undefined;
  }
}

function decorationOf(mask: AnswerMask): vscode.DecorationOptions {
  return {
    range: new vscode.Range(mask.line - 1, mask.startColumn, mask.line - 1, mask.endColumn),
    renderOptions: { before: { contentText: mask.replacement } },
  };
}
