import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { parseNote } from '../../src/core';
import { plainTextOf } from '../../src/core/parse/inline-text';
import { seededReviewLog } from '../unit/stats/seeded-review-log';
import { openWorkbench, reloadWindow, repoRoot, runCommand } from './workbench';
import type { Workbench } from './workbench';

const SAMPLE = 'aws-ai-practitioner-notes.md';
const DAY_MS = 86_400_000;

/** A copy of the fixture workspace with 200 days of seeded review history in its log, in `theme`. */
function statisticsWorkspace(theme: string): { root: string; reviews: number; suspended: number } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-statistics-fixture-'));
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), root, { recursive: true });
  writeSettings(root, theme);
  const text = fs.readFileSync(path.join(root, SAMPLE), 'utf8');
  // The extension keys a note by its path in the workspace folder, and card ids by the note.
  const cards = parseNote(text, { noteKey: SAMPLE }).cards;
  const ids = cards.map((c) => c.id);
  // Multiple-choice answers record the option chosen; mock exams ask those questions.
  const choices = new Map(cards.filter((c) => c.options?.some((o) => o.correct)).map((c) => [c.id, { options: c.options!.map((o) => plainTextOf(o.label)), right: plainTextOf(c.options!.find((o) => o.correct)!.label) }]));
  // Yesterday evening at the latest, so that "today" in any time zone has the seeded days behind it.
  const now = Math.floor(Date.now() / DAY_MS) * DAY_MS - 3_600_000;
  const lines = seededReviewLog({ cards: ids, now, days: 200, seed: 12, newCards: 3, suspended: 2, choices, mockExams: 5, note: SAMPLE });
  // An exam date set a month ago, three weeks ahead: Statistics draws the readiness over time.
  lines.push(JSON.stringify({ v: 1, id: 'seeded.exam', kind: 'exam', time: now - 30 * DAY_MS, date: new Date(now + 21 * DAY_MS).toISOString().slice(0, 10) }));
  fs.mkdirSync(path.join(root, '.note-review', 'log'), { recursive: true });
  fs.writeFileSync(path.join(root, '.note-review', 'log', 'seeded.jsonl'), `${lines.join('\n')}\n`);
  return { root, reviews: lines.filter((l) => l.includes('"kind":"review"')).length, suspended: 2 };
}

function writeSettings(folder: string, theme: string): void {
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': theme, 'workbench.startupEditor': 'none' }, null, 2));
}

/** The Statistics webview's own document: two iframes deep (see VSCODE-TESTING.md, section 6). */
function statisticsFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
}

/** Waits until the page has drawn every chart from the host's figures. */
async function waitForCharts(frame: FrameLocator): Promise<void> {
  await frame.locator('#app:not([aria-busy])').waitFor({ timeout: 60_000 });
  for (const id of ['calendar', 'history', 'forecast', 'retention', 'buttons', 'readiness', 'mock', 'recall']) await frame.locator(`#${id}-chart svg`).first().waitFor();
}

describe('Statistics panel in the workbench (seeded review history; dark, light and high contrast)', () => {
  let workbench: Workbench;
  let fixture: { root: string; reviews: number; suspended: number };

  before(async () => {
    fixture = statisticsWorkspace('Default Dark Modern');
    workbench = await openWorkbench({ fixture: fixture.root });
  });

  after(async () => {
    await workbench?.close();
    fs.rmSync(fixture.root, { recursive: true, force: true });
  });

  it('draws every chart from the log, with a summary and a table a keyboard reaches, in the three kinds of theme, and comes back after a reload', async () => {
    const { page, folder } = workbench;
    // Anything the page's CSP refused (an inline style a chart library adds, say) is reported on the console.
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Refused to|Content Security Policy/i.test(message.text())) refused.push(`${message.location().url}: ${message.text()}`);
    });
    await runCommand(page, 'Note Review: Show Statistics');
    const frame = statisticsFrame(page);
    await waitForCharts(frame);
    await page.locator('.tab.active', { hasText: 'Statistics: Workspace' }).waitFor();

    // The overview counts every seeded review and the suspended cards.
    const tile = (label: string) => frame.locator('.tile', { has: frame.locator('.tile-label', { hasText: new RegExp(`^${label}$`) }) }).locator('.tile-value');
    assert.equal((await tile('Reviews in all').textContent())?.replace(/,/g, ''), String(fixture.reviews));
    assert.equal(await tile('Suspended').textContent(), String(fixture.suspended));
    assert.match((await frame.locator('#calendar-summary').textContent()) ?? '', new RegExp(`^${fixture.reviews} reviews on \\d+ days of the past year`));
    assert.match((await frame.locator('#history-summary').textContent()) ?? '', /recorded no time \(marked \?\), so their time is unknown, not zero/);
    assert.match((await frame.locator('#retention-summary').textContent()) ?? '', /against a desired 90%/);
    assert.deepEqual(refused, [], 'the page broke its CSP');
    await workbench.screenshot('statistics-1-dark');
    // The README's picture: the panel's editor group.
    await workbench.docImage('statistics', { x: 352, y: 35, width: 748, height: 750 }, 0.6);

    // Keyboard: Tab reaches the charts, each named by its heading and summary, and opens its table.
    await frame.locator('#main').focus();
    let focusedId = '';
    for (let presses = 0; presses < 8 && focusedId !== 'calendar-chart'; presses++) {
      await page.keyboard.press('Tab');
      focusedId = (await frame.locator(':focus').first().getAttribute('id').catch(() => null)) ?? '';
    }
    assert.equal(focusedId, 'calendar-chart', 'Tab did not reach the calendar chart');
    assert.equal(await frame.locator('#calendar-chart').getAttribute('aria-labelledby'), 'calendar-heading calendar-summary');
    await page.keyboard.press('Tab');
    await frame.locator('#calendar-table summary:focus').waitFor();
    await page.keyboard.press('Enter');
    await frame.locator('#calendar-table[open] tbody tr').first().waitFor();
    assert.ok((await frame.locator('#calendar-table tbody tr').count()) >= 12, 'a row per month of the past year');

    // The forecast's range is a pressed button; 90 days it stays after the reload below.
    await frame.locator('#forecast-chart').scrollIntoViewIfNeeded();
    await frame.locator('.segmented button', { hasText: '90 days' }).click();
    await frame.locator('.segmented button[aria-pressed="true"]', { hasText: '90 days' }).waitFor();
    await frame.locator('#forecast-summary', { hasText: 'in the next 90 days' }).waitFor();
    await workbench.screenshot('statistics-2-dark-forecast');

    // Readiness over time, what the learner keeps getting wrong, and the mock exams.
    await frame.locator('#readiness-chart').scrollIntoViewIfNeeded();
    assert.match((await frame.locator('#readiness-summary').textContent()) ?? '', /^Predicted score on the exam day, \d{4}-\d{2}-\d{2}, as the memory of its 15 cards stood on each of the past 30 days: [0-9.]+% now/);
    assert.equal(await frame.locator('.mistakes').first().locator('li').count(), 10, 'the ten questions missed most often');
    assert.match((await frame.locator('.mistakes').nth(1).locator('li').first().textContent()) ?? '', /^You chose .+ (\d+ times|once) for .+\(last \d{4}-\d{2}-\d{2}\)$/);
    assert.match((await frame.locator('#mock-summary').textContent()) ?? '', /^5 mock exams, \d passed\. The last, on \d{4}-\d{2}-\d{2}: [0-9.]+% \(\d+ of \d+\)/);
    await workbench.screenshot('statistics-2b-dark-readiness-mistakes');
    await frame.locator('#mock-chart').scrollIntoViewIfNeeded();
    await workbench.screenshot('statistics-2c-dark-mock-exams');

    // Light, then high contrast: the theme's colours reach the charts without a redraw.
    writeSettings(folder, 'Default Light Modern');
    await frame.locator('body.vscode-light').waitFor({ timeout: 30_000 });
    await frame.locator('.tiles').first().scrollIntoViewIfNeeded();
    await workbench.screenshot('statistics-3-light');
    await frame.locator('#buttons-chart').scrollIntoViewIfNeeded();
    await workbench.screenshot('statistics-4-light-buttons-recall');

    writeSettings(folder, 'Default High Contrast');
    await frame.locator('body.vscode-high-contrast').waitFor({ timeout: 30_000 });
    // To the chart with the keyboard (Shift+Tab from its table's toggle), as a keyboard user gets there.
    await frame.locator('#calendar-table summary').focus();
    await page.keyboard.press('Shift+Tab');
    await frame.locator('#calendar-chart:focus').waitFor();
    // Whatever has the keyboard focus draws an outline (the high contrast themes rely on it).
    const outline = await frame
      .locator(':focus')
      .first()
      .evaluate((element) => (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }).getComputedStyle(element).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused chart has no visible outline');
    await workbench.screenshot('statistics-5-high-contrast');
    await frame.locator('#retention-chart').scrollIntoViewIfNeeded();
    await workbench.screenshot('statistics-6-high-contrast-retention');

    // After a reload the serializer brings the panel back with its scope and forecast range.
    await reloadWindow(page);
    const restored = statisticsFrame(page);
    await waitForCharts(restored);
    await page.locator('.tab.active', { hasText: 'Statistics: Workspace' }).waitFor();
    await restored.locator('.segmented button[aria-pressed="true"]', { hasText: '90 days' }).waitFor();
    assert.equal((await restored.locator('.tile', { has: restored.locator('.tile-label', { hasText: /^Reviews in all$/ }) }).locator('.tile-value').textContent())?.replace(/,/g, ''), String(fixture.reviews));

    // A missed question is a link to its note, opened beside the panel.
    const first = restored.locator('.mistakes').first().locator('button.link').first();
    await first.scrollIntoViewIfNeeded();
    await first.click();
    await page.locator('.tab', { hasText: SAMPLE }).waitFor({ timeout: 30_000 });
  });
});
