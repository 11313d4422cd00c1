import * as vscode from 'vscode';
import { registerCommand } from '../../adapters/command';
import type { NotesIndex } from '../../adapters/notes-index';
import { onDidChangeSettings, readSetting } from '../../adapters/settings';
import type { Feature } from '../../feature';
import { TermDefinitionProvider } from './term-definition-provider';
import { REVEAL_TERM_DEFINITION_COMMAND, TermHoverProvider } from './term-hover-provider';
import { WorkspaceGlossary } from './workspace-glossary';

/**
 * Term hovers and Go to Definition for terms defined in the workspace's notes, in the
 * languages of `noteReview.hovers.languages` (markdown by default). The providers are
 * registered again when that setting changes.
 */
export const termHovers: Feature = (ctx) => {
  const { subscriptions, services } = ctx;
  const glossary = new WorkspaceGlossary(services.notes);
  const hovers = new TermHoverProvider(glossary);
  const definitions = new TermDefinitionProvider(glossary);
  let registrations: vscode.Disposable[] = [];
  const register = () => {
    for (const registration of registrations) registration.dispose();
    const selector = hoverLanguages().map((language) => ({ language }));
    registrations = selector.length === 0 ? [] : [vscode.languages.registerHoverProvider(selector, hovers), vscode.languages.registerDefinitionProvider(selector, definitions)];
  };
  register();
  registerCommand(ctx, REVEAL_TERM_DEFINITION_COMMAND, (uri, line, term) => revealDefinition(services.notes, glossary, uri, line, term));
  subscriptions.push(
    glossary,
    onDidChangeSettings((change) => {
      if (change.affects('noteReview.hovers.languages')) register();
    }),
    { dispose: () => registrations.forEach((registration) => registration.dispose()) },
  );
};

/** The languages of `noteReview.hovers.languages`, blank entries and repeats left out. */
function hoverLanguages(): string[] {
  return [...new Set(readSetting('noteReview.hovers.languages').map((id) => id.trim()).filter((id) => id !== ''))];
}

/**
 * Opens a note at a term's definition, selecting the term. Hover links (whose text comes
 * partly from notes) can run this command, so it takes nothing but an indexed note.
 */
async function revealDefinition(notes: NotesIndex, glossary: WorkspaceGlossary, uriText: unknown, line: unknown, term: unknown): Promise<void> {
  if (typeof uriText !== 'string' || typeof line !== 'number' || !Number.isInteger(line) || line < 1) throw new Error('The link to the definition is malformed.');
  const uri = vscode.Uri.parse(uriText, true);
  const note = notes.get(uri);
  if (!note) throw new Error(`${uriText} is not one of the workspace's notes (any more).`);
  const document = await vscode.workspace.openTextDocument(uri);
  const lineIndex = Math.min(line, document.lineCount) - 1;
  const found = typeof term === 'string' ? glossary.findInLine(document.lineAt(lineIndex).text, term) : undefined;
  const selection = found ? new vscode.Range(lineIndex, found.start, lineIndex, found.end) : new vscode.Range(lineIndex, 0, lineIndex, 0);
  await vscode.window.showTextDocument(document, { selection });
}
