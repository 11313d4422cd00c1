// What the review service watches and shows for the core's ReviewSync: file watchers on
// the log folders, and a long load's progress in the window.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LoadStatus, Pause, PendingEventStore, ReviewSync, Timers } from '../../core/review';

/**
 * Watches the log folders and tells `sync` what changed. Two kinds of watcher, as neither
 * is enough alone: a workspace glob (served by the workbench's recursive watcher; it sees a
 * log folder appear) and, once a log folder exists, a watcher on the folder itself (a log
 * folder created after the recursive watcher started is sometimes never watched by it).
 * Returns the watchers and the folders watched directly.
 */
export function watchLogFolders(folders: readonly string[], sync: ReviewSync, log: vscode.LogOutputChannel): { disposables: vscode.Disposable[]; watched: Set<string> } {
  const patterns = new Map<string, vscode.GlobPattern>();
  const watched = new Set<string>();
  for (const folder of folders) {
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(folder));
    if (workspaceFolder) patterns.set(folder, `**/${path.relative(workspaceFolder.uri.fsPath, folder).split(path.sep).join('/')}/*.jsonl`);
    else ensureFolder(folder);
    if (fs.existsSync(folder)) {
      patterns.set(`folder\u0000${folder}`, new vscode.RelativePattern(vscode.Uri.file(folder), '*.jsonl'));
      watched.add(folder);
    }
  }
  const disposables: vscode.Disposable[] = [];
  for (const pattern of patterns.values()) {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    disposables.push(
      watcher,
      watcher.onDidChange(() => sync.logChanged()),
      watcher.onDidCreate(() => sync.logChanged()),
      watcher.onDidDelete((uri) => {
        if (!uri.path.endsWith('.jsonl')) return;
        log.info(`Review log: ${uri.fsPath} was deleted; reloading the log`);
        sync.segmentDeleted();
      }),
    );
  }
  return { disposables, watched };
}

/** Creates a log folder in the extension's global storage (ours), so that it can be watched. */
function ensureFolder(folder: string): void {
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch {
    // Watching is best effort: the log is re-read before every rating anyway.
  }
}

/**
 * Shows a load that the core found slow (see `LoadStatus.slow`) in the window's progress
 * area, "Reading review log: 40 %", until it ends. Call on each status change.
 */
export class LoadProgressDisplay {
  private shown = false;
  private lastTenth = -1;

  constructor(
    private readonly sync: ReviewSync,
    /** Redraws the views (the review queue says how far a slow load is), at most every 10 %. */
    private readonly redraw: () => void,
  ) {}

  update(status: LoadStatus): void {
    // Only a slow load is shown (a quick one would only make the views flicker).
    const tenth = status.loading && status.slow ? Math.floor((status.fraction ?? 0) * 10) : -1;
    if (tenth !== this.lastTenth) {
      this.lastTenth = tenth;
      this.redraw();
    }
    if (!status.slow || this.shown) return;
    this.shown = true;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading review log' }, (progress) => {
      let reported = 0;
      const report = (s: LoadStatus) => {
        const percent = Math.floor((s.fraction ?? 0) * 100);
        if (percent > reported) progress.report({ message: `${percent}%`, increment: percent - reported });
        reported = Math.max(reported, percent);
      };
      report(status);
      return new Promise<void>((resolve) => {
        const sub = this.sync.onDidChangeLoadStatus((s) => {
          report(s);
          if (s.loading) return;
          sub.dispose();
          this.shown = false;
          resolve();
        });
      });
    });
  }
}

/** The core's timer port over Node's timers. */
export const nodeTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Gives the extension host a turn between slices of a long replay. */
export const pause: Pause = () => new Promise((resolve) => setImmediate(resolve));

const PENDING_KEY = 'noteReview.pendingReviews';

/** Keeps reviews that could not be written in VS Code's storage for the workspace (see `PendingEventStore`). */
export function mementoKeeper(memento: vscode.Memento): PendingEventStore {
  return {
    read: async () => memento.get<string[]>(PENDING_KEY, []),
    write: async (lines) => void (await memento.update(PENDING_KEY, lines.length > 0 ? [...lines] : undefined)),
  };
}
