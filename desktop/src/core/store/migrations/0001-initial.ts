/**
 * The terminal's first schema. Money is INTEGER minor units, quantities INTEGER thousandths.
 * Documents (sales, refunds, ...) keep their full operation payload as JSON beside the columns
 * reports query, so nothing recorded is ever lost to a column that was not foreseen.
 */
export const up = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- The journal: every business event, numbered 1, 2, 3... and hash-chained. The outbox is the
-- journal past the server's acknowledgement (meta 'sync.ackedSeq').
CREATE TABLE journal (
  seq INTEGER PRIMARY KEY,
  op_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  created_at TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  op TEXT NOT NULL
) STRICT;

-- Operations the server stored as rejected, for a manager to review.
CREATE TABLE rejected_ops (
  seq INTEGER PRIMARY KEY REFERENCES journal (seq),
  code TEXT NOT NULL,
  reason TEXT NOT NULL,
  seen_at TEXT NOT NULL
) STRICT;

-- Catalog replica (server-authoritative; written only by the pull engine).
CREATE TABLE tax_rates (id TEXT PRIMARY KEY, name TEXT NOT NULL, rate_ppm INTEGER NOT NULL, data TEXT NOT NULL) STRICT;
CREATE TABLE categories (id TEXT PRIMARY KEY, name TEXT NOT NULL, data TEXT NOT NULL) STRICT;
CREATE TABLE products (
  id TEXT PRIMARY KEY,
  sku TEXT NOT NULL,
  name TEXT NOT NULL,
  category_id TEXT,
  tax_rate_id TEXT NOT NULL,
  price_minor INTEGER NOT NULL,
  sold_by_weight INTEGER NOT NULL,
  active INTEGER NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX products_sku ON products (sku);
CREATE INDEX products_name ON products (name COLLATE NOCASE);
CREATE TABLE barcodes (code TEXT PRIMARY KEY, product_id TEXT NOT NULL) STRICT;
CREATE INDEX barcodes_product ON barcodes (product_id);
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  pin_hash TEXT NOT NULL,
  active INTEGER NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE TABLE store_settings (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL) STRICT;
CREATE TABLE stock_levels (product_id TEXT PRIMARY KEY, qty_milli INTEGER NOT NULL, updated_at TEXT NOT NULL) STRICT;

-- People: failed PIN attempts for lockout.
CREATE TABLE login_failures (
  user_id TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  locked_until TEXT
) STRICT;

-- Shifts and cash.
CREATE TABLE shifts (
  shift_id TEXT PRIMARY KEY,
  cashier_id TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  business_date TEXT NOT NULL,
  opening_float_minor INTEGER NOT NULL,
  closed_at TEXT,
  expected_minor INTEGER,
  counted_minor INTEGER,
  over_short_minor INTEGER,
  close TEXT
) STRICT;
-- At most one open shift per terminal.
CREATE UNIQUE INDEX shifts_one_open ON shifts ((closed_at IS NULL)) WHERE closed_at IS NULL;

CREATE TABLE cash_movements (
  id TEXT PRIMARY KEY,
  shift_id TEXT NOT NULL REFERENCES shifts (shift_id),
  kind TEXT NOT NULL CHECK (kind IN ('cash_in', 'cash_out', 'no_sale')),
  amount_minor INTEGER NOT NULL,
  reason TEXT,
  cashier_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  seq INTEGER NOT NULL REFERENCES journal (seq)
) STRICT;

-- Documents with a receipt number: sales and refunds share one gapless sequence.
CREATE TABLE sales (
  sale_id TEXT PRIMARY KEY,
  receipt_seq INTEGER NOT NULL UNIQUE,
  receipt_number TEXT NOT NULL,
  shift_id TEXT NOT NULL REFERENCES shifts (shift_id),
  cashier_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  business_date TEXT NOT NULL,
  total_minor INTEGER NOT NULL,
  tax_minor INTEGER NOT NULL,
  discount_minor INTEGER NOT NULL,
  rounding_minor INTEGER NOT NULL,
  change_minor INTEGER NOT NULL,
  voided_at TEXT,
  doc TEXT NOT NULL,
  seq INTEGER NOT NULL REFERENCES journal (seq)
) STRICT;
CREATE INDEX sales_business_date ON sales (business_date);
CREATE INDEX sales_shift ON sales (shift_id);

CREATE TABLE sale_lines (
  sale_id TEXT NOT NULL REFERENCES sales (sale_id),
  line_no INTEGER NOT NULL,
  line_id TEXT NOT NULL,
  product_id TEXT,
  sku TEXT NOT NULL,
  name TEXT NOT NULL,
  category_id TEXT,
  unit_price_minor INTEGER NOT NULL,
  qty_milli INTEGER NOT NULL,
  tax_rate_id TEXT NOT NULL,
  rate_ppm INTEGER NOT NULL,
  discount_minor INTEGER NOT NULL,
  total_minor INTEGER NOT NULL,
  net_minor INTEGER NOT NULL,
  tax_minor INTEGER NOT NULL,
  PRIMARY KEY (sale_id, line_no)
) STRICT;

CREATE TABLE sale_tenders (
  sale_id TEXT NOT NULL REFERENCES sales (sale_id),
  idx INTEGER NOT NULL,
  kind TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  tendered_minor INTEGER NOT NULL,
  change_minor INTEGER NOT NULL,
  -- Card data kept: brand, masked PAN, auth code. Never a full PAN.
  brand TEXT,
  masked_pan TEXT,
  auth_code TEXT,
  PRIMARY KEY (sale_id, idx)
) STRICT;

CREATE TABLE refunds (
  refund_id TEXT PRIMARY KEY,
  original_sale_id TEXT NOT NULL,
  receipt_seq INTEGER NOT NULL UNIQUE,
  receipt_number TEXT NOT NULL,
  shift_id TEXT NOT NULL REFERENCES shifts (shift_id),
  cashier_id TEXT NOT NULL,
  approved_by TEXT,
  created_at TEXT NOT NULL,
  business_date TEXT NOT NULL,
  total_minor INTEGER NOT NULL,
  tax_minor INTEGER NOT NULL,
  doc TEXT NOT NULL,
  seq INTEGER NOT NULL REFERENCES journal (seq)
) STRICT;
CREATE INDEX refunds_original ON refunds (original_sale_id);
CREATE INDEX refunds_business_date ON refunds (business_date);

CREATE TABLE voids (
  sale_id TEXT PRIMARY KEY REFERENCES sales (sale_id),
  void_id TEXT NOT NULL UNIQUE,
  shift_id TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  business_date TEXT NOT NULL,
  doc TEXT NOT NULL,
  seq INTEGER NOT NULL REFERENCES journal (seq)
) STRICT;

CREATE TABLE stock_movements (
  id INTEGER PRIMARY KEY,
  product_id TEXT NOT NULL,
  delta_qty_milli INTEGER NOT NULL,
  reason TEXT NOT NULL,
  seq INTEGER NOT NULL REFERENCES journal (seq)
) STRICT;

CREATE TABLE day_closes (
  z_number INTEGER PRIMARY KEY,
  business_date TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  doc TEXT NOT NULL,
  seq INTEGER NOT NULL REFERENCES journal (seq)
) STRICT;

-- Carts survive a restart: the current one and parked ones.
CREATE TABLE carts (
  cart_id TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('current', 'parked')),
  label TEXT,
  parked_at TEXT,
  data TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX carts_one_current ON carts (state) WHERE state = 'current';
`;
