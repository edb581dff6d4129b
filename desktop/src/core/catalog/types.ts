import type { Product, Role, StoreSettings, TaxRate, User } from '@keel/shared';

/**
 * What a scan resolves to. In-store barcodes for weighed or priced goods (prefix 2x, e.g.
 * "2 PPPPP WWWWW C") carry a quantity or a price; a plain EAN/UPC carries neither.
 */
export interface ScanResult {
  product: Product;
  /** From a weight-embedded barcode (thousandths of the unit). */
  qtyMilli: number | null;
  /** From a price-embedded barcode: the line's total as printed by the scale. */
  embeddedPriceMinor: number | null;
  /** The code as scanned, for the receipt and for support. */
  scanned: string;
}

/** Read access to the catalog replica that checkout needs. Implemented in catalog/replica.ts. */
export interface CatalogReader {
  resolveScan(code: string): ScanResult | null;
  getProduct(id: string): Product | null;
  search(query: string, limit: number): Product[];
  taxRates(): TaxRate[];
  /** Null before the first sync delivered the store's settings. */
  settings(): StoreSettings | null;
}

/** A person at the till, as core keeps them in a session. */
export interface Person {
  id: string;
  name: string;
  role: Role;
  maxDiscountBasisPoints: number | null;
}

/** Offline authentication against PIN hashes pulled from the server. Implemented in people/. */
export interface PeopleService {
  /** Users who may log in at this terminal (login screen tiles). */
  listActive(): Pick<User, 'id' | 'name' | 'role'>[];
  /** PIN_INVALID on a wrong PIN; locks the user after repeated failures (KeelError PIN_INVALID with details.lockedUntil). */
  login(userId: string, pin: string): Person;
  /**
   * A supervisor's (or higher) approval by PIN for an action the cashier may not do alone.
   * APPROVAL_REQUIRED when no PIN is given, PIN_INVALID when no user of at least `minRole`
   * has that PIN.
   */
  approve(pin: string | undefined, minRole: Role): Person;
}
