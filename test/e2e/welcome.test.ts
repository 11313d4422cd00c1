import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openViewContainer, openWorkbench } from './workbench';
import type { Workbench } from './workbench';

describe('Sections view in a workspace without notes', () => {
  let workbench: Workbench | undefined;
  let emptyFolder: string;

  before(async () => {
    emptyFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-empty-'));
    fs.writeFileSync(path.join(emptyFolder, 'todo.txt'), 'not a markdown note\n');
    workbench = await openWorkbench({ fixture: emptyFolder });
  });

  after(async () => {
    await workbench?.close();
    fs.rmSync(emptyFolder, { recursive: true, force: true });
  });

  it('offers to open the sample notes, and the button opens them', async () => {
    const { page } = workbench!;
    await openViewContainer(page, 'Note Review');
    const welcome = page.locator('.sidebar .welcome-view');
    await welcome.filter({ hasText: 'No markdown notes in this workspace yet.' }).waitFor();
    await workbench!.screenshot('welcome-1-empty-workspace');
    // The Review Queue's welcome offers the same button: use the one of the Sections view.
    const sectionsPane = page.locator('.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Sections' }) });
    await sectionsPane.locator('.welcome-view').getByRole('button', { name: 'Open Sample Notes' }).click();
    await page.locator('.tab.active', { hasText: 'aws-ai-practitioner-notes.md' }).waitFor();
    await workbench!.screenshot('welcome-2-sample-opened');
  });
});
