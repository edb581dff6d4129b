import fs from 'node:fs';
import { promisify } from 'node:util';
import { autoDetect, type AutoDetectTypes } from '@serialport/bindings-cpp';

/**
 * serialport's own binding, except for one thing: on Linux and macOS a read that returns 0 bytes
 * ends the link. The port is non-blocking with VMIN=1, so "no data yet" is EAGAIN; 0 bytes is
 * end of file, which is what a tty gives after a hang-up (a USB adapter unplugged, socat gone).
 * bindings-cpp 13 reads again at once on 0 bytes, forever (serialport/bindings-cpp #162, its fix
 * #164 not released): the port never reports the loss and spins a core until a write fails.
 * For a card terminal waiting for the PT's answer that meant up to T4 (3 minutes) before the
 * payment was reported as unknown (DEVICES.md §4.2).
 */
export function hangupAwareBinding(base: AutoDetectTypes = autoDetect()): AutoDetectTypes {
  return {
    list: () => base.list(),
    async open(options: Parameters<AutoDetectTypes['open']>[0]) {
      // The options type is the union of the three platforms' bindings; `base` is one of them.
      const port = await base.open(options as never);
      if (isUnixPort(port)) port.read = (buffer: Buffer, offset: number, length: number) => readUntilHangup(port, buffer, offset, length);
      return port;
    },
  } as AutoDetectTypes;
}

type PortBinding = Awaited<ReturnType<AutoDetectTypes['open']>>;

type UnixPort = PortBinding & {
  fd: number | null;
  poller: { once(event: 'readable', listener: (error: Error | null) => void): unknown };
};

function isUnixPort(port: PortBinding): port is UnixPort {
  const candidate = port as Partial<UnixPort>;
  return typeof candidate.fd === 'number' && typeof candidate.poller?.once === 'function';
}

const readAsync = promisify(fs.read);
const RETRY = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR']);

/** The stream treats a `canceled` error as "we closed it" and a `disconnect` error as a lost link. */
const notOpen = () => Object.assign(new Error('Port is not open'), { canceled: true });
const hungUp = () => Object.assign(new Error('the serial device hung up (end of file)'), { code: 'EOF', disconnect: true });

export async function readUntilHangup(port: UnixPort, buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }> {
  for (;;) {
    if (!port.isOpen || port.fd === null) throw notOpen();
    let bytesRead: number;
    try {
      ({ bytesRead } = await readAsync(port.fd, buffer, offset, length, null));
    } catch (error) {
      if (!RETRY.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      if (!port.isOpen) throw notOpen();
      await new Promise<void>((resolve, reject) => port.poller.once('readable', (e: Error | null) => (e ? reject(e) : resolve())));
      continue;
    }
    if (bytesRead === 0) throw hungUp();
    return { bytesRead, buffer };
  }
}
