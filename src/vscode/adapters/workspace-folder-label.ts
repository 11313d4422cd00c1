import * as vscode from 'vscode';

/**
 * The name that stands for a workspace folder in note keys (`<label>/<path>`) and in the
 * review log's segment names: its name, made unique. Two folders of a multi-root
 * workspace can have the same name (`work/notes` and `home/notes`); the later ones get a
 * number, `notes (2)`, so that their notes, and the reviews of those notes, are never
 * taken for the first folder's. A `/` in a name (possible in a `.code-workspace` file)
 * becomes `∕`, so that a label never reads as a folder and a path.
 */
export function workspaceFolderLabel(folder: vscode.WorkspaceFolder): string {
  return workspaceFolderLabels().get(folder.uri.toString()) ?? safeName(folder.name);
}

/**
 * The labels under which exam dates and other folder events are kept, in folder order:
 * each folder's label in a multi-root workspace, `[undefined]` with one folder (its events
 * carry no label).
 */
export function folderEventLabels(): (string | undefined)[] {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.length > 1 ? folders.map((f) => workspaceFolderLabel(f)) : [undefined];
}

/** Every workspace folder's label, by folder URI, given in folder order. */
function workspaceFolderLabels(): Map<string, string> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  // Names first: a later folder really named "notes (2)" keeps its name, and the copy gets another number.
  const taken = new Set(folders.map((f) => safeName(f.name)));
  const given = new Set<string>();
  const labels = new Map<string, string>();
  for (const folder of folders) {
    const name = safeName(folder.name);
    let label = name;
    for (let n = 2; given.has(label) || (label !== name && taken.has(label)); n++) label = `${name} (${n})`;
    given.add(label);
    labels.set(folder.uri.toString(), label);
  }
  return labels;
}

function safeName(name: string): string {
  return name.replace(/\//g, '\u2215');
}
