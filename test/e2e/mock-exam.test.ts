import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { parseNote } from '../../src/core';
import { isMockQuestion } from '../../src/core/mock/mock-exam';
import { goToLine, openFile, openWorkbench, pickQuickInputRow, repoRoot, runCommand } from './workbench';
import type { Workbench } from './workbench';

const SAMPLE = 'aws-ai-practitioner-notes.md';
/** The multiple-choice questions with a marked answer under "### Udemy questions:": what a mock exam of that section asks. */
const UDEMY_QUESTIONS = parseNote(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'workspace', SAMPLE), 'utf8')).cards.filter((card) => card.section.at(-1) === 'Udemy questions:' && isMockQuestion(card)).length;

/** The mock exam's own document: two iframes deep (see VSCODE-TESTING.md, section 6). */
function examFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
}

describe('Mock exam in the workbench', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench();
    await openFile(workbench.page, SAMPLE);
  });

  after(async () => workbench?.close());

  it('draws the section under the cursor, is answered and flagged with the keyboard, and shows per-section results after submitting', async () => {
    const { page } = workbench;
    if (UDEMY_QUESTIONS < 10) throw new Error(`the fixture has only ${UDEMY_QUESTIONS} questions under "Udemy questions:"`);
    // The first question of "### Udemy questions:".
    await goToLine(page, 34);
    await runCommand(page, 'Note Review: Start Mock Exam…');
    await pickQuickInputRow(page, 'This section: Udemy questions:');
    const frame = examFrame(page);
    const progress = frame.locator('#progress');
    await progress.filter({ hasText: `Question 1 of ${UDEMY_QUESTIONS}` }).waitFor();
    await frame.locator('#clock', { hasText: /^1:29:\d\d left$|^1:30:00 left$/ }).waitFor();
    // The page focuses the first option once drawn; keys before that would land in the note.
    await frame.locator('input:focus').waitFor();
    await page.keyboard.press('2');
    await progress.filter({ hasText: '1 answered' }).waitFor();
    await page.keyboard.press('f');
    await progress.filter({ hasText: '1 flagged' }).waitFor();
    await page.keyboard.press('n');
    await progress.filter({ hasText: `Question 2 of ${UDEMY_QUESTIONS}` }).waitFor();
    await frame.locator('input:focus').waitFor();
    await page.keyboard.press('1');
    await progress.filter({ hasText: '2 answered' }).waitFor();
    // No feedback before submitting: no option says whether it is right.
    if ((await frame.locator('.verdict').count()) !== 0) throw new Error('an option was marked right or wrong before submitting');
    await workbench.screenshot('mock-exam-1-in-progress');

    await page.keyboard.press('s');
    await frame.locator('.confirm', { hasText: `${UDEMY_QUESTIONS - 2} unanswered. 1 flagged.` }).waitFor();
    await frame.locator('button[data-confirm]:focus').waitFor();
    await page.keyboard.press('Enter');
    await frame.locator('.result-verdict', { hasText: 'Not passed' }).waitFor();
    await frame.locator('.facts', { hasText: `of ${UDEMY_QUESTIONS} right, ${UDEMY_QUESTIONS - 2} unanswered.` }).waitFor();
    await frame.locator('table.sections th[scope="row"]', { hasText: 'Udemy questions:' }).waitFor();
    // After submitting, the question on screen shows the right option with the note's explanation.
    await frame.locator('.option.right .verdict', { hasText: 'Right answer' }).first().waitFor();
    await workbench.screenshot('mock-exam-2-results');
  });
});
