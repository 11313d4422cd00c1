import * as vscode from 'vscode';
import { onDidChangeSettings, readingSettingProblems } from '../../adapters/settings';
import { workspaceFolderLabel } from '../../adapters/workspace-folder-label';
import type { Feature } from '../../feature';

/** What the warnings feature has told the user, for the extension's tests. */
export interface SettingWarningsSnapshot {
  /** Every warning shown this session, oldest first. */
  readonly shown: readonly string[];
  /** The problems as the settings stand now (one line each). */
  readonly current: readonly string[];
}

/**
 * A reading setting (`noteReview.flashcards.*`, `noteReview.reading.*`) set to a value the
 * notes cannot be read with (a cloze pattern without `answer`, a separator over two lines)
 * is read as its default, so notes still load; without a word that looks like the setting
 * being ignored. Each such value gets one warning per session, with a button to the
 * setting, when the extension starts and whenever the settings change; the log keeps it.
 * Settings are no notes, so this is a notification rather than a diagnostic.
 */
export const readingSettingWarnings: Feature = ({ subscriptions, services, testProbes }) => {
  const shown: string[] = [];
  const shownKeys = new Set<string>();

  const currentProblems = (): { readonly key: string; readonly id: string; readonly text: string }[] => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const scopes: (vscode.WorkspaceFolder | undefined)[] = folders.length > 0 ? [...folders] : [undefined];
    return scopes.flatMap((folder) =>
      readingSettingProblems(folder?.uri).map(({ id, message }) => {
        const where = folder && folders.length > 1 ? ` (folder "${workspaceFolderLabel(folder)}")` : '';
        // The same value set for the whole workspace shows up in every folder: one warning names it once.
        return { key: `${id}\u0000${message}`, id, text: `Note Review: the setting ${id}${where} is not used: ${message}. Notes are read with its default until it is fixed.` };
      }),
    );
  };

  const warn = (): void => {
    const problems = currentProblems();
    // A value fixed and later set again is warned about again.
    const current = new Set(problems.map((p) => p.key));
    for (const key of shownKeys) if (!current.has(key)) shownKeys.delete(key);
    for (const problem of problems) {
      if (shownKeys.has(problem.key)) continue;
      shownKeys.add(problem.key);
      shown.push(problem.text);
      services.log.warn(problem.text);
      void vscode.window.showWarningMessage(problem.text, 'Open Setting').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', problem.id);
      });
    }
  };

  subscriptions.push(
    onDidChangeSettings((change) => {
      if (change.affects('noteReview.flashcards') || change.affects('noteReview.reading')) warn();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => warn()),
  );
  warn();
  testProbes?.expose('settingWarnings', () => ({ shown: [...shown], current: currentProblems().map((p) => p.text) }));
};
