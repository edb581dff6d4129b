// Child process for test/exit-code.test.ts: starts and stops an embedded PostgreSQL, sets an
// exit code, and returns to the event loop, as a test runner does when its run has failures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../server/src/db/embedded';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-exit-code-'));
fs.chmodSync(dir, 0o777);
const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data') });
await db.stop();
fs.rmSync(dir, { recursive: true, force: true });
process.exitCode = 7;
