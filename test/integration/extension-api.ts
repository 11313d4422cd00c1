import * as vscode from 'vscode';
import type { NoteReviewTestApi } from '../../src/vscode/test-hooks';

export const EXTENSION_ID = 'note-review.note-review';

/**
 * The Note Review extension under test, activated, and the API it returns to its tests;
 * fails the test when the extension is missing or gave no test API (it gives one only in
 * VS Code's test mode, from a development build).
 */
export async function activateExtension(): Promise<{ extension: vscode.Extension<NoteReviewTestApi | undefined>; api: NoteReviewTestApi }> {
  const extension = vscode.extensions.getExtension<NoteReviewTestApi | undefined>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  if (!api) throw new Error(`extension ${EXTENSION_ID} returned no test API: it runs outside VS Code's test mode, or from a production build`);
  return { extension, api };
}

/** The fixture workspace folder the runner opened. */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests must run with the fixture workspace open');
  return folder;
}

/**
 * Polls `probe` until it returns a value (not undefined); fails after `timeoutMs`. The
 * extension updates in the background (debounced parses, index events), so tests wait for
 * the state they expect rather than for a fixed time.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: string, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A webview panel's host as the tests follow it: the last view posted, and an event per message posted. */
export interface PostingPanel<V> {
  readonly lastView: V | undefined;
  readonly onDidPostMessage: vscode.Event<{ readonly view: V }>;
}

/** Resolves with the first view posted to the webview (or already posted) that satisfies `accept`. */
export function viewWhere<V>(panel: PostingPanel<V>, what: string, accept: (view: V) => boolean, timeoutMs = 15_000): Promise<V> {
  if (panel.lastView && accept(panel.lastView)) return Promise.resolve(panel.lastView);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out waiting for ${what}; last view: ${JSON.stringify(panel.lastView)?.slice(0, 400)}`));
    }, timeoutMs);
    const listener = panel.onDidPostMessage((message) => {
      if (accept(message.view)) {
        clearTimeout(timer);
        listener.dispose();
        resolve(message.view);
      }
    });
  });
}

/**
 * Reverts every edited note from disk and closes all editors. revertAndCloseActiveEditor
 * alone only marks a note clean: a document still open in the extension host keeps the
 * edited text, and the next test would read it.
 */
export async function revertAndCloseAll(): Promise<void> {
  await revertEditedFiles();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const left = editedFiles();
  if (left.length > 0) throw new Error(`still edited after revertAndCloseAll: ${left.map((d) => d.uri.path).join(', ')}`);
}

function editedFiles(): vscode.TextDocument[] {
  return vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme !== 'untitled');
}

/** Reverts every edited file from disk (untitled documents are left alone), and checks that each revert took. */
export async function revertEditedFiles(): Promise<void> {
  for (const document of editedFiles()) {
    // The revert command acts on the active editor: make sure it is this document's, and
    // that the revert took (on a busy machine the editor switch can lag behind the promise).
    await waitFor(
      async () => {
        await vscode.window.showTextDocument(document);
        if (vscode.window.activeTextEditor?.document !== document) return undefined;
        await vscode.commands.executeCommand('workbench.action.files.revert');
        return document.isDirty ? undefined : true;
      },
      10_000,
      `${document.uri.path} to be reverted`,
    );
  }
}
