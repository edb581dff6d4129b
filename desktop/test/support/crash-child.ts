// A till process for the crash test (desktop/test/sync/crash-durability.test.ts), killed with
// SIGKILL at random moments by its parent.
//
//   node --import tsx desktop/test/support/crash-child.ts <dataDir> <barcode>[,<barcode>...] [<warm-up ledger>]
//
// (The test runs the same file bundled by esbuild, which starts in a fraction of the time.)
// Start-up is paid before the till is needed: it loads, then (given a warm-up ledger, a copy of
// the prepared one) sells twice on a private copy of it so that statements, schemas and the
// JIT are warm, prints "ready" and waits for a line on stdin. The parent keeps a few of these
// waiting while the current till sells. On "go" it opens the terminal core on the real ledger
// (enrolled, catalog pulled, cashier logged in, shift open), prints "open", and sells until it
// is killed: scan, pay cash, and only after checkout.complete returned print
// "sold <receipt number>" (stdout is a pipe: the write is synchronous on Linux).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHandlers } from '../../src/core/api';
import { TerminalCore } from '../../src/core/terminal-core';

const [dataDir, codes, warmUpLedger] = process.argv.slice(2);
if (!dataDir || !codes) {
  process.stderr.write('usage: crash-child <dataDir> <barcode>[,<barcode>...] [<warm-up ledger>]\n');
  process.exit(2);
}
const barcodes = codes.split(',');

async function sellForever(core: TerminalCore, count = Number.POSITIVE_INFINITY, report = true): Promise<void> {
  const h = createHandlers(core);
  for (let i = 0; i < count; i++) {
    await h['cart.addByBarcode']({ barcode: barcodes[i % barcodes.length]! });
    if (i % 3 === 0) await h['cart.addByBarcode']({ barcode: barcodes[(i + 1) % barcodes.length]! });
    const sale = await h['checkout.complete']({ tenders: [{ kind: 'cash', amountMinor: 100_000 }] });
    if (report) process.stdout.write(`sold ${sale.receiptNumber}\n`);
  }
}

if (warmUpLedger) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-warm-'));
  fs.copyFileSync(warmUpLedger, path.join(scratch, 'keel.sqlite'));
  const warm = await TerminalCore.open({ dataDir: scratch, appVersion: 'crash-test', autoSync: false });
  await sellForever(warm, 1, false);
  warm.close();
  fs.rmSync(scratch, { recursive: true, force: true });
}
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const core = await TerminalCore.open({ dataDir, appVersion: 'crash-test', autoSync: false });
process.stdout.write('open\n');
await sellForever(core);
