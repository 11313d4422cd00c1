import * as vscode from 'vscode';

/**
 * The name that stands for a workspace folder in note keys (`<label>/<path>`) and in the
 * review log's segment names: its name, made unique. Two folders of a multi-root
 * workspace can have the same name (`work/notes` and `home/notes`); the later ones get
 * their rank among the folders of that name, `notes (2)`, so that their notes, and the
 * reviews of those notes, are never taken for the first folder's.
 */
export function workspaceFolderLabel(folder: vscode.WorkspaceFolder): string {
  const sameName = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.name === folder.name);
  const rank = sameName.findIndex((f) => f.uri.toString() === folder.uri.toString());
  return rank > 0 ? `${folder.name} (${rank + 1})` : folder.name;
}
