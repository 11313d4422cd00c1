// Regenerates test/fixtures/keybindings/default-keybindings.json: the default keyboard
// shortcuts of the VS Code the tests run in (1.139.1), for Linux, macOS and Windows, so
// that a unit test can check that none of ours shadows one of them.
//
// How: the VS Code server's web workbench is opened three times in headless Chromium,
// each time with a browser user agent of one platform (the workbench picks each
// command's `linux`, `mac` or `win` key from it). A throw-away test extension opens the
// workbench's own "Default Keyboard Shortcuts (JSON)" document
// (vscode://defaultsettings/keybindings.json: every built-in command and built-in
// extension binding) and writes its text into the workspace folder.
// The web build lacks a few desktop-only bindings (window zoom, new window, full screen…);
// the fixture notes this, and our keys use none of those key families.
//
// Usage: node scripts/extract-default-keybindings.js   (under the VS Code lock on shared machines)
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const host = require('./vscode-server');

const fixtureFile = path.join(host.repoRoot, 'test', 'fixtures', 'keybindings', 'default-keybindings.json');

const PLATFORMS = {
  linux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  windows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
};

const PROBE_MANIFEST = { name: 'default-keybindings-probe', publisher: 'note-review', version: '0.0.0', engines: { vscode: '^1.100.0' }, main: './extension.js' };
const PROBE_EXTENSION = 'exports.activate = () => undefined;\n';
// Runs in the extension host as the "tests" of the probe: the workbench resolves the
// document, with the keys of the platform it believes it runs on.
const PROBE_TESTS = `
const vscode = require('vscode');
const path = require('path');
exports.run = async () => {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse('vscode://defaultsettings/keybindings.json'));
  const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
  await vscode.workspace.fs.writeFile(vscode.Uri.file(path.join(folder, 'keybindings.jsonc')), Buffer.from(document.getText(), 'utf8'));
};
`;

/** The bindings of the document's text: its JSON array, without the `//` comment lines. */
function parseKeybindings(text) {
  const json = text
    .split('\n')
    .filter((line) => !/^\s*\/\//.test(line))
    .join('\n');
  return JSON.parse(json);
}

async function extract(server, browser, platform, userAgent, probeDir) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), `keybindings-${platform}-`));
  const context = await browser.newContext({ userAgent, viewport: { width: 1200, height: 800 } });
  try {
    const page = await context.newPage();
    const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code))));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      if (process.env.NOTE_REVIEW_VERBOSE) console.log(`[probe] ${type} ${args.join(' ')}`);
    });
    const payload = [
      ['extensionDevelopmentPath', host.remoteUri(server.port, probeDir)],
      ['extensionTestsPath', host.remoteUri(server.port, path.join(probeDir, 'tests.js'))],
      ['skipWelcome', 'true'],
    ];
    await page.goto(host.workbenchUrl(server.port, folder, payload));
    const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 120_000))]);
    if (code !== 0) throw new Error(`the probe for ${platform} ended with ${code}`);
    return parseKeybindings(fs.readFileSync(path.join(folder, 'keybindings.jsonc'), 'utf8'));
  } finally {
    await context.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function main() {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'keybindings-probe-'));
  const probeDir = path.join(temp, 'probe');
  fs.mkdirSync(probeDir);
  fs.writeFileSync(path.join(probeDir, 'package.json'), JSON.stringify(PROBE_MANIFEST));
  fs.writeFileSync(path.join(probeDir, 'extension.js'), PROBE_EXTENSION);
  fs.writeFileSync(path.join(probeDir, 'tests.js'), PROBE_TESTS);
  const server = await host.startServer({ dataDir: path.join(temp, 'vscode'), smokeTestDriver: true, onOutput: () => undefined });
  const browser = await host.launchBrowser();
  try {
    const platforms = {};
    for (const [platform, userAgent] of Object.entries(PLATFORMS)) {
      const bindings = await extract(server, browser, platform, userAgent, probeDir);
      // Keys only (with the commands they run, for readers): the check is on keys, whatever the `when`.
      const byKey = {};
      for (const { key, command } of bindings) {
        const commands = (byKey[key] ??= []);
        if (!commands.includes(command)) commands.push(command);
      }
      platforms[platform] = Object.fromEntries(Object.entries(byKey).sort(([a], [b]) => a.localeCompare(b)));
      console.log(`[keybindings] ${platform}: ${bindings.length} default bindings on ${Object.keys(byKey).length} keys`);
    }
    const fixture = {
      vscode: server.version,
      producedBy: 'node scripts/extract-default-keybindings.js',
      source:
        "The workbench's Default Keyboard Shortcuts (JSON) of VS Code's web build (the server's workbench, built-in extensions included), opened with a Linux, a macOS and a Windows browser user agent. Desktop-only bindings (window zoom, new window, full screen and the like) are not in the web build.",
      platforms,
    };
    fs.mkdirSync(path.dirname(fixtureFile), { recursive: true });
    fs.writeFileSync(fixtureFile, `${JSON.stringify(fixture, null, 1)}\n`);
    console.log(`[keybindings] wrote ${path.relative(host.repoRoot, fixtureFile)}`);
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`[keybindings] ${error instanceof host.SetupError ? error.message : error.stack}`);
  process.exit(1);
});
