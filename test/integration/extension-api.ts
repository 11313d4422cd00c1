import * as vscode from 'vscode';
import type { NoteReviewApi } from '../../src/vscode/extension';

export const EXTENSION_ID = 'note-review.note-review';

/** The Note Review extension under test, activated; fails the test when it is missing. */
export async function activateExtension(): Promise<{ extension: vscode.Extension<NoteReviewApi>; api: NoteReviewApi }> {
  const extension = vscode.extensions.getExtension<NoteReviewApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  return { extension, api };
}

/** The fixture workspace folder the runner opened. */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests must run with the fixture workspace open');
  return folder;
}
