import type {
  CashMovement,
  DayClosed,
  DrawerOpened,
  Refund,
  Sale,
  SaleVoid,
  ShiftClosed,
  ShiftOpened,
  StockMovement,
} from '../../src/sale';

/** A deterministic lower-case v4-shaped UUID for test number n. */
export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export const TERMINAL_ID = '3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b';
export const OTHER_TERMINAL_ID = '9d8c7b6a-5f4e-4d3c-ab2a-1f0e9d8c7b6a';
export const STORE_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
export const SHIFT_ID = uuid(100);
export const AT = '2025-03-01T09:30:00.000Z';

export function makeSale(overrides: Partial<Sale> = {}): Sale {
  return {
    saleId: uuid(1),
    terminalId: TERMINAL_ID,
    storeId: STORE_ID,
    receiptNumber: 'T01-000123',
    receiptSeq: 123,
    shiftId: SHIFT_ID,
    cashierId: 'u-anna',
    createdAt: AT,
    businessDate: '2025-03-01',
    pricing: { currency: 'EUR', taxMode: 'inclusive', roundingMode: 'half-up', cashRoundingMinor: 1 },
    lines: [
      {
        lineId: 'l1',
        productId: 'p-coffee',
        sku: 'COF-500',
        name: 'Coffee beans 500 g',
        unitPriceMinor: 1299,
        qtyMilli: 2000,
        taxRateId: 'vat-7',
        ratePpm: 70_000,
        extendedMinor: 2598,
        lineDiscountMinor: 0,
        cartDiscountMinor: 0,
        totalMinor: 2598,
        netMinor: 2428,
        taxMinor: 170,
        discount: null,
        discountApprovedBy: null,
        priceOverride: null,
      },
    ],
    cartDiscount: null,
    cartDiscountApprovedBy: null,
    totals: {
      subtotalMinor: 2598,
      discountMinor: 0,
      netMinor: 2428,
      taxMinor: 170,
      totalMinor: 2598,
      taxes: [{ taxRateId: 'vat-7', ratePpm: 70_000, netMinor: 2428, taxMinor: 170, grossMinor: 2598 }],
    },
    tenders: [
      { kind: 'cash', tenderedMinor: 2000, amountMinor: 1598, changeMinor: 402 },
      {
        kind: 'card',
        amountMinor: 1000,
        brand: 'VISA',
        maskedPan: '411111******1111',
        authCode: '123456',
        terminalTransactionRef: '000042',
        terminalReceiptLines: ['KARTENZAHLUNG', 'VISA', '************1111', 'BETRAG EUR 10,00'],
      },
    ],
    roundingMinor: 0,
    changeMinor: 402,
    ...overrides,
  };
}

export function makeRefund(overrides: Partial<Refund> = {}): Refund {
  return {
    refundId: uuid(2),
    originalSaleId: uuid(1),
    originalReceiptNumber: 'T01-000123',
    terminalId: TERMINAL_ID,
    storeId: STORE_ID,
    receiptNumber: 'T01-000124',
    receiptSeq: 124,
    shiftId: SHIFT_ID,
    cashierId: 'u-anna',
    createdAt: '2025-03-01T10:00:00.000Z',
    businessDate: '2025-03-01',
    pricing: { currency: 'EUR', taxMode: 'inclusive', roundingMode: 'half-up', cashRoundingMinor: 1 },
    lines: [
      {
        lineId: 'l1',
        productId: 'p-coffee',
        sku: 'COF-500',
        name: 'Coffee beans 500 g',
        unitPriceMinor: 1299,
        qtyMilli: -1000,
        taxRateId: 'vat-7',
        ratePpm: 70_000,
        extendedMinor: -1299,
        lineDiscountMinor: 0,
        cartDiscountMinor: 0,
        totalMinor: -1299,
        netMinor: -1214,
        taxMinor: -85,
        restock: true,
      },
    ],
    totals: {
      subtotalMinor: -1299,
      discountMinor: 0,
      netMinor: -1214,
      taxMinor: -85,
      totalMinor: -1299,
      taxes: [{ taxRateId: 'vat-7', ratePpm: 70_000, netMinor: -1214, taxMinor: -85, grossMinor: -1299 }],
    },
    tenders: [{ kind: 'cash', amountMinor: -1299 }],
    roundingMinor: 0,
    reason: 'Damaged packaging',
    approvedBy: 'u-maria',
    ...overrides,
  };
}

export function makeVoid(overrides: Partial<SaleVoid> = {}): SaleVoid {
  return {
    voidId: uuid(3),
    saleId: uuid(1),
    receiptNumber: 'T01-000123',
    shiftId: SHIFT_ID,
    cashierId: 'u-anna',
    approvedBy: 'u-maria',
    reason: 'Customer changed mind at the till',
    tenders: [{ kind: 'cash', amountMinor: -1598 }],
    createdAt: '2025-03-01T09:31:00.000Z',
    businessDate: '2025-03-01',
    ...overrides,
  };
}

export function makeShiftOpened(): ShiftOpened {
  return { shiftId: SHIFT_ID, cashierId: 'u-anna', openingFloatMinor: 15_000, openedAt: '2025-03-01T08:00:00.000Z', businessDate: '2025-03-01' };
}

export function makeShiftClosed(): ShiftClosed {
  return {
    shiftId: SHIFT_ID,
    cashierId: 'u-anna',
    closedAt: '2025-03-01T18:00:00.000Z',
    countedByDenomination: [
      { denominationMinor: 5000, count: 3 },
      { denominationMinor: 200, count: 4 },
    ],
    countedMinor: 15_800,
    expectedMinor: 15_900,
    overShortMinor: -100,
    approvedBy: null,
  };
}

export function makeCashMovement(): CashMovement {
  return {
    movementId: uuid(4),
    shiftId: SHIFT_ID,
    cashierId: 'u-anna',
    direction: 'out',
    amountMinor: 10_000,
    reason: 'Safe drop',
    approvedBy: 'u-maria',
    createdAt: '2025-03-01T12:00:00.000Z',
  };
}

export function makeDrawerOpened(): DrawerOpened {
  return { eventId: uuid(5), shiftId: SHIFT_ID, cashierId: 'u-anna', reason: 'Change for a customer', createdAt: '2025-03-01T12:30:00.000Z' };
}

export function makeStockMovement(): StockMovement {
  return {
    movementId: uuid(6),
    productId: 'p-coffee',
    deltaQtyMilli: 24_000,
    reason: 'received',
    note: null,
    cashierId: 'u-anna',
    createdAt: '2025-03-01T13:00:00.000Z',
  };
}

export function makeDayClosed(): DayClosed {
  return {
    zId: uuid(7),
    zNumber: 42,
    businessDate: '2025-03-01',
    closedBy: 'u-maria',
    closedAt: '2025-03-01T18:05:00.000Z',
    firstReceiptNumber: 'T01-000123',
    lastReceiptNumber: 'T01-000124',
    summary: {
      salesGrossMinor: 2598,
      refundsGrossMinor: -1299,
      voidsGrossMinor: 0,
      grossMinor: 1299,
      netMinor: 1214,
      taxMinor: 85,
      taxes: [{ taxRateId: 'vat-7', ratePpm: 70_000, netMinor: 1214, taxMinor: 85, grossMinor: 1299 }],
      discountMinor: 0,
      roundingMinor: 0,
      tenders: [
        { kind: 'cash', amountMinor: 299, count: 2 },
        { kind: 'card', amountMinor: 1000, count: 1 },
      ],
      cashInMinor: 0,
      cashOutMinor: 10_000,
      counts: { sales: 1, refunds: 1, voids: 0, noSales: 1, cashMovements: 1 },
      grandTotalMinor: 9_876_543,
    },
  };
}
