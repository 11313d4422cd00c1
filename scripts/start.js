// `npm start`: builds and packages the extension (.vsix), installs it into a VS Code
// server and serves a workbench on a workspace holding the bundled sample notes.
// Prints the URL to open; it opens the sample note, and on the first visit the extension
// shows its walkthrough beside it (as it does on a user's first activation). Ctrl-C stops
// the server.
// Env: PORT (default 8080, or a free port when taken), NOTE_REVIEW_WORKSPACE (folder to open).
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const host = require('./vscode-server');

const pkg = require('../package.json');
const vsix = path.join(host.repoRoot, `${pkg.name}-${pkg.version}.vsix`);

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * Machine settings of `npm start`'s server: the chat side bar that VS Code opens by default
 * stays closed, so the note and the walkthrough get the width.
 */
const START_SETTINGS = Object.freeze({ 'workbench.secondarySideBar.defaultVisibility': 'hidden' });

/** The sample note that the workbench opens. */
const SAMPLE_NOTE = 'aws-ai-practitioner-notes.md';

/**
 * The folder opened in the workbench: a copy of the sample notes, kept between runs so
 * edits survive (`folder` is for the e2e test that starts the way `npm start` does).
 */
function prepareWorkspace(folder = path.join(host.cacheRoot, 'start-workspace')) {
  if (process.env.NOTE_REVIEW_WORKSPACE) return path.resolve(process.env.NOTE_REVIEW_WORKSPACE);
  fs.mkdirSync(folder, { recursive: true });
  for (const file of fs.readdirSync(path.join(host.repoRoot, 'samples'))) {
    const target = path.join(folder, file);
    if (!fs.existsSync(target)) fs.copyFileSync(path.join(host.repoRoot, 'samples', file), target);
  }
  return folder;
}

/**
 * The workbench URL of `npm start`: the workspace, with the sample note opened (the
 * workbench's `openFile` payload, as `code --file-uri` passes it) when the workspace has it.
 * `extraPayload`: more payload entries (the e2e test adds the extension under development).
 */
function startUrl(port, workspace, extraPayload = []) {
  const note = path.join(workspace, SAMPLE_NOTE);
  const payload = [...(fs.existsSync(note) ? [['openFile', host.remoteUri(port, note)]] : []), ...extraPayload];
  return host.workbenchUrl(port, workspace, payload.length > 0 ? payload : undefined);
}

async function main() {
  console.log('[start] packaging the extension (npm run package)');
  const r = spawnSync('npm', ['run', '--silent', 'package'], { stdio: 'inherit', cwd: host.repoRoot });
  if (r.status !== 0) throw new host.SetupError('npm run package failed');
  const workspace = prepareWorkspace();
  const wanted = Number(process.env.PORT || 8080);
  const port = (await portIsFree(wanted)) ? wanted : await host.findFreePort();
  const server = await host.startServer({
    dataDir: path.join(host.cacheRoot, 'start-data'),
    installExtensions: [vsix],
    machineSettings: START_SETTINGS,
    port,
    onOutput: (line) => {
      if (host.isServerLineWorthShowing(line) || /install/i.test(line)) console.log(`[server] ${line}`);
    },
  });
  const stop = (signal) => {
    console.log(`\n[start] ${signal}: stopping the VS Code server`);
    server.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log('');
  console.log(`[start] VS Code ${server.version} with Note Review ${pkg.version} (${path.basename(vsix)}) is running.`);
  console.log(`[start] Open:  ${startUrl(server.port, workspace).replace(/%2F/g, "/")}`);
  console.log(`[start] Workspace: ${workspace}   Ctrl-C stops the server.`);
}

module.exports = { SAMPLE_NOTE, START_SETTINGS, prepareWorkspace, startUrl };

if (require.main === module) {
  main().catch((error) => {
    console.error(`[start] ${error instanceof host.SetupError ? error.message : error.stack}`);
    process.exit(1);
  });
}
