import * as vscode from 'vscode';
import { sectionAt } from '../../../core/quiz/quiz-items';
import { registerCommand } from '../../adapters/command';
import { isNoteDocument } from '../../adapters/notes-index';
import type { Feature } from '../../feature';
import { QuizLensProvider } from './quiz-lens';
import { QUIZ_VIEW_TYPE, type QuizPanel } from './quiz-panel';

/** A Sections tree node or code lens argument: a note and a heading line. */
interface SectionTarget {
  readonly uri: vscode.Uri;
  readonly section: { readonly line: number };
}

function isSectionTarget(value: unknown): value is SectionTarget {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { uri?: unknown; section?: { line?: unknown } };
  return v.uri instanceof vscode.Uri && typeof v.section === 'object' && v.section !== null && Number.isInteger(v.section.line);
}

/** A note given as a Uri or as a tree node `{ uri }`. */
function noteUriOf(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'object' && value !== null && (value as { uri?: unknown }).uri instanceof vscode.Uri) return (value as { uri: vscode.Uri }).uri;
  return undefined;
}

function fileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.toString();
}

/**
 * The quiz panel: `Quiz This Section` (editor, Sections tree, code lens), `Quiz This
 * Note`, `Quiz Workspace`, and restoring the panel after a reload.
 */
export const quizPanel: Feature = (ctx) => {
  const { subscriptions, services } = ctx;
  const service = services.quiz;
  const lenses = new QuizLensProvider(services.notes);
  subscriptions.push(
    lenses,
    vscode.languages.registerCodeLensProvider({ language: 'markdown' }, lenses),
    vscode.window.registerWebviewPanelSerializer(QUIZ_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => service.restore(panel, state),
    }),
  );

  const activeNote = (): vscode.TextEditor | undefined => {
    // With the walkthrough or a panel active there is no active text editor: a single
    // note shown beside it is the one meant.
    const visibleNotes = vscode.window.visibleTextEditors.filter((e) => isNoteDocument(e.document));
    const editor = vscode.window.activeTextEditor ?? (visibleNotes.length === 1 ? visibleNotes[0] : undefined);
    if (editor && isNoteDocument(editor.document)) return editor;
    void vscode.window.showInformationMessage('Open a markdown note first: the quiz asks the questions of the note in the active editor.');
    return undefined;
  };

  registerCommand(ctx, 'noteReview.quizSection', async (arg?: unknown): Promise<QuizPanel | undefined> => {
    let uri: vscode.Uri;
    let line: number;
    if (isSectionTarget(arg)) {
      uri = arg.uri;
      line = arg.section.line;
    } else {
      const editor = activeNote();
      if (!editor) return undefined;
      uri = editor.document.uri;
      line = editor.selection.active.line + 1;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const section = sectionAt(services.notes.noteFor(document), line);
    // Above the first heading there is no section: the whole note is quizzed.
    if (!section) return service.open({ kind: 'note', uri: uri.toString() }, fileName(uri), `“${fileName(uri)}”`);
    return service.open({ kind: 'section', uri: uri.toString(), line: section.line }, section.title, `“${section.title}”`);
  });

  registerCommand(ctx, 'noteReview.quizNote', async (arg?: unknown): Promise<QuizPanel | undefined> => {
    const uri = noteUriOf(arg) ?? activeNote()?.document.uri;
    if (!uri) return undefined;
    return service.open({ kind: 'note', uri: uri.toString() }, fileName(uri), `“${fileName(uri)}”`);
  });

  registerCommand(ctx, 'noteReview.quizWorkspace', (): Promise<QuizPanel | undefined> => service.open({ kind: 'workspace' }, 'Workspace', 'the notes of this workspace'));
};
