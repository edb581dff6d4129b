import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeOpHash, portableSha256Hex } from '@keel/shared';
import { openDatabase, type Db } from '../../src/core/store/database';
import { nodeSha256Hex } from '../../src/core/store/sha256';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function ledger(): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-db-'));
  dirs.push(dir);
  const db = openDatabase(path.join(dir, 'ledger.sqlite'));
  dbs.push(db);
  return db;
}

describe('openDatabase statement cache', () => {
  it('When the same SQL is prepared twice, then the compiled statement is reused and still runs', () => {
    const db = ledger();
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    expect(db.prepare('INSERT INTO t (v) VALUES (?)')).toBe(insert);
    db.prepare('INSERT INTO t (v) VALUES (?)').run('a');
    db.prepare('INSERT INTO t (v) VALUES (?)').run('b');
    expect(db.prepare<[], { n: number }>('SELECT count(*) AS n FROM t').get()!.n).toBe(2);
  });

  it('When a table changes shape after a statement was cached, then the cached statement sees the new schema', () => {
    const db = ledger();
    db.exec('CREATE TABLE t (a INTEGER)');
    db.prepare('INSERT INTO t (a) VALUES (?)').run(1);
    const read = () => db.prepare<[], Record<string, unknown>>('SELECT * FROM t').get();
    expect(read()).toEqual({ a: 1 });
    db.exec('ALTER TABLE t ADD COLUMN b INTEGER DEFAULT 7');
    expect(read()).toEqual({ a: 1, b: 7 });
  });

  it('When more distinct statements than the bound are prepared, then every one still works', () => {
    const db = ledger();
    for (let i = 0; i < 1200; i++) expect(db.prepare<[], { v: number }>(`SELECT ${i} AS v`).get()!.v).toBe(i);
  });
});

describe('nodeSha256Hex', () => {
  it('When hashing an operation, then it gives the same hash as the portable SHA-256 of the chain rule', () => {
    const op = { opId: 'o-1', terminalId: 't-1', seq: 1, type: 'sale.completed', payload: { name: 'Grüße ☕ 𝄞', n: 12 }, createdAt: '2026-01-01T00:00:00.000Z', prevHash: '0'.repeat(64) };
    expect(computeOpHash(op, nodeSha256Hex)).toBe(computeOpHash(op, portableSha256Hex));
    expect(nodeSha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
