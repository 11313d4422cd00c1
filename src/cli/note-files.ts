import type { Note, ParseOptions } from '../core';
import type { CliIo } from './cli-io';
import { decodeNote } from '../core/index/decode-note';

/** The review log's folder inside a workspace folder, with the extension's default settings. */
export const DEFAULT_LOG_FOLDER = '.note-review/log';

/**
 * The markdown files under a folder, recursively, in a stable (sorted) order; folders
 * named `node_modules` or starting with `.` are skipped. A folder that cannot be listed
 * is reported through `onError` and skipped.
 */
export function* markdownFilesUnder(io: CliIo, folder: string, onError: (path: string, error: unknown) => void): Generator<string> {
  let entries;
  try {
    entries = [...io.listDir(folder)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    onError(folder, error);
    return;
  }
  for (const entry of entries) {
    const child = joinPath(folder, entry.name);
    if (entry.kind === 'directory') {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) yield* markdownFilesUnder(io, child, onError);
    } else if (entry.kind === 'file' && /\.md$/i.test(entry.name)) {
      yield child;
    }
  }
}

/** `folder/name`, without a leading `./` when the folder is the working folder. */
export function joinPath(folder: string, name: string): string {
  if (folder === '.' || folder === './') return name;
  return /[\\/]$/.test(folder) ? `${folder}${name}` : `${folder}/${name}`;
}

/** The folder holding a path (`.` for a bare name), as text: `a/b/c.md` → `a/b`, `/c.md` → `/`. */
export function parentPath(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (cut < 0) return '.';
  return cut === 0 ? trimmed.slice(0, 1) : trimmed.slice(0, cut);
}

/** Whether a command-line path is a file or a folder, or why it is neither, in a few words. */
export function fileOrFolder(io: CliIo, path: string): 'file' | 'directory' | string {
  let kind;
  try {
    kind = io.stat(path);
  } catch (error) {
    return describeFsError(error);
  }
  if (kind === undefined) return 'no such file or directory';
  if (kind === 'other') return 'not a regular file or folder';
  return kind;
}

/** A file-system error in a few words. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return `cannot read: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The nearest folder above `file` that holds a review log; the note's own folder when none does. */
export function findWorkspace(io: CliIo, file: string, logFolder = DEFAULT_LOG_FOLDER): string {
  const own = parentPath(file);
  for (let folder = own, previous = ''; folder !== previous; previous = folder, folder = parentPath(folder)) {
    try {
      if (io.stat(joinPath(folder, logFolder)) === 'directory') return folder;
    } catch {
      // An unreadable folder on the way up is not the workspace.
    }
    if (folder === '.' || folder === '/') break;
  }
  return own;
}

/** A file's note key: its path inside the workspace folder, with forward slashes (as the extension keys notes). */
export function relativeKey(root: string, file: string): string {
  const normalised = file.replace(/\\/g, '/');
  const prefix = root === '.' || root === './' ? '' : `${root.replace(/\\/g, '/').replace(/\/+$/, '')}/`;
  const relative = prefix !== '' && normalised.startsWith(prefix) ? normalised.slice(prefix.length) : normalised;
  return relative.replace(/^\.\//, '');
}

/** A note read and parsed, or why it could not be. */
export function readNote(io: CliIo, file: string, noteKey: string, parse: (text: string, options: ParseOptions) => Note, options: Omit<ParseOptions, 'noteKey'>): Note | string {
  let bytes;
  try {
    bytes = io.readFile(file);
  } catch (error) {
    return describeFsError(error);
  }
  const decoded = decodeNote(bytes);
  if (!decoded.ok) return decoded.reason;
  try {
    return parse(decoded.text, { ...options, noteKey });
  } catch (error) {
    return `internal error while parsing, please report it: ${error instanceof Error ? error.message : String(error)}`;
  }
}
