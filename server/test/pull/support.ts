import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { expect } from 'vitest';
import { PullResponseSchema, type CatalogChange, type PullResponse } from '@keel/shared';
import type { AppContext } from '../../src/context';
import { loadConfig } from '../../src/config';
import { hashToken, newToken } from '../../src/auth/secrets';
import type { Pool, PoolClient } from '../../src/db/pool';
import { errorHandler, notFound } from '../../src/http/errors';
import { pullRouter } from '../../src/http/pull';
import { createLogger } from '../../src/observability/logger';
import { createMetrics } from '../../src/observability/metrics';

/**
 * Pull test helpers: tenants, stores and terminals written with SQL (no admin API needed), an
 * HTTP server with just the pull router, a pull client that checks every page against
 * PullResponseSchema, and a terminal replica that applies pages the way a terminal must.
 */

export interface TerminalFixture {
  tenantId: string;
  storeId: string;
  terminalId: string;
  token: string;
}

/** A complete StoreSettings, as stores.ts keeps it in stores.settings. */
export function settingsOf(storeId: string, name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    storeId,
    name,
    currency: 'EUR',
    taxMode: 'inclusive',
    roundingMode: 'half-up',
    cashRoundingMinor: 1,
    addressLines: ['1 Main Street'],
    taxNumber: null,
    timeZone: 'Europe/Berlin',
    businessDayStartsAt: '04:00',
    receiptHeaderLines: ['Welcome'],
    receiptFooterLines: [],
    shiftOverShortLimitMinor: 500,
    maxDiscountBasisPointsByRole: { cashier: 500, supervisor: 1000, manager: 10000 },
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export async function insertTenant(pool: Pool): Promise<string> {
  const id = randomUUID();
  await pool.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [id, `Tenant ${id.slice(0, 8)}`]);
  return id;
}

/** A store and, like stores.ts, its settings' first change_log row (so the log is never empty). */
export async function insertStore(pool: Pool, tenantId: string, name = 'Main Street'): Promise<string> {
  const id = randomUUID();
  const settings = settingsOf(id, name);
  await pool.query('INSERT INTO stores (tenant_id, id, name, settings) VALUES ($1, $2, $3, $4)', [tenantId, id, name, JSON.stringify(settings)]);
  await insertChange(pool, { tenantId, storeId: id, entity: 'storeSettings', entityId: id, data: settings });
  return id;
}

/** A terminal of the store with a fresh bearer token (stored as its sha256, as enrollment does). */
export async function insertTerminal(pool: Pool, tenantId: string, storeId: string): Promise<TerminalFixture> {
  const terminalId = randomUUID();
  const token = newToken('kt');
  await pool.query('INSERT INTO terminals (tenant_id, id, store_id, name, code, token_hash) VALUES ($1, $2, $3, $4, $5, $6)', [
    tenantId,
    terminalId,
    storeId,
    'Till',
    `T${terminalId.slice(0, 6)}`,
    hashToken(token),
  ]);
  return { tenantId, storeId, terminalId, token };
}

export interface ChangeInput {
  tenantId: string;
  storeId?: string | null;
  entity: string;
  entityId: string;
  op?: 'upsert' | 'delete';
  data?: unknown;
  /** An explicit xid (a long-finished transaction's) instead of the writing transaction's. */
  xid?: string;
}

/** One change_log row, written with `db` (a pool, or a client inside an open transaction). */
export async function insertChange(db: Pool | PoolClient, c: ChangeInput): Promise<{ id: number; xid: string }> {
  const op = c.op ?? 'upsert';
  const { rows } = await db.query<{ id: number; xid: string }>(
    `INSERT INTO change_log (tenant_id, store_id, entity, entity_id, op, data, xid)
     VALUES ($1, $2, $3, $4, $5, $6, coalesce($7::xid8, pg_current_xact_id()))
     RETURNING id, xid::text AS xid`,
    [c.tenantId, c.storeId ?? null, c.entity, c.entityId, op, op === 'delete' ? null : JSON.stringify(c.data), c.xid ?? null],
  );
  return rows[0]!;
}

/** A tax-rate upsert whose id names the change: race tests count changes by their ids. */
export function taxRateChange(tenantId: string, id: string, storeId: string | null = null): ChangeInput {
  return { tenantId, storeId, entity: 'taxRate', entityId: id, data: { id, name: `Rate ${id}`, ratePpm: 70_000 } };
}

export interface PullServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** The pull router alone in an Express app with the real error handler (independent of app.ts). */
export async function startPullServer(pool: Pool): Promise<PullServer> {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  // PULL_TEST_LOG=info shows why the server started snapshots (cursor problems) while debugging.
  const metrics = createMetrics();
  const ctx: AppContext = { config, pool, logger: createLogger(process.env.PULL_TEST_LOG ?? 'silent'), metrics, now: () => new Date(), lifecycle: { shuttingDown: false } };
  const app = express();
  app.use('/v1/sync', pullRouter(ctx));
  app.use(notFound);
  app.use(errorHandler(ctx.logger, metrics));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** GET /v1/sync/pull with raw query parameters; returns status and parsed body. */
export async function pullRaw(baseUrl: string, token: string, params: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const qs = new URLSearchParams(params).toString();
  const res = await fetch(`${baseUrl}/v1/sync/pull${qs ? `?${qs}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

/** One page; fails the test unless it is a 200 that satisfies PullResponseSchema. */
export async function pull(baseUrl: string, token: string, cursor?: string, limit?: number): Promise<PullResponse> {
  const params: Record<string, string> = {};
  if (cursor !== undefined) params.cursor = cursor;
  if (limit !== undefined) params.limit = String(limit);
  const { status, body } = await pullRaw(baseUrl, token, params);
  expect(status, `pull answered ${status} ${JSON.stringify(body)}`).toBe(200);
  const parsed = PullResponseSchema.safeParse(body);
  expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
  return body as PullResponse;
}

export const keyOf = (c: Pick<CatalogChange, 'entity' | 'id'>) => `${c.entity}/${c.id}`;

/**
 * A terminal's copy of the catalog, applying pages as the protocol asks (pull-snapshot.ts): a
 * snapshot page whose done equals its change count starts a new snapshot, built aside and
 * swapped in when the first log page arrives; log changes are applied in order.
 */
export class Replica {
  entities = new Map<string, unknown>();
  cursor: string | undefined;
  /** Every change received from the log, in order (race tests check exactly-once on these). */
  readonly logChanges: CatalogChange[] = [];
  snapshots = 0;
  private staging: Map<string, unknown> | null = null;

  apply(page: PullResponse): void {
    if (page.snapshot?.phase === 'snapshot') {
      if (page.snapshot.progress?.done === page.changes.length) {
        this.staging = new Map();
        this.snapshots += 1;
      }
      expect(this.staging, 'a continued snapshot page without its first page').not.toBeNull();
      for (const c of page.changes) applyChange(this.staging!, c);
    } else {
      if (this.staging) {
        this.entities = this.staging;
        this.staging = null;
      }
      for (const c of page.changes) applyChange(this.entities, c);
      this.logChanges.push(...page.changes);
    }
    this.cursor = page.cursor;
  }
}

/**
 * As the terminal's replica writer does: a product row carries its whole barcode set and
 * replaces the codes it held (the snapshot sends barcodes only inside products), and a deleted
 * product takes its codes with it.
 */
function applyChange(into: Map<string, unknown>, c: CatalogChange): void {
  if (c.entity === 'product') {
    for (const [key, value] of codesOf(into, c.id)) if ((value as { productId?: string }).productId === c.id) into.delete(key);
  }
  if (c.op === 'delete') {
    into.delete(keyOf(c));
    return;
  }
  into.set(keyOf(c), c.data);
  if (c.entity === 'product') {
    for (const code of c.data.barcodes) {
      const key = `barcode/${code}`;
      into.set(key, { code, productId: c.id, updatedAt: c.data.updatedAt });
      codeIndex(into).set(c.id, [...(codeIndex(into).get(c.id) ?? []), key]);
    }
  }
  if (c.entity === 'barcode') codeIndex(into).set(c.data.productId, [...(codeIndex(into).get(c.data.productId) ?? []), keyOf(c)]);
}

// Barcode keys by product id (possibly stale: entries are re-checked against the map), so that a
// product upsert finds its old codes without scanning 100k entries.
const codeIndexes = new WeakMap<Map<string, unknown>, Map<string, string[]>>();

function codeIndex(into: Map<string, unknown>): Map<string, string[]> {
  let index = codeIndexes.get(into);
  if (!index) codeIndexes.set(into, (index = new Map()));
  return index;
}

function codesOf(into: Map<string, unknown>, productId: string): [string, unknown][] {
  const keys = codeIndex(into).get(productId) ?? [];
  codeIndex(into).delete(productId);
  return keys.flatMap((key) => (into.has(key) ? [[key, into.get(key)] as [string, unknown]] : []));
}

/** Pulls until a page says hasMore: false; returns the pages (bounded, so a loop fails the test). */
export async function syncUntilIdle(baseUrl: string, token: string, replica: Replica, limit?: number, maxPages = 10_000): Promise<PullResponse[]> {
  const pages: PullResponse[] = [];
  for (let i = 0; i < maxPages; i++) {
    const page = await pull(baseUrl, token, replica.cursor, limit);
    replica.apply(page);
    pages.push(page);
    if (!page.hasMore) return pages;
  }
  throw new Error(`pull did not become idle within ${maxPages} pages`);
}

/**
 * Pulls until `done()` holds, bounded by `timeoutMs`. The fence is cluster-wide, and other test
 * files share this PostgreSQL: their transactions may hold it back for a moment.
 */
export async function syncUntil(baseUrl: string, token: string, replica: Replica, done: () => boolean, limit?: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await syncUntilIdle(baseUrl, token, replica, limit);
    if (done()) return;
    if (Date.now() > deadline) throw new Error('the feed did not deliver the expected changes in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Calls `read` until `accept` holds for its result (bounded); returns the accepted result. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
