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
    // What a Marketplace reviewer sees: vsce has nothing to warn about (no flag hides warnings),
    // the PNG icon is inside, and the docs (README pictures, developer notes) are not.
    assert.doesNotMatch(`${packaged.stdout}${packaged.stderr}`, /warning/i);
    const entries = zipEntryNames(fs.readFileSync(vsix));
    assert.ok(entries.includes('extension/media/icon.png'), entries.join('\n'));
    assert.ok(entries.includes('extension/media/walkthrough/quiz.svg'), entries.join('\n'));
    assert.deepEqual(entries.filter((name) => name.startsWith('extension/docs/')), []);
    workbench = await openWorkbench({ vsix });
    const { page } = workbench;
    await openViewContainer(page, 'Note Review');
    const note = treeRows(page, 'Sections').filter({ hasText: 'aws-ai-practitioner-notes.md' }).first();
    await note.click();
    await treeRows(page, 'Sections').filter({ hasText: 'Udemy questions:' }).waitFor();
    await workbench.screenshot('packaged-1-sections-view');
  });
});

/** The file names of a zip archive (a .vsix), read from its central directory. */
function zipEntryNames(zip: Buffer): string[] {
  const endOfDirectory = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(endOfDirectory >= 0, 'not a zip archive');
  const count = zip.readUInt16LE(endOfDirectory + 10);
  let offset = zip.readUInt32LE(endOfDirectory + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, 'damaged central directory');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
