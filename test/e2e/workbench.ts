// Reusable harness for the e2e tests: a VS Code server with the extension under
// development, opened by headless Chromium on a fresh copy of the fixture workspace,
// plus helpers that act like a person (command palette, activity bar, screenshots).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type * as VsCodeServer from '../../scripts/vscode-server';

/** The repository root (this file runs from out/test/e2e). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
// Plain Node module shared with the integration runner and `npm start`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const host = require(path.join(repoRoot, 'scripts', 'vscode-server.js')) as typeof VsCodeServer;

export const screenshotsDir = path.join(repoRoot, 'test-results', 'screenshots');

/** The pages of the workbenches open right now, for the failure report (failure-report.ts). */
export const openPages = new Set<Page>();

/** A running workbench; close() stops the browser and the server and deletes the workspace copy. */
export interface Workbench {
  readonly page: Page;
  readonly version: string;
  /** The workspace copy the workbench opened. */
  readonly folder: string;
  /** Saves a full-window screenshot as test-results/screenshots/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  /** Folder to open a fresh copy of; default test/fixtures/workspace. */
  fixture?: string;
  /** Install this .vsix into the server instead of loading the extension from the repository. */
  vsix?: string;
}

/**
 * Starts the server with the extension under development (`dist/` must be built), or with
 * a packaged .vsix installed, and opens the workbench on a copy of the fixture workspace.
 */
export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const fixture = options.fixture ?? path.join(repoRoot, 'test', 'fixtures', 'workspace');
  const temp = host.copyToTemp(fixture, 'note-review-e2e-');
  let server: VsCodeServer.RunningServer | undefined;
  let browser: Browser | undefined;
  let opened: Page | undefined;
  const close = async () => {
    if (opened) openPages.delete(opened);
    await Promise.allSettled([browser?.close(), server?.stop()]);
    fs.rmSync(temp.root, { recursive: true, force: true });
  };
  try {
    server = await host.startServer({
      dataDir: path.join(temp.root, 'vscode'),
      smokeTestDriver: true,
      machineSettings: host.DESKTOP_LIKE_SETTINGS,
      installExtensions: options.vsix ? [options.vsix] : [],
      onOutput: (line) => {
        if (host.isServerLineWorthShowing(line)) console.log(`      [server] ${line}`);
      },
    });
    browser = await host.launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    opened = page;
    openPages.add(page);
    page.on('pageerror', (error) => {
      if (!host.isNoise(String(error))) console.error(`      [workbench] ${String(error)}`);
    });
    const payload: [string, string][] = [['skipWelcome', 'true']];
    if (!options.vsix) payload.push(['extensionDevelopmentPath', host.remoteUri(server.port, repoRoot)]);
    await page.goto(host.workbenchUrl(server.port, temp.folder, payload));
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    // The explorer shows the workspace once the remote file system answers.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    // The extension's contributions (commands, views) exist once its activity bar item shows:
    // a command palette opened before that would not list the extension's commands.
    await page.locator('.activitybar .action-item a[aria-label^="Note Review"]').first().waitFor({ timeout: 60_000 });
    const version = server.version;
    return {
      page,
      version,
      folder: temp.folder,
      screenshot: async (name) => {
        fs.mkdirSync(screenshotsDir, { recursive: true });
        const file = path.join(screenshotsDir, `${name}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Opens the command palette with F1 and runs the command whose label is `label` (e.g. "Note Review: Open Sample Notes"). */
export async function runCommand(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  // On a busy machine the palette can open before a command is registered; then it is
  // closed and opened again until the command is listed (each try waits for the row).
  for (let attempt = 1; ; attempt++) {
    const input = await openQuickInput(page, 'F1');
    await input.fill(`>${label}`);
    try {
      await row.waitFor({ timeout: 10_000 });
      break;
    } catch (error) {
      if (attempt === 4) throw error;
      await page.keyboard.press('Escape');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    }
  }
  await pickQuickInputRow(page, label);
}

/**
 * Moves the cursor of the active editor to a 1-based line with Go to Line (Ctrl+G), which
 * also scrolls it into view, and waits for the status bar to show it.
 */
export async function goToLine(page: Page, line: number): Promise<void> {
  const status = page.locator('.statusbar-item', { hasText: `Ln ${line},` });
  // On a busy machine Enter can reach the box before Go to Line has read the number, and
  // then nothing moves: when the status bar does not show the line, the whole step is
  // tried again (each try waits for a condition, none for a fixed time).
  for (let attempt = 1; ; attempt++) {
    await page.locator('.editor-instance .view-lines').first().click();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    // Go to Line is quick open with a ":" prefix; filling the box replaces the prefix, so it is typed again.
    await input.fill(`:${line}`);
    await page.keyboard.press('Enter');
    try {
      await status.waitFor({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Escape');
    }
  }
}

/**
 * Runs "Developer: Reload Window" and waits for the reloaded workbench. The reload is the
 * workbench's own (not page.reload()), so it saves editor and webview state first, as a
 * person's reload does. The wait for the page's load is set up before the command runs:
 * a fast reload would otherwise finish before anyone listens.
 */
export async function reloadWindow(page: Page): Promise<void> {
  const label = 'Developer: Reload Window';
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  const input = await openQuickInput(page, 'F1');
  await input.fill(`>${label}`);
  await row.waitFor();
  const loaded = page.waitForEvent('load', { timeout: 60_000 });
  await row.click();
  await loaded;
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
}

/** Opens a workspace file through quick open (Ctrl+P, "Go to File"). */
export async function openFile(page: Page, fileName: string): Promise<void> {
  const input = await openQuickInput(page, 'Control+P');
  await input.fill(fileName);
  await pickQuickInputRow(page, fileName);
  await page.locator('.tab.active', { hasText: fileName }).waitFor();
}

async function openQuickInput(page: Page, key: string): Promise<Locator> {
  // Focus the workbench first: a key press lands nowhere while the page has no focus.
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 5 } }).catch(() => undefined);
  await page.keyboard.press(key);
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  return input;
}

async function pickQuickInputRow(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Clicks the activity bar item whose title starts with `title` and waits for its side bar. */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const item = page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
  const sideBarTitle = page.locator('.sidebar .composite.title', { hasText: title }).first();
  // Clicking the item of a side bar already shown hides it, and after a reload the
  // workbench may restore the side bar while we look: check, click, check again.
  for (let attempt = 1; ; attempt++) {
    if (await sideBarTitle.isVisible()) return;
    await item.click();
    try {
      await sideBarTitle.waitFor({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** The rows of a tree view, located by the view's title (as shown in its pane header). */
export function treeRows(page: Page, viewTitle: string): Locator {
  const pane = page.locator('.sidebar .pane', { has: page.locator('.pane-header', { hasText: viewTitle }) });
  return pane.locator('.monaco-list-row');
}

/**
 * Clicks the first row of a tree view holding `label` and gives the keyboard to the tree
 * with that row focused. A row's click opens its line (1-based `line`) in the editor,
 * which takes the focus some time later; the view's own "Focus on … View" command, run
 * once the editor shows the line, brings the focus back as a keyboard user would.
 */
export async function keyboardOnTreeRow(page: Page, viewTitle: string, label: string, line: number): Promise<void> {
  const rows = treeRows(page, viewTitle);
  await rows.filter({ hasText: label }).first().click();
  await page.locator('.statusbar-item', { hasText: `Ln ${line},` }).waitFor();
  await runCommand(page, `Note Review: Focus on ${viewTitle} View`);
  await rows.and(page.locator('.focused')).filter({ hasText: label }).waitFor();
  await page.locator('.sidebar .pane', { has: page.locator('.pane-header', { hasText: viewTitle }) }).locator('.monaco-list:focus-within').waitFor();
}
