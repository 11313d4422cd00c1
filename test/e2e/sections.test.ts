import { expandTreeRowWithKeyboard, goToLine, keyboardOnTreeRow, openFile, openViewContainer, openWorkbench, treeRows } from './workbench';
import type { Workbench } from './workbench';

const SAMPLE = 'aws-ai-practitioner-notes.md';

describe('Sections view on the sample notes', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench();
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows the sections with their card counts', async () => {
    const { page } = workbench;
    await openViewContainer(page, 'Note Review');
    const rows = treeRows(page, 'Sections');
    // Rows are matched by their accessible names, which hold the whole label and count even
    // where a narrow side bar cuts the text.
    await rows.filter({ hasText: SAMPLE }).first().waitFor();
    await page.locator('.sidebar [role="treeitem"][aria-label="Heading level 2: Section 3: Introduction to AWS and cloud computing, 13 cards"]').first().waitFor();
    await page.locator('.sidebar [role="treeitem"][aria-label="Heading level 3: Udemy questions:, 13 cards"]').first().waitFor();
    await workbench.screenshot('sections-1-card-counts');
  });

  it('lists the 13 questions under "Udemy questions:" when it is expanded from the keyboard', async () => {
    const { page } = workbench;
    const rows = treeRows(page, 'Sections');
    await expandTreeRowWithKeyboard(page, 'Sections', 'Udemy questions:', 32, 'You ONLY want to manage');
    const firstQuestion = rows.filter({ hasText: 'You ONLY want to manage Applications and Data' }).first();
    await firstQuestion.waitFor();
    await rows.filter({ hasText: 'AWS Regions are composed of?' }).first().waitFor();
    // The list is virtual (rows out of sight are not in the page): count through the row's
    // accessibility attributes, which name its position among its siblings.
    const siblings = await firstQuestion.getAttribute('aria-setsize');
    if (siblings !== '13') throw new Error(`expected 13 questions under "Udemy questions:", the tree says ${siblings}`);
    if (!(await firstQuestion.locator('.codicon-checklist').isVisible())) throw new Error('the question row has no multiple-choice icon');
    await workbench.screenshot('sections-2-udemy-questions');
  });

  it('shows a question typed into the note without saving', async () => {
    const { page } = workbench;
    await openFile(page, SAMPLE);
    // Go to the blank line after question 13 and type a new question there (five lines).
    await goToLine(page, 121);
    await page.keyboard.type('\n14. Which service hosts foundation models?\n\n- EC2\n- Amazon Bedrock\n');
    await page.locator('.statusbar-item', { hasText: 'Ln 126,' }).waitFor();
    const rows = treeRows(page, 'Sections');
    // The integration tests hold the one-second budget; here a busy CI machine gets the default timeout.
    // The tree follows the cursor, which stayed in "Udemy questions:" (lines typed there
    // push "Section 5" down, and the section is looked up in the new text).
    await page.locator('.sidebar [role="treeitem"][aria-selected="true"][aria-label="Heading level 3: Udemy questions:, 14 cards"]').first().waitFor();
    // The new question is the 14th row under the heading, which may lie below the bottom of
    // the view (a virtual list has no element for it then): go down to it with the keyboard,
    // as a person would; the list scrolls the focused row into view.
    await keyboardOnTreeRow(page, 'Sections', 'Udemy questions:', 32);
    const focused = rows.and(page.locator('.focused'));
    for (let row = 1; row <= 14; row++) await page.keyboard.press('ArrowDown');
    await focused.filter({ hasText: 'Which service hosts foundation models?' }).waitFor();
    await workbench.screenshot('sections-3-typed-question');
  });
});
