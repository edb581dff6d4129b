import { SerialPort } from 'serialport';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScanLineSplitter } from '../../src/core/devices/scanner';
import { deviceTill, onCleanup, ptyDir, ptyPair, waitUntil } from './support';

async function scannerSide(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  onCleanup(() => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
  return port;
}

describe('serial barcode scanner', () => {
  it('When a serial scanner sends CR, LF and CR LF terminated codes in pieces, then each code goes down the keyboard-scan path into the cart', async () => {
    const dir = await ptyDir();
    const pair = await ptyPair(dir, 'scanner');
    const till = await deviceTill();
    const codes: string[] = [];
    till.devices.onScan((code) => {
      codes.push(code);
      till.sale.cart.addByBarcode(code); // what the IPC layer does with a keyboard-wedge scan
    });
    await till.devices.configure({ scanner: { port: pair.app } });
    expect(till.devices.statuses().find((s) => s.kind === 'scanner')).toMatchObject({ state: 'ok' });
    const scanner = await scannerSide(pair.device);
    scanner.write('COLA\r');
    scanner.write('BRE');
    await new Promise((resolve) => setTimeout(resolve, 30));
    scanner.write('AD\nWINE\r\n');
    scanner.write(`${'9'.repeat(100)}\r\n`); // line noise, not a barcode
    await waitUntil(() => codes.length === 3, 3000, 'three scans');
    expect(codes).toEqual(['COLA', 'BREAD', 'WINE']);
    expect(till.sale.cart.get().lines.map((l) => l.name)).toEqual(['Product cola', 'Product bread', 'Product wine']);
  });

  it('When the scanner port is missing, then its status says PORT_OPEN_FAILED', async () => {
    const dir = await ptyDir();
    const till = await deviceTill();
    await till.devices.configure({ scanner: { port: `${dir}/gone` } });
    expect(till.devices.statuses().find((s) => s.kind === 'scanner')).toMatchObject({ state: 'offline', code: 'PORT_OPEN_FAILED' });
  });

  it('When random bytes arrive, then the splitter yields only printable codes of bounded length', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 6 }), (chunks) => {
        const splitter = new ScanLineSplitter(64);
        for (const chunk of chunks) {
          for (const event of splitter.feed(chunk)) {
            if (event.type === 'code' && !/^[\x20-\x7e]{1,64}$/.test(event.code)) throw new Error(event.code);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
