// The Statistics panel's presenter: the core's figures (`ReviewStats`, the same object
// `note-review stats --json` prints) reshaped for the charts, one record per day, week or
// section. It adds nothing and rounds nothing, so the panel and the CLI show the same
// numbers (a unit test holds them to it). Pure: no vscode import, tested in plain Node.
import { dayLabel, parseDayLabel } from '../../../core/stats/calendar';
import type { ReviewStats } from '../../../core/stats/review-stats';
import type { CardPhaseName, StatisticsView } from '../../../protocol/statistics-protocol';

const PHASES: readonly CardPhaseName[] = ['new', 'learning', 'review', 'relearning'];

/** The title of a scope: "Workspace", the note's key, or `note.md › Heading › Subheading`. */
export function statisticsTitle(scope: ReviewStats['scope']): string {
  switch (scope.kind) {
    case 'workspace':
      return 'Workspace';
    case 'note':
      return scope.note;
    case 'section':
      return sectionLabel(scope.note, scope.section);
  }
}

/** The view the Statistics webview draws, from the core's statistics. */
export function presentStatistics(stats: ReviewStats): StatisticsView {
  const days = stats.days.reviews.map((reviews, i) => ({
    date: dayAfter(stats.days.firstDay, i),
    reviews,
    studyMs: stats.days.studyMs[i],
    untimedReviews: stats.days.untimedReviews[i],
  }));
  return {
    title: statisticsTitle(stats.scope),
    today: stats.today,
    desiredRetention: stats.desiredRetention,
    streakDays: stats.streakDays,
    totals: { ...stats.totals },
    days,
    forecast: {
      days: stats.forecast.due.map((due, i) => ({ date: dayAfter(stats.forecast.firstDay, i), due })),
      next30Days: stats.forecast.next30Days,
      next90Days: stats.forecast.next90Days,
    },
    retention: { weeks: stats.retention.map((week) => ({ ...week })), pastYear: { ...stats.retentionPastYear } },
    buttons: PHASES.map((phase) => ({ phase, counts: [...stats.buttons[phase]] as [number, number, number, number] })),
    cardCounts: { ...stats.cardCounts },
    recall: {
      times: [...stats.recallTimes],
      sections: stats.sectionRecall.map((s) => ({ label: sectionLabel(s.note, s.section), note: s.note, section: [...s.section], cardCount: s.cardCount, averageRecall: [...s.averageRecall] })),
    },
    mostMissed: stats.mostMissed.map((m) => ({ cardId: m.card, question: m.question, location: sectionLabel(m.note, m.section), answers: m.answers, misses: m.misses, lastMissed: m.lastMissed })),
    wrongChoices: stats.wrongChoices.map((w) => ({ cardId: w.card, question: w.question, choice: w.choice, times: w.times, last: w.last })),
    mockExams: stats.mockExams.map((m) => ({ date: m.day, scope: m.scope, right: m.right, total: m.total, score: m.score, passMark: m.passMark, passed: m.passed, durationMs: m.durationMs })),
    ...(stats.readiness
      ? { readiness: { examDay: stats.readiness.examDay, cardCount: stats.readiness.cardCount, days: stats.readiness.days.map((d) => ({ date: d.day, predictedScore: d.predictedScore, reviewedCount: d.reviewedCount })) } }
      : {}),
  };
}

function sectionLabel(note: string, section: readonly string[]): string {
  return [note, ...section].join(' › ');
}

/** `YYYY-MM-DD` of the day `offset` days after `first`. */
function dayAfter(first: string, offset: number): string {
  const day = parseDayLabel(first);
  if (day === undefined) throw new Error(`not a day: ${first}`);
  return dayLabel(day + offset);
}
