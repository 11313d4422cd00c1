import type { Page } from 'playwright-core';
import { goToLine, openFile, openWorkbench } from './workbench';
import type { Workbench } from './workbench';

const SAMPLE = 'aws-ai-practitioner-notes.md';

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

/**
 * Points at `word` until a hover holding `expected` shows. The first request can come
 * before the notes are indexed (then there is no hover and VS Code does not ask again
 * while the mouse rests), so the mouse moves away and back, like a person would.
 */
async function hoverUntilShown(page: Page, lineText: string, word: string, expected: string) {
  const hover = page.locator('.monaco-hover', { hasText: expected });
  for (let attempt = 1; ; attempt++) {
    await pointAt(page, lineText, word);
    try {
      await hover.waitFor({ state: 'visible', timeout: 5_000 });
      return hover;
    } catch (error) {
      if (attempt === 8) throw error;
      await page.mouse.move(5, 5);
      await hover.waitFor({ state: 'hidden' });
    }
  }
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
    const hover = await hoverUntilShown(page, '- BLEU -> you evaluate', 'BLEU', 'you evaluate translation');
    await hover.locator('a', { hasText: 'this note, line 363' }).waitFor();
    await workbench.screenshot('term-hovers-1-bleu');
  });

  it('opens the defining line from the hover\'s link', async () => {
    const { page } = workbench;
    await page.keyboard.press('Escape');
    await goToLine(page, 195);
    // A hover closes when the text under it moves (a code lens arriving above it on a busy
    // machine): then the person points at the word again and clicks the link in the new hover.
    for (let attempt = 1; ; attempt++) {
      const hover = await hoverUntilShown(page, 'all the foundation models inside it', 'models', 'can do a broad range of tasks');
      if (attempt === 1) await workbench.screenshot('term-hovers-2-foundation-models');
      try {
        await hover.locator('a', { hasText: 'this note, line 135' }).click({ timeout: 5_000 });
        break;
      } catch (error) {
        if (attempt === 5) throw error;
        await page.mouse.move(5, 5);
      }
    }
    await page.locator('.statusbar-item', { hasText: 'Ln 135,' }).waitFor();
  });
});
