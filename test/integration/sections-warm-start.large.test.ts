// On a generated workspace of 2,000 notes (scripts/run-integration.js writes it and opens
// it twice with the same VS Code data folder): the cold launch shows indexing progress and
// saves the parse cache; on the warm launch the Sections view has its first rows soon
// after activation (target 1 s; the figure is printed).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { SectionsSnapshot } from '../../src/vscode/features/sections/sections-view';
import type { NoteReviewTestApi as NoteReviewApi } from '../../src/vscode/test-hooks';
import { EXTENSION_ID, waitFor } from './extension-api';

const NOTES = 2000;
const launch = process.env.NOTE_REVIEW_LAUNCH;
const dataDir = process.env.NOTE_REVIEW_DATA_DIR ?? '';

function sections(): Thenable<SectionsSnapshot> {
  return vscode.commands.executeCommand<SectionsSnapshot>('noteReview.sections.snapshot');
}

/** The extension, not yet active: the workspace's notes are `.markdown` files, so no startup event activated it. */
function inactiveExtension(): vscode.Extension<NoteReviewApi> {
  const extension = vscode.extensions.getExtension<NoteReviewApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  assert.equal(extension.isActive, false, 'the extension was activated before the test could time its activation');
  return extension;
}

/** Files named `name` under `dir`. */
function filesNamed(dir: string, name: RegExp): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile() && name.test(entry.name)) found.push(path.join(entry.parentPath, entry.name));
  return found;
}

/** The extension's own log, as VS Code wrote it to the data folder. */
function extensionLog(): string {
  return filesNamed(dataDir, /^Note Review\.log$/)
    .map((file) => fs.readFileSync(file, 'utf8'))
    .join('\n');
}

describe('Sections view on 2,000 notes', function () {
  this.timeout(120_000);

  before(function () {
    if (!dataDir) this.skip();
    assert.equal(vscode.workspace.workspaceFolders?.length, 1, 'the generated workspace is open');
  });

  (launch === 'cold' ? it : it.skip)('cold: the view says it is indexing, with counts, until every note is listed; the parse cache is saved', async () => {
    const extension = inactiveExtension();
    await extension.activate();
    const messages = new Set<string>();
    const done = await waitFor(
      async () => {
        const snapshot = await sections();
        if (snapshot.message) messages.add(snapshot.message);
        return snapshot.message === undefined && snapshot.rows.length === NOTES ? snapshot : undefined;
      },
      90_000,
      `${NOTES} notes in the Sections view and no indexing message`,
      // A snapshot of thousands of rows is not free: asking for one every 20 ms would slow the scan it watches.
      100,
    );
    assert.equal(done.rows.length, NOTES);
    assert.ok(
      [...messages].some((m) => /^Indexing notes… [\d,]+ \/ 2,000$/.test(m)),
      `no progress message with counts was shown; seen: ${JSON.stringify([...messages])}`,
    );
    // Saved a few seconds after the scan (and on exit, which this runner does not wait for).
    await waitFor(() => (filesNamed(dataDir, /^parse-cache\.json$/).length > 0 ? true : undefined), 60_000, 'the parse cache snapshot');
  });

  (launch === 'warm' ? it : it.skip)('warm: the first rows show soon after activation (target 1 s, figure printed), every note taken from the parse cache', async () => {
    const extension = inactiveExtension();
    const asked = performance.now();
    const api = await extension.activate();
    const returned = performance.now();
    const sinceReturn = await waitFor(
      async () => ((await sections()).rows.length > 0 ? performance.now() - returned : undefined),
      30_000,
      'the first rows of the Sections view',
    );
    // From the start of activate() (as the activation timing test measures it); VS Code loading the bundle comes before.
    const firstRowsMs = api.activation.durationMs + sinceReturn;
    console.log(`      first rows ${firstRowsMs.toFixed(0)} ms after activate() began (${(returned - asked + sinceReturn).toFixed(0)} ms after the test asked VS Code to activate the extension)`);
    await waitFor(async () => ((await sections()).rows.length === NOTES ? true : undefined), 60_000, `all ${NOTES} notes`, 250);
    await waitFor(() => (/Indexed 2000 notes \(0 parsed, 2000 from the parse cache\)/.test(extensionLog()) ? true : undefined), 30_000, 'the log line of a warm start');
    // The target is 1 s (about 600 ms at a load of 6–9 on 2 cores); the bound is 5 s so that
    // a CI machine busy with other work does not fail a run only for that. A start that
    // parses the notes again fails on the log line above.
    assert.ok(firstRowsMs < 5000, `the first rows took ${firstRowsMs.toFixed(0)} ms`);
  });
});
