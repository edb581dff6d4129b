// The floor under a sale commit: the rows one sale writes (journal entry, sale, lines, tenders,
// stock movements, the cart's removal), copied from a sale the core committed and written
// again by plain prepared INSERTs in one fsync'd transaction, into a ledger with the core's
// schema and indexes. What the core spends above this is its own code (pricing, validation,
// hashing); what this costs above a single-row INSERT is the schema's.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { openDatabase, writeTransaction, type Db } from '../../desktop/src/core/store/database';

type Row = Record<string, unknown>;

function insertOf(db: Db, table: string, template: Row) {
  const columns = Object.keys(template);
  return db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
}

/** A function that commits one more copy of sale `saleId`'s rows; call `close` when done. */
export function sameRowsCommit(source: Db, dir: string, saleId: string): { commit: () => void; close: () => void } {
  const db = openDatabase(path.join(dir, 'floor.sqlite'));
  const schema = source
    .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index', rowid")
    .all();
  for (const { sql } of schema) db.exec(sql);
  const sale = source.prepare<[string], Row>('SELECT * FROM sales WHERE sale_id = ?').get(saleId)!;
  const journal = source.prepare<[number], Row>('SELECT * FROM journal WHERE seq = ?').get(Number(sale.seq))!;
  const lines = source.prepare<[string], Row>('SELECT * FROM sale_lines WHERE sale_id = ?').all(saleId);
  const tenders = source.prepare<[string], Row>('SELECT * FROM sale_tenders WHERE sale_id = ?').all(saleId);
  const moves = source.prepare<[number], Row>('SELECT product_id, delta_qty_milli, reason, seq FROM stock_movements WHERE seq = ?').all(Number(sale.seq));
  const shift = source.prepare<[string], Row>('SELECT * FROM shifts WHERE shift_id = ?').get(String(sale.shift_id))!;
  insertOf(db, 'shifts', shift).run(shift);
  const ins = {
    journal: insertOf(db, 'journal', journal),
    sale: insertOf(db, 'sales', sale),
    line: lines[0] ? insertOf(db, 'sale_lines', lines[0]) : null,
    tender: tenders[0] ? insertOf(db, 'sale_tenders', tenders[0]) : null,
    move: moves[0] ? insertOf(db, 'stock_movements', moves[0]) : null,
    cart: db.prepare('DELETE FROM carts WHERE cart_id = ?'),
  };
  let n = 0;
  return {
    commit() {
      n++;
      const id = randomUUID();
      writeTransaction(db, () => {
        ins.journal.run({ ...journal, seq: n, op_id: randomUUID() });
        ins.sale.run({ ...sale, sale_id: id, receipt_seq: n, seq: n });
        for (const line of lines) ins.line!.run({ ...line, sale_id: id });
        for (const tender of tenders) ins.tender!.run({ ...tender, sale_id: id });
        for (const move of moves) ins.move!.run({ ...move, seq: n });
        ins.cart.run(id);
      });
    },
    close: () => db.close(),
  };
}
