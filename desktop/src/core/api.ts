import {
  IPC_CHANNELS,
  KeelError,
  toKeelError,
  type IpcChannel,
  type IpcOutput,
  type IpcResult,
  type Product,
  type ProductSummary,
} from '@keel/shared';
import type { z } from 'zod';
import { deviceHandlers } from './device-handlers';
import { printReport, reportCsvFile, reportPdfFile } from './reports/report-outputs';
import type { TerminalCore } from './terminal-core';

/** A channel's input after its schema parsed it (defaults applied). */
type Parsed<C extends IpcChannel> = z.output<(typeof IPC_CHANNELS)[C]['input']>;
export type Handlers = { [C in IpcChannel]: (input: Parsed<C>) => Promise<IpcOutput<C>> | IpcOutput<C> };

const summary = (p: Product): ProductSummary => ({
  id: p.id,
  sku: p.sku,
  name: p.name,
  priceMinor: p.priceMinor,
  soldByWeight: p.soldByWeight,
  barcodes: p.barcodes,
});

/**
 * The handlers behind every IPC channel (DESIGN.md "The IPC contract"): one entry per channel,
 * each a thin call into core. The compiler checks that the table covers the contract exactly.
 */
export function createHandlers(core: TerminalCore): Handlers {
  const s = () => core.services();
  /** Writes the journal: sync is told afterwards, never awaited. */
  const wrote = <T>(value: T): T => {
    core.journalChanged();
    return value;
  };
  const onStatus = (text: string) => core.emit('payment.status', { text });
  const print = async (documentId: string, copy = false) => (core.printer ? core.printer.printSale(documentId, { copy }) : false);
  /** The drawer opens after the commit, like the receipt; a drawer that fails never undoes a sale. */
  const openDrawer = async () => (core.printer ? core.printer.openDrawer() : false);

  return {
    'app.info': () => {
      const identity = core.identity();
      return {
        version: core.appVersion,
        enrolled: identity !== null,
        terminalCode: identity?.terminalCode ?? null,
        storeName: core.replica.settings()?.name ?? null,
      };
    },
    'enrollment.enroll': async ({ serverUrl, code, name }) => {
      const identity = await core.enroll(serverUrl, code, name);
      return { terminalId: identity.terminalId, storeId: identity.storeId, terminalCode: identity.terminalCode };
    },

    'session.users': () => core.people.listActive(),
    'session.login': ({ userId, pin }) => {
      const person = core.people.login(userId, pin);
      core.session.set(person);
      return { id: person.id, name: person.name, role: person.role };
    },
    'session.logout': () => {
      core.session.set(null);
      return { ok: true as const };
    },
    'session.current': () => {
      const person = core.session.current();
      return person ? { id: person.id, name: person.name, role: person.role } : null;
    },

    'catalog.search': ({ query, limit }) => core.replica.search(query, limit).map(summary),

    'cart.get': () => s().cart.get(),
    'cart.addByBarcode': ({ barcode }) => s().cart.addByBarcode(barcode),
    'cart.addProduct': ({ productId, qtyMilli }) => s().cart.addProduct(productId, qtyMilli),
    'cart.setQuantity': ({ lineId, qtyMilli }) => s().cart.setQuantity(lineId, qtyMilli),
    'cart.removeLine': ({ lineId }) => s().cart.removeLine(lineId),
    'cart.setLineDiscount': ({ lineId, discount, approverPin }) => s().cart.setLineDiscount(lineId, discount, approverPin),
    'cart.setCartDiscount': ({ discount, approverPin }) => s().cart.setCartDiscount(discount, approverPin),
    'cart.overridePrice': ({ lineId, unitPriceMinor, reason, approverPin }) => s().cart.overridePrice(lineId, unitPriceMinor, reason, approverPin),
    'cart.clear': () => s().cart.clear(),
    'cart.park': ({ label }) => s().cart.park(label),
    'cart.listParked': () => s().cart.listParked(),
    'cart.resume': ({ cartId }) => s().cart.resume(cartId),

    'checkout.complete': async ({ tenders }) => {
      const result = wrote(await s().checkout.complete(tenders, { onStatus }));
      if (result.sale.tenders.some((t) => t.kind === 'cash')) await openDrawer();
      // Print after the commit: a failed print leaves a complete sale marked "not printed".
      const receiptPrinted = await print(result.saleId);
      return { saleId: result.saleId, receiptNumber: result.receiptNumber, totalMinor: result.totalMinor, changeMinor: result.changeMinor, receiptPrinted };
    },
    'checkout.pendingPayments': () => s().checkout.pendingPayments().map((t) => ({ amountMinor: t.amountMinor, brand: t.brand, maskedPan: t.maskedPan })),
    'checkout.cancelPayments': async () => {
      await s().checkout.cancelPayments({ onStatus });
      return { ok: true as const };
    },
    'receipt.reprint': async ({ saleId }) => ({ printed: await print(saleId, true) }),

    'sale.refund': async ({ saleId, lines, reason, restock, refundTo, approverPin }) => {
      const refund = wrote(
        await s().refunds.refund(
          { saleId, reason, restock, ...(lines ? { lines } : {}), ...(approverPin ? { approverPin } : {}), ...(refundTo === 'cash' ? { refundTo: 'cash' as const } : {}) },
          { onStatus },
        ),
      );
      const receiptPrinted = await print(refund.refundId);
      return { refundId: refund.refundId, receiptNumber: refund.receiptNumber, totalMinor: refund.totals.totalMinor + refund.roundingMinor, receiptPrinted };
    },
    'sale.void': async ({ saleId, reason, approverPin }) => {
      wrote(await s().voids.void({ saleId, reason, ...(approverPin ? { approverPin } : {}) }, { onStatus }));
      return { ok: true as const };
    },
    'sale.find': (input) => s().lookup.find(input),
    'sale.list': (input) => s().lookup.list(input),
    'drawer.noSale': async ({ reason }) => {
      wrote(s().drawer.noSale(reason));
      return { ok: true as const, drawerOpened: await openDrawer() };
    },

    'shift.current': () => s().shifts.current(),
    'shift.open': ({ openingFloatMinor }) => wrote(s().shifts.open(openingFloatMinor)),
    'shift.moveCash': ({ direction, amountMinor, reason }) => wrote(s().shifts.moveCash(direction, amountMinor, reason)),
    'shift.close': ({ countedByDenomination, approverPin }) => {
      const result = wrote(s().shifts.close(countedByDenomination, approverPin));
      return { expectedMinor: result.expectedMinor, countedMinor: result.countedMinor, overShortMinor: result.overShortMinor };
    },

    'reports.x': (input) => core.reports().x(input),
    'reports.z': (input) => wrote(core.reports().closeDay(input)),
    'reports.zGet': ({ zNumber, approverPin }) => core.reports().z(zNumber, approverPin),
    'reports.zList': ({ limit }) => core.reports().zList(limit),
    'reports.print': (input) => printReport(core.printer, core.reports().report(input)),
    'reports.exportPdf': (input) => reportPdfFile(core.reports().report(input)),
    'reports.exportCsv': (input) => reportCsvFile(core.reports().report(input)),

    'sync.status': () => core.syncEngine().status(),
    'sync.now': () => core.syncEngine().syncNow(),

    ...deviceHandlers(core, { onStatus }),
  };
}

/**
 * The one entry point every transport uses (Electron IPC, the host's WebSocket, tests): validate
 * the raw input against the contract, run the handler, and answer a value or a typed error.
 * Nothing raw (stack traces, SQL) ever reaches the UI.
 */
export async function dispatch(handlers: Handlers, channel: string, raw: unknown): Promise<IpcResult<IpcChannel>> {
  try {
    if (!Object.hasOwn(IPC_CHANNELS, channel)) throw new KeelError('NOT_FOUND', `Unknown channel ${channel}`);
    const name = channel as IpcChannel;
    const parsed = IPC_CHANNELS[name].input.safeParse(raw ?? {});
    if (!parsed.success) throw KeelError.fromZodError(parsed.error);
    const handler = handlers[name] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value: value as IpcOutput<IpcChannel> };
  } catch (error) {
    const keel = toKeelError(error);
    return { ok: false, error: { code: keel.code, message: keel.message, ...(keel.details === undefined ? {} : { details: keel.details }) } };
  }
}
