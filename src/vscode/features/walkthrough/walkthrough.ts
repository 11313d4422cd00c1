// The "Get Started with Note Review" walkthrough (contributes.walkthroughs) is shown once,
// on the first activation, as VS Code does for an extension installed from the
// Marketplace: beside the note that activated the extension when there is one.
import * as vscode from 'vscode';
import { walkthroughsOpenOnInstall } from '../../adapters/settings';

/** The walkthrough's id as `workbench.action.openWalkthrough` takes it: publisher.name#id. */
export const WALKTHROUGH_ID = 'note-review.note-review#noteReview.gettingStarted';
/** globalState key: the walkthrough was shown once (the user reopens it from Welcome or the palette). */
const SHOWN_KEY = 'noteReview.walkthroughShown';
/** How long to wait at start-up for the editors the window restores, to put the walkthrough beside a note. */
const STARTUP_EDITORS_WAIT_MS = 3000;

/**
 * Opens the walkthrough on the first activation, unless VS Code's own
 * `workbench.welcomePage.walkthroughs.openOnInstall` is off or the extension runs its tests.
 */
export function showWalkthroughOnFirstRun(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  if (context.extensionMode === vscode.ExtensionMode.Test) return;
  if (context.globalState.get<boolean>(SHOWN_KEY)) return;
  if (!walkthroughsOpenOnInstall()) return;
  let disposed = false;
  context.subscriptions.push({ dispose: () => (disposed = true) });
  void whenANoteIsOpen(context)
    .then(async (noteOpen) => {
      if (disposed) return;
      await context.globalState.update(SHOWN_KEY, true);
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, noteOpen);
    })
    .catch((error: unknown) => log.warn('Opening the walkthrough failed:', error instanceof Error ? error.message : String(error)));
}

function noteIsOpen(): boolean {
  return vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.path.toLowerCase().endsWith('.md')));
}

/** Resolves true once a markdown note is open in an editor, false when none opens in the start-up wait. */
function whenANoteIsOpen(context: vscode.ExtensionContext): Promise<boolean> {
  if (noteIsOpen()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (open: boolean) => {
      listener.dispose();
      clearTimeout(timer);
      resolve(open);
    };
    const listener = vscode.window.tabGroups.onDidChangeTabs(() => {
      if (noteIsOpen()) done(true);
    });
    const timer = setTimeout(() => done(false), STARTUP_EDITORS_WAIT_MS);
    context.subscriptions.push(listener, { dispose: () => clearTimeout(timer) });
  });
}
