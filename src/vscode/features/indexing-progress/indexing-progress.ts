import * as vscode from 'vscode';
import { indexingMessage, type IndexProgress } from '../../../core/index/index-progress';
import type { Feature } from '../../feature';

/**
 * While the notes index scans the workspace (a cold start over 10,000 notes takes seconds),
 * the window's status bar shows "Indexing notes… 3,200 / 10,000", from the index's
 * progress reports; it goes when the scan ends. Works whichever feature started the scan.
 */
export const indexingProgress: Feature = ({ subscriptions, services }) => {
  let shown: { readonly progress: vscode.Progress<{ message?: string }>; readonly end: () => void } | undefined;
  let starting = false;
  let latest: IndexProgress | undefined;

  const show = (progress: IndexProgress): void => {
    latest = progress;
    if (progress.finished) {
      shown?.end();
      shown = undefined;
      return;
    }
    if (shown) {
      shown.progress.report({ message: indexingMessage(progress) });
      return;
    }
    if (starting) return;
    starting = true;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window }, (progress) => {
      starting = false;
      // The scan may have ended before VS Code called back.
      if (!latest || latest.finished) return Promise.resolve();
      progress.report({ message: indexingMessage(latest) });
      return new Promise<void>((resolve) => {
        shown = { progress, end: resolve };
      });
    });
  };

  subscriptions.push(services.notes.onDidProgress(show), { dispose: () => shown?.end() });
  // The scan may have started before this feature was registered.
  const running = services.notes.progress();
  if (running) show(running);
};
