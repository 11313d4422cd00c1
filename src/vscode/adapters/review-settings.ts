// The review settings read in one place: the scheduler (noteReview.review.*), the daily
// limits, and where the log is kept (noteReview.reviewLog.*).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_DAILY_LIMITS, ReviewScheduler, type SchedulerSettings } from '../../core/review';
import { FolderLogs } from '../../node/review-log-folders';
import { ReviewLogFiles } from '../../node/review-log-files';
import { readSetting } from './settings';
import { workspaceFolderLabel } from './workspace-folder-label';

/** The scheduler the settings ask for; invalid settings give the defaults and a warning. */
export function schedulerFromSettings(log: vscode.LogOutputChannel): ReviewScheduler {
  const settings: SchedulerSettings = {
    desiredRetention: readSetting('noteReview.review.desiredRetention'),
    maximumIntervalDays: readSetting('noteReview.review.maximumIntervalDays'),
    learningSteps: [...readSetting('noteReview.review.learningSteps')],
    relearningSteps: [...readSetting('noteReview.review.relearningSteps')],
    fuzz: readSetting('noteReview.review.fuzz'),
  };
  try {
    return new ReviewScheduler(settings);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn(`Review settings: ${message}; using the defaults.`);
    void vscode.window.showWarningMessage(`Note Review: ${message}. The default scheduling settings are used.`, 'Open Settings').then((choice) => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'noteReview.review');
    });
    return new ReviewScheduler({ fuzz: settings.fuzz });
  }
}

/** The daily limits of the queue. */
export function dailyLimitsFromSettings(): { newPerDay: number; reviewsPerDay: number } {
  return {
    newPerDay: nonNegative(readSetting('noteReview.review.newCardsPerDay'), DEFAULT_DAILY_LIMITS.newPerDay),
    reviewsPerDay: nonNegative(readSetting('noteReview.review.reviewsPerDay'), DEFAULT_DAILY_LIMITS.reviewsPerDay),
  };
}

/** The log folders the settings ask for: one per workspace folder (or one in the global storage). */
export function logStoreFromSettings(globalStorage: string, writerId: string): FolderLogs {
  const location = readSetting('noteReview.reviewLog.location');
  const folderName = sanitizeFolderName(readSetting('noteReview.reviewLog.folderName'));
  const workspaceFolders = vscode.workspace.workspaceFolders?.filter((f) => f.uri.scheme === 'file') ?? [];
  const logs = workspaceFolders.map((folder) => {
    const root = location === 'globalStorage' ? path.join(globalStorage, 'review-logs', `${sanitizeFolderName(folder.name)}-${hashText(folder.uri.fsPath)}`) : path.join(folder.uri.fsPath, folderName);
    return { name: workspaceFolderLabel(folder), files: new ReviewLogFiles(path.join(root, 'log'), writerId) };
  });
  if (logs.length === 0) logs.push({ name: 'global', files: new ReviewLogFiles(path.join(globalStorage, 'review-logs', 'no-folder', 'log'), writerId) });
  return new FolderLogs(logs, writerId);
}

function nonNegative(value: number, fallback: number): number {
  return value >= 0 ? Math.floor(value) : fallback;
}

function sanitizeFolderName(name: string): string {
  const clean = name.replace(/[\\/:*?"<>|]/g, '').trim();
  return clean === '' || clean === '.' || clean === '..' ? '.note-review' : clean;
}

function hashText(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}
