import {
  businessDateOf,
  KeelError,
  sumDenominations,
  type DenominationCount,
  type ShiftClosed,
  type ShiftView,
} from '@keel/shared';
import { approverFor, requirePerson, requireSettings, type SaleContext } from './context';
import { openShift, shiftCash, type ShiftCash, type ShiftRow } from './ledger';

export interface ShiftCloseResult {
  expectedMinor: number;
  countedMinor: number;
  overShortMinor: number;
  closed: ShiftClosed;
}

/**
 * The `shift.*` channels. A shift is the drawer's life: opened with a counted float, cash
 * moved in and out with a reason, closed with a count by denomination against what the
 * journal says should be there. Sales, refunds, voids and cash moves all need the open shift,
 * so once closed a shift cannot change: every later attempt finds no open shift
 * (SHIFT_NOT_OPEN). All writes go through journal.record.
 */
export class ShiftService {
  constructor(private readonly ctx: SaleContext) {}

  /** shift.current */
  current(): ShiftView | null {
    const shift = openShift(this.ctx.db);
    return shift ? this.view(shift) : null;
  }

  /** What the open shift's drawer should hold and why (for the close screen and the X report). */
  cash(): ShiftCash {
    return shiftCash(this.ctx.db, this.requireOpen());
  }

  /** shift.open: SHIFT_ALREADY_OPEN while another is open (one drawer, one shift). */
  open(openingFloatMinor: number): ShiftView {
    this.ctx.lock.assertFree();
    const person = requirePerson(this.ctx);
    const settings = requireSettings(this.ctx);
    if (openShift(this.ctx.db)) throw new KeelError('SHIFT_ALREADY_OPEN');
    const openedAt = this.now();
    const { db } = this.ctx;
    this.ctx.journal.record(
      'shift.opened',
      {
        shiftId: this.ctx.ids.uuid(),
        cashierId: person.id,
        openingFloatMinor,
        openedAt,
        businessDate: businessDateOf(openedAt, settings.timeZone, settings.businessDayStartsAt),
      },
      ({ payload: p }) => {
        db.prepare(
          'INSERT INTO shifts (shift_id, cashier_id, opened_at, business_date, opening_float_minor) VALUES (?, ?, ?, ?, ?)',
        ).run(p.shiftId, p.cashierId, p.openedAt, p.businessDate, p.openingFloatMinor);
      },
    );
    return this.view(this.requireOpen());
  }

  /** shift.moveCash: a float top-up (in) or a pickup or payout (out), with a reason. */
  moveCash(direction: 'in' | 'out', amountMinor: number, reason: string): ShiftView {
    this.ctx.lock.assertFree();
    const person = requirePerson(this.ctx);
    const shift = this.requireOpen();
    const { db } = this.ctx;
    this.ctx.journal.record(
      'cash.moved',
      {
        movementId: this.ctx.ids.uuid(),
        shiftId: shift.shiftId,
        cashierId: person.id,
        direction,
        amountMinor,
        reason,
        approvedBy: null,
        createdAt: this.now(),
      },
      (op) => {
        const p = op.payload;
        db.prepare(
          'INSERT INTO cash_movements (id, shift_id, kind, amount_minor, reason, cashier_id, created_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(p.movementId, p.shiftId, p.direction === 'in' ? 'cash_in' : 'cash_out', p.amountMinor, p.reason, p.cashierId, p.createdAt, op.seq);
      },
    );
    return this.view(shift);
  }

  /**
   * shift.close: counted = Σ denomination × count; over/short = counted − expected. Beyond the
   * store's limit either way a manager must approve (their PIN, or the closer is one). The
   * close is refused while a payment is under way, since its cash is not yet in the journal.
   */
  close(countedByDenomination: readonly DenominationCount[], approverPin?: string): ShiftCloseResult {
    this.ctx.lock.assertFree();
    const person = requirePerson(this.ctx);
    const settings = requireSettings(this.ctx);
    const shift = this.requireOpen();
    const { expectedMinor } = shiftCash(this.ctx.db, shift);
    const countedMinor = sumDenominations(countedByDenomination);
    const overShortMinor = countedMinor - expectedMinor;
    const approvedBy =
      Math.abs(overShortMinor) > settings.shiftOverShortLimitMinor
        ? (approverFor(this.ctx, person, 'manager', approverPin) ?? person).id
        : null;
    const { db } = this.ctx;
    const { op } = this.ctx.journal.record(
      'shift.closed',
      {
        shiftId: shift.shiftId,
        cashierId: person.id,
        closedAt: this.now(),
        countedByDenomination: countedByDenomination.map((c) => ({ denominationMinor: c.denominationMinor, count: c.count })),
        countedMinor,
        expectedMinor,
        overShortMinor,
        approvedBy,
      },
      ({ payload: p }) => {
        const changed = db
          .prepare(
            `UPDATE shifts SET closed_at = ?, expected_minor = ?, counted_minor = ?, over_short_minor = ?, close = ?
             WHERE shift_id = ? AND closed_at IS NULL`,
          )
          .run(p.closedAt, p.expectedMinor, p.countedMinor, p.overShortMinor, JSON.stringify(p), p.shiftId).changes;
        // A closed shift is immutable: never re-close it, even if a caller raced us here.
        if (changed !== 1) throw new KeelError('SHIFT_NOT_OPEN', 'This shift is already closed.');
      },
    );
    return { expectedMinor, countedMinor, overShortMinor, closed: op.payload };
  }

  private requireOpen(): ShiftRow {
    const shift = openShift(this.ctx.db);
    if (!shift) throw new KeelError('SHIFT_NOT_OPEN');
    return shift;
  }

  private view(shift: ShiftRow): ShiftView {
    const cashier = this.ctx.people.listActive().find((u) => u.id === shift.cashierId);
    return {
      shiftId: shift.shiftId,
      openedAt: shift.openedAt,
      openingFloatMinor: shift.openingFloatMinor,
      expectedCashMinor: shiftCash(this.ctx.db, shift).expectedMinor,
      cashierName: cashier?.name ?? shift.cashierId,
    };
  }

  private now(): string {
    return this.ctx.clock.now().toISOString();
  }
}
