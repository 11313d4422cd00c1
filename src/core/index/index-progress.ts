/**
 * How far a scan of the workspace has got: reported when it starts, at most every
 * `PROGRESS_INTERVAL_MS` while it runs, and when it ends (see `NotesIndex.onDidProgress`).
 */
export interface IndexProgress {
  /** Notes the scan has looked at so far. */
  readonly done: number;
  /** Notes the scan found; 0 while it is still listing them. */
  readonly total: number;
  /** Set on the scan's last report. A scan superseded by a rescan has none: the rescan's reports go on. */
  readonly finished: boolean;
}

/** A running scan reports its progress at most this often. */
export const PROGRESS_INTERVAL_MS = 200;

/**
 * What the window and the Sections view say while a scan runs.
 *
 * ```ts
 * indexingMessage({ done: 3200, total: 10000, finished: false }); // 'Indexing notes… 3,200 / 10,000'
 * ```
 */
export function indexingMessage(progress: IndexProgress): string {
  if (progress.total === 0) return 'Finding notes…';
  return `Indexing notes… ${progress.done.toLocaleString('en')} / ${progress.total.toLocaleString('en')}`;
}
