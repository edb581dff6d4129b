#!/usr/bin/env node
// `npm start`: runs what Keel has so far. Today that is the sync server on an embedded
// PostgreSQL; the terminal joins here when the desktop app exists (see README "Status").
import { spawn } from 'node:child_process';

console.log('Keel: starting the sync server (embedded PostgreSQL under .data/server unless DATABASE_URL is set).');
console.log('The terminal app is not built yet; `npm start` will also start an enrolled terminal once it is.\n');
const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { stdio: 'inherit', env: process.env });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
