import * as vscode from 'vscode';
import { answerFixes, answerStyleOf, type AnswerFix } from '../../../core/editor/answer-fix';
import type { NotesIndex } from '../../adapters/notes-index';
import { DIAGNOSTIC_SOURCE } from './note-diagnostics';

/** Option labels longer than this are cut in the quick fix's title. */
const TITLE_LABEL_LENGTH = 50;

/**
 * Quick fixes for "no answer marked": one per option, "Mark '…' as the right answer",
 * editing the note in the marking style its other questions use.
 */
export class AnswerQuickFixProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly notes: NotesIndex) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const diagnostics = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code === 'no-answer');
    if (diagnostics.length === 0) return [];
    const note = this.notes.noteFor(document);
    const text = document.getText();
    const style = answerStyleOf(text, note);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of diagnostics) {
      const card = note.cards.find((c) => c.kind === 'mcq' && c.line === diagnostic.range.start.line + 1);
      if (!card) continue;
      for (const fix of answerFixes(text, card, style)) actions.push(toAction(document, fix, diagnostic));
    }
    return actions;
  }
}

function toAction(document: vscode.TextDocument, fix: AnswerFix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(`Mark '${shorten(fix.label)}' as the right answer`, vscode.CodeActionKind.QuickFix);
  const edit = new vscode.WorkspaceEdit();
  for (const change of fix.edits) {
    edit.replace(document.uri, new vscode.Range(change.line - 1, change.startColumn, change.line - 1, change.endColumn), change.newText);
  }
  action.edit = edit;
  action.diagnostics = [diagnostic];
  return action;
}

function shorten(label: string): string {
  const plain = label.replace(/\s+/g, ' ').trim();
  return plain.length <= TITLE_LABEL_LENGTH ? plain : `${plain.slice(0, TITLE_LABEL_LENGTH - 1).trimEnd()}…`;
}
