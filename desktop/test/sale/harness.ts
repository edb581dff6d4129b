import { randomBytes, scryptSync } from 'node:crypto';
import path from 'node:path';
import { KeelError, type CatalogChange, type Product, type StoreSettings, type User } from '@keel/shared';
import { withCheckDigit } from '../../src/core/catalog/gtin';
import { CatalogReplica } from '../../src/core/catalog/replica';
import type { Person } from '../../src/core/catalog/types';
import { People } from '../../src/core/people/people';
import type { SessionReader } from '../../src/core/sale/context';
import { Journal } from '../../src/core/sale/journal';
import { createSaleServices, type SaleServices } from '../../src/core/sale/services';
import type { Db } from '../../src/core/store/database';
import { openLedger } from '../../src/core/store/open-ledger';
import { FakeCardTerminal } from '../payments/fake-card-terminal';
import { tempDir } from '../support/temp';

/**
 * A terminal for sale tests: a real ledger file, the real catalog replica and people service
 * fed through their public writers, an in-memory card terminal, and a clock and ids the test
 * controls (STYLE.md habit 10).
 */

export const AT = '2026-03-02T09:00:00.000Z';
export const STORE_ID = '6f1c2b9e-4d3a-4c5b-9e8f-0a1b2c3d4e5f';
export const TERMINAL_ID = '0f0e0d0c-0b0a-4908-8706-050403020100';

export const PINS = { cashier: '1111', supervisor: '2222', manager: '3333', thrifty: '4444' } as const;

/** Scale labels (defaults of in-store-codes.ts): 21 IIIII WWWWW C weight in grams, 22 IIIII PPPPP C price. */
export const weightLabel = (item: string, grams: number) => withCheckDigit(`21${item}${String(grams).padStart(5, '0')}`);
export const priceLabel = (item: string, minor: number) => withCheckDigit(`22${item}${String(minor).padStart(5, '0')}`);

export function product(id: string, overrides: Partial<Product> = {}): Product {
  return {
    id,
    sku: `SKU-${id}`,
    name: `Product ${id}`,
    categoryId: 'cat-1',
    taxRateId: 'vat-19',
    priceMinor: 1000,
    barcodes: [],
    soldByWeight: false,
    active: true,
    updatedAt: AT,
    ...overrides,
  };
}

export const PRODUCTS = {
  cola: product('cola', { priceMinor: 250, barcodes: ['COLA'] }),
  bread: product('bread', { priceMinor: 1000, taxRateId: 'vat-7', barcodes: ['BREAD'] }),
  wine: product('wine', { priceMinor: 1299, barcodes: ['WINE'] }),
  // Weighed: 12.99 per kg; labels 2100123 (weight) and 2200123 (price).
  cheese: product('cheese', { priceMinor: 1299, soldByWeight: true, taxRateId: 'vat-7', barcodes: ['2100123', '2200123'] }),
  retired: product('retired', { priceMinor: 500, active: false, barcodes: ['OLD'] }),
};

export function storeSettings(overrides: Partial<StoreSettings> = {}): StoreSettings {
  return {
    storeId: STORE_ID,
    name: 'Corner Shop',
    currency: 'EUR',
    taxMode: 'inclusive',
    roundingMode: 'half-up',
    cashRoundingMinor: 1,
    addressLines: ['Hauptstr. 1'],
    taxNumber: null,
    timeZone: 'Europe/Berlin',
    businessDayStartsAt: '04:00',
    receiptHeaderLines: [],
    receiptFooterLines: [],
    shiftOverShortLimitMinor: 500,
    maxDiscountBasisPointsByRole: { cashier: 1000, supervisor: 2000, manager: 5000 },
    updatedAt: AT,
    ...overrides,
  };
}

/** A real scrypt hash in the server's format, with a small N so tests stay fast. */
function pinHash(pin: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(pin, salt, 32, { N: 1024, r: 8, p: 1 });
  return `scrypt$1024$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

function user(id: string, role: User['role'], pin: string, maxDiscountBasisPoints: number | null = null): User {
  return { id, name: `User ${id}`, role, pinHash: pinHash(pin), active: true, maxDiscountBasisPoints, updatedAt: AT };
}

export const USERS = {
  cashier: user('u-cashier', 'cashier', PINS.cashier),
  supervisor: user('u-super', 'supervisor', PINS.supervisor),
  manager: user('u-manager', 'manager', PINS.manager),
  /** A cashier whose own limit (5 %) is below the role's (10 %). */
  thrifty: user('u-thrifty', 'cashier', PINS.thrifty, 500),
};

export class TestClock {
  private ms: number;
  constructor(start = AT) {
    this.ms = Date.parse(start);
  }
  now(): Date {
    this.ms += 1000; // every reading one second later: instants stay distinct and ordered
    return new Date(this.ms);
  }
  set(iso: string): void {
    this.ms = Date.parse(iso) - 1000;
  }
}

export class TestIds {
  /** A harness reopening a ledger starts elsewhere, so ids stay unique across the "restart". */
  constructor(private n = 0) {}
  uuid(): string {
    this.n += 1;
    return `00000000-0000-4000-8000-${this.n.toString(16).padStart(12, '0')}`;
  }
}

export class TestSession implements SessionReader {
  person: Person | null = null;
  current(): Person | null {
    return this.person;
  }
}

export interface Harness {
  db: Db;
  file: string;
  journal: Journal;
  catalog: CatalogReplica;
  people: People;
  session: TestSession;
  card: FakeCardTerminal;
  clock: TestClock;
  ids: TestIds;
  sale: SaleServices;
  /** Logs a user in through the real PIN check. */
  login(who: keyof typeof USERS): Person;
}

export interface HarnessOptions {
  settings?: Partial<StoreSettings>;
  products?: Product[];
  file?: string;
  terminalCode?: string;
  card?: FakeCardTerminal;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const file = options.file ?? path.join(tempDir(), 'keel.sqlite');
  const clock = new TestClock();
  const ids = new TestIds(options.file ? 0x100000 : 0);
  const db = await openLedger(file, () => clock.now());
  const catalog = new CatalogReplica(db);
  if (!options.file) seedCatalog(catalog, options);
  const people = new People(db, clock);
  const session = new TestSession();
  const card = options.card ?? new FakeCardTerminal();
  const journal = new Journal(db, TERMINAL_ID, clock, ids);
  const sale = createSaleServices({
    db,
    journal,
    catalog,
    people,
    session,
    terminal: { terminalId: TERMINAL_ID, storeId: STORE_ID, terminalCode: options.terminalCode ?? 'T01' },
    cardTerminal: card,
    clock,
    ids,
  });
  const login = (who: keyof typeof USERS) => {
    session.person = people.login(USERS[who].id, PINS[who]);
    return session.person;
  };
  return { db, file, journal, catalog, people, session, card, clock, ids, sale, login };
}

function seedCatalog(catalog: CatalogReplica, options: HarnessOptions): void {
  const products = options.products ?? Object.values(PRODUCTS);
  const changes: CatalogChange[] = [
    { entity: 'taxRate', op: 'upsert', id: 'vat-19', data: { id: 'vat-19', name: 'VAT 19 %', ratePpm: 190_000 } },
    { entity: 'taxRate', op: 'upsert', id: 'vat-7', data: { id: 'vat-7', name: 'VAT 7 %', ratePpm: 70_000 } },
    ...products.map((p): CatalogChange => ({ entity: 'product', op: 'upsert', id: p.id, data: p })),
    ...products.flatMap((p) => p.barcodes.map((code): CatalogChange => ({ entity: 'barcode', op: 'upsert', id: code, data: { code, productId: p.id, updatedAt: AT } }))),
    ...Object.values(USERS).map((u): CatalogChange => ({ entity: 'user', op: 'upsert', id: u.id, data: u })),
    { entity: 'storeSettings', op: 'upsert', id: STORE_ID, data: storeSettings(options.settings) },
  ];
  catalog.applyPage(changes, 'cursor-1');
}

/** Logs in the cashier and opens a shift with `float`: the usual start of a sale test. */
export async function openedTill(options: HarnessOptions & { float?: number; who?: keyof typeof USERS } = {}): Promise<Harness> {
  const h = await createHarness(options);
  h.login(options.who ?? 'cashier');
  h.sale.shifts.open(options.float ?? 10_000);
  return h;
}

/** Rows of a table, for assertions. */
export function rows<T = Record<string, unknown>>(db: Db, sql: string, ...params: unknown[]): T[] {
  return db.prepare(sql).all(...params) as T[];
}

export function count(db: Db, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** The KeelError code `fn` throws (or a marker for anything else), for table-driven checks. */
export function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof KeelError ? error.code : `not a KeelError: ${String(error)}`;
  }
}

export async function asyncCodeOf(fn: () => Promise<unknown>): Promise<string | null> {
  try {
    await fn();
    return null;
  } catch (error) {
    return error instanceof KeelError ? error.code : `not a KeelError: ${String(error)}`;
  }
}

export async function caught(fn: () => Promise<unknown>): Promise<KeelError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof KeelError) return error;
    throw error;
  }
  throw new Error('expected a KeelError');
}
