import * as assert from 'node:assert/strict';
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
    await page.locator('.sidebar .monaco-list-row[aria-expanded="true"]', { hasText: SAMPLE }).waitFor();
    await workbench.screenshot('smoke-4-note-expanded');
    assert.ok((await rows.count()) >= 1);
  });
});
