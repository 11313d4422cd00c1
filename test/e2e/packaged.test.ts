import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openViewContainer, openWorkbench, repoRoot, treeRows } from './workbench';
import type { Workbench } from './workbench';

describe('The packaged extension (.vsix), as npm start serves it', () => {
  let workbench: Workbench | undefined;
  let outDir: string;

  before(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-vsix-'));
  });

  after(async () => {
    await workbench?.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('installs into the VS Code server and shows the sample notes in the Sections view', async () => {
    const vsix = path.join(outDir, 'note-review.vsix');
    const packaged = spawnSync('npm', ['run', '--silent', 'package', '--', '--out', vsix], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(packaged.status, 0, `npm run package failed:\n${packaged.stdout}${packaged.stderr}`);
    workbench = await openWorkbench({ vsix });
    const { page } = workbench;
    await openViewContainer(page, 'Note Review');
    const note = treeRows(page, 'Sections').filter({ hasText: 'aws-ai-practitioner-notes.md' }).first();
    await note.click();
    await treeRows(page, 'Sections').filter({ hasText: 'Udemy questions:' }).waitFor();
    await workbench.screenshot('packaged-1-sections-view');
  });
});
