import type { CliIo } from './cli-io';

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
