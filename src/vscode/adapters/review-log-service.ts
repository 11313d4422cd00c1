import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Card } from '../../core';
import {
  buildReviewQueue,
  checkReviewLog,
  DEFAULT_DAILY_LIMITS,
  DEFAULT_SCHEDULER_SETTINGS,
  planRelinks,
  ReviewBook,
  ReviewScheduler,
  type LogCheck,
  type LogProblem,
  type LogSegment,
  type QueueCard,
  type Rating,
  type RatingPreview,
  type RecordResult,
  type ReviewEvent,
  type ReviewLogStore,
  type ReviewQueue,
  type SchedulerSettings,
  type SegmentMark,
} from '../../core/review';
import { newWriterId, ReviewLogFiles, ReviewLogWriteError, ReviewStateFile } from '../../node/review-log-files';
import type { NotesIndex } from './notes-index';
import { workspaceFolderLabel } from './workspace-folder-label';

/** A card of the workspace with where it lives. */
export interface WorkspaceCard extends QueueCard {
  readonly uri: vscode.Uri;
  readonly card: Card;
}

const RELINK_DEBOUNCE_MS = 2000;
const REFRESH_DEBOUNCE_MS = 300;
const RETRY_MS = 30_000;
/** Quiet time after the last change before the state snapshot is saved again. */
const SNAPSHOT_DEBOUNCE_MS = 5000;
/**
 * While the window has the focus, the log folders are checked for changes no file event
 * reported: every 2 s after the window got the focus or the log changed, then less and
 * less often while nothing changes, down to every 30 s. A check lists the folders and
 * stats each segment (nothing is read when nothing changed).
 */
const POLL_MIN_MS = 2000;
const POLL_MAX_MS = 30_000;

/**
 * Spaced repetition for the workspace: the review log of each workspace folder (or of
 * the extension's global storage), the schedules folded from it, and the queue.
 *
 * Loading runs in the background in slices; other windows' and git's changes to the log
 * folder are picked up by a watcher, and the log is re-read before every rating.
 *
 * A start uses the review-state snapshot (the folded card states and how far each log
 * segment had been read) and replays only the lines appended since; see `ReviewBook.start`.
 * The snapshot is a cache of this machine, so it lives in the extension's global storage
 * (`review-state/<hash of the log folders>.jsonl`), not next to the log: the log folder
 * may be committed and merged with git, and a snapshot travelling with it would only be
 * found stale on the other machine; the notes folder may be read-only; and the e2e promise
 * is that a review changes nothing in the workspace but the log's own lines.
 */
export class ReviewService implements vscode.Disposable {
  private book: ReviewBook;
  private store: FolderLogs;
  private scheduler: ReviewScheduler;
  private loading: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private watchers: vscode.Disposable[] = [];
  /** Log folders with a watcher of their own (see watch). */
  private readonly watchedFolders = new Set<string>();
  private cardsCache: Map<string, WorkspaceCard> | undefined;
  private relinkTimer: ReturnType<typeof setTimeout> | undefined;
  /** A segment was deleted and the full reload it needs has not run yet. */
  private fullReloadPending = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  /** Time between checks now (see POLL_MIN_MS), and when the next one is due. */
  private pollDelay = POLL_MIN_MS;
  private nextPollAt = 0;
  /** A load or a re-read is running: a check must not start another one beside it. */
  private loadRunning = false;
  private refreshRunning = false;
  /** The last re-read failure logged, so that a folder that stays unreadable is logged once. */
  private lastRefreshError: string | undefined;
  private states: ReviewStateFile;
  private disposed = false;
  private readonly writerId: string;
  private reportedProblems = new Set<string>();

  /** Fires when schedules or the cards change (a rating, another window, an edit). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly notes: NotesIndex,
    private readonly log: vscode.LogOutputChannel,
    private readonly globalStorage: vscode.Uri,
    private readonly clock: { now(): number } = { now: () => Date.now() },
  ) {
    this.writerId = newWriterId(vscode.env.machineId);
    this.scheduler = this.schedulerFromSettings();
    this.store = this.storeFromSettings();
    this.states = this.statesFor(this.store);
    this.book = new ReviewBook(this.store, clock, this.scheduler);
    this.disposables.push(
      this.onDidChange(() => this.scheduleSnapshot()),
      notes.onDidChange(() => {
        this.cardsCache = undefined;
        this.changed.fire();
        this.scheduleRelink();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('noteReview.review') || event.affectsConfiguration('noteReview.reviewLog')) void this.reconfigure();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reconfigure()),
      // File events can be missed (network drives, a watcher that gave up): coming back to
      // the window re-reads what other windows wrote meanwhile. Cheap when nothing changed.
      vscode.window.onDidChangeWindowState((state) => {
        if (!state.focused) return;
        this.pollSoon();
        if (this.loading) this.scheduleRefresh();
      }),
    );
    // File watchers are not enough on their own: the workbench's watcher sometimes never
    // reports a folder created after it started, and network drives drop events. A quiet
    // periodic check catches what they miss, only while someone is looking at this window.
    this.pollTimer = setInterval(() => this.poll(), POLL_MIN_MS);
  }

  /** Checks the log folders if a check is due (see POLL_MIN_MS). */
  private poll(): void {
    if (this.disposed || !this.loading || this.loadRunning || this.refreshRunning || this.refreshTimer || !vscode.window.state.focused) return;
    if (Date.now() < this.nextPollAt) return;
    this.scheduleRefresh({ fromPoll: true });
  }

  /** The log just changed or the window got the focus: check every 2 s again for a while. */
  private pollSoon(): void {
    this.pollDelay = POLL_MIN_MS;
    this.nextPollAt = Date.now() + POLL_MIN_MS;
  }

  /** Loads the log in the background (once); resolves when the schedules are ready. */
  whenReady(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  /** The folders the log is kept in. */
  get logFolders(): readonly string[] {
    return this.store.folders.map((f) => f.folder);
  }

  /** The scheduler in force. */
  get schedulerInUse(): ReviewScheduler {
    return this.scheduler;
  }

  /** Number of events not yet on disk. */
  get pendingCount(): number {
    return this.book.pendingCount;
  }

  /** Every card of the indexed notes in the workspace folders, by id. */
  cards(): Map<string, WorkspaceCard> {
    if (!this.cardsCache) {
      this.cardsCache = new Map();
      const inFolders = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
      for (const entry of this.notes.all()) {
        // A note opened from outside the workspace (the bundled sample, a loose file) has no log of its own to keep history in.
        if (inFolders && !vscode.workspace.getWorkspaceFolder(entry.uri)) continue;
        for (const card of entry.note.cards) {
          this.cardsCache.set(card.id, { id: card.id, note: entry.key, prompt: card.prompt, line: card.line, uri: entry.uri, card });
        }
      }
    }
    return this.cardsCache;
  }

  /** The queue now, with the daily limits from the settings. */
  queue(now = this.clock.now()): ReviewQueue {
    const config = vscode.workspace.getConfiguration('noteReview.review');
    const dayStart = new Date(now);
    dayStart.setHours(0, 0, 0, 0);
    return buildReviewQueue([...this.cards().values()], this.book.history, {
      now,
      dayStart: dayStart.getTime(),
      newPerDay: nonNegative(config.get<number>('newCardsPerDay'), DEFAULT_DAILY_LIMITS.newPerDay),
      reviewsPerDay: nonNegative(config.get<number>('reviewsPerDay'), DEFAULT_DAILY_LIMITS.reviewsPerDay),
    });
  }

  /** What each rating would do to the card now. */
  previews(cardId: string, now = this.clock.now()): RatingPreview[] {
    const schedule = this.book.history.card(cardId)?.schedule ?? this.scheduler.newCard();
    return this.scheduler.preview(schedule, now);
  }

  /** The card's average recall probability now, or undefined if it has no history. */
  recallProbability(cardId: string, now = this.clock.now()): number | undefined {
    const record = this.book.history.card(cardId);
    return record ? this.scheduler.recallProbability(record.schedule, now) : undefined;
  }

  /** The card's schedule, if it has history. */
  schedule(cardId: string) {
    return this.book.history.card(cardId)?.schedule;
  }

  /** Whether the card was taken out of the queue (suspended). */
  isSuspended(cardId: string): boolean {
    return this.book.history.card(cardId)?.suspended === true;
  }

  /** Records a rating. The result says whether it is on disk; if not, it is kept and retried. */
  async rate(card: Pick<QueueCard, 'id' | 'note' | 'prompt'>, rating: Rating, durationMs: number): Promise<RecordResult> {
    await this.whenReady();
    const result = await this.book.rate(card, rating, durationMs);
    this.afterRecord(result);
    return result;
  }

  /** Takes back this window's last rating. */
  async undoLastRating(): Promise<RecordResult | undefined> {
    await this.whenReady();
    const result = await this.book.undoLastRating();
    if (result) this.afterRecord(result);
    return result;
  }

  /** Whether there is a rating to undo. */
  canUndo(): boolean {
    return this.book.lastRating() !== undefined;
  }

  /** Checks the whole log against the notes (see `checkReviewLog`). */
  async check(): Promise<{ check: LogCheck; events: number; lines: number }> {
    await this.whenReady();
    const read = await this.book.load(pause);
    this.changed.fire();
    return { check: checkReviewLog(read, this.book.history, [...this.cards().values()]), events: read.events.length, lines: read.lineCount };
  }

  /** Takes a card out of the queue, puts it back, or resets it to new; recorded in the log like a rating. */
  async mark(card: WorkspaceCard, kind: 'suspend' | 'unsuspend' | 'forget'): Promise<RecordResult> {
    await this.whenReady();
    const result = await this.book.mark({ id: card.id, note: card.note, prompt: card.prompt }, kind);
    this.afterRecord(result);
    return result;
  }

  /** Appends a link moving the history of `from` to `to`. */
  async link(from: string, to: QueueCard): Promise<RecordResult> {
    const result = await this.book.link(from, to);
    this.afterRecord(result);
    return result;
  }

  /** Records that these findings were reported. */
  async acknowledge(keys: readonly string[]): Promise<RecordResult | undefined> {
    if (keys.length === 0) return undefined;
    const result = await this.book.acknowledge(keys);
    this.afterRecord(result);
    return result;
  }

  /** Writes events kept in memory, recreating the log folder when it was deleted. */
  async retryPending(recreate = false): Promise<boolean> {
    if (recreate) for (const f of this.store.folders) await f.recreateFolder();
    const outcome = await this.book.flush();
    if (outcome.saved) {
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.log.info('Review log: pending reviews written.');
      this.changed.fire();
    }
    return outcome.saved;
  }

  /** Saves the review-state snapshot now if the schedules changed since the last one; resolves to whether it wrote one. */
  async saveSnapshot(): Promise<boolean> {
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = undefined;
    try {
      return await this.book.saveState(this.states, pause);
    } catch (error) {
      this.log.warn(`Review log: the state snapshot ${this.states.file} could not be saved (the next start replays the whole log):`, String(error));
      return false;
    }
  }

  dispose(): void {
    // A last snapshot, best effort: the window may be closing.
    if (!this.disposed && this.snapshotTimer) void this.saveSnapshot();
    this.disposed = true;
    for (const timer of [this.relinkTimer, this.refreshTimer, this.retryTimer, this.snapshotTimer]) if (timer) clearTimeout(timer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    for (const d of [...this.watchers, ...this.disposables]) d.dispose();
  }

  private async load(): Promise<void> {
    const started = Date.now();
    this.loadRunning = true;
    try {
      const result = await this.book.start(this.states, pause, this.scheduler);
      if (this.disposed) return;
      this.reportProblems(this.book.problems);
      const events = this.book.history.eventCount;
      const where = this.logFolders.join(', ');
      if (result.from === 'snapshot') {
        this.log.info(`Review log: ${events} events from ${where} loaded in ${Date.now() - started} ms from the state snapshot (${result.snapshotEvents} events) and ${result.tail.events.length} lines appended since`);
      } else {
        const skipped = result.read.problems.length;
        this.log.info(`Review log: ${events} events from ${where} replayed in ${Date.now() - started} ms (${result.reason})` + (skipped ? `, ${skipped} unusable lines skipped` : ''));
      }
    } catch (error) {
      this.log.error('Review log: loading failed:', error instanceof Error ? (error.stack ?? error.message) : String(error));
    } finally {
      this.loadRunning = false;
    }
    this.watch();
    this.changed.fire();
    this.scheduleRelink();
  }

  private scheduleSnapshot(): void {
    if (this.disposed) return;
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => void this.saveSnapshot(), SNAPSHOT_DEBOUNCE_MS);
  }

  private statesFor(store: FolderLogs): ReviewStateFile {
    const key = createHash('sha1').update(store.key).digest('hex').slice(0, 16);
    return new ReviewStateFile(path.join(this.globalStorage.fsPath, 'review-state', `${key}.jsonl`));
  }

  private async reconfigure(): Promise<void> {
    this.scheduler = this.schedulerFromSettings();
    const pending = this.book.pendingCount;
    const store = this.storeFromSettings();
    if (pending === 0 && store.key !== this.store.key) {
      this.store = store;
      this.states = this.statesFor(store);
      this.book = new ReviewBook(this.store, this.clock, this.scheduler);
    }
    this.loading = this.load();
    await this.loading;
  }

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    this.watchedFolders.clear();
    // Two kinds of watcher, as neither is enough alone: a workspace glob (served by the
    // workbench's recursive watcher; it sees a log folder appear) and, once a log folder
    // exists, a watcher on the folder itself. A log folder created after the recursive
    // watcher started is sometimes never watched by it: no event at all came, in about one
    // test run of four. Folders of a multi-root workspace share one glob watcher.
    const patterns = new Map<string, vscode.GlobPattern>();
    for (const f of this.store.folders) {
      const glob = workspaceGlobFor(f.folder);
      if (glob) patterns.set(glob, glob);
      else ensureFolder(f.folder);
      if (fs.existsSync(f.folder)) {
        patterns.set(`folder\u0000${f.folder}`, new vscode.RelativePattern(vscode.Uri.file(f.folder), '*.jsonl'));
        this.watchedFolders.add(f.folder);
      }
    }
    for (const pattern of patterns.values()) {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      const onChange = () => this.scheduleRefresh();
      this.watchers.push(
        watcher,
        watcher.onDidChange(onChange),
        watcher.onDidCreate(onChange),
        watcher.onDidDelete((uri) => {
          if (!uri.path.endsWith('.jsonl')) return;
          this.log.info(`Review log: ${uri.fsPath} was deleted; reloading the log`);
          this.scheduleFullReload();
        }),
      );
    }
  }

  /** Watches the log folders that came to exist since the last `watch` (a first rating creates its folder). */
  private watchNewFolders(): void {
    if (this.disposed) return;
    if (this.store.folders.some((f) => !this.watchedFolders.has(f.folder) && fs.existsSync(f.folder))) this.watch();
  }

  private scheduleRefresh(options: { fromPoll?: boolean } = {}): void {
    // A deleted segment still waiting for its reload must not be downgraded to a re-read
    // by a change event that follows it (an append to another segment, say).
    if (this.fullReloadPending) {
      this.scheduleFullReload();
      return;
    }
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.disposed) return;
      // A re-read beside a load would move the read positions on and add the lines to the
      // history the load is about to replace: those events would be lost until the next load.
      if (this.loadRunning || this.refreshRunning) {
        void (this.loading ?? Promise.resolve()).then(() => !this.disposed && this.scheduleRefresh(options));
        return;
      }
      this.refreshRunning = true;
      this.book
        .refresh()
        .then(({ changed, problems }) => {
          this.lastRefreshError = undefined;
          this.reportProblems(problems);
          if (this.book.needsReplay) {
            // Lines that need events from before the snapshot (a git pull of older reviews, a link): replay the log in the background.
            this.log.info(`Review log: ${this.book.history.needsReplayBecause ?? 'new lines need the whole log'}; replaying it`);
            this.loading = this.load();
            return;
          }
          if (changed.length > 0) {
            this.pollSoon();
            this.changed.fire();
          } else if (options.fromPoll) {
            this.pollDelay = Math.min(POLL_MAX_MS, this.pollDelay * 2);
            this.nextPollAt = Date.now() + this.pollDelay;
          }
          this.watchNewFolders();
          // A check finding nothing is no reason to retry a failed write; the retry timer keeps its own pace.
          if (this.book.pendingCount > 0 && !options.fromPoll) void this.retryPending();
        })
        .catch((error: unknown) => {
          const message = String(error);
          if (message !== this.lastRefreshError) this.log.warn('Review log: re-reading failed:', message);
          this.lastRefreshError = message;
        })
        .finally(() => {
          this.refreshRunning = false;
        });
    }, REFRESH_DEBOUNCE_MS);
  }

  /** A segment was deleted (git checkout of another branch, a reset): start over from disk. */
  private scheduleFullReload(): void {
    this.fullReloadPending = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.fullReloadPending = false;
      if (!this.disposed) this.loading = this.load();
    }, REFRESH_DEBOUNCE_MS);
  }

  private afterRecord(result: RecordResult): void {
    this.pollSoon();
    this.changed.fire();
    this.watchNewFolders();
    // The re-read before the rating took in lines that need the whole log (see refresh).
    if (this.book.needsReplay && !this.refreshTimer) this.scheduleFullReload();
    if (result.saved) return;
    this.log.error(`Review log: not saved (${this.book.pendingCount} kept in memory): ${result.error?.message ?? ''}`);
    if (!this.retryTimer) {
      const retry = () => {
        this.retryTimer = undefined;
        if (this.disposed || this.book.pendingCount === 0) return;
        void this.retryPending().then((saved) => {
          if (!saved && !this.disposed) this.retryTimer = setTimeout(retry, RETRY_MS);
        });
      };
      this.retryTimer = setTimeout(retry, RETRY_MS);
    }
  }

  private reportProblems(problems: readonly LogProblem[]): void {
    for (const p of problems) {
      const key = `${p.segment}:${p.line}`;
      if (this.reportedProblems.has(key)) continue;
      this.reportedProblems.add(key);
      this.log.warn(`Review log ${key}: ${p.reason} (line kept on disk, skipped)`);
    }
  }

  private scheduleRelink(): void {
    if (this.relinkTimer) clearTimeout(this.relinkTimer);
    this.relinkTimer = setTimeout(() => {
      this.relinkTimer = undefined;
      void this.relink();
    }, RELINK_DEBOUNCE_MS);
  }

  /** Appends links for orphaned history that one edited question clearly continues. */
  private async relink(): Promise<void> {
    if (this.disposed || !this.loading) return;
    await this.notes.whenReady();
    await this.loading;
    // Half-typed questions in unsaved editors are not worth a link; wait for a save.
    if (vscode.workspace.textDocuments.some((d) => d.isDirty && d.languageId === 'markdown')) return;
    const plan = planRelinks(this.book.history, [...this.cards().values()]);
    for (const link of plan.links) {
      this.log.info(`Review log: history of "${link.from.question ?? link.from.id}" follows the question to ${link.to.note}:${link.to.line}`);
      const result = await this.book.link(link.from.id, link.to);
      this.afterRecord(result);
    }
  }

  private schedulerFromSettings(): ReviewScheduler {
    const config = vscode.workspace.getConfiguration('noteReview.review');
    const settings: SchedulerSettings = {
      desiredRetention: config.get<number>('desiredRetention', DEFAULT_SCHEDULER_SETTINGS.desiredRetention),
      maximumIntervalDays: config.get<number>('maximumIntervalDays', DEFAULT_SCHEDULER_SETTINGS.maximumIntervalDays),
      learningSteps: config.get<string[]>('learningSteps', [...DEFAULT_SCHEDULER_SETTINGS.learningSteps]),
      relearningSteps: config.get<string[]>('relearningSteps', [...DEFAULT_SCHEDULER_SETTINGS.relearningSteps]),
      fuzz: config.get<boolean>('fuzz', true),
    };
    try {
      return new ReviewScheduler(settings);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.warn(`Review settings: ${message}; using the defaults.`);
      void vscode.window.showWarningMessage(`Note Review: ${message}. The default scheduling settings are used.`, 'Open Settings').then((choice) => {
        if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'noteReview.review');
      });
      return new ReviewScheduler({ fuzz: settings.fuzz });
    }
  }

  private storeFromSettings(): FolderLogs {
    const config = vscode.workspace.getConfiguration('noteReview.reviewLog');
    const location = config.get<string>('location', 'workspace');
    const folderName = sanitizeFolderName(config.get<string>('folderName', '.note-review'));
    const workspaceFolders = vscode.workspace.workspaceFolders?.filter((f) => f.uri.scheme === 'file') ?? [];
    const logs = workspaceFolders.map((folder) => {
      const root = location === 'globalStorage' ? path.join(this.globalStorage.fsPath, 'review-logs', `${sanitizeFolderName(folder.name)}-${hashText(folder.uri.fsPath)}`) : path.join(folder.uri.fsPath, folderName);
      return { name: workspaceFolderLabel(folder), files: new ReviewLogFiles(path.join(root, 'log'), this.writerId) };
    });
    if (logs.length === 0) logs.push({ name: 'global', files: new ReviewLogFiles(path.join(this.globalStorage.fsPath, 'review-logs', 'no-folder', 'log'), this.writerId) });
    return new FolderLogs(logs, this.writerId);
  }
}

/** The workspace glob that matches a log folder's segments, when the folder is inside a workspace folder. */
function workspaceGlobFor(logFolder: string): string | undefined {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(logFolder));
  if (!workspaceFolder) return undefined;
  const relative = path.relative(workspaceFolder.uri.fsPath, logFolder).split(path.sep).join('/');
  return `**/${relative}/*.jsonl`;
}

/** Creates a log folder in the extension's global storage (ours), so that it can be watched. */
function ensureFolder(logFolder: string): void {
  try {
    fs.mkdirSync(logFolder, { recursive: true });
  } catch {
    // Watching is best effort: the log is re-read before every rating anyway.
  }
}

/** The logs of several workspace folders as one store; an event goes to the folder of its note. */
class FolderLogs implements ReviewLogStore {
  constructor(
    private readonly logs: readonly { name: string; files: ReviewLogFiles }[],
    readonly writerId: string,
  ) {}

  get folders(): ReviewLogFiles[] {
    return this.logs.map((l) => l.files);
  }

  /** Identifies the configuration (folders), to tell whether settings moved the log. */
  get key(): string {
    return this.logs.map((l) => l.files.folder).join('\n');
  }

  async readAll(): Promise<LogSegment[]> {
    return this.prefixed(await Promise.all(this.logs.map((l) => l.files.readAll())));
  }

  async readNew(): Promise<LogSegment[]> {
    return this.prefixed(await Promise.all(this.logs.map((l) => l.files.readNew())));
  }

  append(line: string, event: ReviewEvent): Promise<void> {
    return this.logFor(event).append(line, event);
  }

  /** Every folder's marks (names prefixed as in `prefixed`), so that starts can use the state snapshot. */
  async marks(): Promise<SegmentMark[]> {
    // Each folder takes its offsets synchronously when called, before any await.
    const perFolder = await Promise.all(this.logs.map((l) => l.files.marks()));
    if (this.logs.length === 1) return perFolder[0];
    return perFolder.flatMap((marks, i) => marks.map((m) => ({ ...m, name: `${this.logs[i].name}/${m.name}` })));
  }

  /** The lines after `marks`, folder by folder; undefined when any folder's marked segment changed. */
  async readSince(marks: readonly SegmentMark[]): Promise<LogSegment[] | undefined> {
    const perFolder = await Promise.all(
      this.logs.map((l) => {
        if (this.logs.length === 1) return l.files.readSince(marks);
        const prefix = `${l.name}/`;
        return l.files.readSince(marks.filter((m) => m.name.startsWith(prefix)).map((m) => ({ ...m, name: m.name.slice(prefix.length) })));
      }),
    );
    if (perFolder.some((segments) => segments === undefined)) return undefined;
    return this.prefixed(perFolder as LogSegment[][]);
  }

  /** Whether any folder lost a segment it had read (each folder is asked, which resets it). */
  lostSegments(): boolean {
    return this.logs.map((l) => l.files.lostSegments()).some(Boolean);
  }

  private logFor(event: ReviewEvent): ReviewLogFiles {
    if (this.logs.length > 1 && event.note) {
      // In multi-root workspaces note keys start with the folder's label (workspaceFolderLabel).
      const owner = this.logs.find((l) => event.note?.startsWith(`${l.name}/`));
      if (owner) return owner.files;
    }
    return this.logs[0].files;
  }

  private prefixed(perFolder: LogSegment[][]): LogSegment[] {
    if (this.logs.length === 1) return perFolder[0];
    return perFolder.flatMap((segments, i) => segments.map((s) => ({ ...s, name: `${this.logs[i].name}/${s.name}` })));
  }
}

/** Gives the host a turn between slices of a long replay. */
function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function nonNegative(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
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

/** Words for a write error, for the person. */
export function describeWriteError(error: Error | undefined): string {
  if (error instanceof ReviewLogWriteError) return error.message;
  return error?.message ?? 'the review log could not be written';
}

