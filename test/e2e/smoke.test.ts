import * as fs from 'node:fs';
import * as path from 'node:path';
import { openViewContainer, openWorkbench, runCommand, treeRows } from './workbench';
import type { Workbench } from './workbench';

const SAMPLE = 'aws-ai-practitioner-notes.md';

describe('Workbench smoke test', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench();
    console.log(`      running in VS Code ${workbench.version}`);
  });

  after(async () => {
    await workbench?.close();
  });

  it('opens the sample notes from the command palette', async () => {
    const { page } = workbench;
    await workbench.screenshot('smoke-1-workbench');
    await runCommand(page, 'Note Review: Open Sample Notes');
    await page.locator('.tab.active', { hasText: SAMPLE }).waitFor();
    await page.locator('.editor-instance .view-lines', { hasText: 'AWS' }).first().waitFor();
    await workbench.screenshot('smoke-2-sample-open');
  });

  it('shows the workspace notes in the Note Review side bar', async () => {
    const { page } = workbench;
    await openViewContainer(page, 'Note Review');
    const rows = treeRows(page, 'Sections');
    const note = rows.filter({ hasText: SAMPLE }).first();
    await note.waitFor();
    await workbench.screenshot('smoke-3-sections-view');
    await note.click();
    await rows.filter({ hasText: 'AWS AI Practitioner certificate' }).waitFor();
    await workbench.screenshot('smoke-4-note-expanded');
  });

  it('reveals a section in the editor when it is clicked in the Sections view', async () => {
    const { page } = workbench;
    const heading = '### Udemy questions:';
    const lines = fs.readFileSync(path.join(workbench.folder, SAMPLE), 'utf8').split(/\r?\n/);
    const line = lines.indexOf(heading) + 1;
    if (line === 0) throw new Error(`the fixture lost its "${heading}" heading`);
    await treeRows(page, 'Sections').filter({ hasText: 'Udemy questions:' }).first().click();
    await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col 1` }).waitFor();
    await page.locator('.tab.active', { hasText: SAMPLE }).waitFor();
    await workbench.screenshot('smoke-5-section-revealed');
  });
});
