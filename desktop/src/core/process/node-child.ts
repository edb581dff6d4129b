import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CoreChild, SpawnCore } from './core-client';
import type { CoreProcessConfig } from './protocol';

/** This directory's entry.ts: the core process the host and tests start. */
export const CORE_ENTRY = fileURLToPath(new URL('./entry.ts', import.meta.url));

/**
 * Starts core as a plain Node child (the browser host, tests, the demo launcher), talking over
 * Node's IPC channel. TypeScript runs through tsx, as everywhere else in development; the
 * Electron build bundles the entry to JavaScript and uses utilityProcess instead (main/).
 */
export function forkNodeCore(config: CoreProcessConfig, options: { entry?: string; silent?: boolean } = {}): SpawnCore {
  return (): CoreChild => {
    const child = fork(options.entry ?? CORE_ENTRY, ['--config', JSON.stringify(config)], {
      execArgv: ['--import', 'tsx'],
      // Core's own diagnostics go to the parent's stderr; stdout stays free for the parent's output.
      stdio: ['ignore', options.silent ? 'ignore' : 'inherit', options.silent ? 'ignore' : 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    return {
      pid: child.pid,
      postMessage: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => {
        child.once('exit', (code) => listener(code));
        // A child that never started (no such entry, no tsx) emits only 'error'.
        child.once('error', () => {
          if (child.pid === undefined) listener(null);
        });
      },
      kill: () => child.kill('SIGKILL'),
    };
  };
}
