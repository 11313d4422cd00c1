import * as vscode from 'vscode';
import { noteToJson, parseNote } from '../../core';
import type { Note, NoteJson } from '../../core';

/** Parses notes of the workspace from their current text (unsaved edits included). */
export class NoteDocuments {
  /** Parses the note at `uri` as the editor currently holds it. */
  async parse(uri: vscode.Uri): Promise<Note> {
    const document = await vscode.workspace.openTextDocument(uri);
    return parseNote(document.getText(), { noteKey: noteKey(uri) });
  }

  /** The note at `uri` in the JSON shape of `note-review parse --json`. */
  async toJson(uri: vscode.Uri): Promise<NoteJson> {
    return noteToJson(noteKey(uri), await this.parse(uri));
  }
}

/** A note's key: its path relative to the workspace folder holding it, else its file path. */
export function noteKey(uri: vscode.Uri): string {
  return vscode.workspace.getWorkspaceFolder(uri) ? vscode.workspace.asRelativePath(uri, false) : uri.fsPath;
}
