// The measured business day of the reports benchmark fixture (see reports-fixture.ts).
import { randomUUID } from 'node:crypto';
import { formatReceiptNumber, priceCart, priceFullRefund, roundCash, settleTenders, type Discount, type Sale } from '@keel/shared';
import { CatalogReplica } from '../../desktop/src/core/catalog/replica';
import { insertRefundRows, insertSaleRows, insertVoidRows } from '../../desktop/src/core/sale/document-rows';
import { Journal } from '../../desktop/src/core/sale/journal';
import { nextReceiptSeq, shiftCash } from '../../desktop/src/core/sale/ledger';
import type { Db } from '../../desktop/src/core/store/database';
import { seededRandom } from './stats';
import { MEASURED_DATE, PRODUCTS, TERMINAL } from './reports-fixture-data';

interface DayState {
  db: Db;
  journal: Journal;
  replica: CatalogReplica;
  clock: { ms: number; now(): Date };
  shift: { shiftId: string; cashierId: string; openingFloatMinor: number } | null;
}

/**
 * The measured business day, recorded as the sale services record it: two shifts, 1–5 lines per
 * sale, 10 % with a 5 % line discount, 5 % with a 15 % cart discount (supervisor-approved), a
 * quarter paid by voucher, cash rounded to 0.05, 1 % voided, 1.5 % refunded in cash, a no-sale
 * opening every 200 sales and a pickup every 1,000.
 */
export function tradeMeasuredDay(db: Db, sales: number): void {
  const start = Date.parse(`${MEASURED_DATE}T06:00:00.000Z`);
  const clock = { ms: start, now: () => new Date((clock.ms += 10)) };
  const st: DayState = { db, journal: new Journal(db, TERMINAL.terminalId, clock, { uuid: randomUUID }), replica: new CatalogReplica(db), clock, shift: null };
  const random = seededRandom(20_260_302);
  const pick = (n: number) => Math.floor(random() * n);
  const sold: Sale[] = [];
  const voided = new Set<string>();
  openShift(st, 'u1');
  db.transaction(() => {
    for (let i = 0; i < sales; i++) {
      clock.ms = start + Math.floor((i * 13 * 3600 * 1000) / sales);
      if (i === Math.floor(sales / 2)) {
        closeShift(st);
        openShift(st, 'u2');
      }
      const products = Array.from({ length: 1 + pick(5) }, () => `p${String(1 + pick(PRODUCTS)).padStart(4, '0')}`);
      const sale = recordSale(st, i, products);
      sold.push(sale);
      if (i % 100 === 99) {
        recordVoid(st, sale);
        voided.add(sale.saleId);
      }
      const target = sold[i - 5];
      if (i % 67 === 66 && target && !voided.has(target.saleId)) recordRefund(st, target);
      if (i % 200 === 20) recordCash(st, 'no_sale', 0);
      if (i % 1000 === 500) recordCash(st, 'cash_out', 20_000);
    }
    closeShift(st);
  })();
}

const PRICING = { currency: 'EUR', taxMode: 'inclusive', roundingMode: 'half-up', cashRoundingMinor: 5 } as const;
const TAX_RATES = [
  { id: 'std', name: 'VAT 19 %', ratePpm: 190_000 },
  { id: 'red', name: 'VAT 7 %', ratePpm: 70_000 },
];

function recordSale(st: DayState, i: number, productIds: readonly string[]): Sale {
  const lineDiscount: Discount | null = i % 10 === 3 ? { kind: 'percent', basisPoints: 500 } : null;
  const cartDiscount: Discount | null = i % 20 === 7 ? { kind: 'percent', basisPoints: 1500 } : null;
  const lines = productIds.map((id, n) => {
    const p = st.replica.getProduct(id)!;
    return { lineId: randomUUID(), productId: p.id, sku: p.sku, name: p.name, unitPriceMinor: p.priceMinor, qtyMilli: 1000, taxRateId: p.taxRateId, discount: n === 0 ? lineDiscount : null, categoryId: p.categoryId };
  });
  const priced = priceCart({ lines: lines.map(({ categoryId: _c, ...l }) => l), cartDiscount, taxRates: TAX_RATES }, PRICING);
  const due = priced.totals.totalMinor;
  const voucher = i % 4 === 1;
  const offered = voucher ? [{ kind: 'other' as const, amountMinor: due }] : [{ kind: 'cash' as const, amountMinor: Math.ceil((due + 1) / 500) * 500 }];
  const settled = settleTenders(due, offered, PRICING);
  const applied = settled.applied[0]!;
  const createdAt = st.clock.now().toISOString();
  const receiptSeq = nextReceiptSeq(st.db);
  const sale: Sale = {
    saleId: randomUUID(),
    ...TERMINAL_IDS,
    receiptNumber: formatReceiptNumber(TERMINAL.terminalCode, receiptSeq),
    receiptSeq,
    shiftId: st.shift!.shiftId,
    cashierId: st.shift!.cashierId,
    createdAt,
    businessDate: MEASURED_DATE,
    pricing: PRICING,
    lines: priced.lines.map((l, n) => ({ ...l, discount: n === 0 ? lineDiscount : null, discountApprovedBy: null, priceOverride: null })),
    cartDiscount,
    cartDiscountApprovedBy: cartDiscount ? 'sup' : null,
    totals: priced.totals,
    tenders: voucher
      ? [{ kind: 'other', amountMinor: applied.amountMinor, label: 'Voucher', reference: null }]
      : [{ kind: 'cash', tenderedMinor: applied.tenderedMinor, amountMinor: applied.amountMinor, changeMinor: settled.changeMinor }],
    roundingMinor: settled.roundingMinor,
    changeMinor: settled.changeMinor,
  };
  const categories = new Map(lines.map((l, n) => [priced.lines[n]!.lineId, l.categoryId]));
  st.journal.record('sale.completed', sale, (op) => insertSaleRows(st.db, op.payload, op.seq, (lineId) => categories.get(lineId) ?? null));
  return sale;
}

const TERMINAL_IDS = { terminalId: TERMINAL.terminalId, storeId: TERMINAL.storeId };

function recordVoid(st: DayState, sale: Sale): void {
  const createdAt = st.clock.now().toISOString();
  st.journal.record(
    'sale.voided',
    {
      voidId: randomUUID(),
      saleId: sale.saleId,
      receiptNumber: sale.receiptNumber,
      shiftId: st.shift!.shiftId,
      cashierId: st.shift!.cashierId,
      approvedBy: 'sup',
      reason: 'rang up twice',
      tenders: sale.tenders.map((t) => (t.kind === 'cash' ? { kind: 'cash' as const, amountMinor: -t.amountMinor } : { ...t, amountMinor: -t.amountMinor })),
      createdAt,
      businessDate: MEASURED_DATE,
    },
    (op) => insertVoidRows(st.db, op.payload, sale, op.seq),
  );
}

function recordRefund(st: DayState, sale: Sale): void {
  const priced = priceFullRefund({ lines: sale.lines, totals: sale.totals }, [], { roundingMode: PRICING.roundingMode });
  const cash = roundCash(priced.totals.totalMinor, PRICING);
  const receiptSeq = nextReceiptSeq(st.db);
  st.journal.record(
    'sale.refunded',
    {
      refundId: randomUUID(),
      originalSaleId: sale.saleId,
      originalReceiptNumber: sale.receiptNumber,
      ...TERMINAL_IDS,
      receiptNumber: formatReceiptNumber(TERMINAL.terminalCode, receiptSeq),
      receiptSeq,
      shiftId: st.shift!.shiftId,
      cashierId: st.shift!.cashierId,
      createdAt: st.clock.now().toISOString(),
      businessDate: MEASURED_DATE,
      pricing: PRICING,
      lines: priced.lines.map((l) => ({ ...l, restock: true })),
      totals: priced.totals,
      tenders: cash === 0 ? [] : [{ kind: 'cash', amountMinor: cash }],
      roundingMinor: cash - priced.totals.totalMinor,
      reason: 'returned',
      approvedBy: 'sup',
    },
    (op) => insertRefundRows(st.db, op.payload, op.seq),
  );
}

/** The statements of sale/shift.ts and sale/drawer.ts (which do not export them). */
function recordCash(st: DayState, kind: 'no_sale' | 'cash_out', amountMinor: number): void {
  const { shiftId, cashierId } = st.shift!;
  const createdAt = st.clock.now().toISOString();
  const insert = (id: string, reason: string, seq: number) =>
    st.db
      .prepare('INSERT INTO cash_movements (id, shift_id, kind, amount_minor, reason, cashier_id, created_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, shiftId, kind, amountMinor, reason, cashierId, createdAt, seq);
  if (kind === 'no_sale') {
    st.journal.record('drawer.opened', { eventId: randomUUID(), shiftId, cashierId, reason: 'change', createdAt }, (op) => insert(op.payload.eventId, 'change', op.seq));
  } else {
    st.journal.record(
      'cash.moved',
      { movementId: randomUUID(), shiftId, cashierId, direction: 'out', amountMinor, reason: 'pickup', approvedBy: null, createdAt },
      (op) => insert(op.payload.movementId, 'pickup', op.seq),
    );
  }
}

function openShift(st: DayState, cashierId: string): void {
  const shift = { shiftId: randomUUID(), cashierId, openingFloatMinor: 20_000 };
  const openedAt = st.clock.now().toISOString();
  st.journal.record('shift.opened', { ...shift, openedAt, businessDate: MEASURED_DATE }, ({ payload: p }) => {
    st.db
      .prepare('INSERT INTO shifts (shift_id, cashier_id, opened_at, business_date, opening_float_minor) VALUES (?, ?, ?, ?, ?)')
      .run(p.shiftId, p.cashierId, p.openedAt, p.businessDate, p.openingFloatMinor);
  });
  st.shift = shift;
}

/** Counted exactly as expected, in 1.00 notes and 0.01 coins (a count per denomination is at most 1,000,000). */
function closeShift(st: DayState): void {
  const shift = st.shift!;
  const expected = shiftCash(st.db, shift).expectedMinor;
  const counted = [
    { denominationMinor: 100, count: Math.floor(expected / 100) },
    { denominationMinor: 1, count: expected % 100 },
  ];
  st.journal.record(
    'shift.closed',
    { shiftId: shift.shiftId, cashierId: shift.cashierId, closedAt: st.clock.now().toISOString(), countedByDenomination: counted, countedMinor: expected, expectedMinor: expected, overShortMinor: 0, approvedBy: null },
    ({ payload: p }) => {
      st.db
        .prepare('UPDATE shifts SET closed_at = ?, expected_minor = ?, counted_minor = ?, over_short_minor = ?, close = ? WHERE shift_id = ?')
        .run(p.closedAt, p.expectedMinor, p.countedMinor, p.overShortMinor, JSON.stringify(p), p.shiftId);
    },
  );
  st.shift = null;
}
