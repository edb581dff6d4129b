#!/usr/bin/env node
// `npm start`: the whole demo on one machine.
//  1. the sync server on an embedded PostgreSQL under .data/server (logs in .data/logs/server.log);
//  2. on first run a demo store with a realistic catalog and three people, through the admin
//     API, and this machine's terminal enrolled into it under .data/terminal (scripts/demo/);
//  3. the terminal: in Electron when its binary is installed, otherwise through the browser
//     host (desktop/src/host), printing the address to open.
// Ctrl-C stops everything; each part shuts down cleanly (core closes its ledger first).
import { fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = path.join(root, '.data');
const terminalDir = path.join(dataDir, 'terminal');
const serverPort = Number(process.env.PORT ?? 8080);
const serverUrl = `http://127.0.0.1:${serverPort}`;
// Demo credentials, printed below: override them for anything but a demo.
const admin = {
  KEEL_ADMIN_EMAIL: process.env.KEEL_ADMIN_EMAIL ?? 'admin@keel-demo.example',
  KEEL_ADMIN_PASSWORD: process.env.KEEL_ADMIN_PASSWORD ?? 'keel-demo-admin',
};
const tsx = ['--import', 'tsx'];

/** @type {Array<{ name: string, child: import('node:child_process').ChildProcess }>} */
const children = [];
let stopping = false;

/**
 * @template {import('node:child_process').ChildProcess} C
 * @param {string} name
 * @param {C} child
 */
function track(name, child) {
  children.push({ name, child });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\n${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the demo.`);
      void stop(1);
    }
  });
  return child;
}

/**
 * Resolves with the first IPC message of `type` from `child`, or rejects if it exits first.
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} type
 * @param {string} what
 * @returns {Promise<Record<string, unknown>>}
 */
function messageFrom(child, type, what) {
  return new Promise((resolve, reject) => {
    child.on('message', (/** @type {unknown} */ message) => {
      if (message && typeof message === 'object' && 'type' in message && message.type === type) resolve(/** @type {Record<string, unknown>} */ (message));
    });
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready`)));
  });
}

async function startServer() {
  fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  const log = fs.openSync(path.join(dataDir, 'logs', 'server.log'), 'a');
  console.log(`Starting the sync server on ${serverUrl} (embedded PostgreSQL under .data/server; log: .data/logs/server.log) ...`);
  const child = fork(path.join(root, 'server/src/main.ts'), [], {
    execArgv: tsx,
    cwd: root,
    stdio: ['ignore', log, log, 'ipc'],
    env: { ...process.env, ...admin, PORT: String(serverPort), KEEL_DATA_DIR: path.join(dataDir, 'server'), KEEL_TENANT_NAME: 'Keel Demo' },
  });
  track('The sync server', child);
  await messageFrom(child, 'listening', 'The sync server');
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 * @returns {Promise<void>}
 */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${[command, ...args].join(' ')} failed (${code})`))));
  });
}

/**
 * The newest modification time under `dir` (0 when it does not exist).
 * @param {string} dir
 */
function newest(dir) {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).reduce((latest, entry) => {
    return entry.isFile() ? Math.max(latest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs) : latest;
  }, 0);
}

/** Builds the cashier UI when it is missing or older than its sources. */
async function buildRendererIfStale() {
  const index = path.join(root, 'desktop/dist/renderer/index.html');
  if (!fs.existsSync(path.join(root, 'desktop/vite.config.ts'))) return;
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  if (built >= newest(path.join(root, 'desktop/src/renderer'))) return;
  console.log('Building the cashier UI (npm run build:renderer) ...');
  await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build:renderer']);
}

/** Electron's binary, if its install script was allowed to download it (node_modules/electron/path.txt). */
function electronBinary() {
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('electron'));
    const relative = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const binary = path.join(dir, 'dist', relative);
    return fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

async function startTerminal() {
  await buildRendererIfStale();
  const electron = electronBinary();
  if (electron) {
    console.log('Starting the terminal in Electron ...');
    await run(process.execPath, [...tsx, 'scripts/build-electron.ts']);
    const child = spawn(electron, [path.join(root, 'desktop/dist/electron/main.cjs')], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, KEEL_TERMINAL_DATA_DIR: terminalDir },
    });
    track('The terminal (Electron)', child);
    return;
  }
  console.log('Electron is not installed here: starting the terminal in the browser host instead ...');
  const child = fork(path.join(root, 'desktop/src/host/main.ts'), ['--data-dir', terminalDir, '--port', process.env.KEEL_HOST_PORT ?? '0'], {
    execArgv: tsx,
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  track('The terminal host', child);
  const { url } = /** @type {{ url: string }} */ (await messageFrom(child, 'host-ready', 'The terminal host'));
  console.log(`\n  ┌──────────────────────────────────────────────────────────────────────────────`);
  console.log(`  │ Open the terminal: ${url}`);
  console.log(`  └──────────────────────────────────────────────────────────────────────────────`);
  console.log('  (The address carries this run\'s access token. Ctrl-C stops everything.)\n');
}

/** @param {number} code */
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping ...');
  // The terminal first (core closes its ledger), then the server; each handles SIGTERM itself.
  for (const { child } of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(force);
  }
  process.exit(code);
}

// Ctrl-C reaches every process of the foreground group; children stop on their own and stop()
// waits for them, so the ledger and PostgreSQL are closed before this process exits.
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  await startServer();
  await run(process.execPath, [...tsx, 'scripts/demo/prepare.ts', '--server', serverUrl, '--terminal-dir', terminalDir], {
    env: { ...process.env, ...admin },
  });
  await startTerminal();
} catch (error) {
  console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
  if (children.length) console.error('Server log: .data/logs/server.log');
  await stop(1);
}
