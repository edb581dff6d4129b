import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { IPC_CHANNEL_NAMES, IPC_EVENTS, type IpcEvent } from '@keel/shared';
import type { BridgeConfig } from './bridge/keel-bridge';
import { KEEL_SOCKET_PATH } from './bridge-tag';

const ENTRY = fileURLToPath(new URL('./bridge/keel-bridge.ts', import.meta.url));

let bundled: Promise<string> | null = null;

/**
 * /keel-bridge.js: bridge/keel-bridge.ts bundled into one browser script (esbuild, the compiler
 * tsx already uses, so development needs nothing else), followed by the call that installs
 * window.keel with the contract's channel and event names. The bundle's global lives inside a
 * function, so the page sees window.keel and nothing else. Built once per process.
 */
export function bridgeScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'KeelBridge',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'silent',
  }).then((result) => {
    const config: BridgeConfig = {
      channels: IPC_CHANNEL_NAMES,
      events: Object.keys(IPC_EVENTS) as IpcEvent[],
      path: KEEL_SOCKET_PATH,
      queueTimeoutMs: 10_000,
    };
    const code = result.outputFiles[0]?.text ?? '';
    return `(function () {\n${code}\nKeelBridge.installKeelBridge(window, ${JSON.stringify(config)});\n})();\n`;
  });
  return bundled;
}
