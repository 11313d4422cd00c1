import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { openViewContainer, openWorkbench, reloadWindow, repoRoot, runCommand, treeRows } from './workbench';
import type { Workbench } from './workbench';

const GROUPS = ['Due now', 'Learning', "New (today's allowance)", 'Coming up (7 days)'];
const LOG_FOLDER = path.join('.note-review', 'log');

/** A copy of the fixture workspace whose daily allowance is the sample's 13 multiple-choice questions (its 2 flashcards come after them). */
function reviewWorkspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-review-fixture-'));
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), root, { recursive: true });
  fs.mkdirSync(path.join(root, '.vscode'));
  fs.writeFileSync(path.join(root, '.vscode', 'settings.json'), JSON.stringify({ 'noteReview.review.newCardsPerDay': 13, 'workbench.startupEditor': 'none' }, null, 2));
  return root;
}

/** Every file under `folder` (relative path → SHA-256 of its bytes). */
function listing(folder: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(path.relative(folder, full), createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
    }
  };
  walk(folder);
  return out;
}

/** The quiz webview's own document: two iframes deep (see VSCODE-TESTING.md, section 6). */
function quizFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
}

/** The queue's group rows as "label count", once all four groups are shown. */
async function queueGroups(page: Page): Promise<string[]> {
  await openViewContainer(page, 'Note Review');
  await roomForQueue(page);
  const rows = treeRows(page, 'Review Queue');
  const groups = rows.filter({ has: page.locator('.label-name', { hasText: /^(Due now|Learning|New \(today's allowance\)|Coming up \(7 days\))$/ }) });
  await groups.nth(GROUPS.length - 1).waitFor({ timeout: 60_000 });
  const texts: string[] = [];
  for (let i = 0; i < GROUPS.length; i++) {
    const row = groups.nth(i);
    const label = ((await row.locator('.label-name').textContent()) ?? '').trim();
    const count = ((await row.locator('.label-description').textContent()) ?? '').trim();
    texts.push(`${label} ${count}`);
  }
  return texts;
}

/**
 * Collapses the Sections pane. The Review Queue shares the side bar with it, and with
 * today's 13 new cards listed under "New", "Coming up" can fall below the bottom of the
 * queue's half: a row out of sight has no element in a virtual list.
 */
async function roomForQueue(page: Page): Promise<void> {
  const expanded = page.locator('.sidebar .pane-header[aria-expanded="true"]', { hasText: 'Sections' });
  if ((await expanded.count()) === 0) return;
  await expanded.first().click();
  await page.locator('.sidebar .pane-header[aria-expanded="false"]', { hasText: 'Sections' }).first().waitFor();
}

/** Waits until the queue's group rows read `expected` ("label count" each), then returns what they read. */
async function waitForGroups(page: Page, expected: readonly string[]): Promise<string[]> {
  await queueGroups(page);
  const rows = treeRows(page, 'Review Queue');
  for (const text of expected) {
    const at = text.lastIndexOf(' ');
    const row = rows.filter({ has: page.locator('.label-name', { hasText: text.slice(0, at) }) });
    await row.locator('.label-description', { hasText: new RegExp(`^${text.slice(at + 1)}$`) }).waitFor({ timeout: 30_000 });
  }
  return queueGroups(page);
}

/** The status bar's "N due" item. */
async function statusDue(page: Page): Promise<string> {
  const item = page.locator('.statusbar-item', { hasText: / due$/ }).first();
  await item.waitFor();
  return ((await item.textContent()) ?? '').trim();
}

describe('Spaced repetition in the workbench', () => {
  let workbench: Workbench;
  let fixture: string;

  before(async () => {
    fixture = reviewWorkspace();
    workbench = await openWorkbench({ fixture });
  });

  after(async () => {
    await workbench?.close();
    fs.rmSync(fixture, { recursive: true, force: true });
  });

  it('reviews the 13 questions through Start Review, and after Reload Window the queue shows the same counts; only the log folder changed', async () => {
    const { page, folder } = workbench;
    const before = listing(folder);
    assert.ok(before.has('aws-ai-practitioner-notes.md'));
    assert.deepEqual([...before.keys()].filter((f) => f.startsWith(LOG_FOLDER)), [], 'no log yet');

    // The queue fills in once the notes are indexed: wait for it rather than read it at once.
    const initial = ['Due now 0', 'Learning 0', "New (today's allowance) 13", 'Coming up (7 days) 0'];
    assert.deepEqual(await waitForGroups(page, initial), initial);
    await runCommand(page, 'Note Review: Start Review');
    const frame = quizFrame(page);
    await frame.locator('#progress', { hasText: '1 / 13' }).waitFor({ timeout: 60_000 });

    for (let i = 0; i < 13; i++) {
      await frame.locator('#progress', { hasText: `${i + 1} / 13` }).waitFor();
      const question = frame.locator('.question.phase-asking');
      await question.waitFor();
      await frame.locator('#prompt').click();
      const mode = /mode-([a-z-]+)/.exec((await question.getAttribute('class')) ?? '')?.[1];
      if (mode === 'choice') await page.keyboard.press('1');
      else if (mode === 'multiple') {
        await page.keyboard.press('1');
        await page.keyboard.press('Enter');
      } else await page.keyboard.press(' '); // self-check or recall: reveal the answer
      await frame
        .locator('.question:not(.phase-asking) .ratings')
        .waitFor()
        .catch(async (error: unknown) => {
          await workbench.screenshot(`review-1-question-${i + 1}-FAILED`);
          throw error;
        });
      const buttons = frame.locator('.ratings button.rating');
      assert.equal(await buttons.count(), 4);
      const intervals = (await frame.locator('.ratings button.rating .interval').allTextContents()).map((t) => t.trim());
      // Every card is new: Again brings it back after the first learning step (1m), Good after the second (10m), Easy in days.
      assert.deepEqual(intervals.slice(0, 3), ['1m', '6m', '10m'], `question ${i + 1}`);
      assert.match(intervals[3], /^\d+d$/);
      assert.match((await buttons.first().textContent()) ?? '', /Again/);
      if (i === 0) {
        await workbench.screenshot('review-1-rating-buttons');
        await workbench.docImage('review', { x: 0, y: 35, width: 1090, height: 560 }, 0.55);
      }
      // Good (10m) and Easy (days) only: nothing comes due again while the test runs, so the counts cannot drift between reading and reloading.
      await page.keyboard.press(i % 3 === 2 ? '4' : '3');
    }
    await frame.locator('.summary').waitFor();
    const easy = [2, 5, 8, 11].length;
    // Easy gives a new card about a week, fuzzed: some fall inside "Coming up (7 days)", some after it.
    const expected = ['Due now 0', `Learning ${13 - easy}`, "New (today's allowance) 0"];

    const groupsBefore = await waitForGroups(page, expected).catch(async (error: unknown) => {
      await workbench.screenshot('review-2-queue-after-13-ratings-FAILED');
      throw error;
    });
    assert.deepEqual(groupsBefore.slice(0, 3), expected);
    assert.match(groupsBefore[3], new RegExp(`^Coming up \\(7 days\\) [0-${easy}]$`));
    const statusBefore = await statusDue(page);
    assert.equal(statusBefore, '0 due');
    await workbench.screenshot('review-2-queue-after-13-ratings');

    const lines = [...listing(folder).keys()].filter((f) => f.startsWith(LOG_FOLDER));
    assert.equal(lines.length, 1, 'one segment: this window');
    const events = fs.readFileSync(path.join(folder, lines[0]), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; rating: number });
    assert.deepEqual(events.map((e) => e.rating), Array.from({ length: 13 }, (_, i) => (i % 3 === 2 ? 4 : 3)));

    await reloadWindow(page);
    const groupsAfter = await waitForGroups(page, groupsBefore).catch(async (error: unknown) => {
      await workbench.screenshot('review-3-queue-after-reload-FAILED');
      throw error;
    });
    assert.deepEqual(groupsAfter, groupsBefore);
    // The review panel comes back too, on its last question (the serializer restores review sessions).
    await quizFrame(page).locator('#progress', { hasText: '13 / 13' }).waitFor({ timeout: 60_000 });
    assert.equal(await statusDue(page), statusBefore);
    await workbench.screenshot('review-3-queue-after-reload');

    const after = listing(folder);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f)).sort();
    assert.ok(changed.length > 0);
    assert.deepEqual(
      changed.filter((f) => !f.startsWith(LOG_FOLDER + path.sep)),
      [],
      `files outside ${LOG_FOLDER} changed: ${changed.join(', ')}`,
    );
    for (const [file, hash] of before) assert.equal(after.get(file), hash, `${file} changed`);
  });
});
