// The one entry of the integration tests, loaded inside the VS Code extension host by
// both runners: scripts/run-integration.js (VS Code server + Chromium, the default) and
// scripts/run-desktop-tests.js (@vscode/test-electron). Same contract as test-electron:
// export run(), resolve when the tests pass, reject when any fails.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  console.log(`Integration tests running in VS Code ${vscode.version} (${process.env.NOTE_REVIEW_SUITE_RUNNING ?? 'folder'} suite)`);
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const filter = process.env.NOTE_REVIEW_GREP;
  if (filter) mocha.grep(filter);
  // The multi-root tests need a workspace of several folders, the large ones a generated
  // workspace: the runner opens each in a pass of its own (NOTE_REVIEW_SUITE_RUNNING); the
  // others run on the folder.
  const suite = process.env.NOTE_REVIEW_SUITE_RUNNING ?? 'folder';
  const suiteOf = (file: string): string => /\.(multi-root|large)\.test\.js$/.exec(file)?.[1] ?? 'folder';
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js') && suiteOf(file) === suite) mocha.addFile(path.join(__dirname, file));
  }
  const failures = await new Promise<number>((resolve, reject) => {
    try {
      mocha.run(resolve);
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
