/**
 * The audit trail of card payments settled by hand (payment.resolveManually): when the terminal
 * that took a payment (or a card refund) in doubt is gone or cannot answer, a manager reads the
 * outcome off its receipt or journal. Who did it, who approved, when, why and what they entered
 * is kept here. A local table like print_jobs, not a business table: the money itself is
 * recorded through the journal (the sale or refund document that follows), so no new operation
 * type reaches the server. No card data beyond what a receipt shows (auth code).
 */
export const up = `
CREATE TABLE manual_payment_resolutions (
  resolution_id TEXT PRIMARY KEY,
  -- A sale's card payment on the cart, or a card refund.
  kind TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
  outcome TEXT NOT NULL CHECK (outcome IN ('approved', 'notCharged')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  auth_code TEXT,
  reason TEXT NOT NULL,
  -- Who was logged in, and the manager who approved (the same person when a manager did it).
  resolved_by TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  resolved_at TEXT NOT NULL,
  -- The payment in doubt: when it started, the terminal's reference if any, its cart or refund.
  started_at TEXT NOT NULL,
  terminal_transaction_ref TEXT,
  cart_id TEXT,
  refund_id TEXT
) STRICT;
CREATE INDEX manual_payment_resolutions_at ON manual_payment_resolutions (resolved_at);
`;
