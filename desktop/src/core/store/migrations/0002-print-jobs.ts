/**
 * The durable print queue (STYLE.md habit 7; DESIGN.md "The spine", step 4): a receipt is queued
 * after its document committed and stays `pending` until the printer confirmed it, across
 * restarts, so no receipt is lost to paper out, an open cover or a printer that is off. The
 * receipt model is kept as JSON and validated when read back (devices/printer/print-queue.ts).
 */
export const up = `
CREATE TABLE print_jobs (
  job_id TEXT PRIMARY KEY,
  -- What is printed: a sale or refund receipt (doc_id names it), or a device report.
  doc_kind TEXT NOT NULL CHECK (doc_kind IN ('sale', 'refund', 'report')),
  doc_id TEXT,
  -- 1 for a reprint: the receipt says COPY.
  copy INTEGER NOT NULL CHECK (copy IN (0, 1)),
  receipt TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'printed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  -- ERROR_TABLE code of the last failed attempt, for the "receipt not printed" notice.
  last_error TEXT,
  created_at TEXT NOT NULL,
  printed_at TEXT
) STRICT;
CREATE INDEX print_jobs_pending ON print_jobs (created_at) WHERE state = 'pending';
CREATE INDEX print_jobs_doc ON print_jobs (doc_id);
`;
