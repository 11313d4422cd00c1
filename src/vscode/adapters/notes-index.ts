import * as vscode from 'vscode';
import { DEFAULT_FLASHCARD_SEPARATORS, type FlashcardSeparators } from '../../core';
import { Emitter } from '../../core/util/emitter';
import type { NoteFileStat, NoteSettings, NoteSource, NoteSourceEvent } from '../../core/index/note-source';
import { NotesIndex as CoreNotesIndex, type IndexedNote as CoreIndexedNote, type NotesIndexCacheOptions, type SkippedNote as CoreSkippedNote } from '../../core/index/notes-index';
import { filesExclude, onDidChangeSettings, readingSettings, readSetting } from './settings';
import { workspaceFolderLabel } from './workspace-folder-label';

export type { NotesIndexCacheOptions, NotesIndexCounts } from '../../core/index/notes-index';

/** One note of the index: where it is, its key in the workspace, and its parse. */
export type IndexedNote = CoreIndexedNote<vscode.Uri>;
/** Why a note was left out of the index. */
export type SkippedNote = CoreSkippedNote<vscode.Uri>;

const NOTE_GLOB = '**/*.{md,markdown}';

/** Whether a document is a markdown note the index covers. */
export function isNoteDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown' && (document.uri.scheme === 'file' || document.uri.scheme === 'vscode-remote' || document.uri.scheme === 'untitled' || document.uri.scheme === 'vscode-userdata');
}

/**
 * The workspace's notes as the core index sees them: files through `vscode.workspace.fs`
 * and `findFiles`, open documents, settings, and the watchers' and editors' events.
 */
class WorkspaceNoteSource implements NoteSource<vscode.Uri, vscode.TextDocument>, vscode.Disposable {
  private readonly changed = new Emitter<NoteSourceEvent<vscode.Uri, vscode.TextDocument>>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly onDidChange = this.changed.event;
  /**
   * Each workspace folder's settings (key: the folder's URI, '' outside every folder). A
   * resource's settings are its folder's (VS Code merges user, workspace and folder values,
   * and no language applies to a URI alone), and reading them costs 17 `getConfiguration`
   * calls: per note, twice per note in a scan, that was most of a warm start (2,000 notes
   * in 6.8 s). Emptied on every settings or folders change, before the index hears of it.
   */
  private readonly folderSettings = new Map<string, NoteSettings>();

  constructor() {
    const fire = (event: NoteSourceEvent<vscode.Uri, vscode.TextDocument>) => this.changed.fire(event);
    const notesWatcher = vscode.workspace.createFileSystemWatcher(NOTE_GLOB);
    // A deleted folder is reported once, for the folder, which the notes glob does not match;
    // so is a folder moved in from outside VS Code (its notes get no events of their own).
    const pathsWatcher = vscode.workspace.createFileSystemWatcher('**', false, true, false);
    this.disposables.push(
      notesWatcher,
      pathsWatcher,
      notesWatcher.onDidCreate((ref) => fire({ kind: 'fileChanged', ref })),
      notesWatcher.onDidChange((ref) => fire({ kind: 'fileChanged', ref })),
      pathsWatcher.onDidDelete((ref) => fire({ kind: 'deleted', ref })),
      pathsWatcher.onDidCreate((ref) => fire({ kind: 'created', ref })),
      vscode.workspace.onDidRenameFiles((event) => {
        for (const { oldUri, newUri } of event.files) fire({ kind: 'renamed', from: oldUri, to: newUri });
      }),
      vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => fire({ kind: contentChanges.length > 0 ? 'documentEdited' : 'documentSaved', document })),
      vscode.workspace.onDidOpenTextDocument((document) => fire({ kind: 'documentOpened', document })),
      vscode.workspace.onDidCloseTextDocument((document) => fire({ kind: 'documentClosed', document })),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.folderSettings.clear();
        fire({ kind: 'foldersChanged' });
      }),
      onDidChangeSettings((change) => {
        this.folderSettings.clear();
        if (change.affects('noteReview.flashcards') || change.affects('noteReview.reading') || change.affects('noteReview.maxNoteSizeMB')) fire({ kind: 'settingsChanged', reparse: true });
        else if (change.affects('files.exclude')) fire({ kind: 'settingsChanged', reparse: false });
      }),
      // Notes edited in another program while this window was in the background.
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) fire({ kind: 'focused' });
      }),
    );
  }

  idOf(ref: vscode.Uri): string {
    return ref.toString();
  }

  pathOf(ref: vscode.Uri): string {
    return ref.path;
  }

  isUntitled(ref: vscode.Uri): boolean {
    return ref.scheme === 'untitled';
  }

  relativePath(ref: vscode.Uri): string | undefined {
    return vscode.workspace.getWorkspaceFolder(ref) ? vscode.workspace.asRelativePath(ref, false) : undefined;
  }

  noteKeyOf(ref: vscode.Uri): string {
    return noteKeyOf(ref);
  }

  async findNotes(under?: vscode.Uri): Promise<vscode.Uri[]> {
    if (under) {
      const folder = vscode.workspace.getWorkspaceFolder(under);
      return folder ? vscode.workspace.findFiles(new vscode.RelativePattern(under, NOTE_GLOB), searchExcludeGlob(folder.uri)) : [];
    }
    const found: vscode.Uri[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) found.push(...(await vscode.workspace.findFiles(new vscode.RelativePattern(folder, NOTE_GLOB), searchExcludeGlob(folder.uri))));
    return found;
  }

  async stat(ref: vscode.Uri): Promise<NoteFileStat | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(ref);
      return { isDirectory: (stat.type & vscode.FileType.Directory) !== 0, size: stat.size, mtime: stat.mtime };
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      throw error;
    }
  }

  async read(ref: vscode.Uri): Promise<Uint8Array | undefined> {
    try {
      return await vscode.workspace.fs.readFile(ref);
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      throw error;
    }
  }

  openDocuments(): readonly vscode.TextDocument[] {
    return vscode.workspace.textDocuments;
  }

  isNoteDocument(document: vscode.TextDocument): boolean {
    return isNoteDocument(document);
  }

  settings(ref: vscode.Uri): NoteSettings {
    const folder = vscode.workspace.getWorkspaceFolder(ref)?.uri;
    const key = folder?.toString() ?? '';
    let settings = this.folderSettings.get(key);
    if (!settings) {
      settings = readNoteSettings(ref);
      this.folderSettings.set(key, settings);
    }
    return settings;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The settings the index reads for a note (those of its workspace folder). */
function readNoteSettings(ref: vscode.Uri): NoteSettings {
  const separator = (name: keyof FlashcardSeparators): string => {
    const value = readSetting(`noteReview.flashcards.${name}`, ref);
    return value !== '' ? value : DEFAULT_FLASHCARD_SEPARATORS[name];
  };
  const mb = readSetting('noteReview.maxNoteSizeMB', ref);
  return {
    flashcards: {
      separator: separator('separator'),
      reversedSeparator: separator('reversedSeparator'),
      multilineSeparator: separator('multilineSeparator'),
      multilineReversedSeparator: separator('multilineReversedSeparator'),
    },
    reading: readingSettings(ref),
    maxNoteBytes: Math.max(0, mb) * 1024 * 1024,
    exclude: excludePatterns(ref),
  };
}

/** Timers and pauses of the extension host. */
const hostTimers = { setTimeout: (callback: () => void, ms: number): unknown => setTimeout(callback, ms), clearTimeout: (handle: unknown): void => clearTimeout(handle as ReturnType<typeof setTimeout>) };
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Every markdown note of the workspace, parsed once per version: the core's `NotesIndex`
 * over the workspace's files, editors and settings (see `src/core/index/notes-index.ts`).
 */
export class NotesIndex extends CoreNotesIndex<vscode.Uri, vscode.TextDocument> implements vscode.Disposable {
  private readonly workspaceSource: WorkspaceNoteSource;

  /**
   * `options.cache`: keeps parses in a snapshot between sessions, so that notes unchanged
   * since the last start are not parsed again. Without it every note is parsed.
   */
  constructor(log: vscode.LogOutputChannel, options: { readonly cache?: NotesIndexCacheOptions } = {}) {
    const source = new WorkspaceNoteSource();
    super({ source, log, now: Date.now, timers: hostTimers, pause, cache: options.cache });
    this.workspaceSource = source;
  }

  override dispose(): void {
    super.dispose();
    this.workspaceSource.dispose();
  }
}

/** A note's key: its path relative to its workspace folder (the folder's label first in multi-root), else its path. */
export function noteKeyOf(uri: vscode.Uri): string {
  if (uri.scheme === 'untitled') return uri.path;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return uri.fsPath;
  const relative = vscode.workspace.asRelativePath(uri, false);
  // Not asRelativePath(uri, true): it names the folder by its name, which two folders can share.
  return (vscode.workspace.workspaceFolders ?? []).length > 1 ? `${workspaceFolderLabel(folder)}/${relative}` : relative;
}

/** The `files.exclude` patterns that are switched on for `scope` (conditional `when` patterns are not). */
function excludePatterns(scope: vscode.Uri): string[] {
  return Object.entries(filesExclude(scope))
    .filter(([, on]) => on === true)
    .map(([pattern]) => pattern);
}

/**
 * The exclude glob handed to findFiles, so that the search does not walk excluded trees.
 * VS Code's globs do not nest braces, so patterns with braces are left to the index's own
 * check, which every result goes through anyway.
 */
function searchExcludeGlob(scope: vscode.Uri): string {
  const patterns = ['**/node_modules/**', ...excludePatterns(scope).filter((p) => !/[{}]/.test(p))];
  return `{${patterns.join(',')}}`;
}
