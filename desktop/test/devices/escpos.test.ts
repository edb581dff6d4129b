import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EscPosTokenizer, type EscPosToken } from '../../../scripts/devices/escpos-tokenizer';
import { PrinterSimulator } from '../../../scripts/devices/printer-sim';
import { PrinterConfigSchema } from '../../src/core/devices/config';
import { drawerPulse, rowsToEscPos, testPage } from '../../src/core/devices/printer/escpos-render';
import { conditionOf, problemOf, realtimePulse, StatusReader, type StatusEvent } from '../../src/core/devices/printer/escpos-status';
import { drawerOpenOf } from '../../src/core/devices/printer/printer-device';

const config = PrinterConfigSchema.parse({ port: '/dev/null' });

describe('ESC/POS status replies (DEVICES.md §1.4–§1.6)', () => {
  it('When the printer answers DLE EOT, ASB, XON and XOFF, split anyhow, then each reply is told apart by its fixed bits', () => {
    const reader = new StatusReader();
    const stream = [0x12, 0x11, 0x10, 0x00, 0x13, 0x0c, 0x00, 0x7e, 0x13, 0xff];
    const events = stream.flatMap((b) => reader.feed(Uint8Array.of(b)));
    expect(events).toEqual<StatusEvent[]>([
      { type: 'status', byte: 0x12 },
      { type: 'xon' },
      { type: 'xoff' },
      { type: 'asb', bytes: [0x10, 0x00, 0x0c, 0x00] },
      { type: 'status', byte: 0x7e },
      { type: 'xoff' },
      { type: 'unexpected', byte: 0xff, reason: 'unknown-byte' },
    ]);
  });

  it.each([
    [{ 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 }, null, true],
    [{ 1: 0x1a, 2: 0x16, 3: 0x12, 4: 0x12 }, 'PRINTER_COVER_OPEN', false],
    [{ 1: 0x1a, 2: 0x32, 3: 0x12, 4: 0x72 }, 'PRINTER_PAPER_OUT', false],
    [{ 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1e }, 'PRINTER_PAPER_LOW', true],
    [{ 1: 0x1a, 2: 0x52, 3: 0x1a, 4: 0x12 }, 'PRINTER_ERROR', false],
    [{ 1: 0x1a, 2: 0x12, 3: 0x12, 4: 0x12 }, 'PRINTER_ERROR', false],
  ])('When the replies are %o, then the problem is %s (can print: %s)', (replies, code, canPrint) => {
    expect(problemOf(conditionOf(replies))).toMatchObject({ code, canPrint });
  });

  it('When pin 3 is high, then the drawer is open or closed by the configured polarity (§1.7)', () => {
    const high = conditionOf({ 1: 0x16 });
    expect(drawerOpenOf(high, 'low')).toBe(false);
    expect(drawerOpenOf(high, 'high')).toBe(true);
    expect(drawerOpenOf(conditionOf({}), 'low')).toBeNull();
  });

  it('When 10,000 random byte streams reach the status reader, then every byte becomes a typed event and nothing throws', () => {
    const kinds = new Set(['status', 'asb', 'xon', 'xoff', 'unexpected']);
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 32 }), { maxLength: 8 }), (chunks) => {
        const reader = new StatusReader();
        for (const chunk of chunks) {
          for (const event of reader.feed(chunk)) {
            if (!kinds.has(event.type)) throw new Error(event.type);
            if (event.type === 'status') conditionOf({ 1: event.byte, 2: event.byte, 3: event.byte, 4: event.byte });
          }
        }
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('ESC/POS from the encoder, read by the simulator tokenizer', () => {
  it('When the test page, a drawer pulse and a real-time pulse are tokenized, then all commands are known and the events come out', () => {
    const sim = new PrinterSimulator('/dev/null');
    sim.receive(testPage(config, ['line one']));
    sim.receive(drawerPulse({ pin: 5, onMs: 200, offMs: 400, openWhenPin3: 'low' }, config));
    sim.receive(realtimePulse(2, 300));
    expect(sim.events.filter((e) => e.type === 'error')).toEqual([]);
    expect(sim.receipts).toHaveLength(1);
    expect(sim.receipts[0]).toContain('line one');
    expect(sim.events).toEqual(
      expect.arrayContaining([
        { type: 'qr', data: 'KEEL-TEST' },
        { type: 'cut' },
        { type: 'pulse', pin: 5, onMs: 200, realtime: false },
        { type: 'pulse', pin: 2, onMs: 300, realtime: true },
      ]),
    );
  });

  it('When a DLE EOT sits inside QR data, then the simulator answers it there too (§1.2 simulator note)', () => {
    const sim = new PrinterSimulator('/dev/null');
    const bytes = rowsToEscPos([{ kind: 'code', symbology: 'qr', payload: '\u0010\u0004\u0001' }], config);
    expect(sim.receive(bytes)).toEqual([sim.statusByte(1)]);
  });

  it('When a stream is fed whole or in pieces, then the tokens are the same', () => {
    const bytes = testPage(config, ['Grüße', 'x'.repeat(60)]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: bytes.length }), { maxLength: 10 }), (cuts) => {
        const whole = merge(new EscPosTokenizer().feed(bytes));
        const tokenizer = new EscPosTokenizer();
        const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), bytes.length];
        const pieces = points.slice(1).flatMap((end, i) => tokenizer.feed(bytes.subarray(points[i], end)));
        expect(merge(pieces)).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('When 10,000 random byte streams reach the tokenizer, then it yields typed tokens, never throws and keeps memory bounded', () => {
    const kinds = new Set(['text', 'control', 'command', 'realtime', 'error']);
    const escposish = fc.array(fc.oneof(fc.constantFrom(0x1b, 0x1d, 0x1c, 0x10, 0x0a, 0x00, 0x28, 0x6b, 0x76, 0x30, 0xff), fc.integer({ min: 0, max: 255 })), { maxLength: 128 });
    fc.assert(
      fc.property(fc.array(fc.oneof(escposish.map((a) => Uint8Array.from(a)), fc.uint8Array({ maxLength: 64 })), { maxLength: 6 }), (chunks) => {
        const tokenizer = new EscPosTokenizer();
        const sim = new PrinterSimulator('/dev/null');
        for (const chunk of chunks) {
          for (const token of tokenizer.feed(chunk)) if (!kinds.has(token.kind)) throw new Error(token.kind);
          sim.receive(chunk);
        }
        for (const token of tokenizer.end()) if (token.kind !== 'error' && token.kind !== 'text') throw new Error(token.kind);
      }),
      { numRuns: 10_000 },
    );
  });
});

/** Adjacent text tokens joined: where a chunk boundary falls inside text is not a difference. */
function merge(tokens: EscPosToken[]): EscPosToken[] {
  const out: EscPosToken[] = [];
  for (const token of tokens) {
    const last = out.at(-1);
    if (token.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', bytes: [...last.bytes, ...token.bytes] };
    else out.push(token);
  }
  return out;
}
