// The browser host as a command (DESIGN.md "Layout", host/):
//
//   node --import tsx desktop/src/host/main.ts --data-dir .data/terminal [--port 0] [--renderer-dir desktop/dist/renderer]
//
// Prints the address to open (it carries this run's access token). A parent process (the demo
// launcher) also gets it as an IPC message. SIGINT/SIGTERM stop core cleanly, then exit.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startHost } from './host';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: path.resolve('.data/terminal') },
    port: { type: 'string', default: '0' },
    'renderer-dir': { type: 'string' },
    'app-version': { type: 'string', default: process.env.npm_package_version ?? '0.0.0-dev' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number (0 for any free one), not ${values.port}`);
  process.exit(2);
}

const host = await startHost({
  dataDir: path.resolve(values['data-dir']),
  port,
  coreOptions: { appVersion: values['app-version'] },
  ...(values['renderer-dir'] ? { rendererDir: path.resolve(values['renderer-dir']) } : {}),
}).catch((error: unknown) => {
  console.error(`Keel host could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
console.log(`Keel terminal (browser host): ${host.url}`);
process.send?.({ type: 'host-ready', url: host.url });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await host.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
// Started by a parent that went away: do not linger.
process.on('disconnect', () => void stop());
