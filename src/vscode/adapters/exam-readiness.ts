import * as vscode from 'vscode';
import { type Calendar } from '../../core/stats/calendar';
import { MemoryModel } from '../../core/stats/memory-model';
import { predictReadinessInSlices, ReadinessCache, type Readiness } from '../../core/stats/readiness';
import { sectionKey, type StatsCard } from '../../core/stats/review-stats';
import { LOCAL_CALENDAR } from './local-calendar';
import type { ReviewService } from './review-log-service';
import { pause } from './review-log-watch';
import { workspaceFolderLabel } from './workspace-folder-label';

/** Changes settle this long before readiness is computed again (50,000 cards: well under 100 ms, less after a rating: see ReadinessCache). */
export const READINESS_DEBOUNCE_MS = 750;
/** A steady stream of changes (another window rating) still gets a fresh figure this often. */
const READINESS_MAX_WAIT_MS = 5000;


/** The readiness for one workspace folder's exam. */
export interface FolderReadiness {
  /** The folder's label in a multi-root workspace; undefined with one folder. */
  readonly folder: string | undefined;
  /** The folder's name, for people. */
  readonly folderName: string;
  readonly readiness: Readiness;
}

/** Predicted exam-day recall of a note or section (its subsections included). */
export interface SectionReadiness {
  readonly predictedRecall: number;
  readonly cardCount: number;
  readonly examDay: string;
}

/**
 * The exam readiness of every workspace folder with an exam date, from the review
 * history's schedules and the notes' cards. Computed off the hot path: after changes have
 * settled (`READINESS_DEBOUNCE_MS`, at most `READINESS_MAX_WAIT_MS` late), and again when
 * the day changes; never on the keystroke itself; in slices that give the host turns.
 */
export class ExamReadiness implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private current: FolderReadiness[] = [];
  private bySection = new Map<string, SectionReadiness>();
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private firstChangeAt: number | undefined;
  private midnight: ReturnType<typeof setTimeout> | undefined;
  private computed: Promise<void> | undefined;
  private disposed = false;
  /** The cards of each folder's exam, kept while the notes are unchanged, with their recall kept between computations. */
  private cardLists: { from: ReadonlyMap<string, unknown>; byFolder: Map<string, { cards: StatsCard[]; cache: ReadinessCache }> } | undefined;
  private model: { settings: object; model: MemoryModel } | undefined;
  /** Number of computations run (a test reads it to tell that changes are coalesced). */
  computations = 0;

  /** Fires after readiness was computed anew. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly reviews: ReviewService,
    /** Resolves once the notes are indexed (readiness before that would count no cards). */
    private readonly notesReady: () => Promise<unknown>,
    private readonly log: vscode.LogOutputChannel,
    private readonly calendar: Calendar = LOCAL_CALENDAR,
  ) {
    this.disposables.push(reviews.onDidChange(() => this.schedule()));
    this.computed = Promise.all([notesReady(), reviews.whenReady()]).then(() => this.compute()).catch((error: unknown) => this.log.error('Exam readiness failed:', error instanceof Error ? (error.stack ?? error.message) : String(error)));
  }

  /** The readiness of each folder with an exam date, as last computed. */
  get folders(): readonly FolderReadiness[] {
    return this.current;
  }

  /** The predicted exam-day recall of a note (`section` empty) or section, when it has cards in an exam's scope. */
  section(note: string, section: readonly string[]): SectionReadiness | undefined {
    return this.bySection.get(sectionKey(note, section));
  }

  /** Resolves once a computation due now has run (tests, and commands that show figures). */
  async settled(): Promise<void> {
    await Promise.all([this.notesReady(), this.reviews.whenReady()]);
    if (this.debounce !== undefined) this.computeNow();
    await this.computed;
  }

  dispose(): void {
    this.disposed = true;
    if (this.debounce) clearTimeout(this.debounce);
    if (this.midnight) clearTimeout(this.midnight);
    for (const d of this.disposables) d.dispose();
  }

  private schedule(): void {
    if (this.disposed) return;
    const now = Date.now();
    this.firstChangeAt ??= now;
    if (this.debounce) clearTimeout(this.debounce);
    const wait = Math.max(0, Math.min(READINESS_DEBOUNCE_MS, this.firstChangeAt + READINESS_MAX_WAIT_MS - now));
    this.debounce = setTimeout(() => this.computeNow(), wait);
  }

  private computeNow(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = undefined;
    this.firstChangeAt = undefined;
    const previous = this.computed ?? Promise.resolve();
    this.computed = previous.then(() => this.compute()).catch((error: unknown) => this.log.error('Exam readiness failed:', error instanceof Error ? (error.stack ?? error.message) : String(error)));
  }

  private async compute(): Promise<void> {
    if (this.disposed) return;
    const started = performance.now();
    const now = Date.now();
    const settings = this.reviews.schedulerInUse.settings;
    if (this.model?.settings !== settings) this.model = { settings, model: new MemoryModel(settings) };
    const { model } = this.model;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const multiRoot = folders.length > 1;
    const results: FolderReadiness[] = [];
    const groups = new Map<string, { sum: number; cards: number; examDay: string }>();
    for (const folder of folders.length > 0 ? folders : [undefined]) {
      const label = multiRoot && folder ? workspaceFolderLabel(folder) : undefined;
      const exam = this.reviews.exam(label);
      if (!exam) continue;
      const { cards, cache } = this.cardsOf(label);
      let readiness: Readiness;
      try {
        readiness = await predictReadinessInSlices(cards, (id) => this.reviews.schedule(id), exam, { now, model, calendar: this.calendar, cache }, pause);
      } catch (error) {
        // The log holds what a person typed on another machine: a bad plan is logged, not thrown at every change.
        this.log.warn(`Exam readiness of ${folder?.name ?? 'the workspace'}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      results.push({ folder: label, folderName: folder?.name ?? 'workspace', readiness });
      if (readiness.daysLeft < 0) continue;
      for (const s of readiness.sections) {
        // A section's figure includes its subsections, as its row's card count does.
        for (let depth = 0; depth <= s.section.length; depth++) {
          const key = sectionKey(s.note, s.section.slice(0, depth));
          const group = groups.get(key) ?? { sum: 0, cards: 0, examDay: readiness.examDay };
          group.sum += s.predictedRecall * s.cardCount;
          group.cards += s.cardCount;
          groups.set(key, group);
        }
      }
    }
    if (this.disposed) return;
    this.current = results;
    this.bySection = new Map([...groups].map(([key, g]) => [key, { predictedRecall: g.cards > 0 ? g.sum / g.cards : 0, cardCount: g.cards, examDay: g.examDay }]));
    this.computations++;
    if (results.length > 0) this.log.debug(`Exam readiness computed in ${Math.round(performance.now() - started)} ms`);
    this.armMidnight();
    this.changed.fire();
  }

  /**
   * The cards of a folder (every card with one folder), the same list while the notes are
   * unchanged (the review service's card map is then the same), so that the recall kept
   * in its cache holds.
   */
  private cardsOf(label: string | undefined): { cards: StatsCard[]; cache: ReadinessCache } {
    const from = this.reviews.cards();
    if (this.cardLists?.from !== from) this.cardLists = { from, byFolder: new Map() };
    const key = label ?? '';
    let entry = this.cardLists.byFolder.get(key);
    if (!entry) {
      const all = [...from.values()].map((c) => ({ id: c.id, note: c.note, section: c.card.section }));
      entry = { cards: label === undefined ? all : all.filter((c) => c.note.startsWith(`${label}/`)), cache: new ReadinessCache() };
      this.cardLists.byFolder.set(key, entry);
    }
    return entry;
  }

  /** Days left and recall change with the day: compute again just after local midnight. */
  private armMidnight(): void {
    if (this.midnight) clearTimeout(this.midnight);
    this.midnight = undefined;
    if (this.disposed || this.current.length === 0) return;
    const tomorrow = new Date();
    tomorrow.setHours(24, 0, 1, 0);
    this.midnight = setTimeout(() => this.computeNow(), Math.max(1000, tomorrow.getTime() - Date.now()));
  }
}
