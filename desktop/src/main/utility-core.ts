import type { UtilityProcess } from 'electron';
import type { CoreChild, SpawnCore } from '../core/process/core-client';
import type { CoreProcessConfig } from '../core/process/protocol';

type Fork = (modulePath: string, args?: string[], options?: { serviceName?: string; stdio?: 'inherit' | 'pipe' | 'ignore' }) => UtilityProcess;

/**
 * Core in Electron's utilityProcess (DESIGN.md "Where core runs"): a Node process Chromium
 * manages, with a message port to main. A native crash in the serial or SQLite module takes
 * down only this process; CoreClient notices the exit and starts another. (child_process.fork
 * would need Electron's runAsNode fuse, which should stay off.)
 */
export function utilityCore(fork: Fork, entry: string, config: CoreProcessConfig): SpawnCore {
  return (): CoreChild => {
    const child = fork(entry, ['--config', JSON.stringify(config)], { serviceName: 'Keel core', stdio: 'inherit' });
    return {
      get pid() {
        return child.pid;
      },
      postMessage: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', (code) => listener(code)),
      kill: () => {
        child.kill();
      },
    };
  };
}
