// Default integration test runner: runs out/test/integration/index.js inside the
// extension host of a real VS Code (the server build, see vscode-server.js), opened by
// headless Chromium on a fresh copy of test/fixtures/workspace.
// Exits with the tests' status; always stops the server and the browser.
// Usage: node scripts/run-integration.js   (npm run test:integration builds first)
// Env: NOTE_REVIEW_TEST_TIMEOUT_S (default 300), NOTE_REVIEW_GREP (mocha grep),
// NOTE_REVIEW_VERBOSE=1 (all server and workbench output, noise included).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const host = require('./vscode-server');

const timeoutSeconds = Number(process.env.NOTE_REVIEW_TEST_TIMEOUT_S || 300);
const testsEntry = path.join(host.repoRoot, 'out', 'test', 'integration', 'index.js');

async function main() {
  for (const file of [testsEntry, path.join(host.repoRoot, 'dist', 'extension.js')]) {
    if (!fs.existsSync(file)) throw new host.SetupError(`${path.relative(host.repoRoot, file)} is missing: run npm run build && npm run compile-tests`);
  }
  const started = Date.now();
  const temp = host.copyToTemp(path.join(host.repoRoot, 'test', 'fixtures', 'workspace'), 'note-review-integration-');
  let server;
  let browser;
  const cleanup = async () => {
    await Promise.allSettled([browser && browser.close(), server && server.stop()]);
    fs.rmSync(temp.root, { recursive: true, force: true });
  };
  const onSignal = (signal) => {
    console.error(`\n[integration] ${signal}: stopping VS Code and Chromium`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    server = await host.startServer({
      dataDir: path.join(temp.root, 'vscode'),
      smokeTestDriver: true,
      onOutput: (line) => {
        if (host.isServerLineWorthShowing(line)) console.log(`[server] ${line}`);
      },
    });
    console.log(`[integration] VS Code ${server.version} (server build) on port ${server.port}, workspace ${temp.folder}`);
    browser = await host.launchBrowser();
    const page = await browser.newPage();

    let finish;
    const finished = new Promise((resolve) => (finish = resolve));
    // The same hooks the workbench calls under @vscode/test-web: extension host console
    // output, then the tests' exit code.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // Console arguments, with the format string first (mocha's reporters print with %s).
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      if (host.isNoise(text) && !process.env.NOTE_REVIEW_VERBOSE) return;
      if (type === 'error') console.error(text);
      else console.log(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
    page.on('pageerror', (error) => {
      if (!host.isNoise(String(error))) console.error(`[workbench] ${error}`);
    });

    const payload = [
      ['extensionDevelopmentPath', host.remoteUri(server.port, host.repoRoot)],
      ['extensionTestsPath', host.remoteUri(server.port, testsEntry)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(host.workbenchUrl(server.port, temp.folder, payload));

    const timer = setTimeout(() => {
      console.error(`[integration] the tests did not finish within ${timeoutSeconds} s`);
      finish(124);
    }, timeoutSeconds * 1000);
    const code = await finished;
    clearTimeout(timer);
    console.log(`[integration] ${code === 0 ? 'passed' : `FAILED (exit code ${code})`} in VS Code ${server.version}, ${Math.round((Date.now() - started) / 1000)} s`);
    return code;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[integration] ${error instanceof host.SetupError ? error.message : error.stack}`);
    process.exit(1);
  },
);
