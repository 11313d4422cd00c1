// The Statistics panel's page. It draws the figures the host computed (`didCompute`) as
// SVG charts with Observable Plot, each with a text alternative (a summary read out on
// focus and a data table), and sends back only `refresh` and the forecast range. Colours
// are VS Code's theme variables (set in statistics.css), so every theme applies.
import * as Plot from '@observablehq/plot';
import {
  RATINGS,
  RATING_LABELS,
  type ForecastRange,
  type MockAttemptView,
  type ReadinessTrendView,
  type PersistedStatistics,
  type SectionRecallView,
  type StatisticsDay,
  type StatisticsToExtensionMessage,
  type StatisticsToWebviewMessage,
  type StatisticsView,
} from '../../protocol/statistics-protocol';
import { acquireWebviewApi, byId, h } from '../dom';

const vscode = acquireWebviewApi<StatisticsToExtensionMessage>();
const app = byId('app');
const main = byId('main');
const titleElement = byId('title');
const statusElement = byId('status');
const errorBox = byId('error');
const refreshButton = byId('refresh');

/** Days of history the per-day bar charts show. */
const HISTORY_DAYS = 90;
/** Sections drawn in the recall chart (the table lists them all). */
const RECALL_LINES = 8;
const BUTTON_LABELS = RATINGS.map((rating) => RATING_LABELS[rating]);
const PHASE_LABELS = { new: 'New', learning: 'Learning', review: 'Review', relearning: 'Relearning' } as const;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Chart colours: CSS variables of statistics.css, which map to the theme's. */
const HEAT = [0, 1, 2, 3, 4].map((level) => `var(--stats-heat-${level})`);
const BUTTON_COLOURS = [0, 1, 2, 3].map((i) => `var(--stats-button-${i})`);
const SERIES = Array.from({ length: RECALL_LINES }, (_, i) => `var(--stats-series-${i})`);

let view: StatisticsView | undefined;
let state: PersistedStatistics | undefined;
let focused = false;

function post(message: StatisticsToExtensionMessage): void {
  vscode.postMessage(message);
}

refreshButton.addEventListener('click', () => post({ type: 'refresh' }));
document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
  if ((event.key === 'r' || event.key === 'R') && !(event.target instanceof HTMLInputElement)) {
    event.preventDefault();
    post({ type: 'refresh' });
  }
});

window.addEventListener('message', (event: MessageEvent<StatisticsToWebviewMessage>) => {
  const message = event.data;
  if (typeof message !== 'object' || message === null) return;
  switch (message.type) {
    case 'didStartComputing':
      keep(message.state);
      titleElement.textContent = `Statistics: ${message.title}`;
      app.setAttribute('aria-busy', 'true');
      statusElement.textContent = 'Computing…';
      return;
    case 'didCompute':
      keep(message.state);
      view = message.view;
      errorBox.hidden = true;
      render();
      return;
    case 'didFail':
      keep(message.state);
      titleElement.textContent = `Statistics: ${message.title}`;
      app.removeAttribute('aria-busy');
      statusElement.textContent = '';
      errorBox.hidden = false;
      errorBox.replaceChildren(h('span', { class: 'codicon codicon-error', 'aria-hidden': 'true' }), ` The statistics could not be computed: ${message.message}`);
      return;
  }
});

function keep(next: PersistedStatistics): void {
  state = next;
  vscode.setState(next);
}

// Charts are as wide as the panel: drawn again when it is resized.
let resizeFrame = 0;
new ResizeObserver(() => {
  cancelAnimationFrame(resizeFrame);
  resizeFrame = requestAnimationFrame(() => view && render());
}).observe(main);

function render(): void {
  const v = view;
  if (!v) return;
  app.removeAttribute('aria-busy');
  titleElement.textContent = `Statistics: ${v.title}`;
  statusElement.textContent = `As of ${v.today}`;
  const width = Math.max(320, Math.min(main.clientWidth, 1000));
  const scrollTop = document.scrollingElement?.scrollTop ?? 0;
  const open = new Set([...main.querySelectorAll('details[open]')].map((d) => d.id));
  main.replaceChildren(
    overview(v),
    calendarSection(v, width),
    historySection(v, width),
    forecastSection(v, width),
    retentionSection(v, width),
    buttonsSection(v, width),
    ...(v.readiness ? [readinessSection(v.readiness, width)] : []),
    mistakesSection(v),
    mockExamsSection(v, width),
    recallSection(v, width),
  );
  // A redraw (resize, new figures) keeps the tables the person opened and the scroll position.
  for (const id of open) (document.getElementById(id) as HTMLDetailsElement | null)?.setAttribute('open', '');
  if (document.scrollingElement) document.scrollingElement.scrollTop = scrollTop;
  if (!focused) {
    focused = true;
    main.focus({ preventScroll: true });
  }
}

// ——— Building blocks ———

/** A chart: its heading, a summary (the chart's accessible name, read on focus), the SVG and a data table. */
function chart(id: string, heading: string, summary: string, svgs: Element | readonly Element[] | undefined, table: HTMLTableElement, extra: Node[] = []): HTMLElement {
  const summaryId = `${id}-summary`;
  const figure = h('figure', { class: 'chart', id: `${id}-chart`, tabindex: '0', role: 'img', 'aria-labelledby': `${id}-heading ${summaryId}` });
  const drawn = svgs === undefined ? [] : 'length' in svgs ? svgs : [svgs];
  for (const svg of drawn) {
    // Plot adds a <style> element the page's CSP would refuse (and log): statistics.css holds its rules.
    svg.querySelectorAll('style').forEach((s) => s.remove());
    svg.setAttribute('aria-hidden', 'true');
    figure.append(svg);
  }
  if (drawn.length === 0) figure.append(h('p', { class: 'empty' }, 'Nothing to draw yet.'));
  return h(
    'section',
    { class: 'block', 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, heading),
    h('p', { class: 'summary', id: summaryId }, summary),
    ...extra,
    figure,
    h('details', { class: 'data', id: `${id}-table` }, h('summary', {}, `${heading}: as a table`), table),
  );
}

function table(caption: string, head: readonly string[], rows: readonly (readonly (string | number)[])[], empty = 'No data.'): HTMLTableElement {
  const element = h('table') as HTMLTableElement;
  element.append(h('caption', { class: 'sr-only' }, caption));
  element.append(h('thead', {}, h('tr', {}, ...head.map((c, i) => h('th', { scope: 'col', class: i > 0 ? 'num' : undefined }, c)))));
  const body = h('tbody');
  if (rows.length === 0) body.append(h('tr', {}, h('td', { colspan: String(head.length) }, empty)));
  for (const row of rows) body.append(h('tr', {}, ...row.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, String(c)) : h('td', { class: 'num' }, String(c))))));
  element.append(body);
  return element;
}

/** A colour key (the charts' own legends would need inline styles). */
function legend(entries: readonly { label: string; className: string }[]): HTMLElement {
  return h('ul', { class: 'legend', 'aria-hidden': 'true' }, ...entries.map((e) => h('li', {}, h('span', { class: `swatch ${e.className}` }), e.label)));
}

function plot(options: Plot.PlotOptions): Element {
  return Plot.plot(options);
}

/** A y axis of whole numbers: no more ticks than there are whole steps (no "0, 0, 1, 1"). */
function countAxis(label: string, values: readonly number[]): Plot.ScaleOptions {
  const max = Math.max(1, ...values);
  return { label, grid: true, nice: true, ticks: Math.min(max, 5), tickFormat: 'd' };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 1000) / 10}%`);
const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
const utc = (date: string) => new Date(`${date}T00:00:00Z`);

function duration(ms: number): string {
  if (ms < 59_500) return `${Math.round(ms / 1000)}s`;
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

function shortDate(date: string): string {
  const d = utc(date);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

// ——— Sections of the page ———

function overview(v: StatisticsView): HTMLElement {
  const today = v.days[v.days.length - 1];
  const c = v.cardCounts;
  const tile = (label: string, value: string, detail?: string) => h('div', { class: 'tile', role: 'listitem' }, h('span', { class: 'tile-value' }, value), h('span', { class: 'tile-label' }, label), detail ? h('span', { class: 'tile-detail' }, detail) : undefined);
  const untimed = v.totals.untimedReviews;
  return h(
    'section',
    { class: 'block overview', 'aria-labelledby': 'overview-heading' },
    h('h2', { id: 'overview-heading', class: 'sr-only' }, 'Overview'),
    h(
      'div',
      { class: 'tiles', role: 'list', 'aria-label': 'Overview' },
      tile('Streak', plural(v.streakDays, 'day')),
      tile('Reviews today', today.reviews.toLocaleString('en'), today.untimedReviews > 0 ? `${duration(today.studyMs)} recorded, ${today.untimedReviews} untimed` : duration(today.studyMs)),
      tile('Reviews in all', v.totals.reviews.toLocaleString('en'), `on ${plural(v.totals.daysStudied, 'day')}`),
      tile('Study time recorded', duration(v.totals.studyMs), untimed > 0 ? `${plural(untimed, 'review')} without a recorded time` : undefined),
      tile('Due next 30 days', v.forecast.next30Days.toLocaleString('en'), `${v.forecast.next90Days.toLocaleString('en')} in 90 days`),
    ),
    h('h3', { id: 'cards-heading' }, 'Cards'),
    h(
      'div',
      { class: 'tiles cards', role: 'list', 'aria-labelledby': 'cards-heading' },
      tile('Total', c.total.toLocaleString('en')),
      tile('New', c.new.toLocaleString('en')),
      tile('Learning', c.learning.toLocaleString('en')),
      tile('Review', c.review.toLocaleString('en')),
      tile('Suspended', c.suspended.toLocaleString('en')),
    ),
  );
}

interface HeatCell extends StatisticsDay {
  readonly week: number;
  readonly weekday: number;
  readonly level: number;
}

function calendarSection(v: StatisticsView, width: number): HTMLElement {
  const first = utc(v.days[0].date);
  const firstWeekday = (first.getUTCDay() + 6) % 7;
  const max = Math.max(0, ...v.days.map((d) => d.reviews));
  // Four levels over the busiest day, as in most review calendars; 0 only for no review.
  const level = (n: number) => (n === 0 ? 0 : Math.min(4, Math.ceil((4 * n) / max)));
  const cells: HeatCell[] = v.days.map((d, i) => ({ ...d, week: Math.floor((i + firstWeekday) / 7), weekday: (i + firstWeekday) % 7, level: level(d.reviews) }));
  const monthOfWeek = new Map<number, string>();
  for (const cell of cells) {
    const date = utc(cell.date);
    if (date.getUTCDate() <= 7 && cell.weekday === 0) monthOfWeek.set(cell.week, MONTHS[date.getUTCMonth()]);
  }
  const weeks = cells[cells.length - 1].week + 1;
  const cellSize = Math.max(8, Math.min(16, Math.floor((width - 40) / weeks)));
  const studied = v.days.filter((d) => d.reviews > 0).length;
  const busiest = v.days.reduce((a, b) => (b.reviews > a.reviews ? b : a), v.days[0]);
  const summary =
    studied === 0
      ? 'No reviews in the past year.'
      : `${plural(sum(v.days.map((d) => d.reviews)), 'review')} on ${plural(studied, 'day')} of the past year; the busiest day was ${busiest.date} with ${plural(busiest.reviews, 'review')}. Current streak: ${plural(v.streakDays, 'day')}.`;
  const svg = plot({
    width: weeks * cellSize + 40,
    height: 7 * cellSize + 30,
    marginLeft: 36,
    marginTop: 20,
    marginBottom: 4,
    marginRight: 4,
    padding: 0,
    x: { type: 'band', domain: Array.from({ length: weeks }, (_, i) => i), axis: 'top', tickSize: 0, tickFormat: (w: number) => monthOfWeek.get(w) ?? '', label: null },
    y: { type: 'band', domain: [0, 1, 2, 3, 4, 5, 6], tickSize: 0, tickFormat: (d: number) => (d % 2 === 0 ? WEEKDAYS[d] : ''), label: null },
    color: { type: 'ordinal', domain: [0, 1, 2, 3, 4], range: HEAT },
    marks: [Plot.cell(cells, { x: 'week', y: 'weekday', fill: 'level', inset: 1, rx: 2, className: 'heat', title: (d: HeatCell) => `${d.date}: ${plural(d.reviews, 'review')}` })],
  });
  // The text alternative: reviews per month (365 rows would be no summary).
  const months = new Map<string, { reviews: number; days: number; studyMs: number; untimed: number }>();
  for (const d of v.days) {
    const key = d.date.slice(0, 7);
    const m = months.get(key) ?? { reviews: 0, days: 0, studyMs: 0, untimed: 0 };
    m.reviews += d.reviews;
    m.days += d.reviews > 0 ? 1 : 0;
    m.studyMs += d.studyMs;
    m.untimed += d.untimedReviews;
    months.set(key, m);
  }
  const rows = [...months].map(([key, m]) => [`${MONTHS[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}`, m.reviews, m.days, duration(m.studyMs), m.untimed]);
  const key = legend([0, 1, 2, 3, 4].map((l) => ({ label: l === 0 ? 'none' : l === 4 ? 'most' : '', className: `heat-${l}` })));
  return chart('calendar', 'Reviews in the past year', summary, svg, table('Reviews per month', ['Month', 'Reviews', 'Days studied', 'Study time recorded', 'Reviews without a recorded time'], rows), [key]);
}

function historySection(v: StatisticsView, width: number): HTMLElement {
  const days = v.days.slice(-HISTORY_DAYS).map((d) => ({ ...d, day: utc(d.date), minutes: d.studyMs / 60_000 }));
  const reviews = sum(days.map((d) => d.reviews));
  const untimed = sum(days.map((d) => d.untimedReviews));
  const studyMs = sum(days.map((d) => d.studyMs));
  const x = { type: 'utc' as const, label: null, domain: [days[0].day, new Date(days[days.length - 1].day.getTime() + 86_400_000)] };
  const reviewsSvg = plot({
    width,
    height: 160,
    marginLeft: 44,
    x,
    y: countAxis('Reviews', days.map((d) => d.reviews)),
    marks: [Plot.rectY(days, { x: 'day', y: 'reviews', interval: 'day', inset: 0.5, fill: 'var(--stats-bar)', title: (d: StatisticsDay) => `${d.date}: ${plural(d.reviews, 'review')}` }), Plot.ruleY([0], { stroke: 'var(--stats-axis)' })],
  });
  const timeSvg = plot({
    width,
    height: 160,
    marginLeft: 44,
    x,
    y: { label: 'Minutes', grid: true, nice: true },
    marks: [
      Plot.rectY(days, { x: 'day', y: 'minutes', interval: 'day', inset: 0.5, fill: 'var(--stats-time)', title: (d: StatisticsDay) => `${d.date}: ${duration(d.studyMs)} recorded${d.untimedReviews > 0 ? `; ${plural(d.untimedReviews, 'review')} without a recorded time` : ''}` }),
      // Days with reviews whose time is unknown get a "?" instead of an invented time.
      Plot.text(
        days.filter((d) => d.untimedReviews > 0),
        { x: (d: { day: Date }) => new Date(d.day.getTime() + 43_200_000), y: 'minutes', text: () => '?', dy: -7, className: 'unknown-mark' },
      ),
      Plot.ruleY([0], { stroke: 'var(--stats-axis)' }),
    ],
  });
  const summary = `${plural(reviews, 'review')} in the past ${HISTORY_DAYS} days, ${duration(studyMs)} of study time recorded${untimed > 0 ? `; ${plural(untimed, 'review')} recorded no time (marked ?), so their time is unknown, not zero` : ''}.`;
  const rows = days.filter((d) => d.reviews > 0).map((d) => [d.date, d.reviews, duration(d.studyMs), d.untimedReviews]);
  return chart('history', `Reviews and study time per day (past ${HISTORY_DAYS} days)`, summary, [reviewsSvg, timeSvg], table('Reviews and study time per day', ['Day', 'Reviews', 'Study time recorded', 'Reviews without a recorded time'], rows, 'No reviews in these days.'));
}

function forecastSection(v: StatisticsView, width: number): HTMLElement {
  const range: ForecastRange = state?.forecastRange ?? 30;
  const days = v.forecast.days.slice(0, range).map((d) => ({ ...d, day: utc(d.date) }));
  const total = range === 30 ? v.forecast.next30Days : v.forecast.next90Days;
  const peak = days.reduce((a, b) => (b.due > a.due ? b : a), days[0]);
  const summary = total === 0 ? `No card comes due in the next ${range} days.` : `${plural(total, 'card')} due in the next ${range} days (${plural(days[0].due, 'card')} today, overdue ones included); the most on ${peak.date} (${peak.due}). ${range === 30 ? `${v.forecast.next90Days} due in the next 90 days.` : `${v.forecast.next30Days} due in the next 30 days.`}`;
  const svg = plot({
    width,
    height: 170,
    marginLeft: 44,
    x: { type: 'utc', label: null, domain: [days[0].day, new Date(days[days.length - 1].day.getTime() + 86_400_000)] },
    y: countAxis('Cards due', days.map((d) => d.due)),
    marks: [Plot.rectY(days, { x: 'day', y: 'due', interval: 'day', inset: 0.5, fill: 'var(--stats-due)', title: (d: { date: string; due: number }) => `${d.date}: ${plural(d.due, 'card')} due` }), Plot.ruleY([0], { stroke: 'var(--stats-axis)' })],
  });
  const toggle = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Forecast range' });
  for (const days of [30, 90] as const) {
    const b = h('button', { type: 'button', class: 'secondary', 'aria-pressed': String(days === range) }, `${days} days`);
    b.addEventListener('click', () => setForecastRange(days));
    toggle.append(b);
  }
  const rows = days.filter((d) => d.due > 0).map((d) => [d.date, d.due]);
  return chart('forecast', 'Due forecast', summary, svg, table('Cards due per day', ['Day', 'Cards due'], rows, 'Nothing due.'), [toggle]);
}

function setForecastRange(days: ForecastRange): void {
  if (!state || state.forecastRange === days) return;
  keep({ ...state, forecastRange: days });
  post({ type: 'setForecastRange', days });
  render();
  (document.querySelector('#forecast-heading + .summary + .segmented button[aria-pressed="true"]') as HTMLElement | null)?.focus();
}

function retentionSection(v: StatisticsView, width: number): HTMLElement {
  const weeks = v.retention.weeks.map((w) => ({ ...w, day: utc(w.weekStart) }));
  const year = v.retention.pastYear;
  const measured = weeks.filter((w) => w.rate !== null);
  const last = measured[measured.length - 1];
  const summary =
    year.rate === null
      ? `No reviews of cards in review state in the past year yet; the desired retention is ${percent(v.desiredRetention)}.`
      : `True retention over the past year: ${percent(year.rate)} (${year.passed} of ${plural(year.reviews, 'review')} of cards in review state answered Hard, Good or Easy), against a desired ${percent(v.desiredRetention)}. Last measured week (from ${last.weekStart}): ${percent(last.rate)} of ${last.reviews}.`;
  const svg =
    measured.length === 0
      ? undefined
      : plot({
          width,
          height: 190,
          marginLeft: 44,
          x: { type: 'utc', label: null },
          y: { label: 'Retention', domain: [Math.min(0.5, ...measured.map((w) => w.rate ?? 1)), 1], grid: true, tickFormat: '.0%' },
          marks: [
            Plot.ruleY([v.desiredRetention], { stroke: 'var(--stats-target)', strokeDasharray: '4 3' }),
            Plot.text([v.desiredRetention], { x: weeks[0].day, y: (d: number) => d, text: () => `desired ${percent(v.desiredRetention)}`, textAnchor: 'start', dy: -6, className: 'target-label' }),
            Plot.lineY(weeks, { x: 'day', y: 'rate', stroke: 'var(--stats-line)', strokeWidth: 2 }),
            Plot.dot(measured, { x: 'day', y: 'rate', fill: 'var(--stats-line)', r: 3, title: (w: { weekStart: string; rate: number | null; passed: number; reviews: number }) => `Week of ${w.weekStart}: ${percent(w.rate)} (${w.passed} of ${w.reviews})` }),
          ],
        });
  const rows = weeks.filter((w) => w.reviews > 0).map((w) => [w.weekStart, w.reviews, w.passed, percent(w.rate)]);
  return chart('retention', 'True retention per week', summary, svg, table('True retention per week', ['Week from', 'Reviews in review state', 'Hard, Good or Easy', 'Retention'], rows, 'No reviews of cards in review state.'));
}

function buttonsSection(v: StatisticsView, width: number): HTMLElement {
  const data = v.buttons.flatMap((row) => row.counts.map((count, i) => ({ phase: PHASE_LABELS[row.phase], button: BUTTON_LABELS[i], index: i, count })));
  const total = sum(data.map((d) => d.count));
  const parts = v.buttons
    .filter((row) => sum(row.counts) > 0)
    .map((row) => `${PHASE_LABELS[row.phase]} cards: ${row.counts.map((n, i) => `${BUTTON_LABELS[i]} ${n}`).join(', ')}`);
  const summary = total === 0 ? 'No answers yet.' : `Answer buttons by the card's state before the answer. ${parts.join('; ')}.`;
  const svg =
    total === 0
      ? undefined
      : plot({
          width,
          height: 150,
          marginLeft: 84,
          x: { ...countAxis('Answers', v.buttons.map((row) => sum(row.counts))), nice: false },
          y: { domain: Object.values(PHASE_LABELS), label: null },
          color: { type: 'ordinal', domain: [...BUTTON_LABELS], range: BUTTON_COLOURS },
          marks: [Plot.barX(data, Plot.stackX({ y: 'phase', x: 'count', fill: 'button', order: 'index', inset: 0.5, title: (d: { phase: string; button: string; count: number }) => `${d.phase}: ${d.button} ${d.count}` }))],
        });
  const rows = v.buttons.map((row) => [PHASE_LABELS[row.phase], ...row.counts, sum(row.counts)]);
  const key = legend(BUTTON_LABELS.map((label, i) => ({ label, className: `button-${i}` })));
  return chart('buttons', 'Answer buttons per card state', summary, svg, table('Answer buttons per card state', ['State before the answer', ...BUTTON_LABELS, 'Total'], rows), [key]);
}

/**
 * Section names without what they all share (the note, when there is one, and the
 * headings above them all), so that a legend entry says what tells it apart.
 */
function shortLabels(sections: readonly SectionRecallView[]): Map<SectionRecallView, string> {
  const paths = sections.map((s) => [s.note, ...s.section]);
  let shared = 0;
  while (paths.length > 1 && paths.every((p) => p.length > shared + 1 && p[shared] === paths[0][shared])) shared++;
  return new Map(sections.map((s, i) => [s, paths[i].slice(shared).join(' › ')]));
}

function recallSection(v: StatisticsView, width: number): HTMLElement {
  const times = v.recall.times.map(utc);
  const withData = v.recall.sections.filter((s) => s.averageRecall.some((r) => r !== null));
  const labels = shortLabels(withData);
  // The sections with the most cards get a line; the table has every one.
  const drawn = [...withData].sort((a, b) => b.cardCount - a.cardCount).slice(0, RECALL_LINES);
  const points = drawn.flatMap((s, series) => s.averageRecall.map((recall, i) => ({ label: labels.get(s) ?? s.label, series, time: times[i], recall })));
  const now = (s: (typeof withData)[number]) => s.averageRecall[s.averageRecall.length - 1];
  const ranked = withData.filter((s) => now(s) !== null).sort((a, b) => (now(a) ?? 0) - (now(b) ?? 0));
  const summary =
    withData.length === 0
      ? 'No section has reviewed cards yet.'
      : `Average predicted recall of the reviewed cards of ${plural(withData.length, 'section')}, weekly over the past ${v.recall.times.length - 1} weeks.${ranked.length > 0 ? ` Now the weakest is ${labels.get(ranked[0])} at ${percent(now(ranked[0]))}, the strongest ${labels.get(ranked[ranked.length - 1])} at ${percent(now(ranked[ranked.length - 1]))}.` : ''}${withData.length > drawn.length ? ` The chart draws the ${drawn.length} largest; the table lists all.` : ''}`;
  const svg =
    drawn.length === 0
      ? undefined
      : plot({
          width,
          height: 220,
          marginLeft: 44,
          x: { type: 'utc', label: null },
          y: { label: 'Average recall', domain: [Math.min(0.5, Math.floor(10 * Math.min(...points.map((p) => p.recall ?? 1))) / 10), 1], grid: true, tickFormat: '.0%' },
          color: { type: 'ordinal', domain: drawn.map((_, i) => i), range: SERIES },
          marks: [
            Plot.lineY(points, { x: 'time', y: 'recall', z: 'series', stroke: 'series', strokeWidth: 2 }),
            Plot.dot(points, { x: 'time', y: 'recall', fill: 'series', r: 2.5, title: (p: { label: string; time: Date; recall: number | null }) => `${p.label}, ${p.time.toISOString().slice(0, 10)}: ${percent(p.recall)}` }),
          ],
        });
  const key = legend(drawn.map((s, i) => ({ label: labels.get(s) ?? s.label, className: `series-${i}` })));
  const sampled = v.recall.times.map((t, i) => ({ t, i })).filter(({ i }) => (v.recall.times.length - 1 - i) % 4 === 0);
  const rows = withData.map((s) => [labels.get(s) ?? s.label, s.cardCount, ...sampled.map(({ i }) => percent(s.averageRecall[i]))]);
  return chart('recall', 'Average recall per section over time', summary, svg, table('Average recall per section', ['Section', 'Cards', ...sampled.map(({ t }) => shortDate(t))], rows, 'No section has reviewed cards yet.'), [key]);
}

function readinessSection(r: ReadinessTrendView, width: number): HTMLElement {
  const days = r.days.map((d) => ({ ...d, day: utc(d.date) }));
  const now = days[days.length - 1];
  const weekAgo = days[days.length - 8];
  const summary = `Predicted score on the exam day, ${r.examDay}, as the memory of its ${plural(r.cardCount, 'card')} stood on each of the past ${days.length} days: ${percent(now.predictedScore)} now${weekAgo ? `, ${percent(weekAgo.predictedScore)} a week ago` : ''}, ${percent(days[0].predictedScore)} on ${days[0].date}. Cards never reviewed count as not known.`;
  const svg = plot({
    width,
    height: 190,
    marginLeft: 44,
    x: { type: 'utc', label: null },
    y: { label: 'Predicted score', domain: [0, 1], grid: true, tickFormat: '.0%' },
    marks: [
      Plot.areaY(days, { x: 'day', y: 'predictedScore', fill: 'var(--stats-line)', fillOpacity: 0.15 }),
      Plot.lineY(days, { x: 'day', y: 'predictedScore', stroke: 'var(--stats-line)', strokeWidth: 2 }),
      Plot.dot([now], { x: 'day', y: 'predictedScore', fill: 'var(--stats-line)', r: 3.5, title: (d: { date: string; predictedScore: number }) => `${d.date}: ${percent(d.predictedScore)}` }),
    ],
  });
  const rows = [...days].reverse().map((d) => [d.date, percent(d.predictedScore), `${d.reviewedCount} of ${r.cardCount}`]);
  return chart('readiness', `Exam readiness over time (exam ${r.examDay})`, summary, svg, table('Predicted exam-day score per day', ['Day', 'Predicted score', 'Cards reviewed by then'], rows));
}

/** A question as a link to its line in the notes. */
function questionLink(cardId: string, question: string): HTMLElement {
  const link = h('button', { type: 'button', class: 'link question', title: 'Open the question in its note' }, question);
  link.addEventListener('click', () => post({ type: 'openCard', cardId }));
  return link;
}

function mistakesSection(v: StatisticsView): HTMLElement {
  const missed = v.mostMissed;
  const summary =
    missed.length === 0
      ? 'No question answered wrong yet. Questions answered wrong in the quiz, the review queue or a mock exam are listed here, most missed first.'
      : `${plural(missed.length, 'question')} missed most often; the first, missed ${missed[0].misses} of ${plural(missed[0].answers, 'time')}: ${missed[0].question}`;
  const missedList = h('ol', { class: 'mistakes', 'aria-label': 'Questions missed most often' });
  for (const m of missed) {
    missedList.append(h('li', {}, questionLink(m.cardId, m.question), h('span', { class: 'detail' }, ` missed ${m.misses} of ${plural(m.answers, 'answer')}, last ${m.lastMissed} · ${m.location}`)));
  }
  const choices = h('ol', { class: 'mistakes', 'aria-label': 'Wrong options chosen most often' });
  for (const w of v.wrongChoices) {
    choices.append(h('li', {}, 'You chose ', h('strong', {}, w.choice), ` ${w.times === 1 ? 'once' : `${w.times} times`} for `, questionLink(w.cardId, w.question), h('span', { class: 'detail' }, ` (last ${w.last})`)));
  }
  return h(
    'section',
    { class: 'block', 'aria-labelledby': 'mistakes-heading' },
    h('h2', { id: 'mistakes-heading' }, 'What you keep getting wrong'),
    h('p', { class: 'summary' }, summary),
    ...(missed.length > 0 ? [h('h3', {}, 'Missed most often'), missedList] : []),
    ...(v.wrongChoices.length > 0 ? [h('h3', {}, 'Wrong options chosen most often'), choices] : []),
  );
}

function mockExamsSection(v: StatisticsView, width: number): HTMLElement {
  const exams = v.mockExams.map((m, i) => ({ ...m, attempt: i + 1 }));
  const last = exams[exams.length - 1];
  const passed = exams.filter((m) => m.passed).length;
  const summary =
    exams.length === 0
      ? 'No mock exam yet: Note Review: Start Mock Exam… asks questions against the clock and scores them; each attempt is listed here.'
      : `${plural(exams.length, 'mock exam')}, ${passed} passed. The last, on ${last.date}: ${percent(last.score)} (${last.right} of ${last.total}), ${last.passed ? 'passed' : 'not passed'} at a pass mark of ${percent(last.passMark)}.`;
  const svg =
    exams.length === 0
      ? undefined
      : plot({
          width,
          height: 170,
          marginLeft: 44,
          x: { label: 'Attempt', domain: exams.map((m) => m.attempt), type: 'band', tickFormat: (n: number) => String(n) },
          y: { label: 'Score', domain: [0, 1], grid: true, tickFormat: '.0%' },
          marks: [
            Plot.barY(exams, { x: 'attempt', y: 'score', fill: (m: { passed: boolean }) => (m.passed ? 'var(--stats-pass)' : 'var(--stats-fail)'), inset: 2, title: (m: MockAttemptView) => `${m.date}: ${percent(m.score)} (${m.right} of ${m.total}), ${m.passed ? 'passed' : 'not passed'}` }),
            Plot.tickY(exams, { x: 'attempt', y: 'passMark', stroke: 'var(--stats-target)', strokeWidth: 2, strokeDasharray: '4 2' }),
            Plot.ruleY([0], { stroke: 'var(--stats-axis)' }),
          ],
        });
  const rows = [...exams].reverse().map((m) => [`${m.attempt}. ${m.date}`, percent(m.score), `${m.right} of ${m.total}`, m.passed ? 'passed' : 'not passed', percent(m.passMark), duration(m.durationMs), m.scope]);
  const key = legend([
    { label: 'passed', className: 'pass' },
    { label: 'not passed', className: 'fail' },
  ]);
  return chart('mock', 'Mock exams', summary, svg, table('Mock exam attempts', ['Attempt', 'Score', 'Right', 'Result', 'Pass mark', 'Time', 'Drawn from'], rows, 'No mock exam yet.'), exams.length > 0 ? [key] : []);
}

// The host posts nothing before this (and again after the webview was reloaded).
post({ type: 'ready' });
