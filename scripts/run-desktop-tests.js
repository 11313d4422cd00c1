// Runs the same integration test entry (out/test/integration/index.js) in desktop VS Code
// through @vscode/test-electron, for contributors whose machine can download VS Code
// (our CI machines cannot: use scripts/run-integration.js there).
// On Linux without a display it re-runs itself under xvfb-run.
// Env: VSCODE_TEST_VERSION (default: the version the server runner uses; or "stable").
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');

function rerunUnderXvfb() {
  const probe = spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' });
  if (probe.error) {
    console.error('[desktop] no display and no xvfb-run: install it with  sudo apt-get install -y xvfb');
    process.exit(1);
  }
  const r = spawnSync('xvfb-run', ['-a', process.execPath, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, NOTE_REVIEW_UNDER_XVFB: '1' },
  });
  process.exit(r.status === null ? 1 : r.status);
}

async function main() {
  const { runTests } = require('@vscode/test-electron');
  const { VSCODE_VERSION } = require('./vscode-server');
  const testsEntry = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
  if (!fs.existsSync(testsEntry)) throw new Error('out/test/integration/index.js is missing: run npm run compile-tests');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-desktop-'));
  const workspace = path.join(root, 'workspace');
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  try {
    return await runTests({
      version: process.env.VSCODE_TEST_VERSION || VSCODE_VERSION,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsEntry,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(root, 'user-data')],
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.NOTE_REVIEW_UNDER_XVFB) {
  rerunUnderXvfb();
} else {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`[desktop] the desktop test run failed: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    },
  );
}
