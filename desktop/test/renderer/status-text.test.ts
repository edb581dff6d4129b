import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '@keel/shared';
import { firstLine, friendlyError } from '../../src/renderer/api/error-text';
import { catalogProgress, deviceText, pendingText, syncText, updateText } from '../../src/renderer/status/status-text';

const NOW = new Date(2025, 5, 2, 14, 30);
const at = (h: number, m: number) => new Date(2025, 5, 2, h, m).toISOString();

function status(overrides: Partial<SyncStatus>): SyncStatus {
  return {
    state: 'online',
    pendingCount: 0,
    oldestPendingAt: null,
    lastSuccessAt: at(14, 29),
    breaker: 'closed',
    nextAttemptAt: null,
    rejected: [],
    lastError: null,
    catalog: null,
    ...overrides,
  };
}

describe('status bar words', () => {
  it('When every sync state is shown, then each has its own label, and the degraded ones say that selling goes on', () => {
    const states: SyncStatus['state'][] = ['online', 'syncing', 'offline', 'serverError', 'rejectedOps', 'notEnrolled', 'conflict'];
    const labels = states.map((state) => syncText(status({ state, rejected: [{ seq: 4, type: 'sale.completed', reason: 'x' }] }), NOW));
    expect(new Set(labels.map((l) => l.label)).size).toBe(states.length);
    expect(labels.find((l) => l.label === 'Offline')?.detail).toMatch(/Keep selling/);
    expect(syncText(status({ state: 'serverError', lastError: { code: 'UNAVAILABLE', message: 'down' } }), NOW).detail).toMatch(/UNAVAILABLE/);
    expect(syncText(status({ state: 'offline', nextAttemptAt: at(14, 31) }), NOW).detail).toMatch(/Next try at 14:31/);
    expect(syncText(status({ state: 'rejectedOps', rejected: [{ seq: 4, type: 'sale.completed', reason: 'x' }] }), NOW)).toMatchObject({ tone: 'error', label: '1 rejected' });
    expect(syncText(null, NOW).tone).toBe('idle');
  });

  it('When operations wait, then the bar says how many and since when', () => {
    expect(pendingText(status({ pendingCount: 3, oldestPendingAt: at(14, 2) }), NOW)).toEqual({
      label: '3 pending since 14:02',
      detail: '3 records are saved on this terminal and not yet on the server. The oldest has waited 28 min.',
    });
    expect(pendingText(status({ pendingCount: 0 }), NOW).label).toBe('All sent');
  });

  it('When a device never reported, then it is "not configured", never "ready"', () => {
    expect(deviceText('printer', null)).toMatchObject({ tone: 'idle', label: 'Printer: not configured' });
    expect(deviceText('cardTerminal', [{ kind: 'printer', state: 'ok' }]).label).toBe('Card terminal: not configured');
    expect(deviceText('printer', [{ kind: 'printer', state: 'error', code: 'PRINTER_PAPER_OUT' }])).toMatchObject({ tone: 'error', label: 'Printer: out of paper' });
    expect(deviceText('printer', [{ kind: 'printer', state: 'degraded', code: 'PRINTER_PAPER_LOW' }]).label).toBe('Printer: paper low');
    expect(deviceText('cardTerminal', [{ kind: 'cardTerminal', state: 'offline' }]).label).toBe('Card terminal: offline');
    expect(deviceText('printer', [{ kind: 'printer', state: 'ok' }]).label).toBe('Printer: ready');
  });

  it('When an update is pending, then it is shown; with none, nothing is', () => {
    expect(updateText({ state: 'none', version: null, progress: null })).toBeNull();
    expect(updateText({ state: 'ready', version: '1.2.0', progress: 100 })?.label).toBe('Update 1.2.0 ready');
    expect(updateText({ state: 'downloading', version: '1.2.0', progress: 40 })?.label).toBe('Update 1.2.0: downloading 40 %');
  });

  it('When a snapshot is loading, then progress is a whole percentage of records', () => {
    expect(catalogProgress(status({ catalog: { phase: 'snapshot', done: 1200, total: 3000 } }))).toEqual({ percent: 40, label: 'Loading catalog: 40 % (1,200 of 3,000 records)' });
    expect(catalogProgress(status({ catalog: { phase: 'snapshot', done: 0, total: 0 } })).percent).toBeNull();
    expect(catalogProgress(status({ catalog: null })).percent).toBeNull();
  });
});

describe('error words', () => {
  it('When common codes come back, then the cashier reads what happened and what to do', () => {
    expect(friendlyError({ code: 'PRODUCT_NOT_FOUND', message: 'x', details: { barcode: '123' } })).toBe('No product has the barcode 123. Search for it by name instead.');
    expect(friendlyError({ code: 'PIN_INVALID', message: 'Wrong PIN.', details: { lockedUntil: null, attemptsLeft: 3 } })).toBe('Wrong PIN. 3 attempts left.');
    expect(friendlyError({ code: 'PIN_INVALID', message: 'x', details: { lockedUntil: '2025-01-01T00:00:00Z', attemptsLeft: 0 } })).toMatch(/Locked/);
    expect(friendlyError({ code: 'CARD_DECLINED', message: 'x' })).toMatch(/declined/);
    expect(friendlyError({ code: 'INVALID_INPUT', message: 'bad', details: { issues: [{ path: 'code', message: 'too short' }] } })).toBe('Please check the input: too short.');
  });

  it('When a message carries a stack trace, then only its first line is ever shown', () => {
    const leaky = { code: 'SOMETHING_NEW', message: 'Disk said no\n    at write (/app/core/store.ts:12:3)\n    at run (/app/x.ts:1:1)' };
    expect(friendlyError(leaky)).toBe('Disk said no');
    expect(firstLine('    at write (/app/core/store.ts:12:3)')).toBe('');
    expect(friendlyError({ code: 'SOMETHING_NEW', message: '' })).toBe('The action did not complete.');
  });
});
