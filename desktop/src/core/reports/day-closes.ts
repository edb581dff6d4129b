import { DayClosedSchema, type DayClosed } from '@keel/shared';
import type { Db } from '../store/database';

/**
 * The terminal's Z reports as recorded: one `day_closes` row per `day.closed` operation, with
 * the payload as `doc` and the operation's journal seq, which bounds the documents the Z covers
 * (everything after the previous Z's seq, before its own).
 */

export interface StoredZ {
  zNumber: number;
  seq: number;
  payload: DayClosed;
}

/** The row of a `day.closed`; called only inside journal.record's effects (and journal recovery's replay). */
export function insertDayCloseRow(db: Db, payload: DayClosed, seq: number): void {
  db.prepare('INSERT INTO day_closes (z_number, business_date, closed_at, doc, seq) VALUES (?, ?, ?, ?, ?)').run(
    payload.zNumber,
    payload.businessDate,
    payload.closedAt,
    JSON.stringify(payload),
    seq,
  );
}

type Row = { zNumber: number; seq: number; doc: string };
const COLUMNS = 'z_number AS zNumber, seq, doc';

/** Read back and validated (STYLE.md habit 7): a Z is what later Zs' grand totals build on. */
function stored(row: Row | undefined): StoredZ | null {
  return row ? { zNumber: row.zNumber, seq: row.seq, payload: DayClosedSchema.parse(JSON.parse(row.doc)) } : null;
}

export function lastZ(db: Db): StoredZ | null {
  return stored(db.prepare<[], Row>(`SELECT ${COLUMNS} FROM day_closes ORDER BY z_number DESC LIMIT 1`).get());
}

export function zByNumber(db: Db, zNumber: number): StoredZ | null {
  return stored(db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM day_closes WHERE z_number = ?`).get(zNumber));
}

export function latestZs(db: Db, limit: number): StoredZ[] {
  return db
    .prepare<[number], Row>(`SELECT ${COLUMNS} FROM day_closes ORDER BY z_number DESC LIMIT ?`)
    .all(limit)
    .map((row) => stored(row))
    .filter((z): z is StoredZ => z !== null);
}
