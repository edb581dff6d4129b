import { z } from 'zod';
import {
  CatalogChangeSchema,
  parseCatalogChangeFast,
  type CatalogChange,
  KeelError,
  SnapshotProgressSchema,
  type Product,
  type PullResponse,
  type SnapshotProgress,
  type StoreSettings,
  type TaxRate,
} from '@keel/shared';
import { writeTransaction, type Db } from '../store/database';
import { Meta } from '../store/meta';
import { DEFAULT_IN_STORE_RULES, type InStoreRule } from './in-store-codes';
import { ProductSearch } from './product-search';
import { ReplicaWriter } from './replica-writer';
import { ScanResolver } from './scan-resolver';
import { SnapshotTracker } from './snapshot-tracker';
import type { CatalogReader, ScanResult } from './types';

export interface CatalogReplicaOptions {
  /** How in-store (GS1 Prefix 20–29) labels are read; default: 21 weight in grams, 22 price. */
  inStoreRules?: readonly InStoreRule[];
}

/** What applyPage did, and where the pull engine must continue. */
export interface AppliedPage {
  applied: number;
  /**
   * The cursor now stored in meta 'pull.cursor': the page's own, or null when a snapshot was
   * interrupted by a restart and must be downloaded again (pull next without a cursor).
   */
  cursor: string | null;
  /** Rows removed because the snapshot that just ended did not contain them. */
  swept: number;
}

/**
 * meta 'pull.progress' while a snapshot is being received, in the shape SyncStatus.catalog
 * shows (shared/src/ipc/views.ts); absent otherwise.
 */
export interface CatalogProgress {
  phase: 'snapshot';
  done: number;
  total: number;
}

/** SQLite's default checkpoint threshold, and the one during a snapshot (4 KiB pages: ~40 MB). */
const DEFAULT_WAL_PAGES = 1000;
const BULK_WAL_PAGES = 10_000;

const StoredProgressSchema = z.object({ phase: z.literal('snapshot'), done: z.number().int().min(0), total: z.number().int().min(0) });

const PageSchema = z.object({
  changes: z.array(CatalogChangeSchema),
  // Opaque, as PullResponseSchema bounds it.
  cursor: z.string().min(1).max(512),
  progress: SnapshotProgressSchema.optional(),
});

/**
 * The terminal's copy of the server-authoritative catalog (DESIGN.md invariant 5), written only
 * here, from pulled pages, and read by checkout through CatalogReader.
 */
export class CatalogReplica implements CatalogReader {
  private readonly meta;
  private readonly writer;
  private readonly tracker;
  private readonly scans;
  private readonly finder;
  private readonly productStmt;
  private readonly taxRatesStmt;
  private readonly settingsStmt;
  private lastSettings: { data: string; settings: StoreSettings } | null = null;
  private bulkLoading = false;

  constructor(
    private readonly db: Db,
    options: CatalogReplicaOptions = {},
  ) {
    this.meta = new Meta(db);
    this.writer = new ReplicaWriter(db);
    this.tracker = new SnapshotTracker(db);
    this.scans = new ScanResolver(db, options.inStoreRules ?? DEFAULT_IN_STORE_RULES);
    this.finder = new ProductSearch(db);
    this.productStmt = db.prepare<[string], { data: string }>('SELECT data FROM products WHERE id = ?');
    this.taxRatesStmt = db.prepare<[], { data: string }>('SELECT data FROM tax_rates ORDER BY id');
    this.settingsStmt = db.prepare<[], { data: string }>('SELECT data FROM store_settings WHERE id = 1');
  }

  /**
   * Applies one pulled page and stores its cursor (meta 'pull.cursor') and progress
   * (meta 'pull.progress') in ONE transaction: after a crash either the page and its cursor are
   * both there or neither is, so the next pull neither skips nor loses a change (DESIGN.md
   * invariant 5). Every change is validated first; one invalid change refuses the whole page
   * with INVALID_INPUT (details.issues paths like `changes.3.data.priceMinor`) and writes
   * nothing, because applying the rest would advance the cursor past the bad change.
   * Re-applying a page is harmless: all writes are idempotent upserts and deletes.
   * The pull engine must pull next from `cursor()` (or the returned cursor), not from the page:
   * after an interrupted snapshot they differ (see AppliedPage.cursor).
   */
  applyPage(page: PullResponse): AppliedPage;
  applyPage(changes: readonly unknown[], cursor: string, progress?: SnapshotProgress): AppliedPage;
  applyPage(pageOrChanges: PullResponse | readonly unknown[], cursor?: string, progress?: SnapshotProgress): AppliedPage {
    // Two call shapes: the sync engine hands over the whole pull response (its CatalogSink).
    const input = isChangeList(pageOrChanges)
      ? { changes: pageOrChanges, cursor, progress }
      : { changes: pageOrChanges.changes, cursor: pageOrChanges.cursor, progress: pageOrChanges.snapshot };
    const page = parsePage(input);
    this.bulkLoad(page.progress?.phase === 'snapshot');
    try {
      return writeTransaction(this.db, () => this.applyInTransaction(page.changes, page.cursor, page.progress));
    } catch (error) {
      if (error instanceof KeelError) throw error;
      throw new KeelError('STORAGE_FAILED', 'The catalog page could not be written; nothing was applied', undefined, { cause: error });
    }
  }

  /**
   * While a snapshot streams in, WAL checkpoints wait: every page rewrites thousands of
   * randomly keyed index pages, and checkpointing them at each page's commit (SQLite's default,
   * every 1,000 WAL pages) copied the same hot pages into the database file again and again —
   * about a third of a first sync's time. The WAL may grow to ~40 MB meanwhile; once the
   * snapshot is over the default returns and the next commit checkpoints. A connection setting,
   * so a restart mid-snapshot starts from the default again.
   */
  private bulkLoad(on: boolean): void {
    if (on === this.bulkLoading) return;
    this.db.pragma(`wal_autocheckpoint = ${on ? BULK_WAL_PAGES : DEFAULT_WAL_PAGES}`);
    this.bulkLoading = on;
  }

  private applyInTransaction(changes: z.infer<typeof PageSchema>['changes'], cursor: string, progress: SnapshotProgress | undefined): AppliedPage {
    const wasSnapshot = this.progress() !== null;
    const inSnapshot = progress?.phase === 'snapshot';
    // The server's marker for a new snapshot (server/src/domain/pull-snapshot.ts).
    const firstOfSnapshot = inSnapshot && progress.progress?.done === changes.length;
    let swept = 0;
    // A snapshot whose seen-set was lost (restart mid-snapshot) cannot be swept correctly.
    let restart = false;
    if (firstOfSnapshot) {
      this.tracker.start();
    } else if (inSnapshot) {
      restart = !this.tracker.active();
    } else if (this.tracker.active()) {
      // First log page after a snapshot: sweep BEFORE applying it, the log follows the snapshot.
      swept = this.tracker.sweep();
    } else {
      restart = wasSnapshot;
    }
    const tracking = inSnapshot && !restart && this.tracker.marking();
    const mark = tracking ? (entity: Parameters<SnapshotTracker['mark']>[0], id: string) => this.tracker.mark(entity, id) : () => {};
    for (const change of changes) this.writer.apply(change, mark);
    if (restart) {
      this.tracker.abandon();
      this.meta.delete('pull.cursor');
      this.meta.delete('pull.progress');
      return { applied: changes.length, cursor: null, swept };
    }
    this.meta.set('pull.cursor', cursor);
    if (inSnapshot) {
      const { done = 0, total = 0 } = progress.progress ?? {};
      this.meta.set('pull.progress', { phase: 'snapshot', done, total } satisfies CatalogProgress);
    } else {
      this.meta.delete('pull.progress');
    }
    return { applied: changes.length, cursor, swept };
  }

  /** The cursor to pull from next; null before the first page (the server then sends a snapshot). */
  cursor(): string | null {
    return this.meta.get<string>('pull.cursor');
  }

  /** Snapshot progress for the UI ("catalog 40 % loaded"); null outside a snapshot. */
  progress(): CatalogProgress | null {
    const checked = StoredProgressSchema.safeParse(this.meta.get<unknown>('pull.progress'));
    return checked.success ? checked.data : null;
  }

  resolveScan(code: string): ScanResult | null {
    return this.scans.resolve(code);
  }

  /** Any product, active or not: receipts, refunds and parked carts name retired products too. */
  getProduct(id: string): Product | null {
    const row = this.productStmt.get(id);
    return row ? (JSON.parse(row.data) as Product) : null;
  }

  search(query: string, limit: number): Product[] {
    return this.finder.search(query, limit);
  }

  taxRates(): TaxRate[] {
    return this.taxRatesStmt.all().map((r) => JSON.parse(r.data) as TaxRate);
  }

  /** The same object for as long as the stored settings are unchanged (callers must not mutate it). */
  settings(): StoreSettings | null {
    const row = this.settingsStmt.get();
    if (!row) return null;
    if (this.lastSettings?.data !== row.data) this.lastSettings = { data: row.data, settings: JSON.parse(row.data) as StoreSettings };
    return this.lastSettings.settings;
  }
}

function isChangeList(value: PullResponse | readonly unknown[]): value is readonly unknown[] {
  return Array.isArray(value);
}

const PageEnvelopeSchema = PageSchema.extend({ changes: z.array(z.unknown()) });

/**
 * The page validated: each change through the shared fast path (a first sync is 200k changes),
 * and only when one fails, the whole page through PageSchema for its issue paths.
 */
function parsePage(input: unknown): z.infer<typeof PageSchema> {
  const envelope = PageEnvelopeSchema.safeParse(input);
  if (envelope.success) {
    const changes: CatalogChange[] = [];
    for (const raw of envelope.data.changes) {
      const change = parseCatalogChangeFast(raw);
      if (!change) break;
      changes.push(change);
    }
    if (changes.length === envelope.data.changes.length) return { ...envelope.data, changes };
  }
  const parsed = PageSchema.safeParse(input);
  if (!parsed.success) throw KeelError.fromZodError(parsed.error, 'Pull page refused: it does not match the sync protocol; nothing was applied');
  return parsed.data;
}
