import { describe, expect, it } from 'vitest';
import type { ZvtSimBehaviour } from '../../../scripts/devices/zvt-sim';
import type { CardTerminalConfig } from '../../src/core/devices/config';
import type { CardOutcome } from '../../src/core/payments/card-terminal';
import { cardSimTill, FAST_ZVT, waitUntil } from './support';

/**
 * A till whose card terminal is the ZVT simulator on a real PTY pair. `unplug` is what the
 * simulator does when told to drop the link: socat is killed, as if the cable were pulled;
 * `plugIn` makes a new pair at the same paths and restarts the simulator on it.
 */
async function tillWithCard(behaviour: Partial<ZvtSimBehaviour> = {}, config: Partial<CardTerminalConfig> = {}) {
  const till = await cardSimTill(behaviour, { config });
  const cardStatus = () => till.devices.statuses().find((s) => s.kind === 'cardTerminal');
  return { ...till, cardStatus, card: till.devices.cardTerminal };
}

describe('ZVT card terminal over a PTY (simulator)', () => {
  it('When the terminal approves, then the outcome carries brand, masked PAN, auth code, reference and receipt lines, with the status texts on the way', async () => {
    const t = await tillWithCard();
    const texts: string[] = [];
    const outcome = await t.card.authorize(1234, { onStatus: (text) => texts.push(text) });
    expect(outcome).toEqual({
      approved: true,
      brand: 'VISA',
      maskedPan: '476173******0119',
      authCode: 'A1B2C3',
      terminalTransactionRef: 'R0001 T000100',
      receiptLines: ['KARTENZAHLUNG', 'VISA', 'Betrag EUR 12.34', 'Beleg 1', 'GENEHMIGT'],
    });
    expect(texts).toEqual(['Insert card', 'Please watch the PIN pad']);
    expect(t.sim.commands).toEqual(['06 00', '06 01']);
    expect(t.sim.journal).toMatchObject([{ amountMinor: 1234, kind: 'payment', state: 'booked' }]);
    expect(t.cardStatus()).toMatchObject({ state: 'ok' });
  });

  it('When the terminal declines, then the outcome is CARD_DECLINED with the result code and its meaning, and nothing is booked', async () => {
    const t = await tillWithCard({ outcome: 'decline', declineCode: 0x78 });
    expect(await t.card.authorize(500)).toEqual({ approved: false, code: 'CARD_DECLINED', message: 'ZVT 78: card expired' });
    expect(t.sim.journal).toEqual([]);
  });

  it('When the cashier aborts while the terminal waits for the card, then 06 B0 ends the payment as CARD_ABORTED', async () => {
    const t = await tillWithCard({ waitForCardMs: 3000 });
    const texts: string[] = [];
    const payment = t.card.authorize(900, { onStatus: (text) => texts.push(text) });
    await waitUntil(() => texts.includes('Insert card'), 2000, 'insert card');
    expect(await t.card.abort()).toBe(true);
    expect(await payment).toEqual({ approved: false, code: 'CARD_ABORTED', message: 'ZVT 6C: abort via timeout or abort key' });
    expect(t.sim.journal).toEqual([]);
    expect(await t.card.abort()).toBe(false); // nothing runs any more
  });

  it('When a payment is reversed, then the terminal cancels it by its receipt number; a second reversal is refused as already reversed', async () => {
    const t = await tillWithCard();
    const paid = await t.card.authorize(2500);
    if (!paid.approved || !paid.terminalTransactionRef) throw new Error('expected an approval with a reference');
    const reversed = await t.card.reverse(paid.terminalTransactionRef, 2500);
    expect(reversed).toMatchObject({ approved: true, receiptLines: ['STORNO'] });
    expect(t.sim.journal).toMatchObject([{ receiptNo: 1, state: 'reversed' }]);
    expect(t.sim.commands.at(-1)).toBe('06 30');
    expect(await t.card.reverse(paid.terminalTransactionRef, 2500)).toMatchObject({ approved: false, message: 'ZVT B4: already reversed' });
  });

  it('When money is refunded to a card and the day is closed, then refund (06 31) and end-of-day (06 50) complete with their receipt lines', async () => {
    const t = await tillWithCard();
    expect(await t.card.authorize(3000)).toMatchObject({ approved: true });
    expect(await t.card.refund(1000)).toMatchObject({ approved: true, terminalTransactionRef: 'R0002 T000101' });
    const day = await t.card.endOfDay();
    expect(day).toMatchObject({ ok: true, totalMinor: 2000 });
    expect(day.receiptLines).toEqual(['KASSENSCHNITT', 'Anzahl 2', 'Summe EUR 20.00']);
    expect(t.sim.commands).toEqual(['06 00', '06 01', '06 31', '06 50']);
  });

  it('When the link is cut before the result came (socat killed), then the payment is STATUS UNKNOWN until a status enquiry shows nothing was booked', async () => {
    const t = await tillWithCard({ dropAt: 'before-status-info' });
    const outcome = await t.card.authorize(4200);
    expect(outcome).toEqual({ approved: false, code: 'PAYMENT_STATUS_UNKNOWN', message: expect.any(String), terminalTransactionRef: null, recovery: expect.objectContaining({ op: 'authorize', delivered: true, acknowledged: false }) });
    expect(t.cardStatus()).toMatchObject({ state: 'error', code: 'PAYMENT_STATUS_UNKNOWN' });
    expect(t.card.pendingOutcome()).toMatchObject({ op: 'authorize', amountMinor: 4200 });

    // Still unplugged: it stays unknown, never a guess.
    expect(await t.card.resolvePending()).toMatchObject({ approved: false, code: 'PAYMENT_STATUS_UNKNOWN' });
    // A new payment is not started over an unresolved one.
    expect(await t.card.authorize(100)).toMatchObject({ approved: false, code: 'CARD_TERMINAL_UNAVAILABLE' });

    t.sim.behaviour.dropAt = null;
    await t.plugIn();
    expect(await t.card.resolvePending()).toMatchObject({ approved: false, code: 'CARD_ABORTED' });
    expect(t.sim.commands).toContain('05 01');
    expect(t.sim.journal).toEqual([]);
    expect(t.card.pendingOutcome()).toBeNull();
    expect(await t.card.authorize(100)).toMatchObject({ approved: true });
  });

  it('When the link is cut after the terminal approved and was acknowledged, then the unknown payment is settled by a reversal', async () => {
    const t = await tillWithCard({ dropAt: 'after-status-info' });
    const outcome = await t.card.authorize(4200);
    expect(outcome).toMatchObject({ approved: false, code: 'PAYMENT_STATUS_UNKNOWN', terminalTransactionRef: 'R0001 T000100' });
    expect(t.sim.journal).toMatchObject([{ receiptNo: 1, state: 'booked' }]); // the PT did book it

    t.sim.behaviour.dropAt = null;
    await t.plugIn();
    expect(await t.card.resolvePending()).toMatchObject({ approved: false, code: 'CARD_ABORTED' });
    expect(t.sim.commands).toContain('06 30');
    expect(t.sim.journal).toMatchObject([{ receiptNo: 1, state: 'reversed' }]);
    expect(t.cardStatus()).toMatchObject({ state: 'ok' });
  });

  it('When the terminal goes quiet past T4 mid-payment, then the outcome is unknown, and the enquiry settles it', async () => {
    const t = await tillWithCard({ stepDelayMs: 1500 }, { timing: { ...FAST_ZVT, t4Ms: 600 } });
    expect(await t.card.authorize(700)).toMatchObject({ approved: false, code: 'PAYMENT_STATUS_UNKNOWN' });
    t.sim.behaviour.stepDelayMs = 0;
    let resolved: CardOutcome | null = null;
    await waitUntil(async () => {
      resolved = await t.card.resolvePending();
      return t.card.pendingOutcome() === null;
    }, 8000, 'resolution');
    expect(resolved).toMatchObject({ approved: false, code: 'CARD_ABORTED' });
    expect(t.sim.journal).toEqual([]);
  });

  it('When a slow terminal sends its steps within T4, then the payment is approved', async () => {
    const t = await tillWithCard({ stepDelayMs: 400 });
    expect(await t.card.authorize(800)).toMatchObject({ approved: true });
  });

  it('When every first transmission is corrupted, then NAK and repetition still get the payment through', async () => {
    const t = await tillWithCard({ corruptFirstTransmission: true });
    expect(await t.card.authorize(1500)).toMatchObject({ approved: true, maskedPan: '476173******0119' });
  });

  it('When the terminal reports a full card number, then only a masked PAN comes out', async () => {
    const t = await tillWithCard({ pan: '4761739001010119' });
    const outcome = await t.card.authorize(1500);
    expect(outcome).toMatchObject({ approved: true, maskedPan: '************0119' });
    expect(JSON.stringify(outcome)).not.toContain('4761739001010119');
  });

  it('When the terminal answers garbage, then nothing is charged and the status says ZVT_PROTOCOL_ERROR', async () => {
    const t = await tillWithCard({ garbage: true });
    expect(await t.card.authorize(1000)).toMatchObject({ approved: false, code: 'CARD_TERMINAL_UNAVAILABLE' });
    expect(t.cardStatus()).toMatchObject({ state: 'error', code: 'ZVT_PROTOCOL_ERROR' });
    expect(t.sim.journal).toEqual([]);
  });

  it('When the card terminal is configured, then it is registered (06 00) at once and test connection says ok', async () => {
    const t = await tillWithCard();
    await waitUntil(() => t.cardStatus()?.state === 'ok', 3000, 'registered');
    expect(t.sim.commands).toEqual(['06 00']);
    expect(await t.devices.testConnection('cardTerminal')).toEqual({ kind: 'cardTerminal', state: 'ok', detail: expect.stringContaining('ZVT on') });
    expect(t.sim.commands).toEqual(['06 00', '06 00']);
  });

  it('When the terminal is switched off, then test connection says no answer and a payment is unavailable, not unknown', async () => {
    const t = await tillWithCard();
    await t.sim.stop(); // the PTY stays, nobody answers
    expect(await t.devices.testConnection('cardTerminal')).toMatchObject({ state: 'offline', code: 'DEVICE_NO_ANSWER' });
    expect(await t.card.authorize(1000)).toMatchObject({ approved: false, code: 'CARD_TERMINAL_UNAVAILABLE' });
  });
});
