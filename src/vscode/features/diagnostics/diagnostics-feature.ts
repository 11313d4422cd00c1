import * as vscode from 'vscode';
import type { Feature } from '../../feature';
import { AnswerQuickFixProvider } from './answer-quick-fix';
import { NoteDiagnostics } from './note-diagnostics';

const markdownNotes: vscode.DocumentSelector = [
  { language: 'markdown', scheme: 'file' },
  { language: 'markdown', scheme: 'vscode-remote' },
  { language: 'markdown', scheme: 'untitled' },
];

/** Problems in notes as diagnostics, with quick fixes for questions without a marked answer. */
export const noteDiagnostics: Feature = ({ subscriptions, services }) => {
  const provider = new AnswerQuickFixProvider(services.notes);
  subscriptions.push(
    new NoteDiagnostics(services.notes),
    vscode.languages.registerCodeActionsProvider(markdownNotes, provider, {
      providedCodeActionKinds: AnswerQuickFixProvider.providedCodeActionKinds,
    }),
  );
};
