// Default integration test runner: runs out/test/integration/index.js inside the
// extension host of a real VS Code (the server build, see vscode-server.js), opened by
// headless Chromium on a fresh copy of test/fixtures/workspace (and the other suites below).
// Exits with the tests' status; always stops the server and the browser.
// Usage: node scripts/run-integration.js   (npm run test:integration builds first)
// Env: NOTE_REVIEW_TEST_TIMEOUT_S (default 900), NOTE_REVIEW_GREP (mocha grep),
// NOTE_REVIEW_VERBOSE=1 (all server and workbench output, noise included), NOTE_REVIEW_PRINT_LOG=1
// (print the extension's log also when the tests pass), NOTE_REVIEW_KEEP_TEMP=1 (keep the workspace and logs).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const host = require('./vscode-server');

const timeoutSeconds = Number(process.env.NOTE_REVIEW_TEST_TIMEOUT_S || 900);
const testsEntry = path.join(host.repoRoot, 'out', 'test', 'integration', 'index.js');

/**
 * The suites: the tests proper on a folder workspace, then the few multi-root tests on a
 * `.code-workspace` of two folders (test/integration/*.multi-root.test.ts). The extension
 * host learns which suite it runs from NOTE_REVIEW_SUITE (the server passes its
 * environment on).
 */
const SUITES = [
  { name: 'folder', fixture: 'workspace', open: (copy) => ({ folder: copy }) },
  { name: 'multi-root', fixture: 'multi-root', open: (copy) => ({ workspace: path.join(copy, 'study.code-workspace') }) },
  // A generated workspace of 2,000 notes (test/integration/*.large.test.ts), opened twice with
  // the same VS Code data folder: a cold start that saves the parse cache, then a warm start.
  { name: 'large', generate: (folder) => writeLargeWorkspace(folder, 2000), launches: ['cold', 'warm'], open: (copy) => ({ folder: copy }) },
];

/**
 * Writes `count` small notes, 100 a folder, named `.markdown` so that the extension does
 * not activate on its own (`workspaceContains:**\/*.md`): the test activates it and times it.
 */
function writeLargeWorkspace(folder, count) {
  for (let n = 0; n < count; n++) {
    const dir = path.join(folder, `part-${String(Math.floor(n / 100)).padStart(2, '0')}`);
    if (n % 100 === 0) fs.mkdirSync(dir, { recursive: true });
    const sections = [1, 2, 3].map((s) => `## Topic ${n}.${s}\n\nSome prose about topic ${s} of note ${n}, long enough to look like a note.\n\nCapital ${n}.${s}::City ${n}.${s}\n\n- Term ${n}.${s}: what it means\n`);
    fs.writeFileSync(path.join(dir, `note-${String(n).padStart(4, '0')}.markdown`), `# Note ${n}\n\n${sections.join('\n')}`);
  }
}

async function main() {
  for (const file of [testsEntry, path.join(host.repoRoot, 'dist', 'extension.js')]) {
    if (!fs.existsSync(file)) throw new host.SetupError(`${path.relative(host.repoRoot, file)} is missing: run npm run build && npm run compile-tests`);
  }
  const only = process.env.NOTE_REVIEW_SUITE;
  let code = 0;
  for (const suite of SUITES) {
    if (only && only !== suite.name) continue;
    const suiteCode = await runSuite(suite);
    if (suiteCode !== 0 && code === 0) code = suiteCode;
  }
  return code;
}

async function runSuite(suite) {
  const temp = suite.generate ? generatedTemp(suite) : host.copyToTemp(path.join(host.repoRoot, 'test', 'fixtures', suite.fixture), 'note-review-integration-');
  try {
    // Each launch is a new VS Code on the same workspace and data folder (its global storage kept).
    for (const launchName of suite.launches ?? [undefined]) {
      const code = await launch(suite, temp, launchName);
      if (code !== 0) return code;
    }
    return 0;
  } finally {
    if (process.env.NOTE_REVIEW_KEEP_TEMP) console.log(`[integration] kept ${temp.root}`);
    else fs.rmSync(temp.root, { recursive: true, force: true });
  }
}

function generatedTemp(suite) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-integration-'));
  const folder = path.join(root, suite.name);
  fs.mkdirSync(folder, { recursive: true });
  suite.generate(folder);
  return { root, folder };
}

async function launch(suite, temp, launchName) {
  const started = Date.now();
  const title = launchName ? `${suite.name} suite (${launchName} launch)` : `${suite.name} suite`;
  process.env.NOTE_REVIEW_SUITE_RUNNING = suite.name;
  process.env.NOTE_REVIEW_LAUNCH = launchName ?? '';
  process.env.NOTE_REVIEW_DATA_DIR = path.join(temp.root, 'vscode');
  let server;
  let browser;
  const cleanup = async () => {
    await Promise.allSettled([browser && browser.close(), server && server.stop()]);
  };
  const onSignal = (signal) => {
    console.error(`\n[integration] ${signal}: stopping VS Code and Chromium`);
    cleanup().finally(() => {
      if (!process.env.NOTE_REVIEW_KEEP_TEMP) fs.rmSync(temp.root, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    server = await host.startServer({
      dataDir: path.join(temp.root, 'vscode'),
      smokeTestDriver: true,
      machineSettings: host.DESKTOP_LIKE_SETTINGS,
      onOutput: (line) => {
        if (host.isServerLineWorthShowing(line)) console.log(`[server] ${line}`);
      },
    });
    const target = suite.open(temp.folder);
    console.log(`[integration] ${title}: VS Code ${server.version} (server build) on port ${server.port}, ${target.workspace ? `workspace file ${target.workspace}` : `workspace ${target.folder}`}`);
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
    await page.goto(host.workbenchUrl(server.port, target, payload));

    const timer = setTimeout(() => {
      console.error(`[integration] the tests did not finish within ${timeoutSeconds} s`);
      finish(124);
    }, timeoutSeconds * 1000);
    const code = await finished;
    clearTimeout(timer);
    if (code !== 0 || process.env.NOTE_REVIEW_PRINT_LOG) printExtensionLog(path.join(temp.root, 'vscode'));
    console.log(`[integration] ${title} ${code === 0 ? 'passed' : `FAILED (exit code ${code})`} in VS Code ${server.version}, ${Math.round((Date.now() - started) / 1000)} s`);
    return code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

/** On failure, the extension's own "Note Review" log is the first thing to read: print it (CI keeps only the terminal). */
function printExtensionLog(dataDir) {
  const found = [];
  const walk = (dir) => {
    let entries = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/Note Review\.log$/.test(entry.name)) found.push(full);
    }
  };
  walk(dataDir);
  for (const file of found) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const shown = lines.slice(-400);
    console.log(`[integration] the extension's log, ${path.relative(dataDir, file)}${shown.length < lines.length ? ` (last ${shown.length} lines)` : ''}:`);
    for (const line of shown) if (line) console.log(`  ${line}`);
  }
  if (found.length === 0) console.log(`[integration] no "Note Review" log found under ${dataDir}`);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[integration] ${error instanceof host.SetupError ? error.message : error.stack}`);
    process.exit(1);
  },
);
