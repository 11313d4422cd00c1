// `note-review stats`: the statistics of a workspace or a note from its review log, and
// with `--exam` the readiness for an exam day and today's new-card allowance.
import { formatBreadcrumb, parseNote } from '../core';
import type { Note, ParseOptions } from '../core';
import { DEFAULT_DAILY_LIMITS, readReviewLog, ReviewHistory, ReviewScheduler, type LogSegment } from '../core/review';
import { dayNumber, parseDayLabel, type Calendar } from '../core/stats/calendar';
import { MemoryModel } from '../core/stats/memory-model';
import { examCards, InvalidExamPlanError, predictReadiness, type ExamPlan, type Readiness } from '../core/stats/readiness';
import { computeReviewStats, sectionKey, type ReviewStats, type StatsCard, type StatsScope } from '../core/stats/review-stats';
import { newCardAllowance, type NewCardAllowance } from '../core/stats/study-plan';
import type { CliIo } from './cli-io';
import { DEFAULT_LOG_FOLDER, describeFsError, fileOrFolder, findWorkspace, joinPath, markdownFilesUnder, readNote, relativeKey } from './note-files';
import type { StatsArgs } from './parse-args';
import { formatPercent } from '../core/util/percent';


/** What `stats --json` prints. */
export interface StatsJson {
  readonly workspace: string;
  readonly log: string;
  readonly stats: ReviewStats;
  readonly exam?: { readonly readiness: Readiness; readonly plan: NewCardAllowance & { readonly newCardsLeft: number; readonly newPerDayLimit: number } };
}

/**
 * Runs `stats` on PATH (a workspace folder, or a note in one) and returns the exit status:
 * 0, or 2 when the path or a note could not be read or the exam plan is invalid. All output goes through `io`.
 */
export function runStats(path: string, json: boolean, args: StatsArgs, io: CliIo, parse: (text: string, options: ParseOptions) => Note = parseNote, options: Omit<ParseOptions, 'noteKey'> = {}): number {
  const fail = (subject: string, reason: string): number => {
    io.stderr(`note-review: ${subject}: ${reason}\n`);
    return 2;
  };
  let examDay: number | undefined;
  if (args.exam !== undefined) {
    examDay = parseDayLabel(args.exam);
    if (examDay === undefined) return fail('--exam', `'${args.exam}' is not a day written YYYY-MM-DD`);
  }
  const kind = fileOrFolder(io, path);
  if (kind !== 'file' && kind !== 'directory') return fail(path, kind);

  // The workspace is the folder holding the log: the folder given, or for a note the nearest one above it with a log.
  const root = kind === 'directory' ? path : findWorkspace(io, path);
  const logFolder = args.log ?? joinPath(root, DEFAULT_LOG_FOLDER);
  const keyOf = (file: string): string => relativeKey(root, file);
  const files = kind === 'directory' ? [...markdownFilesUnder(io, root, (folder, error) => void fail(folder, describeFsError(error)))] : [path];
  const cards: StatsCard[] = [];
  let status = 0;
  for (const file of files) {
    const note = readNote(io, file, keyOf(file), parse, options);
    if (typeof note === 'string') {
      status = fail(file, note);
      continue;
    }
    for (const card of note.cards) cards.push({ id: card.id, note: keyOf(file), section: card.section, prompt: card.prompt });
  }

  const segments = readLogFolder(io, logFolder);
  if (typeof segments === 'string') io.stderr(`note-review: ${logFolder}: ${segments}: every card counts as new\n`);
  const read = readReviewLog(typeof segments === 'string' ? [] : segments);
  if (read.problems.length > 0) io.stderr(`note-review: ${logFolder}: ${read.problems.length} unreadable line${read.problems.length === 1 ? '' : 's'} skipped (Note Review: Check Review Log tells which)\n`);
  const scheduler = new ReviewScheduler();
  const history = ReviewHistory.fromEvents(read.events, scheduler);
  const now = io.now?.() ?? Date.now();
  const calendar: Calendar = { offsetMs: (time) => io.utcOffsetMs?.(time) ?? 0 };
  const scope: StatsScope = kind === 'directory' ? { kind: 'workspace' } : { kind: 'note', note: keyOf(path) };
  // The readiness over time is drawn for the exam given, else for the one set in the log (as the Statistics view does).
  const logExam = history.exam(undefined);
  const examPlan: ExamPlan | undefined = args.exam !== undefined ? { date: args.exam, weights: args.weights } : logExam;
  let stats: ReviewStats;
  try {
    stats = computeReviewStats({ events: read.events, cards, history, now, settings: scheduler.settings, calendar, scope, ...(examPlan ? { exam: examPlan } : {}) });
  } catch (error) {
    if (error instanceof InvalidExamPlanError) return fail('--exam', error.message);
    throw error;
  }

  let exam: StatsJson['exam'];
  if (examDay !== undefined && args.exam !== undefined) {
    const inScope = kind === 'directory' ? cards : cards.filter((card) => card.note === keyOf(path));
    const plan: ExamPlan = { date: args.exam, weights: args.weights };
    const model = new MemoryModel(scheduler.settings);
    const memoryOf = (id: string) => history.card(id)?.schedule;
    let readiness: Readiness;
    try {
      readiness = predictReadiness(inScope, memoryOf, plan, { now, model, calendar });
    } catch (error) {
      if (error instanceof InvalidExamPlanError) return fail('--exam', error.message);
      throw error;
    }
    const newCardsLeft = examCards(inScope, plan).filter((card) => {
      const record = history.card(card.id);
      return !record?.suspended && (!record || record.schedule.phase === 'new');
    }).length;
    const newPerDayLimit = DEFAULT_DAILY_LIMITS.newPerDay;
    exam = { readiness, plan: { ...newCardAllowance({ newCardsLeft, today: dayNumber(now, calendar), examDay, newPerDayLimit }), newCardsLeft, newPerDayLimit } };
  }

  if (json) {
    const out: StatsJson = { workspace: root, log: logFolder, stats, ...(exam ? { exam } : {}) };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  } else io.stdout(formatStats(stats, exam));
  return status;
}

/** Every `*.jsonl` segment of the log folder, or why there is none. */
function readLogFolder(io: CliIo, folder: string): LogSegment[] | string {
  let entries;
  try {
    if (io.stat(folder) !== 'directory') return 'no review log there';
    entries = io.listDir(folder);
  } catch (error) {
    return describeFsError(error);
  }
  const segments: LogSegment[] = [];
  const decoder = new TextDecoder('utf-8');
  for (const entry of entries) {
    if (entry.kind !== 'file' || !entry.name.endsWith('.jsonl')) continue;
    try {
      segments.push({ name: entry.name, text: decoder.decode(io.readFile(joinPath(folder, entry.name))) });
    } catch (error) {
      io.stderr(`note-review: ${joinPath(folder, entry.name)}: ${describeFsError(error)}\n`);
    }
  }
  return segments;
}

const PHASE_LABELS = { new: 'new', learning: 'learning', review: 'review', relearning: 'relearning' } as const;

/** The human summary of `stats`. */
export function formatStats(stats: ReviewStats, exam?: StatsJson['exam']): string {
  const lines: string[] = [];
  const scope = stats.scope.kind === 'workspace' ? 'workspace' : stats.scope.kind === 'note' ? stats.scope.note : sectionKey(stats.scope.note, stats.scope.section);
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  const last = (values: readonly number[], n: number) => values.slice(values.length - n);
  const c = stats.cardCounts;
  lines.push(`Statistics of ${scope}, ${stats.today}`);
  lines.push(`Cards: ${c.total} (${c.new} new, ${c.learning} learning, ${c.review} review, ${c.suspended} suspended)`);
  const today = stats.days.reviews[stats.days.reviews.length - 1];
  lines.push(`Reviews: ${stats.totals.reviews} on ${stats.totals.daysStudied} ${stats.totals.daysStudied === 1 ? 'day' : 'days'}; past year ${sum(stats.days.reviews)}, past 30 days ${sum(last(stats.days.reviews, 30))}, today ${today}; streak ${stats.streakDays} ${stats.streakDays === 1 ? 'day' : 'days'}`);
  const untimed = stats.totals.untimedReviews;
  lines.push(`Study time: ${duration(stats.totals.studyMs)} recorded; past 30 days ${duration(sum(last(stats.days.studyMs, 30)))}, today ${duration(stats.days.studyMs[stats.days.studyMs.length - 1])}${untimed > 0 ? `; ${untimed} ${untimed === 1 ? 'review' : 'reviews'} without a recorded time` : ''}`);
  lines.push(`Due: today ${stats.forecast.due[0]}, next 30 days ${stats.forecast.next30Days}, next 90 days ${stats.forecast.next90Days}`);
  const year = stats.retentionPastYear;
  const week = stats.retention[stats.retention.length - 1];
  lines.push(`True retention: past year ${rate(year.rate)} of ${year.reviews} reviews in review state; this week ${rate(week.rate)} of ${week.reviews}; desired ${formatPercent(stats.desiredRetention, 1)}`);
  lines.push('Answer buttons (Again / Hard / Good / Easy):');
  for (const phase of ['new', 'learning', 'review', 'relearning'] as const) lines.push(`  ${PHASE_LABELS[phase].padEnd(10)}  ${stats.buttons[phase].join(' / ')}`);
  const withRecall = stats.sectionRecall.filter((s) => s.averageRecall[s.averageRecall.length - 1] !== null);
  if (withRecall.length > 0) {
    lines.push(`Average recall by section (now; 4 weeks ago, ${stats.recallTimes[stats.recallTimes.length - 5]}):`);
    for (const s of withRecall) {
      const nowValue = s.averageRecall[s.averageRecall.length - 1];
      const before = s.averageRecall[s.averageRecall.length - 5];
      lines.push(`  ${label(s.note, s.section)}  ${rate(nowValue)}; ${rate(before)}`);
    }
  }
  if (stats.mostMissed.length > 0) {
    lines.push('Missed most often (misses of answers):');
    for (const m of stats.mostMissed) lines.push(`  ${m.misses} of ${m.answers}  ${m.question}  (${label(m.note, m.section)}, last ${m.lastMissed})`);
  }
  if (stats.wrongChoices.length > 0) {
    lines.push('Wrong options chosen most often:');
    for (const w of stats.wrongChoices) lines.push(`  ${w.times}×  "${w.choice}" for: ${w.question}`);
  }
  if (stats.mockExams.length > 0) {
    lines.push('Mock exams:');
    for (const m of stats.mockExams) lines.push(`  ${m.day}  ${formatPercent(m.score, 1)} (${m.right} of ${m.total}), ${m.passed ? 'passed' : 'not passed'} at ${formatPercent(m.passMark, 1)}; ${m.scope}`);
  }
  if (stats.readiness) {
    const days = stats.readiness.days;
    const weekAgo = days[days.length - 8];
    lines.push(`Readiness for ${stats.readiness.examDay}: ${formatPercent(days[days.length - 1].predictedScore, 1)} now${weekAgo ? `, ${formatPercent(weekAgo.predictedScore, 1)} a week ago (${weekAgo.day})` : ''}`);
  }
  if (exam) {
    const r = exam.readiness;
    const when = r.daysLeft > 0 ? `in ${r.daysLeft} ${r.daysLeft === 1 ? 'day' : 'days'}` : r.daysLeft === 0 ? 'today' : `${-r.daysLeft} days ago`;
    lines.push(`Exam ${r.examDay} (${when}): predicted score ${formatPercent(r.predictedScore, 1)}; ${r.reviewedCount} of ${r.cardCount} cards reviewed`);
    for (const w of r.weighted) lines.push(`  weight ${w.weight}  ${label(w.note, w.section)}  ${formatPercent(w.predictedRecall, 1)} (${w.cardCount} cards)`);
    if (r.unweightedCards > 0) lines.push(`  ${r.unweightedCards} cards under no weight are left out of the score`);
    for (const s of r.sections) lines.push(`  ${label(s.note, s.section)}  ${formatPercent(s.predictedRecall, 1)} (${s.reviewedCount} of ${s.cardCount} reviewed)`);
    const p = exam.plan;
    if (p.newCardsLeft === 0) lines.push('Plan: every card in scope is introduced; reviews only');
    else lines.push(`Plan: ${p.perDay} new ${p.perDay === 1 ? 'card' : 'cards'} a day (${p.newCardsLeft} left, daily limit ${p.newPerDayLimit})${p.fitsBeforeFinalWeek ? ', all introduced before the final week' : ': the daily limit leaves some for the final week'}`);
  }
  return `${lines.join('\n')}\n`;
}

function label(note: string, section: readonly string[]): string {
  return section.length === 0 ? note : `${note} > ${formatBreadcrumb(section)}`;
}


function rate(value: number | null): string {
  return value === null ? '–' : formatPercent(value, 1);
}

function duration(ms: number): string {
  if (ms < 59_500) return `${Math.round(ms / 1000)}s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
