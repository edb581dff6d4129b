import { describe, expect, it } from 'vitest';
import { KeelError } from '@keel/shared';
import type { ZvtSimBehaviour } from '../../../scripts/devices/zvt-sim';
import { asyncCodeOf, count, rows } from '../sale/harness';
import { cardSimTill, deviceTill } from './support';

/**
 * Issue 6 point 2 for a card REFUND: the link dies after the refund amount reached the terminal.
 * The refund in doubt is kept in the ledger (not only in the driver's memory), survives a
 * restart of core, blocks other card work, and is settled only by the terminal's own answer
 * (status enquiry or reversal); a refund the terminal did not pay records nothing. Real ZVT
 * driver, real PTYs (socat), the ZVT simulator; socat is closed to "pull the cable".
 */
async function cardTill(behaviour: Partial<ZvtSimBehaviour> = {}) {
  const till = await cardSimTill(behaviour, { till: { who: 'supervisor' } });
  till.h.login('supervisor'); // may refund alone
  return till;
}

/** A wine sale paid by card at the simulator, then a card refund whose link drops at `dropAt`; then core restarts. */
async function refundInDoubtAcrossRestart(dropAt: ZvtSimBehaviour['dropAt']) {
  const t = await cardTill();
  t.sale.cart.addByBarcode('WINE');
  const sale = await t.sale.checkout.complete([{ kind: 'card', amountMinor: 1299 }]);
  t.sim.behaviour.dropAt = dropAt;
  const failure = await t.sale.refunds.refund({ saleId: sale.saleId, reason: 'Corked' }).catch((e: unknown) => e);
  expect(failure instanceof KeelError ? failure.code : failure).toBe('PAYMENT_STATUS_UNKNOWN');
  expect((failure as KeelError).details).toMatchObject({ unknownRefundKept: true });
  expect(t.sale.recovery.pending()).toMatchObject({ kind: 'refund', amountMinor: 1299, originalReceiptNumber: sale.receiptNumber });
  expect(count(t.h.db, 'refunds')).toBe(0);

  // Core restarts: devices stopped, ledger closed and reopened; the driver forgets, the ledger does not.
  await t.devices.stop();
  t.h.db.close();
  const again = await deviceTill({ file: t.h.file, who: 'supervisor' });
  await again.devices.configure(t.config);
  expect(again.devices.cardTerminal.pendingOutcome()).toBeNull();
  expect(again.sale.recovery.pending()).toMatchObject({ kind: 'refund', amountMinor: 1299 });
  return { t, again, sale };
}

describe('a card refund with an unknown outcome (real ZVT driver, simulator)', () => {
  it('When the link dies before the terminal answered the refund, then after a restart it blocks card work, stays unknown while unplugged, and the status enquiry settles it as not paid with nothing recorded', async () => {
    const { t, again, sale } = await refundInDoubtAcrossRestart('before-status-info');
    const [stored] = rows<{ value: string }>(again.h.db, "SELECT value FROM meta WHERE key = 'payment.unknownRefund'");
    expect(JSON.parse(stored?.value ?? 'null')).toMatchObject({ amountMinor: 1299, recovery: { op: 'refund', delivered: true, acknowledged: false }, confirmed: null });
    expect(stored?.value).not.toMatch(/4761739001010119/);

    // Blocked while in doubt: another refund of that sale, and a card payment for a new sale.
    expect(await asyncCodeOf(() => again.sale.refunds.refund({ saleId: sale.saleId, reason: 'Again' }))).toBe('PAYMENT_STATUS_UNKNOWN');
    again.sale.cart.addByBarcode('COLA');
    expect(await asyncCodeOf(() => again.sale.checkout.complete([{ kind: 'card', amountMinor: 250 }]))).toBe('PAYMENT_STATUS_UNKNOWN');

    // Still unplugged: asking keeps it unknown, never a guess.
    expect(await again.sale.recovery.resolve()).toMatchObject({ result: 'unknown', pending: { kind: 'refund' } });

    t.sim.behaviour.dropAt = null;
    await t.plugIn();
    const settled = await again.sale.recovery.resolve();
    expect(settled).toMatchObject({ result: 'notCharged', pending: null });
    expect(settled.message).toMatch(/Nothing was recorded/);
    expect(t.sim.commands).toContain('05 01'); // the status enquiry
    expect(t.sim.journal).toMatchObject([{ kind: 'payment', state: 'booked' }]); // no refund booked
    expect(count(again.h.db, 'refunds')).toBe(0);
    expect(again.sale.recovery.pending()).toBeNull();

    // Unblocked: the refund can now be made, once.
    const refund = await again.sale.refunds.refund({ saleId: sale.saleId, reason: 'Corked' });
    expect(refund.tenders).toMatchObject([{ kind: 'card', amountMinor: -1299 }]);
    expect(t.sim.journal).toMatchObject([{ kind: 'payment' }, { kind: 'refund', amountMinor: 1299, state: 'booked' }]);
    expect(count(again.h.db, 'refunds')).toBe(1);
  });

  it('When the terminal had booked the refund and the link died after Keel acknowledged it, then after a restart the check reverses it at the terminal and no refund is recorded', async () => {
    const { t, again, sale } = await refundInDoubtAcrossRestart('after-status-info');
    expect(t.sim.journal).toMatchObject([{ kind: 'payment' }, { kind: 'refund', state: 'booked' }]);
    t.sim.behaviour.dropAt = null;
    await t.plugIn();
    expect(await again.sale.recovery.resolve()).toMatchObject({ result: 'notCharged' });
    expect(t.sim.commands.at(-1)).toBe('06 30'); // reversal of the refund's receipt number
    expect(t.sim.journal).toMatchObject([{ kind: 'payment', state: 'booked' }, { kind: 'refund', state: 'reversed' }]);
    expect(count(again.h.db, 'refunds')).toBe(0);
    expect(await again.sale.recovery.resolve()).toMatchObject({ result: 'nothingPending' });
    expect((await again.sale.refunds.refund({ saleId: sale.saleId, reason: 'Corked' })).tenders).toHaveLength(1);
    expect(count(again.h.db, 'refunds')).toBe(1);
  });
});
