import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { priceCart, priceRefund } from '../../src/pricing';
import {
  CashMovementSchema,
  DayClosedSchema,
  DrawerOpenedSchema,
  formatReceiptNumber,
  parseReceiptNumber,
  redactPans,
  RefundSchema,
  SaleSchema,
  SaleVoidSchema,
  ShiftClosedSchema,
  ShiftOpenedSchema,
  StockMovementSchema,
  sumDenominations,
  type CardTender,
  type Sale,
} from '../../src/sale';
import {
  makeCashMovement,
  makeDayClosed,
  makeDrawerOpened,
  makeRefund,
  makeSale,
  makeShiftClosed,
  makeShiftOpened,
  makeStockMovement,
  makeVoid,
} from './fixtures';

function issuePaths(result: z.ZodSafeParseResult<unknown>): PropertyKey[][] {
  return result.success ? [] : result.error.issues.map((i) => i.path);
}

function withCard(sale: Sale, card: Partial<CardTender>): Sale {
  const tenders = sale.tenders.map((t) => (t.kind === 'card' ? { ...t, ...card } : t));
  return { ...sale, tenders };
}

describe('sale', () => {
  it('When a valid sale is parsed, then it comes back deep-equal (parsing is the identity)', () => {
    const sale = makeSale();
    expect(SaleSchema.parse(sale)).toEqual(sale);
  });

  it('When a card tender carries a full PAN, then the sale is refused at that tender’s maskedPan', () => {
    const result = SaleSchema.safeParse(withCard(makeSale(), { maskedPan: '4111111111111111' }));
    expect(issuePaths(result)).toEqual([['tenders', 1, 'maskedPan']]);
  });

  it('When a card tender shows more than the first 6 digits, then the sale is refused', () => {
    expect(issuePaths(SaleSchema.safeParse(withCard(makeSale(), { maskedPan: '41111111****1111' })))).toEqual([
      ['tenders', 1, 'maskedPan'],
    ]);
  });

  it('When the card terminal receipt text holds a PAN, then the sale is refused until it is redacted', () => {
    const lines = ['KARTENZAHLUNG', 'VISA', '4111 1111 1111 1111', 'BETRAG EUR 10,00'];
    const raw = withCard(makeSale(), { terminalReceiptLines: lines });
    expect(issuePaths(SaleSchema.safeParse(raw))).toEqual([['tenders', 1, 'terminalReceiptLines', 2]]);
    const redacted = withCard(makeSale(), { terminalReceiptLines: lines.map(redactPans) });
    expect(SaleSchema.safeParse(redacted).success).toBe(true);
  });

  it('When the receipt number is malformed, then the sale is refused at receiptNumber', () => {
    for (const receiptNumber of ['T01-123', 't01-000123', 'T01000123', 'T01-000123 ', 'TOOLONGCODE-000123']) {
      expect(issuePaths(SaleSchema.safeParse(makeSale({ receiptNumber })))).toEqual([['receiptNumber']]);
    }
  });

  it('When the receipt number does not spell receiptSeq, then the sale is refused at receiptNumber', () => {
    expect(issuePaths(SaleSchema.safeParse(makeSale({ receiptNumber: 'T01-000124' })))).toEqual([['receiptNumber']]);
    expect(issuePaths(SaleSchema.safeParse(makeSale({ receiptNumber: 'T01-0000123' })))).toEqual([['receiptNumber']]);
  });

  it('When a sale has an unknown key, then it is refused rather than silently stripped', () => {
    const result = SaleSchema.safeParse({ ...makeSale(), note: 'extra' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });

  it('When a nested pricing object has an unknown key, then it is refused too', () => {
    const sale = makeSale();
    const result = SaleSchema.safeParse({ ...sale, totals: { ...sale.totals, extra: 1 } });
    expect(issuePaths(result)).toEqual([['totals']]);
  });

  it('When the amounts do not add up, then the sale still parses (the server flags, never refuses)', () => {
    const sale = makeSale({ changeMinor: 999 });
    expect(SaleSchema.safeParse({ ...sale, totals: { ...sale.totals, totalMinor: 1 } }).success).toBe(true);
  });

  it('When a sale has no lines or a zero card amount, then it is refused at that path', () => {
    expect(issuePaths(SaleSchema.safeParse(makeSale({ lines: [] })))).toEqual([['lines']]);
    expect(issuePaths(SaleSchema.safeParse(withCard(makeSale(), { amountMinor: 0 })))).toEqual([['tenders', 1, 'amountMinor']]);
  });

  it('When a line carries a price override and an approved discount, then it parses', () => {
    const sale = makeSale();
    const line = sale.lines[0];
    if (!line) throw new Error('fixture has a line');
    const overridden = {
      ...line,
      discount: { kind: 'percent' as const, basisPoints: 1500 },
      discountApprovedBy: 'u-maria',
      priceOverride: { originalUnitPriceMinor: 1499, reason: 'Price tag', approvedBy: 'u-maria' },
    };
    expect(SaleSchema.safeParse({ ...sale, lines: [overridden] }).success).toBe(true);
  });
});

describe('recording what the pricing engine computed', () => {
  const taxRates = [{ id: 'vat-7', name: 'VAT 7 %', ratePpm: 70_000 }];
  const settings = { currency: 'EUR', taxMode: 'inclusive' } as const;
  const cart = priceCart(
    {
      lines: [
        { lineId: 'l1', productId: 'p-coffee', sku: 'COF-500', name: 'Coffee beans 500 g', unitPriceMinor: 1299, qtyMilli: 2000, taxRateId: 'vat-7' },
        { lineId: 'l2', productId: null, sku: '', name: 'Open item', unitPriceMinor: 350, qtyMilli: 1000, taxRateId: 'vat-7', discount: { kind: 'percent', basisPoints: 1000 } },
      ],
      cartDiscount: { kind: 'amount', amountMinor: 100 },
      taxRates,
    },
    settings,
  );

  it('When the engine prices a cart, then its lines and totals are recordable in a sale', () => {
    const lines = cart.lines.map((line) => ({
      ...line,
      discount: line.lineId === 'l2' ? ({ kind: 'percent', basisPoints: 1000 } as const) : null,
      discountApprovedBy: null,
      priceOverride: null,
    }));
    const sale = makeSale({
      lines,
      cartDiscount: { kind: 'amount', amountMinor: 100 },
      totals: cart.totals,
      tenders: [{ kind: 'cash', tenderedMinor: 5000, amountMinor: cart.totals.totalMinor, changeMinor: 5000 - cart.totals.totalMinor }],
      changeMinor: 5000 - cart.totals.totalMinor,
    });
    expect(SaleSchema.parse(sale)).toEqual(sale);
  });

  it('When the engine prices a refund, then its lines and totals are recordable in a refund', () => {
    const refunded = priceRefund(cart, [{ lineId: 'l1', qtyMilli: 1000 }]);
    const refund = makeRefund({
      lines: refunded.lines.map((line) => ({ ...line, restock: true })),
      totals: refunded.totals,
      tenders: [{ kind: 'cash', amountMinor: refunded.totals.totalMinor }],
    });
    expect(RefundSchema.parse(refund)).toEqual(refund);
  });
});

describe('refund and void', () => {
  it('When a valid refund is parsed, then it comes back deep-equal', () => {
    const refund = makeRefund();
    expect(RefundSchema.parse(refund)).toEqual(refund);
  });

  it('When a refund pays back a positive amount, then it is refused at that tender', () => {
    expect(issuePaths(RefundSchema.safeParse(makeRefund({ tenders: [{ kind: 'cash', amountMinor: 1299 }] })))).toEqual([
      ['tenders', 0, 'amountMinor'],
    ]);
  });

  it('When a refund line has positive money or quantity, then it is refused at that field', () => {
    const refund = makeRefund();
    const line = refund.lines[0];
    if (!line) throw new Error('fixture has a line');
    expect(issuePaths(RefundSchema.safeParse({ ...refund, lines: [{ ...line, totalMinor: 1299 }] }))).toEqual([['lines', 0, 'totalMinor']]);
    expect(issuePaths(RefundSchema.safeParse({ ...refund, lines: [{ ...line, qtyMilli: 1000 }] }))).toEqual([['lines', 0, 'qtyMilli']]);
  });

  it('When a void has no approver, then it is refused at approvedBy', () => {
    expect(SaleVoidSchema.parse(makeVoid())).toEqual(makeVoid());
    const { approvedBy: _approvedBy, ...withoutApprover } = makeVoid();
    expect(issuePaths(SaleVoidSchema.safeParse(withoutApprover))).toEqual([['approvedBy']]);
  });
});

describe('shift, drawer, stock and Z payloads', () => {
  it('When each valid payload is parsed, then it comes back deep-equal', () => {
    expect(ShiftOpenedSchema.parse(makeShiftOpened())).toEqual(makeShiftOpened());
    expect(ShiftClosedSchema.parse(makeShiftClosed())).toEqual(makeShiftClosed());
    expect(CashMovementSchema.parse(makeCashMovement())).toEqual(makeCashMovement());
    expect(DrawerOpenedSchema.parse(makeDrawerOpened())).toEqual(makeDrawerOpened());
    expect(StockMovementSchema.parse(makeStockMovement())).toEqual(makeStockMovement());
    expect(DayClosedSchema.parse(makeDayClosed())).toEqual(makeDayClosed());
  });

  it('When a count is given by denomination, then sumDenominations adds it up', () => {
    expect(sumDenominations(makeShiftClosed().countedByDenomination)).toBe(makeShiftClosed().countedMinor);
  });

  it('When invalid values appear, then each is refused at its own path', () => {
    expect(issuePaths(ShiftOpenedSchema.safeParse({ ...makeShiftOpened(), openingFloatMinor: -1 }))).toEqual([['openingFloatMinor']]);
    expect(issuePaths(CashMovementSchema.safeParse({ ...makeCashMovement(), direction: 'sideways' }))).toEqual([['direction']]);
    expect(issuePaths(StockMovementSchema.safeParse({ ...makeStockMovement(), deltaQtyMilli: 0 }))).toEqual([['deltaQtyMilli']]);
    expect(issuePaths(DayClosedSchema.safeParse({ ...makeDayClosed(), businessDate: '2025-3-1' }))).toEqual([['businessDate']]);
    const closed = makeShiftClosed();
    expect(
      issuePaths(ShiftClosedSchema.safeParse({ ...closed, countedByDenomination: [{ denominationMinor: 0, count: 1 }] })),
    ).toEqual([['countedByDenomination', 0, 'denominationMinor']]);
  });
});

describe('receipt numbers', () => {
  it('When formatting and parsing, then the terminal code and seq round-trip', () => {
    expect(formatReceiptNumber('T01', 123)).toBe('T01-000123');
    expect(formatReceiptNumber('T01', 1_234_567)).toBe('T01-1234567');
    expect(parseReceiptNumber('T01-000123')).toEqual({ terminalCode: 'T01', receiptSeq: 123 });
    expect(parseReceiptNumber('T01-12')).toBeNull();
    expect(() => formatReceiptNumber('T01', 0)).toThrow(RangeError);
  });
});
