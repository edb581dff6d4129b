import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgDataDir: string;
  }
}

/** Starts one embedded PostgreSQL for the test run, in a fresh data directory. */
export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-pg-'));
  fs.chmodSync(dataDir, 0o777);
  const db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data') });
  project.provide('pgAdminUrl', db.url);
  project.provide('pgDataDir', path.join(dataDir, 'data'));
  return async () => {
    await db.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
