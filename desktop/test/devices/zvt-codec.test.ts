import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apdu as simApdu, frame as simFrame, SimFrameReader } from '../../../scripts/devices/zvt-sim-codec';
import { decodeApdu, encodeApdu } from '../../src/core/devices/zvt/apdu';
import { amountBcd, fromBcd, toBcd } from '../../src/core/devices/zvt/bcd';
import { maskPan, parseBmps, statusInformation } from '../../src/core/devices/zvt/bmp';
import { describeResult, intermediateText } from '../../src/core/devices/zvt/codes';
import * as cmd from '../../src/core/devices/zvt/commands';
import { crc16 } from '../../src/core/devices/zvt/crc';
import { encodeFrame, FrameDecoder, type FrameEvent } from '../../src/core/devices/zvt/frame';
import { printLine, terminalStatusOf } from '../../src/core/devices/zvt/session';

const bytes = (hex: string) => Uint8Array.from(hex.split(/\s+/).filter(Boolean).map((h) => parseInt(h, 16)));
const hexOf = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0').toUpperCase()).join(' ');
const creds = { password: '123456', currencyNumeric: 978 };

describe('ZVT framing (DEVICES.md §3.2)', () => {
  it('When the check string is summed, then the CRC is CRC-16/KERMIT 0x2189', () => {
    expect(crc16(Buffer.from('123456789'))).toBe(0x2189);
  });

  it.each([
    ['positive completion', '80 00 00', '10 02 80 00 00 10 03 F5 1F'],
    ['please wait', '84 9C 00', '10 02 84 9C 00 10 03 C3 41'],
    ['registration BA', '06 00 06 12 34 56 BA 09 78', '10 02 06 00 06 12 34 56 BA 09 78 10 03 24 C3'],
    ['authorisation 110.00 (stuffed DLE)', '06 01 0A 04 00 00 00 01 10 00 49 09 78', '10 02 06 01 0A 04 00 00 00 01 10 10 00 49 09 78 10 03 F2 FF'],
    ['diagnosis', '06 70 00', '10 02 06 70 00 10 03 D9 F9'],
    ['status enquiry', '05 01 03 12 34 56', '10 02 05 01 03 12 34 56 10 03 E0 43'],
    ['reset terminal', '06 18 00', '10 02 06 18 00 10 03 56 3A'],
  ])('When %s is framed, then the bytes are the published test vector, and they decode back', (_name, apdu, frame) => {
    expect(hexOf(encodeFrame(bytes(apdu)))).toBe(frame);
    expect(hexOf(simFrame([...bytes(apdu)]))).toBe(frame);
    const events = new FrameDecoder().feed(bytes(frame));
    expect(events).toEqual([{ type: 'frame', apdu: bytes(apdu) }]);
  });

  it('When the commands are built, then authorisation and status enquiry match the vectors', () => {
    expect(hexOf(cmd.authorisation(creds, 11000))).toBe('06 01 0A 04 00 00 00 01 10 00 49 09 78');
    expect(hexOf(cmd.statusEnquiry(creds))).toBe('05 01 03 12 34 56');
    expect(hexOf(cmd.registration(creds))).toBe('06 00 06 12 34 56 BE 09 78');
    expect(hexOf(cmd.reversal(creds, '0042'))).toBe('06 30 06 12 34 56 87 00 42');
    expect(hexOf(cmd.refund(creds, 190))).toBe('06 31 0D 12 34 56 04 00 00 00 00 01 90 49 09 78');
  });

  it('When frames arrive byte by byte, merged with ACK and NAK, then the decoder yields them in order', () => {
    const stream = [...encodeFrame(bytes('04 FF 01 0A')), 0x06, ...encodeFrame(bytes('80 00 00')), 0x15];
    const decoder = new FrameDecoder();
    const events = stream.flatMap((b) => decoder.feed(Uint8Array.of(b)));
    expect(events.map((e) => e.type)).toEqual(['frame', 'ack', 'frame', 'nak']);
  });

  it('When a CRC is wrong or a message stops mid-way (T1), then the decoder reports an in-frame error for a NAK', () => {
    const bad = encodeFrame(bytes('80 00 00'));
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0xff;
    expect(new FrameDecoder().feed(bad)).toEqual([{ type: 'error', reason: 'bad-crc', inFrame: true }]);
    const decoder = new FrameDecoder();
    expect(decoder.feed(bytes('10 02 80 00'))).toEqual([]);
    expect(decoder.timeout()).toEqual([{ type: 'error', reason: 'timeout', inFrame: true }]);
    expect(decoder.inFrame).toBe(false);
  });

  it('When APDUs of any length are framed by the driver, then the simulator reads them back, and the other way round', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 255 }), (data, instr) => {
        const apdu = encodeApdu(0x06, instr, data);
        expect(new SimFrameReader().feed(encodeFrame(apdu))).toEqual([{ type: 'apdu', cls: 0x06, instr, data: [...data] }]);
        const events = new FrameDecoder().feed(simFrame(simApdu(0x04, instr, [...data])));
        expect(events).toHaveLength(1);
        const decoded = events[0]?.type === 'frame' ? decodeApdu(events[0].apdu) : null;
        expect(decoded).toEqual({ ok: true, apdu: { cls: 0x04, instr, data } });
      }),
      { numRuns: 300 },
    );
  });
});

describe('ZVT data (DEVICES.md §3.4, §3.7–§3.10)', () => {
  it('When amounts are encoded, then they are 6 bytes BCD in minor units', () => {
    expect(hexOf(amountBcd(190))).toBe('00 00 00 00 01 90');
    expect(hexOf(amountBcd(11000))).toBe('00 00 00 01 10 00');
    expect(fromBcd(toBcd('0978'))).toBe('0978');
    expect(fromBcd(bytes('1A'))).toBeNull();
  });

  it('When a Status-Information is parsed, then result, amount, trace, receipt, masked PAN, brand and auth code come out', () => {
    const data = bytes('27 00 04 00 00 00 00 12 34 0B 00 01 00 87 00 07 22 F0 F8 47 61 73 EE EE EE 01 19 8A 0A 8B F0 F4 56 49 53 41 3B 41 31 42 32 43 33 00 00 29 52 50 00 01');
    const parsed = parseBmps(data);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(statusInformation(parsed.fields)).toEqual({
      resultCode: 0,
      amountMinor: 1234,
      trace: '000100',
      receiptNo: '0007',
      maskedPan: '476173******0119',
      brand: 'VISA',
      authCode: 'A1B2C3',
      terminalId: '52500001',
    });
  });

  it.each([
    ['47 61 73 EE EE EE 01 19', '476173******0119'],
    ['47 61 73 90 01 01 01 19', '************0119'], // a full PAN: only the last 4 survive
    ['EE EE EE EE EE EE 12 34', '************1234'],
    ['47 61 73 90 01 01 01 1F', '***********1011'], // 15 digits, odd: padded with F
  ])('When BMP 22 is %s, then the PAN is %s', (hex, masked) => {
    expect(maskPan(bytes(hex))).toBe(masked);
  });

  it('When BMPs are unknown or run past the end, then parsing fails with a typed reason', () => {
    expect(parseBmps(bytes('27'))).toMatchObject({ ok: false, reason: 'truncated', id: 0x27 });
    expect(parseBmps(bytes('FE 00'))).toMatchObject({ ok: false, reason: 'unknown-bmp', id: 0xfe });
    expect(parseBmps(bytes('22 F1 AB'))).toMatchObject({ ok: false, reason: 'bad-length' });
  });

  it('When codes are looked up, then result codes and intermediate texts have their meaning', () => {
    expect(describeResult(0x6c)).toBe('ZVT 6C: abort via timeout or abort key');
    expect(describeResult(0x05)).toContain('declined by the card issuer');
    expect(intermediateText(0x0a)).toBe('Insert card');
    expect(intermediateText(0x4a)).toBe('Insert card – please remove card');
  });

  it('When print lines and a status enquiry completion arrive, then their text and status code are read', () => {
    expect(printLine(bytes('02 48 81 6C 6C 6F'))).toEqual(['  Hüllo']);
    expect(printLine(bytes('FF 03'))).toEqual(['', '', '']);
    expect(terminalStatusOf(bytes('F0 F0 F5 53 49 4D 30 31 00'))).toBe(0);
    expect(terminalStatusOf(bytes('9C'))).toBe(0x9c);
    expect(terminalStatusOf(new Uint8Array())).toBeNull();
  });
});

const FRAME_EVENTS = new Set(['ack', 'nak', 'frame', 'error']);
const FRAME_ERRORS = new Set(['noise', 'bad-escape', 'bad-crc', 'too-long', 'timeout']);

/** Plain checks inside 10,000 runs: expect() per event would dominate the run time. */
function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

describe('ZVT parsers under random input (fast-check)', () => {
  it('When 10,000 random byte streams hit the frame decoder, APDU and BMP parsers, then only typed results come out, quickly', () => {
    const started = Date.now();
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        const decoder = new FrameDecoder();
        const events: FrameEvent[] = chunks.flatMap((chunk) => decoder.feed(chunk)).concat(decoder.timeout());
        for (const event of events) {
          check(FRAME_EVENTS.has(event.type), `event ${event.type}`);
          if (event.type === 'error') check(FRAME_ERRORS.has(event.reason), `reason ${event.reason}`);
          if (event.type === 'frame') {
            const decoded = decodeApdu(event.apdu);
            if (decoded.ok) check(typeof parseBmps(decoded.apdu.data).ok === 'boolean', 'bmp result');
          }
        }
        for (const chunk of chunks) {
          const result = parseBmps(chunk);
          if (result.ok) statusInformation(result.fields);
          else check(['unknown-bmp', 'truncated', 'bad-length'].includes(result.reason), `bmp reason ${result.reason}`);
          const apdu = decodeApdu(chunk);
          check(apdu.ok || apdu.reason === 'too-short' || apdu.reason === 'length-mismatch', 'apdu result');
        }
      }),
      { numRuns: 10_000 },
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('When 10,000 random streams that look like frames are decoded, then stuffing and CRC are checked without a crash', () => {
    const frameLike = fc.array(fc.oneof(fc.constantFrom(0x10, 0x02, 0x03, 0x06, 0x15), fc.integer({ min: 0, max: 255 })), { maxLength: 200 });
    fc.assert(
      fc.property(frameLike, (stream) => {
        for (const event of new FrameDecoder().feed(Uint8Array.from(stream))) check(FRAME_EVENTS.has(event.type), event.type);
        for (const event of new SimFrameReader().feed(Uint8Array.from(stream))) check(['ack', 'nak', 'apdu', 'bad'].includes(event.type), event.type);
      }),
      { numRuns: 10_000 },
    );
  });
});
