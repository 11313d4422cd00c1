import * as vscode from 'vscode';
import type { Feature } from '../../feature';
import { TermDefinitionProvider } from './term-definition-provider';
import { TermHoverProvider } from './term-hover-provider';
import { WorkspaceGlossary } from './workspace-glossary';

/** The setting listing the languages whose documents get term hovers and definitions. */
export const HOVER_LANGUAGES_SETTING = 'noteReview.hovers.languages';
const DEFAULT_LANGUAGES = ['markdown'];

/**
 * Term hovers and Go to Definition for terms defined in the workspace's notes, in the
 * languages of `noteReview.hovers.languages` (markdown by default). The providers are
 * registered again when that setting changes.
 */
export const termHovers: Feature = ({ subscriptions, services }) => {
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
  subscriptions.push(
    glossary,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(HOVER_LANGUAGES_SETTING)) register();
    }),
    { dispose: () => registrations.forEach((registration) => registration.dispose()) },
  );
};

/** The languages from the setting; anything but a list of language ids means the default. */
function hoverLanguages(): string[] {
  const value = vscode.workspace.getConfiguration().get<unknown>(HOVER_LANGUAGES_SETTING);
  if (!Array.isArray(value)) return DEFAULT_LANGUAGES;
  return [...new Set(value.filter((id): id is string => typeof id === 'string' && id.trim() !== '').map((id) => id.trim()))];
}
