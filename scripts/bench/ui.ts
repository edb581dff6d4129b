// `npm run bench:ui`: how long from a scanner's keystrokes to the cart line on screen, in
// Chromium, through the whole real path: keyboard → the renderer's scan detector →
// window.keel (the browser host's WebSocket) → core in its own process (SQLite lookup, pricing,
// cart saved) → React render → paint.
//
// Setup: a fresh embedded PostgreSQL, the real sync server, the demo catalog (scripts/demo), the
// renderer built with Vite, the browser host in its own process (core in another, as always),
// a terminal enrolled through the UI, a cashier
// logged in and a shift opened. Then BENCH_SCANS (200) scans of distinct products, typed by
// Playwright as a keyboard-wedge scanner types (keystrokes back to back, then Enter), after
// BENCH_WARMUP (20) unmeasured ones; every 25 lines the sale is paid in cash, as a till would.
//
// Measured in the page (performance.now, one clock): from the Enter that ends the scan, and
// from its first character, to the first frame after the new line is in the DOM (rAF, then a
// task: the paint has happened), split into Enter → core's answer on the WebSocket → DOM →
// paint, next to the bare window.keel call for comparison. The harness sends the characters,
// then the Enter once Chromium has taken them (a round trip, as quick as a scanner), so its own
// CPU work is not inside the measured interval on a 2-core machine. Target (issue "Desktop
// app"): p95 < 50 ms from Enter to paint. A miss is reported, not failed; the last line is JSON.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrapAdmin } from '../../server/src/domain/bootstrap';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/src/db/embedded';
import { migrateUp } from '../../server/src/db/migrate';
import { createPool, type Pool } from '../../server/src/db/pool';
import { startTestServer, type TestServer } from '../../server/test/support/app';
import { launchBrowser, scanCode } from '../../desktop/test/e2e/support/browser';
import { buildRendererOnce } from '../../desktop/test/e2e/support/build-renderer';
import { Till } from '../../desktop/test/e2e/support/till';
import { adminApi, adminLogin } from '../demo/admin-api';
import { DEMO_PEOPLE, realisticProducts, seedDemo } from '../demo/seed';
import { percentile } from './stats';
import { formatInt, formatMs, formatTable } from './table';
import { envInt } from './env';

const SCANS = envInt('BENCH_SCANS', 200);
const WARMUP = envInt('BENCH_WARMUP', 20);
const LINES_PER_SALE = 25;
const TARGET_P95_MS = 50;

/**
 * Runs in the page before any app script (addInitScript), so its capture listener on window
 * sees every key before the UI's keyboard hub does. A string, because this file is compiled
 * without the DOM library.
 */
const MEASURE = `(() => {
  const b = { first: null, enter: null, answered: null, mutated: null, painted: null, expected: -1, waiting: false };
  window.__bench = b;
  b.arm = (expected) => { Object.assign(b, { first: null, enter: null, answered: null, mutated: null, painted: null, expected, waiting: false }); };
  addEventListener('keydown', (e) => {
    if (b.expected < 0) return;
    if (e.key === 'Enter') { if (b.enter === null) b.enter = e.timeStamp; }
    else if (e.key.length === 1 && b.first === null) b.first = e.timeStamp;
  }, true);
  // When core's answer arrives over the host's WebSocket (the last message before the DOM changed).
  const Native = WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { if (b.enter !== null && b.mutated === null) b.answered = performance.now(); });
    }
  };
  const check = () => {
    if (b.expected < 0 || b.waiting || b.painted !== null) return;
    if (document.querySelectorAll('[data-testid="cart-line"]').length < b.expected) return;
    b.waiting = true;
    b.mutated = performance.now();
    requestAnimationFrame(() => setTimeout(() => { b.painted = performance.now(); b.expected = -1; }, 0));
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

interface BenchWindow {
  __bench: { painted: number | null };
}

interface Sample {
  enterToPaint: number;
  keyToPaint: number;
  enterToAnswer: number;
  answerToDom: number;
  domToPaint: number;
  lines: number;
}

const HOST_MAIN = fileURLToPath(new URL('../../desktop/src/host/main.ts', import.meta.url));

/** Starts desktop/src/host/main.ts as a child and waits for the address it reports. */
async function forkHost(dataDir: string, rendererDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const child = fork(HOST_MAIN, ['--data-dir', dataDir, '--port', '0', '--renderer-dir', rendererDir, '--app-version', '0.0.0-bench'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'host-ready' && message.url) resolve(message.url);
    });
    child.once('exit', (code) => reject(new Error(`the host exited (${code}) before it was ready:\n${stderr}`)));
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function row(name: string, samples: number[]): (string | number)[] {
  return [name, formatMs(percentile(samples, 50)), formatMs(percentile(samples, 95)), formatMs(percentile(samples, 99)), formatMs(Math.max(...samples))];
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-bench-ui-'));
  // As root, embedded PostgreSQL runs initdb as an unprivileged user that must reach this directory.
  fs.chmodSync(tmp, 0o777);
  let db: EmbeddedDatabase | null = null;
  let pool: Pool | null = null;
  let server: TestServer | null = null;
  let host: { url: string; close: () => Promise<void> } | null = null;
  let closeBrowser: (() => Promise<void>) | null = null;
  const cleanup = async () => {
    await closeBrowser?.().catch(() => undefined);
    await host?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await db?.stop().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  try {
    const loadBefore = os.loadavg()[0]!;
    console.log(`bench:ui — ${SCANS} scans (+ ${WARMUP} warm-up) in Chromium through the browser host, ${os.cpus().length} CPUs, load ${loadBefore.toFixed(2)}`);
    const setupStarted = performance.now();
    db = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg') });
    pool = createPool(await db.createDatabase('bench_ui'), 4);
    await migrateUp(pool);
    server = await startTestServer(pool, { env: { RATE_LIMIT_PUSH_PER_MIN: '1000000', RATE_LIMIT_ENROLL_PER_MIN: '1000', RATE_LIMIT_LOGIN_PER_MIN: '1000' } });
    const admin = { email: 'bench@example.test', password: 'bench password 1234', tenantName: 'Bench' };
    await bootstrapAdmin(pool, admin);
    const token = await adminLogin(server.baseUrl, admin.email, admin.password);
    const seed = await seedDemo(server.baseUrl, token);
    const barcodes = realisticProducts()
      .filter((p) => !p.soldByWeight)
      .map((p) => p.barcodes[0]!);
    if (barcodes.length < WARMUP + SCANS) console.log(`(the catalog has ${barcodes.length} packaged products: some are scanned twice, in a new sale)`);

    const rendererDir = await buildRendererOnce(`bench-${process.pid}-${Date.now()}`);
    // The host in its own process, as in production (Electron main or `npm run host`): sharing
    // this process's event loop with Playwright would put the benchmark's own work on the path.
    host = await forkHost(path.join(tmp, 'terminal'), rendererDir);
    const browser = await launchBrowser();
    closeBrowser = browser.close;
    const { page } = browser;
    await page.addInitScript({ content: MEASURE });
    await page.goto(host.url);
    const till = new Till(page);
    const { code } = await adminApi(server.baseUrl, token).request<{ code: string }>('POST', `/stores/${seed.storeId}/enrollment-codes`, {});
    await till.enroll(server.baseUrl, code, 'Bench till');
    await till.waitForLogin();
    const cashier = DEMO_PEOPLE.find((p) => p.role === 'cashier')!;
    await till.login(cashier.name, cashier.pin);
    await till.openShift('100');
    console.log(`setup ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (PostgreSQL, server, ${formatInt(seed.productCount)} products, renderer build, host, enroll, login, shift)`);

    const samples: Sample[] = [];
    let missed = 0;
    let lines = 0;
    let sales = 0;
    for (let i = 0; i < WARMUP + SCANS; i++) {
      if (lines === LINES_PER_SALE) {
        await till.payExactCash();
        await till.nextSale();
        lines = 0;
        sales++;
      }
      const barcode = barcodes[i % barcodes.length]!;
      await page.evaluate(`window.__bench.arm(${lines + 1})`);
      await scanCode(page, barcode, { enterAfterChars: true });
      try {
        // A function, not a string: the page's CSP (no eval) refuses string predicates.
        await page.waitForFunction(() => (globalThis as unknown as BenchWindow).__bench.painted !== null, undefined, { timeout: 10_000, polling: 'raf' });
      } catch {
        // Not recognised as a scan (a gap over 50 ms on a loaded machine): counted, then tidied up.
        missed++;
        await page.getByTestId('search').fill('');
        lines = await till.lineCount();
        continue;
      }
      const m = (await page.evaluate('({ ...window.__bench })')) as { first: number; enter: number; answered: number | null; mutated: number; painted: number };
      lines++;
      const answered = m.answered ?? m.mutated;
      if (i >= WARMUP) {
        samples.push({
          enterToPaint: m.painted - m.enter,
          keyToPaint: m.painted - m.first,
          enterToAnswer: answered - m.enter,
          answerToDom: m.mutated - answered,
          domToPaint: m.painted - m.mutated,
          lines,
        });
      }
    }

    // Where the time goes: the same cart.addByBarcode straight through window.keel (transport
    // and core, no UI), timed in the page. The UI's cart is stale afterwards; nothing reads it.
    const direct = await page.evaluate(async (codes) => {
      const keel = (globalThis as unknown as { keel: Record<string, (input: unknown) => Promise<unknown>> }).keel;
      const times: number[] = [];
      for (const [i, barcode] of codes.entries()) {
        if (i % 25 === 0) await keel['cart.clear']!({}); // carts the size the UI measured above
        const started = performance.now();
        await keel['cart.addByBarcode']!({ barcode });
        times.push(performance.now() - started);
      }
      await keel['cart.clear']!({});
      return times;
    }, barcodes.slice(0, 100)).catch(() => [] as number[]);

    const enter = samples.map((s) => s.enterToPaint);
    const key = samples.map((s) => s.keyToPaint);
    const small = samples.filter((s) => s.lines <= 10).map((s) => s.enterToPaint);
    const big = samples.filter((s) => s.lines > 15).map((s) => s.enterToPaint);
    console.log(
      `\n${formatTable(
        ['path', 'p50', 'p95', 'p99', 'max'],
        [
          row('Enter → line painted', enter),
          row('  with 1–10 lines in the cart', small),
          row('  with 16–25 lines in the cart', big),
          row('  Enter → core’s answer arrives', samples.map((x) => x.enterToAnswer)),
          row('  answer → cart line in the DOM', samples.map((x) => x.answerToDom)),
          row('  DOM → next frame painted', samples.map((x) => x.domToPaint)),
          row('first key → line painted', key),
          ...(direct.length ? [row('window.keel cart.addByBarcode alone', direct.slice(10))] : []),
        ],
        `Scan to paint, ${samples.length} scans measured (${sales} sales paid on the way, ${missed} not recognised as scans)`,
      )}\n`,
    );
    const p95 = percentile(enter, 95);
    const met = p95 < TARGET_P95_MS && missed === 0;
    console.log(`target: p95 Enter → painted < ${TARGET_P95_MS} ms: ${met ? 'met' : 'MISSED'} (${formatMs(p95)})`);
    console.log(
      JSON.stringify({
        bench: 'ui',
        scans: samples.length,
        warmup: WARMUP,
        missed,
        enterToPaintMs: { p50: percentile(enter, 50), p95, p99: percentile(enter, 99), max: Math.max(...enter) },
        firstKeyToPaintMs: { p50: percentile(key, 50), p95: percentile(key, 95), p99: percentile(key, 99), max: Math.max(...key) },
        addByBarcodeCallMs: direct.length > 10 ? { p50: percentile(direct.slice(10), 50), p95: percentile(direct.slice(10), 95) } : null,
        targetP95Ms: TARGET_P95_MS,
        met,
        cpus: os.cpus().length,
        loadAvg: { before: loadBefore, after: os.loadavg()[0] },
      }),
    );
  } finally {
    await cleanup();
  }
}

await main();
