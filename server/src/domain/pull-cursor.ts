import { z } from 'zod';
import { CatalogEntitySchema, type CatalogEntity } from '@keel/shared';

/**
 * The pull cursor (DESIGN.md "Sync protocol v1"): opaque to the terminal, here a versioned JSON
 * object in base64url. Anything that does not decode to exactly this shape (another version,
 * garbage, a cursor of another store) is "no cursor": the terminal gets a snapshot, never an
 * error, so a server upgrade that changes the format only costs one re-sync.
 *
 * Not signed: the tenant and store come from the terminal's token, never from the cursor, so a
 * forged cursor can only make the terminal skip or repeat its own data.
 */

const CURSOR_VERSION = 1;

/** An xid8 as PostgreSQL prints it: a 64-bit epoch-extended transaction id, in decimal. */
const XidSchema = z.string().regex(/^\d{1,20}$/);
/** change_log.id; 0 marks a position before any row of a transaction (see LogPosition). */
const RowIdSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * A place in the feed's (xid, id) order. Normally the key of a real change_log row: the last one
 * the terminal has (the horizon check in pull-feed.ts relies on that). `id: 0` is a virtual
 * position "before everything of transaction xid", used only when a snapshot began on a tenant
 * whose log was still empty.
 */
export interface LogPosition {
  xid: string;
  id: number;
}

export interface LogCursor {
  phase: 'log';
  storeId: string;
  at: LogPosition;
}

/**
 * A snapshot in progress: the fence F taken when it began, the log position to continue from
 * once it is done (the last row below F, so every change with xid >= F is replayed), the entity
 * being paged and the last key sent, and the progress counters for the UI.
 */
export interface SnapshotCursor {
  phase: 'snapshot';
  storeId: string;
  fence: string;
  /** Where the log resumes after the snapshot: the tenant's last change below `fence`. */
  resume: LogPosition;
  entity: CatalogEntity;
  /** The last key sent for `entity`; null before its first row. */
  after: string | null;
  done: number;
  total: number;
}

export type PullCursor = LogCursor | SnapshotCursor;

// Short keys keep the cursor well inside the 512 characters PullQuerySchema allows, even with
// a 64-character key.
const PositionWire = z.tuple([XidSchema, RowIdSchema]);
const WireSchema = z.discriminatedUnion('p', [
  z.strictObject({ v: z.literal(CURSOR_VERSION), p: z.literal('l'), s: z.uuid(), at: PositionWire }),
  z.strictObject({
    v: z.literal(CURSOR_VERSION),
    p: z.literal('s'),
    s: z.uuid(),
    f: XidSchema,
    r: PositionWire,
    e: CatalogEntitySchema,
    k: z.string().min(1).max(128).nullable(),
    d: z.number().int().min(0),
    t: z.number().int().min(0),
  }),
]);

export function encodeCursor(cursor: PullCursor): string {
  const wire =
    cursor.phase === 'log'
      ? { v: CURSOR_VERSION, p: 'l', s: cursor.storeId, at: [cursor.at.xid, cursor.at.id] }
      : {
          v: CURSOR_VERSION,
          p: 's',
          s: cursor.storeId,
          f: cursor.fence,
          r: [cursor.resume.xid, cursor.resume.id],
          e: cursor.entity,
          k: cursor.after,
          d: cursor.done,
          t: cursor.total,
        };
  return Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
}

/** The cursor, or null when it is not one this server wrote (the caller starts a snapshot). */
export function decodeCursor(text: string): PullCursor | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = WireSchema.safeParse(json);
  if (!parsed.success) return null;
  const w = parsed.data;
  if (w.p === 'l') return { phase: 'log', storeId: w.s, at: { xid: w.at[0], id: w.at[1] } };
  return {
    phase: 'snapshot',
    storeId: w.s,
    fence: w.f,
    resume: { xid: w.r[0], id: w.r[1] },
    entity: w.e,
    after: w.k,
    done: w.d,
    total: w.t,
  };
}

/** (xid, id) order, the feed's order; xids are compared as 64-bit integers, not as text. */
export function comparePositions(a: LogPosition, b: LogPosition): number {
  const ax = BigInt(a.xid);
  const bx = BigInt(b.xid);
  if (ax !== bx) return ax < bx ? -1 : 1;
  return a.id - b.id;
}
