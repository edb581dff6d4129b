import { KeelError, type DrawerOpened } from '@keel/shared';
import { requirePerson, type SaleContext } from './context';
import { openShift } from './ledger';

/**
 * `drawer.noSale`: opening the drawer without a sale is an audit point, so it is journaled
 * (drawer.opened) and counted on the shift, with no amount. Pulsing the drawer itself is the
 * device layer's job, after this returned.
 */
export class DrawerService {
  constructor(private readonly ctx: SaleContext) {}

  noSale(reason: string | null): DrawerOpened {
    this.ctx.lock.assertFree();
    const person = requirePerson(this.ctx);
    const shift = openShift(this.ctx.db);
    if (!shift) throw new KeelError('SHIFT_NOT_OPEN', 'Open a shift before opening the drawer.');
    const { db } = this.ctx;
    const payload: DrawerOpened = {
      eventId: this.ctx.ids.uuid(),
      shiftId: shift.shiftId,
      cashierId: person.id,
      reason,
      createdAt: this.ctx.clock.now().toISOString(),
    };
    return this.ctx.journal.record('drawer.opened', payload, (op) => {
      const p = op.payload;
      db.prepare(
        "INSERT INTO cash_movements (id, shift_id, kind, amount_minor, reason, cashier_id, created_at, seq) VALUES (?, ?, 'no_sale', 0, ?, ?, ?, ?)",
      ).run(p.eventId, p.shiftId, p.reason, p.cashierId, p.createdAt, op.seq);
    }).op.payload;
  }
}
