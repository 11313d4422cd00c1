import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

// Compiled to out/test/unit, so the repository is three folders up.
const ROOT = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { extensionOptions } = require(path.join(ROOT, 'esbuild.js')) as { extensionOptions(o: { production: boolean }): esbuild.BuildOptions };

/** What only the test hooks (src/vscode/test-hooks) put into the bundle. */
const TEST_HOOK_MARKS = ['catchUpNotesWithDisk', 'reviewLogFolders', 'getNoteJson', '.snapshot`'];

describe('the test hooks and the bundles', () => {
  let dir: string;
  const bundles: Record<'production' | 'development', string> = { production: '', development: '' };

  before(async function () {
    this.timeout(60_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-bundle-'));
    for (const kind of ['production', 'development'] as const) {
      const outfile = path.join(dir, `${kind}.js`);
      await esbuild.build({ ...extensionOptions({ production: kind === 'production' }), outfile, plugins: [], sourcemap: false, logLevel: 'silent' });
      bundles[kind] = fs.readFileSync(outfile, 'utf8');
    }
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the development build the tests run carries the snapshot commands and the test API', () => {
    for (const mark of TEST_HOOK_MARKS) assert.ok(bundles.development.includes(mark), `no ${mark} in the development bundle`);
  });

  it('the production build that goes into the .vsix leaves them out', () => {
    for (const mark of TEST_HOOK_MARKS) assert.ok(!bundles.production.includes(mark), `${mark} in the production bundle`);
    assert.ok(bundles.production.includes('noteReview.quizSection'), 'the production bundle is the extension');
  });
});
