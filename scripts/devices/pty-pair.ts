import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A socat PTY pair (DEVICES.md §4.1): `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B`.
 * The app opens `app`, a simulator opens `device`. Links appear ≈20 ms after spawn; we wait for
 * both before anyone opens them. Killing socat is "unplugging the cable": both sides get I/O
 * errors and the links vanish (§4.2). Every pair is killed when this process exits.
 */
export interface PtyPair {
  app: string;
  device: string;
  /** Kills socat and waits until it is gone (idempotent). */
  close(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function openPtyPair(dir: string, name: string, timeoutMs = 5000): Promise<PtyPair> {
  const app = path.join(dir, `${name}-app`);
  const device = path.join(dir, `${name}-device`);
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${app}`, `pty,raw,echo=0,link=${device}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  let stderr = '';
  let failed = false;
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
    child.once('error', (error) => {
      stderr += String(error);
      failed = true;
      live.delete(child);
      resolve();
    });
  });
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  while (!(fs.existsSync(app) && fs.existsSync(device))) {
    if (failed || child.exitCode !== null || Date.now() > deadline) {
      await close();
      throw new Error(`socat did not create ${app} and ${device}: ${stderr.trim() || 'is socat installed? (npm test installs it)'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { app, device, close };
}
