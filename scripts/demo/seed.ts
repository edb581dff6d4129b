// Demo data through the admin API: one store with a realistic grocery-and-café catalog and
// three people at the till. Used by `npm start` on first run and by end-to-end tests
// (issue "seed 004": an empty catalog and a 100k catalog must both load).
//
//   node --import tsx scripts/demo/seed.ts --server http://127.0.0.1:8080 --email … --password …
//        [--products 0|100000] [--store "Name"] [--database-url postgres://…  (large catalogs by SQL)]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { adminApi, AdminApiError, adminLogin, type AdminApi } from './admin-api';
import { insertProductsBySql, type SqlClient } from './bulk-products';
import { CATEGORIES, TAX_RATES, VARIANTS } from './catalog-data';

export interface DemoCashier {
  id: string;
  name: string;
  role: 'cashier' | 'supervisor' | 'manager';
  pin: string;
}

/** The people the demo prints on start (their PINs are demo data, not secrets). */
export const DEMO_PEOPLE: ReadonlyArray<Omit<DemoCashier, 'id'>> = [
  { name: 'Anna', role: 'cashier', pin: '1111' },
  { name: 'Sam', role: 'supervisor', pin: '2222' },
  { name: 'Mia', role: 'manager', pin: '3333' },
];

export interface SeedOptions {
  /** Products to create: default the realistic catalog (342); 0 for an empty one; more adds synthetic variants. */
  products?: number;
  storeName?: string;
  /** Parallel product requests (the admin API takes one product per request). */
  concurrency?: number;
  /**
   * The server's database: products beyond the realistic catalog are then inserted by SQL
   * (bulk-products.ts; 100k in seconds instead of a quarter of an hour through the API).
   */
  sql?: SqlClient;
  log?: (line: string) => void;
}

export interface SeededProduct {
  sku: string;
  name: string;
  priceMinor: number;
  barcodes: string[];
  soldByWeight: boolean;
  taxRateId: string;
}

export interface DemoSeed {
  storeId: string;
  storeName: string;
  cashiers: DemoCashier[];
  productCount: number;
  /** A few products to scan in a demo or a test: packaged (EAN-13) and weighed. */
  samples: { packaged: SeededProduct[]; weighed: SeededProduct[] };
}

/** The GS1 mod-10 check digit (GS1 General Specifications §7.9): weights 3,1,3,… from the right. */
export function gs1CheckDigit(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) sum += Number(body[i]) * weight;
  return String((10 - (sum % 10)) % 10);
}

/** EAN-13 number `n` in the GS1 Germany range (prefix 400–440): "40" + 10 digits + check digit. */
export function ean13(n: number): string {
  const body = `40${String(n).padStart(10, '0')}`;
  return body + gs1CheckDigit(body);
}

/** A scale label (in-store code, prefix 21: item + grams) for a weighed product's PLU. */
export function weightLabel(plu: string, grams: number): string {
  const body = `21${plu}${String(grams).padStart(5, '0')}`;
  return body + gs1CheckDigit(body);
}

/** Brand price levels: the store brand is cheaper, a second brand dearer; prices end in 9. */
function brandPrice(base: number, brand: string, index: number): number {
  const factor = brand === 'Keel Basics' ? 0.8 : index === 0 ? 1 : 1.15;
  return Math.max(9, Math.round((base * factor) / 10) * 10 - 1);
}

/** Every product of the realistic catalog, in a stable order (so SKUs and EANs are stable). */
export function realisticProducts(categoryIds: Map<string, string | null> = new Map()): Array<SeededProduct & { categoryId: string | null }> {
  const products: Array<SeededProduct & { categoryId: string | null }> = [];
  let plu = 100;
  for (const category of CATEGORIES) {
    category.items.forEach(([name, price], itemIndex) => {
      category.brands.forEach((brand, brandIndex) => {
        const n = products.length + 1;
        const weighed = category.weighed === true;
        const pluCode = String(plu + itemIndex).padStart(5, '0');
        products.push({
          sku: `DEMO-${String(n).padStart(6, '0')}`,
          name: `${brand}${brand && !brand.endsWith(' ') ? ' ' : ''}${name}`.trim() + (weighed ? ' (per kg)' : ''),
          priceMinor: weighed ? price : brandPrice(price, brand, brandIndex),
          barcodes: weighed ? [`21${pluCode}`] : [ean13(n)],
          soldByWeight: weighed,
          taxRateId: category.tax,
          categoryId: categoryIds.get(category.name) ?? null,
        });
      });
    });
    if (category.weighed) plu += category.items.length;
  }
  return products;
}

/** Product `n` (1-based) of a catalog of any size: the realistic ones first, then variants of them. */
function* catalog(count: number, categoryIds: Map<string, string | null>): Generator<SeededProduct & { categoryId: string | null }> {
  const base = realisticProducts(categoryIds);
  const packaged = base.filter((p) => !p.soldByWeight);
  for (let n = 1; n <= count; n++) {
    if (n <= base.length) {
      yield base[n - 1]!;
      continue;
    }
    const source = packaged[(n - base.length - 1) % packaged.length]!;
    const variant = VARIANTS[Math.floor((n - base.length - 1) / packaged.length) % VARIANTS.length]!;
    const series = Math.floor((n - base.length - 1) / (packaged.length * VARIANTS.length));
    yield {
      ...source,
      sku: `DEMO-${String(n).padStart(6, '0')}`,
      name: `${source.name} ${variant}${series ? ` ${series + 1}` : ''}`,
      priceMinor: source.priceMinor + ((n * 7) % 50) * 10,
      barcodes: [ean13(n)],
    };
  }
}

/** The demo categories by name, creating those the tenant does not have yet. */
async function ensureCategories(api: AdminApi): Promise<Map<string, string | null>> {
  const ids = new Map<string, string | null>();
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page: { items: Array<{ id: string; name: string }>; nextCursor: string | null } = await api.request(
      'GET',
      `/categories?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const c of page.items) if (!ids.has(c.name)) ids.set(c.name, c.id);
    cursor = page.nextCursor;
  }
  for (const [index, category] of CATEGORIES.entries()) {
    if (ids.has(category.name)) continue;
    const created = await api.request<{ id: string }>('POST', '/categories', { name: category.name, sortOrder: index * 10 });
    ids.set(category.name, created.id);
  }
  return ids;
}

/** Creating what a tenant seeded before already has is not an error: the catalog is per tenant. */
async function unlessExists(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if (!(error instanceof AdminApiError && error.code === 'CONFLICT')) throw error;
  }
}

async function inParallel<T>(items: Iterable<T>, concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) await work(next.value);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Seeds a demo store for the admin signed in with `adminToken`: tax rates, categories, the
 * store, its three people (DEMO_PEOPLE) and `products` products. Returns what a demo or a test
 * needs to go on (store id, people with PINs, sample barcodes).
 */
export async function seedDemo(baseUrl: string, adminToken: string, options: SeedOptions = {}): Promise<DemoSeed> {
  const api = adminApi(baseUrl, adminToken);
  const count = options.products ?? realisticProducts().length;
  const log = options.log ?? (() => {});
  const storeName = options.storeName ?? 'Keel Demo Market';

  for (const rate of TAX_RATES) await unlessExists(() => api.request('POST', '/tax-rates', rate));
  const categoryIds = await ensureCategories(api);
  const store = await api.request<{ id: string }>('POST', '/stores', {
    name: storeName,
    currency: 'EUR',
    taxMode: 'inclusive',
    timeZone: 'Europe/Berlin',
    businessDayStartsAt: '04:00',
    addressLines: ['Hafenstraße 12', '20457 Hamburg'],
    taxNumber: 'DE123456789',
    receiptHeaderLines: [storeName, 'Hafenstraße 12, 20457 Hamburg'],
    receiptFooterLines: ['Thank you for shopping with us!'],
    shiftOverShortLimitMinor: 500,
    maxDiscountBasisPointsByRole: { cashier: 500, supervisor: 2000, manager: 10_000 },
  });
  const cashiers: DemoCashier[] = [];
  for (const person of DEMO_PEOPLE) {
    const created = await api.request<{ id: string }>('POST', `/stores/${store.id}/cashiers`, person);
    cashiers.push({ ...person, id: created.id });
  }

  const samples: DemoSeed['samples'] = { packaged: [], weighed: [] };
  const viaApi = options.sql ? Math.min(count, realisticProducts().length) : count;
  let done = 0;
  await inParallel(catalog(viaApi, categoryIds), options.concurrency ?? 8, async (product) => {
    await unlessExists(() => api.request('POST', '/products', product));
    const bucket = product.soldByWeight ? samples.weighed : samples.packaged;
    if (bucket.length < 5) bucket.push(product);
    if (++done % 5_000 === 0) log(`  ${done} / ${count} products`);
  });
  if (options.sql && count > viaApi) {
    const { account } = await api.request<{ account: { tenantId: string } }>('GET', '/me');
    const rest = (function* () {
      let n = 0;
      for (const product of catalog(count, categoryIds)) if (++n > viaApi) yield product;
    })();
    await insertProductsBySql(options.sql, account.tenantId, rest);
    log(`  ${count} / ${count} products (${count - viaApi} by SQL)`);
  }
  return { storeId: store.id, storeName, cashiers, productCount: count, samples };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const { values } = parseArgs({
    options: {
      server: { type: 'string', default: 'http://127.0.0.1:8080' },
      email: { type: 'string', default: process.env.KEEL_ADMIN_EMAIL },
      password: { type: 'string', default: process.env.KEEL_ADMIN_PASSWORD },
      products: { type: 'string' },
      store: { type: 'string' },
      'database-url': { type: 'string', default: process.env.DATABASE_URL },
    },
  });
  if (!values.email || !values.password) throw new Error('--email and --password (or KEEL_ADMIN_EMAIL / KEEL_ADMIN_PASSWORD) are required');
  const token = await adminLogin(values.server, values.email, values.password);
  const started = Date.now();
  // With the server's database at hand, large catalogs go in by SQL (bulk-products.ts).
  const pool = values['database-url'] ? new pg.Pool({ connectionString: values['database-url'], max: 2 }) : null;
  const seed = await seedDemo(values.server, token, {
    ...(values.products === undefined ? {} : { products: Number(values.products) }),
    ...(values.store ? { storeName: values.store } : {}),
    ...(pool ? { sql: pool } : {}),
    log: console.log,
  }).finally(() => pool?.end());
  console.log(`Seeded "${seed.storeName}" (${seed.storeId}) with ${seed.productCount} products in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  for (const c of seed.cashiers) console.log(`  ${c.name} (${c.role}) PIN ${c.pin}`);
}
