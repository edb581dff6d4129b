// `npm run bench:reports`: how long the terminal takes to close the day (Z report) from SQLite,
// for a day of 5,000 sales in a ledger holding 2,000,000 earlier sales. Target: < 50 ms.
//
// The ledger is built once (reports-fixture.ts: history by SQL, the measured day through the real
// sale services) and cached in the temp directory; reruns reuse it. Each timed Z runs the real
// ReportService.closeDay (read, aggregate, build, record `day.closed` through journal.record)
// inside a transaction that is then rolled back, so every run closes the same day. The same run
// times an X report of the day, rebuilding the Z, a plain `SELECT count(*) ... WHERE
// business_date = ?` as the floor any report pays, and one Z with migration 0003's indexes
// dropped (DDL is transactional in SQLite: dropped and restored by the rollback).
//
// Knobs (environment): BENCH_HISTORY_SALES (2000000), BENCH_DAY_SALES (5000), BENCH_RUNS (30),
// BENCH_FIXTURE_DIR (os.tmpdir()/keel-bench-reports), BENCH_REBUILD=1 to rebuild the fixture.
// Readable tables, then one JSON line. Exit code 0 even on a missed target (it is reported);
// 1 only if the Z disagrees with itself (figures that do not reconcile).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CatalogReplica } from '../../desktop/src/core/catalog/replica';
import type { Person } from '../../desktop/src/core/catalog/types';
import { People } from '../../desktop/src/core/people/people';
import { createReportService } from '../../desktop/src/core/reports/report-service';
import { Journal } from '../../desktop/src/core/sale/journal';
import { openDatabase, type Db } from '../../desktop/src/core/store/database';
import { codeSchemaVersion, databaseSchemaVersion } from '../../desktop/src/core/store/migrate';
import { up as reportIndexes } from '../../desktop/src/core/store/migrations/0003-report-indexes';
import { buildFixture, MEASURED_DATE, PINS, TERMINAL, type FixtureSpec } from './reports-fixture';
import { summarize, type LatencySummary } from './stats';
import { formatInt, formatMs, formatTable, printMetrics } from './table';
import { envInt } from './env';

const TARGET_MS = 50;
const RUNS = envInt('BENCH_RUNS', 30);
const SPEC: FixtureSpec = {
  version: 3,
  historySales: envInt('BENCH_HISTORY_SALES', 2_000_000),
  perDay: 5000,
  daySales: envInt('BENCH_DAY_SALES', 5000),
  schema: codeSchemaVersion(),
};
const DIR = process.env.BENCH_FIXTURE_DIR ?? path.join(os.tmpdir(), 'keel-bench-reports');
const FILE = path.join(DIR, `ledger-${SPEC.historySales}-${SPEC.daySales}-v${SPEC.version}-s${SPEC.schema}.sqlite`);

function fixtureReady(): boolean {
  if (process.env.BENCH_REBUILD === '1' || !fs.existsSync(FILE)) return false;
  const db = openDatabase(FILE, { readonly: true });
  try {
    const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'bench.fixture'").get();
    return databaseSchemaVersion(db) === SPEC.schema && row?.value === JSON.stringify(SPEC);
  } catch {
    return false;
  } finally {
    db.close();
  }
}

/**
 * Times `fn` inside a transaction that is rolled back, so the ledger is the same for every run.
 * Wall time, and this process's CPU time: on a busy shared machine the wall time includes
 * waiting for a core, the CPU time much less so.
 */
function timedRolledBack<T>(db: Db, fn: () => T): { ms: number; cpuMs: number; value: T } {
  db.exec('BEGIN IMMEDIATE');
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const value = fn();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { ms, cpuMs: (used.user + used.system) / 1000, value };
  } finally {
    db.exec('ROLLBACK');
  }
}

function row(name: string, s: LatencySummary, first?: number): (string | number)[] {
  return [name, first === undefined ? '' : formatMs(first), formatMs(s.p50), formatMs(s.p90), formatMs(s.max), formatInt(s.count)];
}

async function main(): Promise<void> {
  const buildStarted = performance.now();
  let built = false;
  if (!fixtureReady()) {
    for (const stale of fs.existsSync(DIR) ? fs.readdirSync(DIR) : []) if (stale.startsWith('ledger-')) fs.rmSync(path.join(DIR, stale), { force: true });
    console.log(`Building the fixture (${formatInt(SPEC.historySales)} history sales + ${formatInt(SPEC.daySales)} on ${MEASURED_DATE}) at ${FILE} ...`);
    await buildFixture(FILE, SPEC, (line) => console.log(line));
    built = true;
  }
  const buildSeconds = (performance.now() - buildStarted) / 1000;

  const db = openDatabase(FILE);
  const clock = { now: () => new Date(`${MEASURED_DATE}T21:30:00.000Z`) };
  const people = new People(db, clock);
  const manager: Person = people.login('mgr', PINS.manager);
  const reports = createReportService({
    db,
    journal: new Journal(db, TERMINAL.terminalId, clock, { uuid: () => '00000000-0000-4000-a000-000000000001' }),
    catalog: new CatalogReplica(db),
    people,
    session: { current: () => manager },
    terminal: TERMINAL,
    clock,
    ids: { uuid: () => '00000000-0000-4000-a000-000000000002' },
  });
  const counts = db
    .prepare<[], { sales: number; lines: number; journal: number }>('SELECT (SELECT count(*) FROM sales) AS sales, (SELECT count(*) FROM sale_lines) AS lines, (SELECT count(*) FROM journal) AS journal')
    .get()!;
  const fileMb = fs.statSync(FILE).size / 1e6;

  // The first Z after opening the ledger: statements not yet prepared, pages possibly cold.
  const first = timedRolledBack(db, () => reports.closeDay());
  const z = first.value;
  const zTimed = Array.from({ length: RUNS }, () => timedRolledBack(db, () => reports.closeDay()));
  const zRuns = zTimed.map((t) => t.ms);
  const zCpu = summarize(zTimed.map((t) => t.cpuMs));
  const rebuildRuns = Array.from({ length: RUNS }, () => timedRolledBack(db, () => reports.z(z.z.zNumber - 1)).ms);
  const xRuns = Array.from({ length: RUNS }, () => timedRolledBack(db, () => reports.x({ businessDate: MEASURED_DATE })).ms);
  const countStmt = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM sales WHERE business_date = ?');
  const countRuns = Array.from({ length: RUNS }, () => {
    const started = performance.now();
    countStmt.get(MEASURED_DATE);
    return performance.now() - started;
  });
  const dayCount = countStmt.get(MEASURED_DATE)?.n ?? 0;
  // Without migration 0003's indexes (dropped inside the rolled-back transaction).
  const names = [...reportIndexes.matchAll(/CREATE INDEX (\w+)/g)].map((m) => m[1]!);
  const unindexed = timedRolledBack(db, () => {
    for (const name of names) db.exec(`DROP INDEX ${name}`);
    const started = performance.now();
    reports.closeDay();
    return performance.now() - started;
  }).value;
  db.close();

  const s = z.summary;
  const sumTenders = s.tenders.reduce((a, t) => a + t.amountMinor, 0);
  const consistent = sumTenders === s.grossMinor + s.roundingMinor && s.taxes.reduce((a, t) => a + t.grossMinor, 0) === s.grossMinor && s.counts.sales === SPEC.daySales;
  const zStats = summarize(zRuns);
  const xStats = summarize(xRuns);
  const countStats = summarize(countRuns);

  printMetrics('Fixture', [
    ['ledger file', FILE],
    ['size', `${formatInt(fileMb)} MB`],
    ['sales in the ledger', formatInt(counts.sales)],
    ['sale lines', formatInt(counts.lines)],
    ['journal operations', formatInt(counts.journal)],
    [built ? 'built in' : 'reused (built earlier)', built ? `${buildSeconds.toFixed(1)} s` : '-'],
    ['measured business day', `${MEASURED_DATE}: ${formatInt(dayCount)} sales, ${s.counts.refunds} refunds, ${s.counts.voids} voids`],
    // On a shared 2-core machine another process's work shows up directly in the timings.
    ['load average (1/5/15 min)', os.loadavg().map((l) => l.toFixed(2)).join(' / ')],
  ]);
  console.log(
    formatTable(
      ['operation', 'first', 'p50', 'p90', 'max', 'runs'],
      [
        row('Z report (close the day, rolled back)', zStats, first.ms),
        row('  the same, CPU time of this process', zCpu, first.cpuMs),
        row('Z report read again (previous day, reprint)', summarize(rebuildRuns)),
        row('X report of the business day', xStats),
        row('SELECT count(*) WHERE business_date = ?', countStats),
        ['Z without migration 0003 indexes', formatMs(unindexed), '', '', '', '1'],
      ],
      `Reports on ${formatInt(counts.sales)} sales (target: Z < ${TARGET_MS} ms)`,
    ),
  );
  console.log(`\nZ ${z.z.zNumber}: gross ${s.grossMinor}, tax ${s.taxMinor}, grand total ${s.grandTotalMinor}; figures reconcile: ${consistent ? 'yes' : 'NO'}`);
  console.log(`Target Z p50 < ${TARGET_MS} ms: ${zStats.p50 < TARGET_MS ? 'met' : 'MISSED'}\n`);
  console.log(
    JSON.stringify({
      bench: 'reports',
      historySales: SPEC.historySales,
      daySales: dayCount,
      ledgerSales: counts.sales,
      fixtureBuiltSeconds: built ? Number(buildSeconds.toFixed(1)) : null,
      zMs: { first: round(first.ms), p50: round(zStats.p50), p90: round(zStats.p90), max: round(zStats.max), runs: zStats.count },
      zCpuMs: { first: round(first.cpuMs), p50: round(zCpu.p50), p90: round(zCpu.p90) },
      xDayMs: { p50: round(xStats.p50), p90: round(xStats.p90), max: round(xStats.max) },
      countByBusinessDateMs: { p50: round(countStats.p50), p90: round(countStats.p90), max: round(countStats.max) },
      zWithoutReportIndexesMs: round(unindexed),
      loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)),
      targetMs: TARGET_MS,
      targetMet: zStats.p50 < TARGET_MS,
      consistent,
    }),
  );
  if (!consistent) process.exitCode = 1;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
