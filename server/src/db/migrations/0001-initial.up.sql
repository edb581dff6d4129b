-- Keel sync server: the initial model. Every table's key leads with tenant_id so that a
-- tenant-sharded PostgreSQL (Citus, distributed by tenant_id) could take over later.
-- Money is bigint minor units; quantities are bigint thousandths (qty_milli).

CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stores (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  name text NOT NULL,
  -- StoreSettings from @keel/shared (currency, tax mode, time zone, business day, ...).
  settings jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- People who use the admin API: IT admins (whole tenant) and store managers.
CREATE TABLE accounts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  email text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'manager')),
  store_id uuid,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
  -- A manager belongs to exactly one store; an admin to the whole tenant.
  CHECK ((role = 'manager') = (store_id IS NOT NULL))
);
-- Login arrives with an email only; emails are unique across the fleet.
CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));

CREATE TABLE admin_sessions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  account_id uuid NOT NULL,
  token_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE UNIQUE INDEX admin_sessions_token ON admin_sessions (token_hash);
CREATE INDEX admin_sessions_account ON admin_sessions (tenant_id, account_id);

CREATE TABLE enrollment_codes (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  store_id uuid NOT NULL,
  code_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  terminal_id uuid,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE UNIQUE INDEX enrollment_codes_hash ON enrollment_codes (code_hash);
CREATE INDEX enrollment_codes_store ON enrollment_codes (tenant_id, store_id, created_at);

CREATE TABLE terminals (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  store_id uuid NOT NULL,
  name text NOT NULL,
  -- Short code printed on receipts (T01, T02, ...), unique per store.
  code text NOT NULL,
  token_hash text NOT NULL,
  -- The journal acknowledgement: advanced in the same transaction as each op's effects.
  last_seq bigint NOT NULL DEFAULT 0,
  last_hash text NOT NULL DEFAULT repeat('0', 64),
  revoked_at timestamptz,
  last_seen_at timestamptz,
  heartbeat jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
  UNIQUE (tenant_id, store_id, code)
);
CREATE UNIQUE INDEX terminals_token ON terminals (token_hash);

-- Catalog (server-authoritative; every write also writes change_log in the same transaction).
CREATE TABLE tax_rates (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  name text NOT NULL,
  rate_ppm integer NOT NULL CHECK (rate_ppm BETWEEN 0 AND 1000000),
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE categories (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  name text NOT NULL,
  parent_id uuid,
  sort_order integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE products (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  sku text NOT NULL,
  name text NOT NULL,
  category_id uuid,
  tax_rate_id text NOT NULL,
  price_minor bigint NOT NULL CHECK (price_minor >= 0),
  sold_by_weight boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, sku),
  FOREIGN KEY (tenant_id, tax_rate_id) REFERENCES tax_rates (tenant_id, id),
  FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id)
);

CREATE TABLE barcodes (
  tenant_id uuid NOT NULL,
  code text NOT NULL,
  product_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, code),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX barcodes_product ON barcodes (tenant_id, product_id);

-- A store's own price for a product, overriding products.price_minor.
CREATE TABLE store_prices (
  tenant_id uuid NOT NULL,
  store_id uuid NOT NULL,
  product_id uuid NOT NULL,
  price_minor bigint NOT NULL CHECK (price_minor >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, store_id, product_id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX store_prices_product ON store_prices (tenant_id, product_id);

-- Cashiers, supervisors and managers who log in at the till with a PIN (offline).
CREATE TABLE cashiers (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  store_id uuid NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('cashier', 'supervisor', 'manager')),
  pin_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  -- Null: the store's limit for the role applies.
  max_discount_bp integer CHECK (max_discount_bp BETWEEN 0 AND 10000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

-- Rows written from terminal operations reference catalog ids as text: a sale for a product
-- the server does not know must still be stored (DESIGN.md invariant 4), so no foreign keys.

-- Stock is the sum of movements; stock_levels is that sum kept current in the same
-- transaction as each movement (qty = qty + delta; negative allowed and flagged). A sale's lines
-- are its movements (no second copy); stock_movements holds every other kind (refund restock,
-- void, goods received, counts). The view stock_movement_ledger is the union of both.
CREATE TABLE stock_movements (
  tenant_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  store_id uuid NOT NULL,
  product_id text NOT NULL,
  delta_qty_milli bigint NOT NULL,
  reason text NOT NULL,
  terminal_id uuid,
  seq bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX stock_movements_product ON stock_movements (tenant_id, store_id, product_id);

CREATE TABLE stock_levels (
  tenant_id uuid NOT NULL,
  store_id uuid NOT NULL,
  product_id text NOT NULL,
  qty_milli bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, store_id, product_id)
);

-- The catalog change feed. xid is the writing transaction's id; a pull page holds only rows
-- below pg_snapshot_xmin(pg_current_snapshot()), ordered by (xid, id), so a transaction that
-- commits late can never be skipped (DESIGN.md, "Sync protocol v1").
CREATE TABLE change_log (
  tenant_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  -- NULL: every store of the tenant sees the change (products, taxes, ...).
  store_id uuid,
  entity text NOT NULL,
  entity_id text NOT NULL,
  op text NOT NULL CHECK (op IN ('upsert', 'delete')),
  data jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX change_log_feed ON change_log (tenant_id, xid, id);

-- Every operation a terminal pushed, applied or rejected: the exactly-once ledger.
CREATE TABLE operations (
  tenant_id uuid NOT NULL,
  terminal_id uuid NOT NULL,
  seq bigint NOT NULL,
  op_id uuid NOT NULL,
  type text NOT NULL,
  hash text NOT NULL,
  prev_hash text NOT NULL,
  status text NOT NULL CHECK (status IN ('applied', 'rejected')),
  reason text,
  -- The operation exactly as received (json keeps the text; it is only ever read back whole).
  op json NOT NULL,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, terminal_id, seq)
);
CREATE UNIQUE INDEX operations_op_id ON operations (tenant_id, op_id);
CREATE INDEX operations_rejected ON operations (tenant_id, received_at) WHERE status = 'rejected';

CREATE TABLE sales (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  store_id uuid NOT NULL,
  terminal_id uuid NOT NULL,
  seq bigint NOT NULL,
  receipt_number text NOT NULL,
  receipt_seq bigint NOT NULL,
  shift_id uuid,
  cashier_id text,
  created_at timestamptz NOT NULL,
  business_date date NOT NULL,
  currency text NOT NULL,
  subtotal_minor bigint NOT NULL,
  discount_minor bigint NOT NULL,
  net_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  total_minor bigint NOT NULL,
  rounding_minor bigint NOT NULL,
  change_minor bigint NOT NULL,
  voided_at timestamptz,
  -- The full sale document is kept once, in operations.op (seq above): not copied here.
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, terminal_id, receipt_seq)
);
CREATE INDEX sales_store_day ON sales (tenant_id, store_id, business_date);

CREATE TABLE sale_lines (
  tenant_id uuid NOT NULL,
  sale_id uuid NOT NULL,
  line_no integer NOT NULL,
  line_id text NOT NULL,
  product_id text,
  sku text NOT NULL,
  name text NOT NULL,
  unit_price_minor bigint NOT NULL,
  qty_milli bigint NOT NULL,
  tax_rate_id text NOT NULL,
  rate_ppm integer NOT NULL,
  line_discount_minor bigint NOT NULL,
  cart_discount_minor bigint NOT NULL,
  total_minor bigint NOT NULL,
  net_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  PRIMARY KEY (tenant_id, sale_id, line_no)
);

CREATE TABLE sale_tenders (
  tenant_id uuid NOT NULL,
  sale_id uuid NOT NULL,
  idx integer NOT NULL,
  kind text NOT NULL,
  amount_minor bigint NOT NULL,
  tendered_minor bigint NOT NULL,
  change_minor bigint NOT NULL,
  -- Card data kept: brand, masked PAN and auth code only. Never a full PAN.
  brand text,
  masked_pan text,
  auth_code text,
  PRIMARY KEY (tenant_id, sale_id, idx)
);

CREATE TABLE refunds (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  store_id uuid NOT NULL,
  terminal_id uuid NOT NULL,
  seq bigint NOT NULL,
  original_sale_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  business_date date NOT NULL,
  total_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  refund jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX refunds_original ON refunds (tenant_id, original_sale_id);

CREATE TABLE voids (
  tenant_id uuid NOT NULL,
  sale_id uuid NOT NULL,
  store_id uuid NOT NULL,
  terminal_id uuid NOT NULL,
  seq bigint NOT NULL,
  created_at timestamptz NOT NULL,
  void jsonb NOT NULL,
  PRIMARY KEY (tenant_id, sale_id)
);

CREATE TABLE shifts (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  store_id uuid NOT NULL,
  terminal_id uuid NOT NULL,
  cashier_id text,
  opened_at timestamptz,
  opening_float_minor bigint NOT NULL,
  closed_at timestamptz,
  expected_minor bigint,
  counted_minor bigint,
  over_short_minor bigint,
  close jsonb,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE cash_movements (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  store_id uuid NOT NULL,
  terminal_id uuid NOT NULL,
  shift_id uuid,
  kind text NOT NULL,
  amount_minor bigint NOT NULL,
  reason text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE day_closes (
  tenant_id uuid NOT NULL,
  terminal_id uuid NOT NULL,
  z_number integer NOT NULL,
  store_id uuid NOT NULL,
  business_date date NOT NULL,
  created_at timestamptz NOT NULL,
  report jsonb NOT NULL,
  PRIMARY KEY (tenant_id, terminal_id, z_number)
);

CREATE VIEW stock_movement_ledger AS
  SELECT tenant_id, store_id, product_id, delta_qty_milli, reason, terminal_id, seq FROM stock_movements
  UNION ALL
  SELECT l.tenant_id, s.store_id, l.product_id, -l.qty_milli, 'sale', s.terminal_id, s.seq
    FROM sale_lines l JOIN sales s ON s.tenant_id = l.tenant_id AND s.id = l.sale_id
   WHERE l.product_id IS NOT NULL;

CREATE TABLE anomalies (
  tenant_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  store_id uuid NOT NULL,
  terminal_id uuid,
  seq bigint,
  code text NOT NULL,
  message text NOT NULL,
  details jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX anomalies_open ON anomalies (tenant_id, store_id, created_at) WHERE resolved_at IS NULL;

-- Rate-limit counters live here so that limits hold across server instances.
CREATE TABLE rate_limits (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
