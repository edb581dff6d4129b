-- Indexes for reports (domain/reports-*.ts) and the Z check that push runs for each day.closed.
-- A terminal's Z covers its journal after the previous Z, so documents are read by
-- (tenant, terminal, seq); range reports read by business date per store and per terminal.
-- Indexes only, no data change.

CREATE INDEX sales_terminal_seq ON sales (tenant_id, terminal_id, seq);
CREATE INDEX sales_terminal_day ON sales (tenant_id, terminal_id, business_date);
CREATE INDEX refunds_terminal_seq ON refunds (tenant_id, terminal_id, seq);
CREATE INDEX refunds_store_day ON refunds (tenant_id, store_id, business_date);
CREATE INDEX voids_terminal_seq ON voids (tenant_id, terminal_id, seq);
-- Voids keep their business date only inside the document.
CREATE INDEX voids_store_day ON voids (tenant_id, store_id, ((void->>'businessDate')));

-- Cash movements and no-sale openings are read from the operations as pushed, which name the
-- cashier (cash_movements does not): by journal seq for a Z, by instant for a date range.
CREATE INDEX operations_cash ON operations (tenant_id, terminal_id, ((op->>'createdAt')))
  WHERE type IN ('cash.moved', 'drawer.opened') AND status = 'applied';
-- The previous Z of a terminal (its seq bounds what the next Z covers).
CREATE INDEX operations_day_closed ON operations (tenant_id, terminal_id, seq)
  WHERE type = 'day.closed' AND status = 'applied';
CREATE INDEX day_closes_terminal_day ON day_closes (tenant_id, terminal_id, business_date);
CREATE INDEX shifts_terminal_opened ON shifts (tenant_id, terminal_id, opened_at);
