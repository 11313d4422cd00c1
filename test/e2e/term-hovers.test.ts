import type { Page } from 'playwright-core';
import { openFile, openWorkbench } from './workbench';
import type { Workbench } from './workbench';

const SAMPLE = 'aws-ai-practitioner-notes.md';

/** Moves the cursor to a 1-based line with Go to Line (Ctrl+G), which scrolls it into view. */
async function goToLine(page: Page, line: number): Promise<void> {
  await page.locator('.editor-instance .view-lines').first().click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  // Go to Line is quick open with its ":" prefix; filling the box replaces that prefix too.
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: `Ln ${line},` }).waitFor();
}

/**
 * Moves the mouse over the first `word` on the editor line that contains `lineText`, where
 * a person would point at it: the middle of the word. The editor's font is monospace, so
 * the word's place is its character offset times the width of one character.
 */
async function pointAt(page: Page, lineText: string, word: string): Promise<void> {
  // The editor renders spaces as no-break spaces.
  const line = page.locator('.editor-instance .view-line', { hasText: lineText.replace(/ /g, '\u00a0') }).first();
  await line.waitFor();
  const text = ((await line.textContent()) ?? '').replace(/\u00a0/g, ' ');
  const at = text.indexOf(word);
  const box = await line.locator(':scope > span').boundingBox();
  if (at < 0 || !box) throw new Error(`"${word}" is not on the line showing "${lineText}"`);
  const charWidth = box.width / text.length;
  await page.mouse.move(box.x + (at + word.length / 2) * charWidth, box.y + box.height / 2);
}

describe('Term hovers in the editor', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench();
    await openFile(workbench.page, SAMPLE);
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows the definition of "BLEU" when the mouse rests on it', async () => {
    const { page } = workbench;
    await goToLine(page, 363);
    await pointAt(page, '- BLEU -> you evaluate', 'BLEU');
    const hover = page.locator('.monaco-hover', { hasText: 'you evaluate translation' });
    await hover.waitFor({ state: 'visible' });
    await hover.locator('a', { hasText: 'this note, line 363' }).waitFor();
    await workbench.screenshot('term-hovers-1-bleu');
  });

  it('opens the defining line from the hover\'s link', async () => {
    const { page } = workbench;
    await page.keyboard.press('Escape');
    await goToLine(page, 195);
    await pointAt(page, 'all the foundation models inside it', 'models');
    const hover = page.locator('.monaco-hover', { hasText: 'can do a broad range of tasks' });
    await hover.waitFor({ state: 'visible' });
    await workbench.screenshot('term-hovers-2-foundation-models');
    await hover.locator('a', { hasText: 'this note, line 135' }).click();
    await page.locator('.statusbar-item', { hasText: 'Ln 135,' }).waitFor();
  });
});
