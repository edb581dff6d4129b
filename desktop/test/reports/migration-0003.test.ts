import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/store/database';
import { migrate } from '../../src/core/store/migrate';
import { MIGRATIONS } from '../../src/core/store/migrations';
import { tempDir } from '../support/temp';

// Migration 0003 (report indexes): a ledger at version 2 gains them, and the Z report's reads
// by journal seq use them instead of scanning every sale ever made.

const plan = (db: ReturnType<typeof openDatabase>, sql: string): string =>
  db
    .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all()
    .map((r) => r.detail)
    .join('; ');

describe('ledger migration 0003: report indexes', () => {
  it('When a version-2 ledger is migrated, then the report indexes exist and the Z reads use them', () => {
    const db = openDatabase(path.join(tempDir(), 'keel.sqlite'));
    expect(migrate(db, MIGRATIONS.slice(0, 2))).toEqual([1, 2]);
    // Up to 0003 only: later migrations (0004 onwards) have their own tests.
    expect(migrate(db, MIGRATIONS.slice(0, 3))).toEqual([3]);
    const indexes = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'").all().map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['sales_seq', 'refunds_seq', 'voids_seq', 'cash_movements_seq', 'voids_business_date', 'refunds_shift']));
    expect(plan(db, 'SELECT count(*) FROM sales s WHERE s.seq > 1 AND s.seq < 9')).toContain('USING COVERING INDEX sales_seq');
    expect(plan(db, 'SELECT count(*) FROM voids v WHERE v.business_date = 1')).toContain('voids_business_date');
    expect(plan(db, 'SELECT sum(l.total_minor) FROM sales s JOIN sale_lines l ON l.sale_id = s.sale_id WHERE s.seq > 1 AND s.seq < 9')).not.toMatch(/SCAN (s|l)\b/);
    db.close();
  });
});
