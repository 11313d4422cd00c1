import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseNote } from '../../src/core';
import type { Page } from 'playwright-core';
import { expandTreeRowWithKeyboard, openViewContainer, openWorkbench, repoRoot, treeRows } from './workbench';
import type { Workbench } from './workbench';

const SAMPLE = 'aws-ai-practitioner-notes.md';
const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * A copy of the fixture workspace whose review log holds another window's reviews from
 * the past weeks: two Udemy questions long overdue, two flashcards reviewed lately.
 */
function workspaceWithHistory(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-mastery-fixture-'));
  const fixture = path.join(repoRoot, 'test', 'fixtures', 'workspace');
  fs.cpSync(fixture, root, { recursive: true });
  const note = parseNote(fs.readFileSync(path.join(fixture, SAMPLE), 'utf8'), { noteKey: SAMPLE });
  const idOf = (prompt: string) => {
    const card = note.cards.find((c) => c.prompt.startsWith(prompt));
    if (!card) throw new Error(`no card "${prompt}" in the sample`);
    return card.id;
  };
  const now = Date.now();
  const reviews: [string, number, number][] = [
    ['You ONLY want to manage Applications and Data', 3, now - 40 * DAY],
    ['You ONLY want to manage Applications and Data', 3, now - 40 * DAY + 10 * MINUTE],
    ['What is the pricing model of Cloud Computing?', 3, now - 20 * DAY],
    ['What is the pricing model of Cloud Computing?', 3, now - 20 * DAY + 10 * MINUTE],
    ['AWS Regions are composed of?', 4, now - DAY],
    ['How do we interact with an LLM?', 4, now - 2 * DAY],
    ['How to choose a model?', 3, now - 3 * DAY],
    ['How to choose a model?', 4, now - 3 * DAY + 10 * MINUTE],
  ];
  const log = path.join(root, '.note-review', 'log');
  fs.mkdirSync(log, { recursive: true });
  const lines = reviews.map(([prompt, rating, time], i) => JSON.stringify({ v: 1, id: `other-window.${i + 1}`, kind: 'review', card: idOf(prompt), time, rating, durationMs: 4000, note: SAMPLE }));
  fs.writeFileSync(path.join(log, 'other-window.jsonl'), lines.join('\n') + '\n');
  return root;
}

/** Makes room for the descriptions as a person would: chat closed, side bar dragged wider, other views collapsed. */
async function roomForDescriptions(page: Page): Promise<void> {
  if (await page.locator('.part.auxiliarybar').isVisible()) {
    await page.locator('.monaco-workbench').click({ position: { x: 600, y: 5 } });
    await page.keyboard.press('Control+Alt+B');
    await page.locator('.part.auxiliarybar').waitFor({ state: 'hidden' });
  }
  const sidebar = page.locator('.part.sidebar');
  const box = await sidebar.boundingBox();
  if (!box) throw new Error('no side bar');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 2, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + 300, y, { steps: 10 });
  await page.mouse.up();
  const header = page.locator('.sidebar .pane-header[aria-expanded="true"]', { hasText: 'Review Queue' });
  if (await header.count()) await header.first().click();
  await page.locator('.sidebar .pane-header[aria-expanded="false"]', { hasText: 'Review Queue' }).first().waitFor();
  // The mouse leaves the tree, so that no hover covers it in the screenshots.
  await page.mouse.move(box.x + box.width + 700, y);
}

describe('Sections view: mastery map on the sample notes', () => {
  let workbench: Workbench;
  let fixture: string;

  before(async () => {
    fixture = workspaceWithHistory();
    workbench = await openWorkbench({ fixture });
  });

  after(async () => {
    await workbench?.close();
    if (fixture) fs.rmSync(fixture, { recursive: true, force: true });
  });

  it('shows due counts and recall per section and marks the weakest one', async () => {
    const { page } = workbench;
    await openViewContainer(page, 'Note Review');
    await roomForDescriptions(page);
    const rows = treeRows(page, 'Sections');
    await rows.filter({ hasText: SAMPLE }).first().waitFor();
    // The accessible name holds the whole description, even where the side bar cuts the text.
    const udemy = page.locator('.sidebar [role="treeitem"][aria-label^="Heading level 3: Udemy questions:, 13 cards, 2 due, average recall "][aria-label$=", weakest section"]').first();
    await udemy.waitFor();
    if (!(await udemy.locator('.codicon-warning').isVisible())) throw new Error('the weakest section has no warning icon');
    await page.locator('.sidebar [role="treeitem"][aria-label^="Heading level 2: Section 5: Amazon bedrock and Generative AI, 2 cards, average recall "]').first().waitFor();
    if ((await page.locator('.sidebar .codicon-warning').count()) !== 1) throw new Error('more than one section is marked the weakest');
    await workbench.screenshot('sections-mastery-1-weakest-section');
    await workbench.docImage('sections', { x: 0, y: 35, width: 650, height: 640 }, 0.6);
  });

  it('shows when each question is due once the weakest section is expanded', async () => {
    const { page } = workbench;
    await expandTreeRowWithKeyboard(page, 'Sections', 'Udemy questions:', 32, 'You ONLY want to manage');
    await page.locator('.sidebar [role="treeitem"][aria-label^="Multiple choice: You ONLY want to manage Applications and Data"][aria-label$=", due"]').first().waitFor();
    await page.locator('.sidebar [role="treeitem"][aria-label^="Multiple choice: AWS Regions are composed of?, in "]').first().waitFor();
    await page.mouse.move(1000, 600);
    await workbench.screenshot('sections-mastery-2-due-questions');
  });

  it('suspends a due question from its context menu, and unsuspends it', async () => {
    const { page } = workbench;
    const question = (state: string) => page.locator(`.sidebar [role="treeitem"][aria-label^="Multiple choice: What is the pricing model of Cloud Computing?"][aria-label$=", ${state}"]`).first();
    const menuItem = (label: string) => page.locator(`.context-view .monaco-menu .action-item:has(.action-label[aria-label="${label}"])`).first();
    // A menu item as a person picks it: pointed at (which focuses it), then Enter; the menu
    // can ignore a click that comes right after it opened.
    const choose = async (item: ReturnType<typeof menuItem>) => {
      await item.hover();
      await page.keyboard.press('Enter');
      await page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden' });
    };
    // From the row's context menu, until the row shows the outcome: on a busy machine the
    // menu can close without running the item (the Enter lands while it re-renders).
    const fromMenu = async (state: string, label: string, outcome: string) => {
      for (let attempt = 1; ; attempt++) {
        await question(state).click({ button: 'right' });
        await choose(menuItem(label));
        try {
          await question(outcome).waitFor({ timeout: 10_000 });
          return;
        } catch {
          // Still in its old state: the item did not run; press it again. Otherwise it is on its way.
          if (attempt < 3 && (await question(state).isVisible())) continue;
          await question(outcome).waitFor({ timeout: 20_000 });
          return;
        }
      }
    };
    const udemyDue = (count: string) => page.locator(`.sidebar [role="treeitem"][aria-label^="Heading level 3: Udemy questions:, 13 cards, ${count}, average recall "]`).first();
    await openViewContainer(page, 'Note Review');
    await udemyDue('2 due').waitFor();
    await expandTreeRowWithKeyboard(page, 'Sections', 'Udemy questions:', 32, 'You ONLY want to manage');

    await question('due').click({ button: 'right' });
    await menuItem('Suspend Card').waitFor();
    if (await menuItem('Unsuspend Card').count()) throw new Error('Unsuspend is offered for a card that is not suspended');
    await workbench.screenshot('sections-mastery-3-card-menu');
    await page.keyboard.press('Escape');
    await page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden' });
    await fromMenu('due', 'Suspend Card', 'suspended');
    // Suspended cards are neither due nor in the average: one due card left in the section.
    await udemyDue('1 due').waitFor();
    await page.mouse.move(1000, 600);
    await workbench.screenshot('sections-mastery-4-suspended');

    await fromMenu('suspended', 'Unsuspend Card', 'due');
    await udemyDue('2 due').waitFor();
  });
});
