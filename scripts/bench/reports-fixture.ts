// The terminal ledger `npm run bench:reports` measures: HISTORY sales over the days before the
// measured business day, written directly with SQL (INSERT ... SELECT over a recursive counter,
// one transaction, secondary indexes dropped during the load and rebuilt after), then ONE day of
// sales recorded the way the sale services record them: documents priced by the shared engine,
// each committed through journal.record with the production row writers (sale/document-rows.ts)
// and the same shift and cash statements. Built once and cached; see reports.ts.
//
// History rows are complete where reports read them (1–5 lines per sale at real catalog prices
// and tax splits, one cash tender, refunds and voids with real documents, shifts, cash
// movements, a Z per day with the running grand total). Two shortcuts keep the build under two
// minutes, neither on the measured day: a history sale's `doc` is filler JSON of a realistic
// size (~700 bytes; reports open the documents of the covered day only), and history journal
// `op`s are stubs. History sale ids are time-ordered UUIDs so the load appends to its indexes;
// the measured day's ids are random v4, as on a real terminal.
import fs from 'node:fs';
import path from 'node:path';
import { CatalogReplica } from '../../desktop/src/core/catalog/replica';
import { openLedger } from '../../desktop/src/core/store/open-ledger';
import { catalog } from './reports-fixture-data';
import { tradeMeasuredDay } from './reports-fixture-day';
import { writeHistory } from './reports-fixture-history';

export { MEASURED_DATE, PINS, TERMINAL } from './reports-fixture-data';

export interface FixtureSpec {
  version: number;
  historySales: number;
  perDay: number;
  daySales: number;
  schema: number;
}

/** Builds the fixture at `file` (which must not exist); progress lines go to `log`. */
export async function buildFixture(file: string, spec: FixtureSpec, log: (line: string) => void): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = await openLedger(file, () => new Date());
  new CatalogReplica(db).applyPage(catalog(), 'bench');
  // A throwaway build: no rollback journal and no fsync (a crash means rebuilding), and a big
  // cache, or the one multi-gigabyte transaction spills through the WAL twice.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -2000000');
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = OFF');

  const started = Date.now();
  const indexes = db
    .prepare<[], { sql: string; name: string }>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
        AND tbl_name IN ('sales', 'sale_lines', 'sale_tenders', 'refunds', 'voids', 'journal', 'shifts', 'cash_movements', 'day_closes')`,
    )
    .all();
  db.transaction(() => {
    for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);
    writeHistory(db, spec, log);
  })();
  log(`history rows written in ${((Date.now() - started) / 1000).toFixed(1)} s; rebuilding ${indexes.length} indexes`);
  for (const index of indexes) db.exec(index.sql);
  log(`indexes rebuilt at ${((Date.now() - started) / 1000).toFixed(1)} s`);
  db.pragma('foreign_keys = ON');
  tradeMeasuredDay(db, spec.daySales);
  log(`measured day of ${spec.daySales} sales recorded through journal.record at ${((Date.now() - started) / 1000).toFixed(1)} s`);
  db.prepare("INSERT INTO meta (key, value) VALUES ('bench.fixture', ?)").run(JSON.stringify(spec));
  db.pragma('journal_mode = WAL'); // as a terminal's ledger runs
  db.close();
}
