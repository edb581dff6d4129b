import type { Product } from '@keel/shared';
import type { Db } from '../store/database';

/** What a search box may send at most; longer text cannot match a 200-character name usefully. */
const MAX_QUERY = 100;
const MAX_LIMIT = 200;
const SKU_LIKE = /^[\x21-\x7E]+$/;
// Above every printable ASCII byte: `sku < prefix + SKU_END` bounds a prefix range (SKUs are ASCII).
const SKU_END = '\x7F';
const ASCII = /^[\x20-\x7E]*$/;

type Row = { id: string; data: string };

/** LIKE's wildcards and the escape character itself, escaped with backslash. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A LIKE pattern every name matching `q` also matches (ASCII folds alike in LIKE and in JS): for
 * a prefix search the leading ASCII run as `run%`, a range on the NOCASE index; for a substring
 * the longest ASCII run as `%run%`. '%' (everything) when there is none.
 */
function asciiPrefilter(q: string, prefix: boolean): string {
  if (prefix) {
    const leading = /^[\x20-\x7E]+/.exec(q)?.[0] ?? '';
    return `${escapeLike(leading)}%`;
  }
  const runs = q.match(/[\x20-\x7E]+/g) ?? [];
  const longest = runs.reduce((a, b) => (b.length > a.length ? b : a), '');
  return longest.length >= 2 ? `%${escapeLike(longest)}%` : '%';
}

/**
 * Product search for the till's search box: active products only, best matches first:
 * 1. SKU (as typed or upper-cased) or barcode equal to the query, 2. SKU starting with it,
 * 3. name starting with it, 4. name containing it; within a tier by name. Each tier is its own
 * query that stops at `limit`: SKU tiers use the sku index, name tiers walk the products_name
 * (NOCASE) index in order, a prefix as a range, a substring by testing each index entry before
 * reading its row. On 100k products a prefix costs well under a millisecond; a substring that
 * matches nothing walks the whole index (~10–30 ms, the worst case; see the 100k test).
 *
 * Case-insensitivity: SQLite's LIKE and NOCASE fold ASCII only. An ASCII query (the usual case)
 * uses them; a query with other letters ("äpfel", "Käse") is matched by a JS function that
 * folds Unicode, behind an ASCII LIKE prefilter ("K%", "%pfel%") so that JS runs on fewer rows.
 * A substring of mostly non-ASCII letters still walks the table (~50 ms on 100k under load); a
 * folded, indexed name column (a migration) would fix that, see the catalog report.
 */
export class ProductSearch {
  private readonly exactStmt;
  private readonly skuPrefixStmt;
  private readonly nameLikeStmt;
  private readonly foldedStmt;

  constructor(db: Db) {
    // Unicode folding for non-ASCII queries (mode 1 = prefix, 0 = substring). Deterministic: SQLite may cache it.
    db.function('keel_fold_match', { deterministic: true }, (name, q, prefix) => {
      const folded = String(name).toLowerCase();
      return (prefix ? folded.startsWith(String(q)) : folded.includes(String(q))) ? 1 : 0;
    });
    this.exactStmt = db.prepare<[string, string, string, number], Row>(
      `SELECT id, data FROM products WHERE active = 1 AND (sku IN (?, ?) OR id IN (SELECT product_id FROM barcodes WHERE code = ?))
       ORDER BY name COLLATE NOCASE LIMIT ?`,
    );
    this.skuPrefixStmt = db.prepare<[string, string, number], Row & { sku: string }>(
      'SELECT id, sku, data FROM products WHERE sku >= ? AND sku < ? AND active = 1 ORDER BY sku LIMIT ?',
    );
    // ORDER BY exactly the index's expression (no tie-breaker column), or SQLite scans the table
    // and sorts instead of walking products_name in order and stopping at LIMIT.
    this.nameLikeStmt = db.prepare<[string, number], Row>(
      "SELECT id, data FROM products WHERE name LIKE ? ESCAPE '\\' AND active = 1 ORDER BY name COLLATE NOCASE LIMIT ?",
    );
    this.foldedStmt = db.prepare<[string, string, number, number], Row>(
      // CASE guarantees the C-side LIKE runs first; AND leaves the order of its terms to the planner.
      `SELECT id, data FROM products WHERE CASE WHEN name LIKE ? ESCAPE '\\' THEN keel_fold_match(name, ?, ?) ELSE 0 END AND active = 1
       ORDER BY name COLLATE NOCASE LIMIT ?`,
    );
  }

  search(query: string, limit: number): Product[] {
    const q = query.trim().slice(0, MAX_QUERY);
    const max = Math.min(Math.max(Math.floor(limit), 0), MAX_LIMIT);
    if (q.length === 0 || !(max > 0)) return [];
    const found = new Map<string, Product>();
    const take = (rows: readonly Row[]) => {
      for (const row of rows) {
        if (found.size >= max) return;
        if (!found.has(row.id)) found.set(row.id, JSON.parse(row.data) as Product);
      }
    };
    // Each tier asks for `max` more rows than found so far: earlier tiers may hold some of its rows
    // (every name prefix match is also a substring match).
    const want = () => max + found.size;
    if (SKU_LIKE.test(q)) {
      // SKUs are matched as typed and upper-cased (cashiers type "milk" for MILK) on the binary
      // sku index; a NOCASE comparison could not use it and would scan the table.
      const upper = q.toUpperCase();
      take(this.exactStmt.all(q, upper, q, max));
      if (found.size < max) {
        const rows = [...this.skuPrefixStmt.all(q, q + SKU_END, want()), ...(upper === q ? [] : this.skuPrefixStmt.all(upper, upper + SKU_END, want()))];
        take(rows.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)));
      }
    }
    for (const prefix of [true, false]) {
      if (found.size >= max) break;
      if (ASCII.test(q)) {
        const pattern = prefix ? `${escapeLike(q)}%` : `%${escapeLike(q)}%`;
        take(this.nameLikeStmt.all(pattern, want()));
      } else {
        take(this.foldedStmt.all(asciiPrefilter(q, prefix), q.toLowerCase(), prefix ? 1 : 0, want()));
      }
    }
    return [...found.values()];
  }
}
