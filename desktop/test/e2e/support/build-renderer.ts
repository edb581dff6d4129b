import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const DESKTOP = fileURLToPath(new URL('../../..', import.meta.url));
const ROOT = path.resolve(DESKTOP, '..');
export const RENDERER_DIR = path.join(DESKTOP, 'dist', 'renderer');
const STAMP = path.join(DESKTOP, 'dist', '.renderer-built-for');
const LOCK = path.join(DESKTOP, 'dist', '.renderer-build-lock');

/**
 * Builds the renderer with Vite once per test run, however many e2e files ask: `runId` names
 * the run (the server's global setup gives each run its own PostgreSQL directory), the first
 * file to take the lock builds, the others wait for its stamp.
 */
export async function buildRendererOnce(runId: string, timeoutMs = 120_000): Promise<string> {
  fs.mkdirSync(path.dirname(STAMP), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (readStamp() === runId) return RENDERER_DIR;
    let locked = false;
    try {
      fs.mkdirSync(LOCK);
      locked = true;
    } catch {
      // Another file is building; a lock older than the timeout is a crashed build.
      const age = Date.now() - (statMs(LOCK) ?? Date.now());
      if (age > timeoutMs) fs.rmSync(LOCK, { recursive: true, force: true });
    }
    if (locked) {
      try {
        if (readStamp() !== runId) {
          const vite = path.join(ROOT, 'node_modules', '.bin', 'vite');
          await run(vite, ['build', '--config', path.join(DESKTOP, 'vite.config.ts')], { cwd: ROOT, timeout: timeoutMs });
          fs.writeFileSync(STAMP, runId);
        }
      } finally {
        fs.rmSync(LOCK, { recursive: true, force: true });
      }
      return RENDERER_DIR;
    }
    if (Date.now() > deadline) throw new Error('Timed out waiting for the renderer build');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function readStamp(): string | null {
  try {
    return fs.readFileSync(STAMP, 'utf8');
  } catch {
    return null;
  }
}

function statMs(file: string): number | null {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}
