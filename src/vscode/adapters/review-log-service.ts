import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Card } from '../../core';
import { buildReviewQueue, checkReviewLog, planRelinks, ReviewSync, type ChoiceAnswer, type ExamEvent, type ImportSummary, type MockAttempt, type ExamSetting, type LoadStatus, type LogCheck, type LogSegment, type PendingEventStore, type QueueCard, type QueueExam, type QueueExamPlan, type Rating, type RatingPreview, type RecordResult, type ReviewHistory, type ReviewQueue, type ReviewScheduler, type ScheduleImport } from '../../core/review';
import type { FolderLogs } from '../../node/review-log-folders';
import { newWriterId, ReviewStateFile } from '../../node/review-log-files';
import { dayNumber, dayStartTime, parseDayLabel } from '../../core/stats/calendar';
import { inEntry } from '../../core/stats/readiness';
import { LOCAL_CALENDAR } from './local-calendar';
import type { NotesIndex } from './notes-index';
import { LoadProgressDisplay, mementoKeeper, nodeTimers, pause, watchLogFolders } from './review-log-watch';
import { dailyLimitsFromSettings, logStoreFromSettings, schedulerFromSettings } from './review-settings';
import { onDidChangeSettings } from './settings';
import { workspaceFolderLabel } from './workspace-folder-label';

/** A card of the workspace with where it lives. */
export interface WorkspaceCard extends QueueCard {
  readonly uri: vscode.Uri;
  readonly card: Card;
}

const RELINK_DEBOUNCE_MS = 2000;

/**
 * Spaced repetition for the workspace, wired to VS Code: the review log of each workspace
 * folder (or of the extension's global storage), kept in step by the core's `ReviewSync`,
 * and the queue. This class only watches (files, focus, settings), shows progress, and
 * re-links edited questions; the sync logic and its races live in the core. The state
 * snapshot, a cache of this machine, lives in the extension's global storage, not next to
 * the log (which git may merge, in notes that may be read-only).
 */
export class ReviewService implements vscode.Disposable {
  private sync!: ReviewSync;
  private store!: FolderLogs;
  private scheduler: ReviewScheduler;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private syncSubscriptions: { dispose(): void }[] = [];
  private watchers: vscode.Disposable[] = [];
  private watchedFolders = new Set<string>();
  private progress!: LoadProgressDisplay;
  private cardsCache: Map<string, WorkspaceCard> | undefined;
  private relinkTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly writerId: string;
  private readonly keeper: PendingEventStore | undefined;

  /** Fires when schedules or the cards change (a rating, another window, an edit), and as a load goes on. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly notes: NotesIndex,
    private readonly log: vscode.LogOutputChannel,
    private readonly globalStorage: vscode.Uri,
    workspaceState?: vscode.Memento,
    private readonly clock: { now(): number } = { now: () => Date.now() },
  ) {
    this.writerId = newWriterId(vscode.env.machineId);
    this.keeper = workspaceState && mementoKeeper(workspaceState);
    this.scheduler = schedulerFromSettings(log);
    this.createSync();
    this.disposables.push(
      notes.onDidChange(() => {
        this.cardsCache = undefined;
        this.changed.fire();
        this.scheduleRelink();
      }),
      onDidChangeSettings((change) => {
        if (change.affects('noteReview.review') || change.affects('noteReview.reviewLog')) void this.reconfigure();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reconfigure()),
      // File events can be missed (network drives, a watcher that gave up): coming back to the window re-reads.
      vscode.window.onDidChangeWindowState((state) => state.focused && this.sync.activated()),
    );
  }

  private createSync(): void {
    for (const s of this.syncSubscriptions) s.dispose();
    this.store = logStoreFromSettings(this.globalStorage.fsPath, this.writerId);
    const key = createHash('sha1').update(this.store.key).digest('hex').slice(0, 16);
    const states = new ReviewStateFile(path.join(this.globalStorage.fsPath, 'review-state', `${key}.jsonl`));
    const log = { info: (m: string) => this.log.info(m), warn: (m: string) => this.log.warn(m), error: (m: string) => this.log.error(m) };
    this.sync = new ReviewSync({ store: this.store, states, keeper: this.keeper, clock: this.clock, timers: nodeTimers, pause, scheduler: this.scheduler, log, isActive: () => vscode.window.state.focused });
    this.syncSubscriptions = [
      this.sync.onDidChange(() => this.changed.fire()),
      this.sync.onDidLoad(() => {
        this.watch();
        this.scheduleRelink();
      }),
      this.sync.onDidChangeLoadStatus((status) => this.progress.update(status)),
      this.sync,
    ];
    this.progress = new LoadProgressDisplay(this.sync, () => this.changed.fire());
  }

  /** Loads the log in the background (once); resolves when the schedules are ready. */
  whenReady(): Promise<void> {
    return this.sync.whenReady();
  }

  /** Whether the log is being read, and how far. */
  get loadStatus(): LoadStatus {
    return this.sync.loadStatus;
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
    return this.sync.reviewBook.pendingCount;
  }

  /** Every card of the indexed notes in the workspace folders, by id. */
  cards(): Map<string, WorkspaceCard> {
    if (!this.cardsCache) {
      this.cardsCache = new Map();
      const inFolders = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
      for (const entry of this.notes.all()) {
        // A note opened from outside the workspace (the bundled sample, a loose file) has no log of its own to keep history in.
        if (inFolders && !vscode.workspace.getWorkspaceFolder(entry.uri)) continue;
        for (const card of entry.note.cards) this.cardsCache.set(card.id, { id: card.id, note: entry.key, prompt: card.prompt, line: card.line, uri: entry.uri, card });
      }
    }
    return this.cardsCache;
  }

  /** The queue now, with the daily limits from the settings and, while exam dates are set, their study plan. */
  queue(now = this.clock.now()): ReviewQueue {
    const dayStart = new Date(now);
    dayStart.setHours(0, 0, 0, 0);
    return buildReviewQueue([...this.cards().values()], this.sync.reviewBook.history, { now, dayStart: dayStart.getTime(), ...dailyLimitsFromSettings(), exam: this.examPlan(now) });
  }

  /** The study plan toward the workspace folders' exam dates not yet past; undefined without one. */
  private examPlan(now: number): QueueExamPlan | undefined {
    const today = dayNumber(now, LOCAL_CALENDAR);
    const folders = vscode.workspace.workspaceFolders ?? [];
    const exams: QueueExam[] = [];
    for (const folder of folders) {
      const label = folders.length > 1 ? workspaceFolderLabel(folder) : undefined;
      const exam = this.exam(label);
      const examDay = exam && parseDayLabel(exam.date);
      if (!exam || examDay === undefined || examDay < today) continue;
      const scope = exam.scope ?? [];
      exams.push({
        examDay,
        examAt: dayStartTime(examDay, LOCAL_CALENDAR),
        inScope: (card) => {
          if (label !== undefined && !card.note.startsWith(`${label}/`)) return false;
          if (scope.length === 0) return true;
          const section = this.cards().get(card.id)?.card.section ?? [];
          return scope.some((entry) => inEntry({ note: card.note, section }, entry));
        },
      });
    }
    return exams.length > 0 ? { today, exams, recall: (schedule, at) => this.scheduler.recallProbability(schedule, at) } : undefined;
  }

  /** What each rating would do to the card now. */
  previews(cardId: string, now = this.clock.now()): RatingPreview[] {
    return this.scheduler.preview(this.schedule(cardId) ?? this.scheduler.newCard(), now);
  }

  /** The card's average recall probability now, or undefined if it has no history. */
  recallProbability(cardId: string, now = this.clock.now()): number | undefined {
    const schedule = this.schedule(cardId);
    return schedule ? this.scheduler.recallProbability(schedule, now) : undefined;
  }

  /** The folded history of the log (what Statistics reads undos, links and schedules from). */
  get history(): ReviewHistory {
    return this.sync.reviewBook.history;
  }

  /** The card's schedule, if it has history. */
  schedule(cardId: string) {
    return this.sync.reviewBook.history.card(cardId)?.schedule;
  }

  /** Whether the card was taken out of the queue (suspended). */
  isSuspended = (cardId: string): boolean => this.sync.reviewBook.history.card(cardId)?.suspended === true;

  /** Records a rating, with the multiple-choice answer behind it if any. The result says whether it is on disk; if not, it is kept and retried. */
  rate(card: Pick<QueueCard, 'id' | 'note' | 'prompt'>, rating: Rating, durationMs: number, answer?: ChoiceAnswer): Promise<RecordResult> {
    return this.recorded(this.sync.rate(card, rating, durationMs, answer));
  }

  /** Records a finished mock exam (no schedule changes). */
  recordMockAttempt(attempt: MockAttempt): Promise<RecordResult> {
    return this.recorded(this.sync.recordMockAttempt(attempt));
  }

  /** Takes back this window's last rating. */
  undoLastRating(): Promise<RecordResult | undefined> {
    return this.recorded(this.sync.undoLastRating());
  }

  /** Whether there is a rating to undo. */
  canUndo(): boolean {
    return this.sync.reviewBook.lastRating() !== undefined;
  }

  /**
   * Every segment of the log as it is on disk now, read through a store of its own (read
   * only: the sync's read positions and snapshot are untouched). For Statistics, which
   * counts the events itself.
   */
  readLogFromDisk(): Promise<LogSegment[]> {
    return logStoreFromSettings(this.globalStorage.fsPath, this.writerId).readAll();
  }

  /** The exam date in force for a workspace folder's label (undefined with one folder), if any. */
  exam(folder: string | undefined): (ExamEvent & { readonly date: string }) | undefined {
    return this.sync.reviewBook.history.exam(folder);
  }

  /** Sets or clears a folder's exam date: an event in the folder's review log, so every machine syncing it agrees. */
  setExam(setting: ExamSetting): Promise<RecordResult> {
    return this.recorded(this.sync.setExam(setting));
  }

  /** Takes back this window's last exam date change (an undo line, as for a rating). */
  undoLastExamChange(): Promise<RecordResult | undefined> {
    return this.recorded(this.sync.undoLastExamChange());
  }

  /** The exam date change `undoLastExamChange` would take back. */
  lastExamChange(): ExamEvent | undefined {
    return this.sync.reviewBook.lastExamChange();
  }

  /** Replays the whole log and checks it against the notes (see `checkReviewLog`). */
  async check(): Promise<{ check: LogCheck; events: number; lines: number }> {
    const read = await this.sync.replay();
    if (!read) throw new Error('the review log could not be read (see the log)');
    return { check: checkReviewLog(read, this.sync.reviewBook.history, [...this.cards().values()]), events: read.events.length, lines: read.lineCount };
  }

  /** Takes a card out of the queue, puts it back, or resets it to new; recorded in the log like a rating. */
  mark(card: WorkspaceCard, kind: 'suspend' | 'unsuspend' | 'forget'): Promise<RecordResult> {
    return this.recorded(this.sync.mark({ id: card.id, note: card.note, prompt: card.prompt }, kind));
  }

  /** Appends an `import` line for each schedule the card's history does not make moot (see `ReviewBook.importSchedules`). */
  importSchedules(items: readonly ScheduleImport[]): Promise<ImportSummary> {
    return this.recorded(this.sync.importSchedules(items));
  }

  /** Appends a link moving the history of `from` to `to`. */
  link(from: string, to: QueueCard): Promise<RecordResult> {
    return this.recorded(this.sync.link(from, to));
  }

  /** Records that these findings were reported. */
  acknowledge(keys: readonly string[]): Promise<RecordResult | undefined> {
    return this.sync.acknowledge(keys);
  }

  /** Writes events kept in memory, recreating the log folder when it was deleted. */
  retryPending(recreate = false): Promise<boolean> {
    return this.sync.retryPending(recreate ? async () => void (await Promise.all(this.store.folders.map((f) => f.recreateFolder()))) : undefined);
  }

  /** Saves the review-state snapshot now if the schedules changed since the last one; resolves to whether it wrote one. */
  saveSnapshot(): Promise<boolean> {
    return this.sync.saveSnapshot();
  }

  dispose(): void {
    if (this.relinkTimer) clearTimeout(this.relinkTimer);
    for (const d of [...this.watchers, ...this.syncSubscriptions, ...this.disposables]) d.dispose();
  }

  /** A record may have created a log folder: watch it. */
  private async recorded<T>(result: Promise<T>): Promise<T> {
    const value = await result;
    if (this.store.folders.some((f) => !this.watchedFolders.has(f.folder) && fs.existsSync(f.folder))) this.watch();
    return value;
  }

  /** Settings or workspace folders changed: a new log location gets a new sync (when nothing is pending), else a reload. */
  private async reconfigure(): Promise<void> {
    this.scheduler = schedulerFromSettings(this.log);
    if (this.pendingCount === 0 && logStoreFromSettings(this.globalStorage.fsPath, this.writerId).key !== this.store.key) {
      this.createSync();
      this.changed.fire();
      await this.sync.whenReady();
    } else await this.sync.reconfigure(this.scheduler);
  }

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    ({ disposables: this.watchers, watched: this.watchedFolders } = watchLogFolders(this.logFolders, this.sync, this.log));
  }

  private scheduleRelink(): void {
    if (this.relinkTimer) clearTimeout(this.relinkTimer);
    this.relinkTimer = setTimeout(() => void this.relink(), RELINK_DEBOUNCE_MS);
  }

  /** Appends links for orphaned history that one edited question clearly continues. */
  private async relink(): Promise<void> {
    this.relinkTimer = undefined;
    await Promise.all([this.notes.whenReady(), this.sync.whenReady()]);
    // Half-typed questions in unsaved editors are not worth a link; wait for a save.
    if (vscode.workspace.textDocuments.some((d) => d.isDirty && d.languageId === 'markdown')) return;
    for (const link of planRelinks(this.sync.reviewBook.history, [...this.cards().values()]).links) {
      this.log.info(`Review log: history of "${link.from.question ?? link.from.id}" follows the question to ${link.to.note}:${link.to.line}`);
      await this.link(link.from.id, link.to);
    }
  }
}

export { describeWriteError } from '../../node/review-log-files';
