// The core process (DESIGN.md "Where core runs"): TerminalCore, its handlers and dispatch in a
// plain Node process of its own, so a slow synchronous SQLite query or a native serial crash
// never freezes or kills the window. Electron main starts it with utilityProcess.fork (messages
// over process.parentPort); the browser host and tests start it with child_process.fork
// (messages over process.send). Both speak protocol.ts.
//
//   node --import tsx desktop/src/core/process/entry.ts --data-dir .data/terminal [--config '{"autoSync":false}']
//
// The data directory may also come from KEEL_TERMINAL_DATA_DIR.
import { mkdirSync } from 'node:fs';
import { toKeelError } from '@keel/shared';
import { createHandlers } from '../api';
import { TerminalCore } from '../terminal-core';
import { CoreProcessConfigSchema, type CorePort, type FromCore } from './protocol';
import { serveCore } from './serve-core';

/** Electron's utilityProcess gives the child `process.parentPort`; plain Node has none. */
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

function electronPort(): CorePort | null {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (!parentPort) return null;
  return {
    postMessage: (message: FromCore) => parentPort.postMessage(message),
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    // Electron ends a utility process together with its parent; nothing to watch.
    onDisconnect: () => {},
  };
}

function nodeIpcPort(): CorePort | null {
  if (!process.send) return null;
  return {
    postMessage: (message: FromCore) => {
      if (process.connected) process.send?.(message);
    },
    onMessage: (listener) => process.on('message', listener),
    onDisconnect: (listener) => process.on('disconnect', listener),
  };
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function readConfig() {
  const extra: unknown = JSON.parse(argument('--config') ?? process.env.KEEL_CORE_CONFIG ?? '{}');
  const dataDir = argument('--data-dir') ?? process.env.KEEL_TERMINAL_DATA_DIR;
  return CoreProcessConfigSchema.parse({ ...(extra as object), ...(dataDir ? { dataDir } : {}) });
}

async function main(): Promise<void> {
  const port = electronPort() ?? nodeIpcPort();
  if (!port) {
    console.error('keel core: no parent to talk to; start me with utilityProcess.fork or child_process.fork.');
    process.exit(2);
  }
  // Ctrl-C in a terminal signals the whole process group; the parent owns core's lifetime and
  // sends `shutdown`, so a signal here must not cut a sale short mid-commit.
  process.on('SIGINT', () => {});

  let core: TerminalCore;
  try {
    const config = readConfig();
    // A first start on a fresh machine: the ledger's directory is ours to create.
    mkdirSync(config.dataDir, { recursive: true });
    // The real till: start the configured serial devices (printer, drawer, card terminal, scanner).
    core = await TerminalCore.open({ devices: true, ...config });
  } catch (error) {
    const keel = toKeelError(error);
    port.postMessage({ type: 'fatal', error: { code: keel.code, message: keel.message } });
    console.error('keel core: could not open the terminal store:', error);
    setTimeout(() => process.exit(1), 100);
    return;
  }

  const close = serveCore(port, { handlers: createHandlers(core), on: (event, listener) => core.on(event, listener) }, () => {
    // better-sqlite3 closes synchronously: the WAL is checkpointed before the process ends.
    core.close();
    process.exit(0);
  });
  process.on('SIGTERM', close);
}

void main();
