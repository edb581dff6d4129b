import { randomUUID } from 'node:crypto';
import {
  GENESIS,
  formatReceiptNumber,
  priceCart,
  sealOperation,
  settleTenders,
  type ChainHead,
  type Operation,
  type OperationDraft,
  type PricingSettings,
  type Sale,
  type StoreSettings,
} from '@keel/shared';
import { hashToken, newToken } from '../../src/auth/secrets';
import type { Pool } from '../../src/db/pool';

export const EUR_INCLUSIVE: PricingSettings = { currency: 'EUR', taxMode: 'inclusive', roundingMode: 'half-up', cashRoundingMinor: 1 };

export interface TerminalIdentity {
  tenantId: string;
  storeId: string;
  terminalId: string;
  token: string;
  code: string;
}

export function storeSettings(storeId: string, pricing: PricingSettings = EUR_INCLUSIVE): StoreSettings {
  return {
    ...pricing,
    storeId,
    name: 'Corner Shop',
    addressLines: ['1 Market Street'],
    taxNumber: null,
    timeZone: 'Europe/Berlin',
    businessDayStartsAt: '04:00',
    receiptHeaderLines: [],
    receiptFooterLines: [],
    shiftOverShortLimitMinor: 500,
    maxDiscountBasisPointsByRole: { cashier: 1000, supervisor: 3000, manager: 10000 },
    updatedAt: new Date().toISOString(),
  };
}

/**
 * Inserts a tenant, a store and an enrolled terminal straight into the database, for tests of
 * the sync routes (the enrollment flow has its own tests). Returns the terminal's bearer token.
 */
export async function insertTerminal(pool: Pool, existing?: { tenantId: string; storeId: string }): Promise<TerminalIdentity> {
  const tenantId = existing?.tenantId ?? randomUUID();
  const storeId = existing?.storeId ?? randomUUID();
  if (!existing) {
    await pool.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, 'Test tenant']);
    await pool.query('INSERT INTO stores (tenant_id, id, name, settings) VALUES ($1, $2, $3, $4)', [tenantId, storeId, 'Corner Shop', storeSettings(storeId)]);
  }
  const terminalId = randomUUID();
  const token = newToken('kt');
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM terminals WHERE tenant_id = $1 AND store_id = $2', [tenantId, storeId]);
  const code = `T${String((rows[0]?.n ?? 0) + 1).padStart(2, '0')}`;
  await pool.query(
    'INSERT INTO terminals (tenant_id, id, store_id, name, code, token_hash) VALUES ($1, $2, $3, $4, $5, $6)',
    [tenantId, terminalId, storeId, `Till ${code}`, code, hashToken(token)],
  );
  return { tenantId, storeId, terminalId, token, code };
}

export interface LineSpec {
  productId?: string | null;
  sku?: string;
  unitPriceMinor: number;
  qtyMilli?: number;
  taxRateId?: string;
  ratePpm?: number;
}

/**
 * A terminal's journal as a test script: builds real, consistent documents with the shared
 * engine and seals them into the chain exactly as the terminal core will.
 */
export class ScriptedTerminal {
  head: ChainHead;
  readonly journal: Operation[] = [];
  private receiptSeq = 0;
  readonly shiftId = randomUUID();
  now = () => new Date();

  constructor(readonly id: TerminalIdentity, readonly pricing: PricingSettings = EUR_INCLUSIVE) {
    this.head = { ...GENESIS, terminalId: id.terminalId };
  }

  append(draft: Omit<OperationDraft, 'opId' | 'terminalId' | 'createdAt'> & Partial<Pick<OperationDraft, 'opId' | 'createdAt'>>): Operation {
    const op = sealOperation(this.head, {
      opId: randomUUID(),
      terminalId: this.id.terminalId,
      createdAt: this.now().toISOString(),
      ...draft,
    } as OperationDraft);
    this.head = { seq: op.seq, hash: op.hash, terminalId: this.id.terminalId };
    this.journal.push(op);
    return op;
  }

  /** A priced sale paid in cash (exact amount unless `tenderedMinor` is given). */
  sale(lines: LineSpec[], options: { tenderedMinor?: number; mutate?: (sale: Sale) => void } = {}): Operation {
    const priced = priceCart(
      {
        lines: lines.map((l, i) => ({
          lineId: `l${i + 1}`,
          productId: l.productId === undefined ? null : l.productId,
          sku: l.sku ?? `SKU-${i + 1}`,
          name: `Item ${i + 1}`,
          unitPriceMinor: l.unitPriceMinor,
          qtyMilli: l.qtyMilli ?? 1000,
          taxRateId: l.taxRateId ?? 'vat-19',
          discount: null,
        })),
        cartDiscount: null,
        taxRates: [
          { id: 'vat-19', name: 'VAT 19%', ratePpm: 190_000 },
          { id: 'vat-7', name: 'VAT 7%', ratePpm: 70_000 },
          ...lines.filter((l) => l.taxRateId && l.ratePpm !== undefined).map((l) => ({ id: l.taxRateId!, name: l.taxRateId!, ratePpm: l.ratePpm! })),
        ],
      },
      this.pricing,
    );
    const tendered = options.tenderedMinor ?? priced.totals.totalMinor;
    const settled = settleTenders(priced.totals.totalMinor, [{ kind: 'cash', amountMinor: tendered }], this.pricing);
    this.receiptSeq += 1;
    const createdAt = this.now().toISOString();
    const sale: Sale = {
      saleId: randomUUID(),
      terminalId: this.id.terminalId,
      storeId: this.id.storeId,
      receiptNumber: formatReceiptNumber(this.id.code, this.receiptSeq),
      receiptSeq: this.receiptSeq,
      shiftId: this.shiftId,
      cashierId: 'u-anna',
      createdAt,
      businessDate: createdAt.slice(0, 10),
      pricing: this.pricing,
      lines: priced.lines.map((l) => ({ ...l, discount: null, discountApprovedBy: null, priceOverride: null })),
      cartDiscount: null,
      cartDiscountApprovedBy: null,
      totals: priced.totals,
      tenders: settled.applied.map((a) => ({ kind: 'cash' as const, tenderedMinor: a.tenderedMinor, amountMinor: a.amountMinor, changeMinor: a.tenderedMinor - a.amountMinor })),
      roundingMinor: settled.roundingMinor,
      changeMinor: settled.changeMinor,
    };
    options.mutate?.(sale);
    return this.append({ type: 'sale.completed', payload: sale });
  }

  /** Ops after `ackedSeq`: the outbox. */
  outbox(ackedSeq: number): Operation[] {
    return this.journal.filter((op) => op.seq > ackedSeq);
  }
}

// Response bodies are asserted field by field in tests; `any` keeps those assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export async function push(baseUrl: string, token: string, ops: unknown[]): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${baseUrl}/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ ops }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: res.status, body, headers: res.headers };
}
