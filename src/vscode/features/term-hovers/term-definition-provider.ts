import type * as vscode from 'vscode';
import type { WorkspaceGlossary } from './workspace-glossary';

/**
 * Go to Definition (F12) and Peek Definition on a term: the lines that define it, one
 * location per definition, so several notes defining a term open the peek view.
 * On the defining occurrence itself VS Code falls back to its alternative command.
 */
export class TermDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly glossary: WorkspaceGlossary) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[] | undefined> {
    const found = this.glossary.termAt(document, position);
    return found ? this.glossary.locationsOf(found.definitions) : undefined;
  }
}
