import { z } from 'zod';
import { MinorSchema, QtyMilliSchema } from '../money/schemas';
import { EntityIdSchema, textLine, UtcTimestampSchema } from './primitives';

/**
 * Catalog entities as the server sends them in a pull (DESIGN.md "Sync protocol v1": the
 * catalog is server-authoritative; terminals never edit it). Plain `z.object`s: fields a newer
 * server adds are dropped by an older terminal instead of failing the whole pull.
 */

/**
 * What a scanner reads: EAN/UPC digits, or Code 128 and similar printable ASCII. Kept exactly as
 * scanned (no check-digit rewriting) because the lookup is by equality.
 */
export const BarcodeValueSchema = z.string().min(1).max(64).regex(/^[\x21-\x7E]+$/, 'printable ASCII without spaces');
export type BarcodeValue = z.infer<typeof BarcodeValueSchema>;

export const SkuSchema = z.string().min(1).max(64).regex(/^[\x21-\x7E]+$/, 'printable ASCII without spaces');

const NonNegativeMinorSchema = MinorSchema.refine((v) => v >= 0, 'must not be negative');

export const ProductSchema = z.object({
  id: EntityIdSchema,
  sku: SkuSchema,
  name: textLine(200),
  categoryId: EntityIdSchema.nullable(),
  taxRateId: EntityIdSchema,
  /** Shelf price per piece, or per kilogram when soldByWeight; tax included or not per store taxMode. */
  priceMinor: NonNegativeMinorSchema,
  /** The product's codes, for display and editing; the terminal's lookup index is the barcode entity. */
  barcodes: z.array(BarcodeValueSchema).max(100),
  /** Weighed at the till: quantities are thousandths of a kilogram. */
  soldByWeight: z.boolean(),
  /** Inactive products stay for history and receipts but cannot be sold. */
  active: z.boolean(),
  updatedAt: UtcTimestampSchema,
});
export type Product = z.infer<typeof ProductSchema>;

/**
 * One scannable code → one product: the row the terminal indexes for `cart.addByBarcode`.
 * Its sync id is the code itself; moving a code to another product is an upsert of this row.
 */
export const BarcodeSchema = z.object({
  code: BarcodeValueSchema,
  productId: EntityIdSchema,
  updatedAt: UtcTimestampSchema,
});
export type Barcode = z.infer<typeof BarcodeSchema>;

export const CategorySchema = z.object({
  id: EntityIdSchema,
  name: textLine(100),
  parentId: EntityIdSchema.nullable(),
  sortOrder: z.number().int(),
  active: z.boolean(),
  updatedAt: UtcTimestampSchema,
});
export type Category = z.infer<typeof CategorySchema>;

/**
 * The store's stock of a product as the server computed it: the sum of all deltas (sales,
 * refunds, stock.moved). Negative is allowed and flagged, never refused (DESIGN.md invariant 4).
 * Its sync id is the productId.
 */
export const StockLevelSchema = z.object({
  productId: EntityIdSchema,
  qtyMilli: QtyMilliSchema,
  updatedAt: UtcTimestampSchema,
});
export type StockLevel = z.infer<typeof StockLevelSchema>;
