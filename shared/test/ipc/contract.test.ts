import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IPC_CHANNEL_NAMES, IPC_CHANNELS, IPC_EVENTS, IpcErrorSchema, KeelError } from '../../src';

describe('IPC contract', () => {
  it('When the table is read, then every channel is named area.verb and has zod input and output schemas', () => {
    expect(IPC_CHANNEL_NAMES.length).toBeGreaterThan(20);
    for (const name of IPC_CHANNEL_NAMES) {
      expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
      expect(IPC_CHANNELS[name].input).toBeInstanceOf(z.ZodType);
      expect(IPC_CHANNELS[name].output).toBeInstanceOf(z.ZodType);
    }
    for (const name of Object.keys(IPC_EVENTS)) expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
  });

  it('When a channel takes no input and the renderer sends a key, then the input is refused', () => {
    const empty = IPC_CHANNEL_NAMES.filter((name) => IPC_CHANNELS[name].input.safeParse({}).success && !IPC_CHANNELS[name].input.safeParse({ x: 1 }).success);
    expect(empty).toEqual(expect.arrayContaining(['app.info', 'cart.get', 'sync.now']));
  });

  it.each([
    ['cart.addByBarcode', { barcode: '4006381333931' }, true],
    ['cart.addByBarcode', { barcode: '' }, false],
    ['session.login', { userId: 'u-anna', pin: '1234' }, true],
    ['session.login', { userId: 'u-anna', pin: '12a4' }, false],
    ['checkout.complete', { tenders: [{ kind: 'cash', amountMinor: 2000 }] }, true],
    ['checkout.complete', { tenders: [{ kind: 'cash', amountMinor: 19.99 }] }, false],
    ['checkout.complete', { tenders: [] }, true],
    ['checkout.complete', { tenders: [{ kind: 'other', amountMinor: 500, label: 'Gift card' }] }, true],
    ['shift.close', { countedByDenomination: [{ denominationMinor: 500, count: 3 }], approverPin: '9999' }, true],
    ['enrollment.enroll', { serverUrl: 'file:///etc/passwd', code: 'ABCDE-12345', name: 'Till 1' }, false],
    ['enrollment.enroll', { serverUrl: 'https://pos.example.com', code: 'ABCDE-12345', name: 'Till 1' }, true],
  ] as const)('When %s gets %j, then valid is %s', (name, input, valid) => {
    expect(IPC_CHANNELS[name].input.safeParse(input).success).toBe(valid);
    // The same valid input with one extra key is refused: inputs are strict objects.
    if (valid) expect(IPC_CHANNELS[name].input.safeParse({ ...input, extra: true }).success).toBe(false);
  });

  it('When core fails with a KeelError, then its envelope fits the IPC error shape', () => {
    const envelope = new KeelError('PRODUCT_NOT_FOUND', 'No product for 123').toEnvelope();
    expect(IpcErrorSchema.parse({ code: envelope.code, message: envelope.error })).toEqual({ code: 'PRODUCT_NOT_FOUND', message: 'No product for 123' });
  });
});
