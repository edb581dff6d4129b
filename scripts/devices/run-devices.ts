// `npm run devices`: a simulated receipt printer and ZVT card terminal on socat PTY pairs, for
// development (DEVICES.md §4.1). Prints the ports to configure, echoes what is printed, and
// takes commands on stdin to break things. Never part of the app: production code never
// imports scripts/ (desktop/test/devices/production-imports.test.ts proves it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { openPtyPair, type PtyPair } from './pty-pair';
import { PrinterSimulator } from './printer-sim';
import { ZvtSimulator } from './zvt-sim';

const HELP = `commands:
  paper out | paper low | paper ok      cover open | cover close      silent | online
  approve | decline [hexcode] | slow | fast | drop [after-command|before-status-info|after-status-info] | garbage | sane
  journal | help | quit`;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-devices-'));
  const pairs: PtyPair[] = [];
  const printerPair = await openPtyPair(dir, 'printer');
  pairs.push(printerPair);
  let cardPair = await openPtyPair(dir, 'card');
  pairs.push(cardPair);
  const printer = new PrinterSimulator(printerPair.device);
  await printer.start();
  // Dropping the card terminal link = killing its socat, then plugging a new one in at the same paths.
  const card: ZvtSimulator = new ZvtSimulator(cardPair.device, async () => {
    await card.stop();
    await cardPair.close();
    console.log('[card] link dropped; plugging back in 2 s');
    setTimeout(() => {
      void (async () => {
        cardPair = await openPtyPair(dir, 'card');
        pairs.push(cardPair);
        await card.start();
        console.log('[card] link back');
      })();
    }, 2000);
  });
  await card.start();

  console.log('Simulated devices are running. Configure Keel with:');
  console.log(JSON.stringify({ printer: { port: printerPair.app }, cardTerminal: { port: cardPair.app }, scanner: null }, null, 2));
  console.log(HELP);

  let printed = 0;
  const echo = setInterval(() => {
    for (const receipt of printer.receipts.slice(printed)) console.log(`[printer] --- receipt ---\n${receipt.join('\n')}\n[printer] --- cut ---`);
    printed = printer.receipts.length;
  }, 200);

  const shutdown = async () => {
    clearInterval(echo);
    await printer.stop();
    await card.stop();
    await Promise.all(pairs.map((p) => p.close()));
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  const input = readline.createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const [word = '', arg] = line.trim().split(/\s+/);
    const b = card.behaviour;
    const commands: Record<string, () => void> = {
      paper: () => printer.setPaper(arg === 'out' ? 'out' : arg === 'low' ? 'near-end' : 'ok'),
      cover: () => (printer.state.coverOpen = arg === 'open'),
      silent: () => (printer.state.silent = true),
      online: () => (printer.state.silent = false),
      approve: () => (b.outcome = 'approve'),
      decline: () => Object.assign(b, { outcome: 'decline', declineCode: arg ? parseInt(arg, 16) : 0x05 }),
      slow: () => Object.assign(b, { stepDelayMs: 1500, waitForCardMs: 4000 }),
      fast: () => Object.assign(b, { stepDelayMs: 0, waitForCardMs: 0 }),
      drop: () => (b.dropAt = (arg as typeof b.dropAt) ?? 'after-status-info'),
      garbage: () => (b.garbage = true),
      sane: () => Object.assign(b, { garbage: false, dropAt: null, corruptFirstTransmission: false }),
      journal: () => console.log(card.journal),
      help: () => console.log(HELP),
      quit: () => void shutdown(),
    };
    const run = commands[word];
    if (run) run();
    else if (word) console.log(`unknown command "${word}"; try help`);
  });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
