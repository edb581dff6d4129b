// The demo launcher's setup step (scripts/start.mjs): signs in as the demo admin, seeds the
// demo store on first run, and enrolls the terminal in .data/terminal if it is not yet.
//
//   node --import tsx scripts/demo/prepare.ts --server http://127.0.0.1:8080 --terminal-dir .data/terminal
//
// Admin credentials come from KEEL_ADMIN_EMAIL / KEEL_ADMIN_PASSWORD (the launcher sets them).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TerminalCore } from '../../desktop/src/core/terminal-core';
import { adminApi, adminLogin } from './admin-api';
import { DEMO_PEOPLE, realisticProducts, seedDemo, weightLabel } from './seed';

const { values } = parseArgs({
  options: {
    server: { type: 'string', default: 'http://127.0.0.1:8080' },
    'terminal-dir': { type: 'string', default: path.resolve('.data/terminal') },
  },
});
const serverUrl = values.server;
const email = process.env.KEEL_ADMIN_EMAIL;
const password = process.env.KEEL_ADMIN_PASSWORD;
if (!email || !password) throw new Error('KEEL_ADMIN_EMAIL and KEEL_ADMIN_PASSWORD must be set');

const token = await adminLogin(serverUrl, email, password);
const api = adminApi(serverUrl, token);
const stores = await api.request<{ items: Array<{ id: string; name: string }> }>('GET', '/stores?limit=1');
let store = stores.items[0];
if (!store) {
  console.log('First run: seeding the demo store (tax rates, categories, products, people) through the admin API ...');
  const seed = await seedDemo(serverUrl, token, { log: console.log });
  store = { id: seed.storeId, name: seed.storeName };
  console.log(`Seeded "${seed.storeName}" with ${seed.productCount} products.`);
}

// Enrollment is what a manager does once per till: a one-time code from the admin API, redeemed
// by the terminal. Done here with the terminal's own core so the first screen is the login.
fs.mkdirSync(path.resolve(values['terminal-dir']), { recursive: true });
const core = await TerminalCore.open({ dataDir: path.resolve(values['terminal-dir']), appVersion: process.env.npm_package_version ?? '0.0.0-dev', autoSync: false });
try {
  const identity = core.identity();
  if (!identity) {
    const { code } = await api.request<{ code: string }>('POST', `/stores/${store.id}/enrollment-codes`, {});
    const enrolled = await core.enroll(serverUrl, code, 'Till 1');
    console.log(`Enrolled this terminal as ${enrolled.terminalCode} in "${store.name}".`);
  } else if (identity.storeId !== store.id) {
    console.warn(
      `\nThe terminal in ${values['terminal-dir']} is enrolled with another server or store (${identity.serverUrl}).\n` +
        'Its ledger may hold unsynced sales, so it is left alone. To start afresh, remove that directory.\n',
    );
  }
  const status = await core.syncEngine().syncNow();
  if (status.state !== 'online') console.warn(`First sync did not complete (${status.state}); the terminal retries on its own.`);
} finally {
  core.close();
}

const products = realisticProducts();
const packaged = products.find((p) => !p.soldByWeight)!;
const weighed = products.find((p) => p.soldByWeight)!;
console.log(`
  Demo store   ${store.name}
  Admin API    ${serverUrl}/v1/admin   (${email} / ${password})
  People       ${DEMO_PEOPLE.map((p) => `${p.name} (${p.role}) PIN ${p.pin}`).join(', ')}
  Try scanning ${packaged.barcodes[0]} (${packaged.name}) or the scale label ${weightLabel(weighed.barcodes[0]!.slice(2), 1_250)} (1.250 kg ${weighed.name})
`);
