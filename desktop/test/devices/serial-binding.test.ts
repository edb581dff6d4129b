import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { readUntilHangup } from '../../src/core/devices/serial-binding';

/**
 * The read at the heart of hang-up detection, on real file descriptors: a regular file at its
 * end reads 0 bytes exactly as a hung-up tty does. (The PTY version, socat killed under a
 * waiting card payment, is in card-recovery.integration.test.ts.)
 */
const open: number[] = [];
afterEach(() => {
  for (const fd of open.splice(0)) fs.closeSync(fd);
});

function portOn(content: string) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keel-read-')), 'port');
  fs.writeFileSync(file, content);
  const fd = fs.openSync(file, 'r');
  open.push(fd);
  const poller = new EventEmitter();
  const port = { fd: fd as number | null, isOpen: true, poller: { once: (event: 'readable', listener: (error: Error | null) => void) => poller.once(event, listener) } };
  return port as unknown as Parameters<typeof readUntilHangup>[0];
}

describe('reading a serial port until it hangs up', () => {
  it('When bytes are there, then they are returned', async () => {
    const buffer = Buffer.alloc(16);
    const { bytesRead } = await readUntilHangup(portOn('ZVT'), buffer, 0, 16);
    expect(buffer.subarray(0, bytesRead).toString()).toBe('ZVT');
  });

  it('When a read returns 0 bytes (end of file: the device hung up), then it fails as a disconnect instead of reading again forever', async () => {
    const port = portOn('');
    const failure = await readUntilHangup(port, Buffer.alloc(16), 0, 16).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'EOF', disconnect: true });
    expect((failure as { canceled?: boolean }).canceled).toBeUndefined();
  });

  it('When the port was closed by us, then the read is cancelled, not a disconnect', async () => {
    const port = portOn('ZVT');
    Object.assign(port, { isOpen: false, fd: null });
    await expect(readUntilHangup(port, Buffer.alloc(16), 0, 16)).rejects.toMatchObject({ canceled: true });
  });
});
