import { describe, expect, it } from 'vitest';
import { CatalogReplica } from '../../src/core/catalog/replica';
import { withCheckDigit } from '../../src/core/catalog/gtin';
import { freshLedger, product, upsert } from './fixtures';

/**
 * A store-sized replica (100k products) built the way a terminal builds it, through applyPage in
 * pages of 1000, then the scan and search paths timed against a raw prepared SELECT. Timings are
 * printed for the benchmark record, never asserted (they depend on the machine); correctness is.
 */
const PRODUCTS = 100_000;
const PAGE = 1000;
const LOOKUPS = 20_000;
const ADJECTIVES = ['Organic', 'Fresh', 'Smoked', 'Dark', 'Light', 'Spicy', 'Sweet', 'Salted', 'Frozen', 'Whole'];
const NOUNS = ['Milk', 'Bread', 'Cheese', 'Coffee', 'Apples', 'Tea', 'Butter', 'Yoghurt', 'Ham', 'Rice', 'Pasta', 'Juice'];

const ean = (i: number) => withCheckDigit(`400${String(i).padStart(9, '0')}`);
const name = (i: number) => `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[Math.floor(i / 10) % NOUNS.length]} ${i}`;

function percentiles(samples: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
}

/** Per-call microseconds of `fn` over `inputs`. */
function time<T>(inputs: readonly T[], fn: (input: T) => unknown): number[] {
  const samples: number[] = [];
  for (const input of inputs) {
    const start = process.hrtime.bigint();
    fn(input);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return samples;
}

const fmt = (s: { p50: number; p99: number; max: number }) => `p50 ${s.p50.toFixed(1)} µs, p99 ${s.p99.toFixed(1)} µs, max ${s.max.toFixed(0)} µs`;

describe('CatalogReplica with 100k products', () => {
  it('When 100k products are applied in pages of 1000, then scans resolve about as fast as a raw prepared SELECT', () => {
    const { db } = freshLedger();
    const replica = new CatalogReplica(db);
    const buildStart = performance.now();
    for (let from = 0; from < PRODUCTS; from += PAGE) {
      const changes = [];
      for (let i = from; i < from + PAGE; i++) {
        changes.push(upsert.product(product(`p${i}`, { sku: `S${String(i).padStart(6, '0')}`, name: name(i), barcodes: [ean(i)] })));
      }
      replica.applyPage(changes, `c${from}`, { phase: 'snapshot', progress: { done: from + PAGE, total: PRODUCTS } });
    }
    replica.applyPage([], 'log', { phase: 'log' });
    const buildMs = performance.now() - buildStart;
    expect(db.prepare('SELECT count(*) AS n FROM products').get()).toEqual({ n: PRODUCTS });

    // Deterministic pseudo-random picks (an LCG), so runs are comparable.
    let seed = 42;
    const pick = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % PRODUCTS;
    const indexes = Array.from({ length: LOOKUPS }, pick);
    const codes = indexes.map(ean);
    for (const [k, code] of codes.slice(0, 100).entries()) expect(replica.resolveScan(code)?.product.id).toBe(`p${indexes[k]}`);

    const rawCode = db.prepare<[string], { product_id: string }>('SELECT product_id FROM barcodes WHERE code = ?');
    const rawJoin = db.prepare<[string], { data: string }>('SELECT p.data FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?');
    // Warm up both paths (statement caches, page cache) before measuring.
    for (const code of codes.slice(0, 2000)) {
      rawJoin.get(code);
      replica.resolveScan(code);
    }
    const raw = percentiles(time(codes, (c) => rawCode.get(c)));
    const rawParsed = percentiles(time(codes, (c) => JSON.parse(rawJoin.get(c)?.data ?? 'null')));
    const hits = percentiles(time(codes, (c) => replica.resolveScan(c)));
    const unknown = codes.map((c) => withCheckDigit(`9${c.slice(1, 12)}`));
    const misses = percentiles(time(unknown, (c) => replica.resolveScan(c)));
    const badCheck = percentiles(time(codes, (c) => replica.resolveScan(c.slice(0, 12) + String((Number(c[12]) + 1) % 10))));

    const queries = ['Organic', 'smoked ham', 's0999', name(4711).slice(6), 'Käse', 'zzz-none'];
    const search = queries.map((q) => {
      replica.search(q, 20);
      const samples = time(Array.from({ length: 20 }, () => q), () => replica.search(q, 20));
      return `  search ${JSON.stringify(q)} → ${replica.search(q, 20).length} hits, ${fmt(percentiles(samples))}`;
    });
    console.log(
      [
        `catalog replica, ${PRODUCTS} products: build via applyPage (pages of ${PAGE}) ${(buildMs / 1000).toFixed(1)} s`,
        `  raw SELECT product_id by code:       ${fmt(raw)}`,
        `  raw SELECT join + JSON.parse:        ${fmt(rawParsed)}`,
        `  resolveScan, EAN-13 hit:             ${fmt(hits)}`,
        `  resolveScan, valid unknown EAN-13:   ${fmt(misses)}`,
        `  resolveScan, bad check digit:        ${fmt(badCheck)}`,
        ...search,
      ].join('\n'),
    );
    expect(replica.search('S0999', 20).map((p) => p.sku)).toContain('S099900');
  });
});
