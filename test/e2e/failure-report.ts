// Root hooks for the e2e suite: when a test fails, say what the workbench showed at that
// moment. CI keeps only the console output, so a failure prints the active tab, the
// cursor, the notifications, the side bar rows and the lines on screen, and saves a
// screenshot named after the test for runs on a machine where the files can be looked at.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Context } from 'mocha';
import type { Page } from 'playwright-core';
import { openPages, screenshotsDir } from './workbench';

const MAX_ROWS = 40;

async function texts(page: Page, selector: string): Promise<string[]> {
  return page
    .locator(selector)
    .evaluateAll((elements) => elements.map((element) => (element.getAttribute('aria-label') ?? element.textContent ?? '').trim()))
    .catch(() => []);
}

async function describeWorkbench(page: Page, name: string): Promise<string> {
  const lines: string[] = [];
  const section = (title: string, items: string[]) => {
    lines.push(`      ${title}:${items.length === 0 ? ' (none)' : ''}`);
    for (const item of items.slice(0, MAX_ROWS)) lines.push(`        ${item}`);
    if (items.length > MAX_ROWS) lines.push(`        … ${items.length - MAX_ROWS} more`);
  };
  section('active tab', await texts(page, '.tab.active .label-name'));
  section('status bar', (await texts(page, '.statusbar-item')).filter((text) => /Ln \d+|Note Review/.test(text)));
  section('notifications', await texts(page, '.notification-list-item-message'));
  section('quick input', await texts(page, '.quick-input-widget:visible .monaco-list-row'));
  section('side bar rows', await texts(page, '.sidebar .monaco-list-row'));
  section('editor lines on screen', await page
    .locator('.editor-instance .view-lines')
    .first()
    .locator('.view-line')
    .evaluateAll((elements) => elements
      // Monaco reuses line elements and places them with style.top, not in document order.
      .map((line) => ({ top: parseFloat(/top:\s*([\d.]+)/.exec(line.getAttribute('style') ?? '')?.[1] ?? '0'), text: line.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text))
    .catch(() => []));
  try {
    fs.mkdirSync(screenshotsDir, { recursive: true });
    const file = path.join(screenshotsDir, `failed-${name}.png`);
    await page.screenshot({ path: file, timeout: 10_000 });
    lines.push(`      screenshot: ${path.relative(process.cwd(), file)}`);
  } catch (error) {
    lines.push(`      no screenshot: ${String(error).split('\n')[0]}`);
  }
  return lines.join('\n');
}

export const mochaHooks = {
  async afterEach(this: Context): Promise<void> {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    const name = test.fullTitle().toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 80);
    for (const page of openPages) {
      if (page.isClosed()) continue;
      console.log(`\n      The workbench when "${test.title}" failed:\n${await describeWorkbench(page, name)}\n`);
    }
  },
};
