import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { version } from '../../package.json';

// Compiled to out/test/unit, so the repository is three folders up.
const ROOT = path.resolve(__dirname, '../../..');
const BUNDLE = path.join(ROOT, 'dist/cli.js');
const SAMPLE = 'test/fixtures/notes/aws-ai-practitioner-notes.md';

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the built note-review bundle', () => {
  before(function () {
    this.timeout(60_000);
    const startedMs = Date.now();
    // esbuild.js builds every bundle; only the CLI matters here, so a failure elsewhere is tolerated
    // as long as it wrote a fresh dist/cli.js.
    run(['esbuild.js']);
    const fresh = fs.existsSync(BUNDLE) && fs.statSync(BUNDLE).mtimeMs >= startedMs - 1000;
    if (!fresh) this.skip();
  });

  it('parse --json on the sample notes prints their JSON and exits 0', () => {
    const result = run(['dist/cli.js', 'parse', SAMPLE, '--json']);
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
    const json = JSON.parse(result.stdout);
    assert.equal(json.files.length, 1);
    assert.equal(json.files[0].file, SAMPLE);
    for (const key of ['sections', 'cards', 'terms', 'problems']) assert.ok(Array.isArray(json.files[0][key]), key);
  });

  it('lint on the sample notes prints one warning, for question 8, and exits 0', () => {
    const result = run(['dist/cli.js', 'lint', SAMPLE]);
    assert.equal(result.stdout, `${SAMPLE}:82: warning: no answer marked\n`);
    assert.equal(result.status, 0);
  });

  it('bin/note-review.js launches the bundle', () => {
    const result = run(['bin/note-review.js', '--version']);
    assert.deepEqual([result.status, result.stdout], [0, `${version}\n`]);
  });
});

describe('bin/note-review.js in a clone that was not built', () => {
  let clone: string;

  before(() => {
    // A copy of the launcher next to an empty folder where dist/ would be.
    clone = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-unbuilt-'));
    fs.mkdirSync(path.join(clone, 'bin'));
    fs.copyFileSync(path.join(ROOT, 'bin/note-review.js'), path.join(clone, 'bin/note-review.js'));
  });

  after(() => fs.rmSync(clone, { recursive: true, force: true }));

  it('prints one line saying what to run, no stack trace, and exits 2', () => {
    const result = spawnSync(process.execPath, [path.join(clone, 'bin/note-review.js'), '--help'], { cwd: clone, encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0], /^note-review: not built yet \(dist.cli\.js is missing\): run `npm install` or `npm run build` in /);
    assert.ok(lines[0].endsWith(clone), lines[0]);
  });
});
