import { useState } from 'react';
import type { IpcOutput } from '@keel/shared';
import { call } from '../api/keel-client';
import { friendlyError } from '../api/error-text';
import { Empty, ErrorText } from '../components/States';
import { clockTime, money, quantity } from '../format/display';
import { useApproval } from '../hooks/use-approval';
import { useTerminal, type RecentSale } from '../state/terminal-state';

const REASONS = ['Customer changed mind', 'Damaged or faulty', 'Wrong item', 'Charged twice'];
type RefundResult = IpcOutput<'sale.refund'>;
type Done = { kind: 'refund'; result: RefundResult; currency: string; toCash: boolean } | { kind: 'void'; receiptNumber: string };

/**
 * Refunds and voids of sales made on this terminal, each with a supervisor's PIN unless the
 * person logged in is one. Core decides what can still be refunded; this screen only asks.
 */
export function ReturnsScreen() {
  const { recent, markRecent } = useTerminal();
  const [selectedId, setSelectedId] = useState<string | null>(recent[0]?.saleId ?? null);
  const selected = recent.find((s) => s.saleId === selectedId) ?? null;

  return (
    <main className="returns">
      <section className="returns-list" aria-label="Recent sales">
        <div className="panel-head">
          <h2>Recent sales</h2>
          <span className="muted small">made on this terminal</span>
        </div>
        {recent.length === 0 ? (
          <Empty title="No sales yet">
            <p>Sales completed on this terminal appear here, newest first, for refunds and voids.</p>
          </Empty>
        ) : (
          <ul className="pick-list">
            {recent.map((s) => (
              <li key={s.saleId}>
                <button type="button" className={`pick${s.saleId === selectedId ? ' is-active' : ''}`} onClick={() => setSelectedId(s.saleId)} data-testid="recent-sale">
                  <span className="pick-title">Receipt {s.receiptNumber}</span>
                  <span className="pick-meta">
                    {clockTime(s.at)} · {s.lines.length} {s.lines.length === 1 ? 'line' : 'lines'}
                    {s.status !== 'sold' ? <span className={`badge ${s.status === 'voided' ? 'badge-error' : 'badge-warn'}`}>{s.status}</span> : null}
                  </span>
                  <span className="pick-amount">{money(s.totalMinor, s.currency)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {selected ? <SaleReturn key={selected.saleId} sale={selected} onChanged={markRecent} /> : <section className="returns-detail" />}
    </main>
  );
}

function SaleReturn({ sale, onChanged }: { sale: RecentSale; onChanged: (saleId: string, status: RecentSale['status']) => void }) {
  const [approvalDialog, withApproval] = useApproval();
  const [qty, setQty] = useState<Record<string, number>>(() => Object.fromEntries(sale.lines.map((l) => [l.lineId, l.qtyMilli])));
  const [reason, setReason] = useState('');
  const [toCash, setToCash] = useState(false);
  const [restock, setRestock] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [reprinted, setReprinted] = useState<string | null>(null);

  const chosen = sale.lines.filter((l) => (qty[l.lineId] ?? 0) > 0).map((l) => ({ lineId: l.lineId, qtyMilli: qty[l.lineId] ?? 0 }));
  const everything = chosen.length === sale.lines.length && chosen.every((c) => c.qtyMilli === sale.lines.find((l) => l.lineId === c.lineId)?.qtyMilli);
  const step = (lineId: string, max: number, delta: number) => setQty((q) => ({ ...q, [lineId]: Math.min(max, Math.max(0, (q[lineId] ?? 0) + delta)) }));

  const needReason = () => {
    if (reason.trim() !== '') return false;
    setError('Choose or type a reason first.');
    return true;
  };

  const refund = async () => {
    if (needReason()) return;
    if (chosen.length === 0) return setError('Choose at least one line to refund.');
    setBusy(true);
    setError(null);
    const result = await withApproval({
      role: 'supervisor',
      action: 'A refund',
      run: (approverPin) =>
        call('sale.refund', {
          saleId: sale.saleId,
          ...(everything ? {} : { lines: chosen }),
          reason: reason.trim(),
          restock,
          refundTo: toCash ? 'cash' : 'original',
          ...(approverPin ? { approverPin } : {}),
        }),
    });
    setBusy(false);
    if (result === null) return setError('Not refunded: the approval was cancelled.');
    if (!result.ok) return setError(friendlyError(result.error));
    setDone({ kind: 'refund', result: result.value, currency: sale.currency, toCash });
    onChanged(sale.saleId, 'refunded');
  };

  const voidSale = async () => {
    if (needReason()) return;
    setBusy(true);
    setError(null);
    const result = await withApproval({
      role: 'supervisor',
      action: 'Voiding a sale',
      run: (approverPin) => call('sale.void', { saleId: sale.saleId, reason: reason.trim(), ...(approverPin ? { approverPin } : {}) }),
    });
    setBusy(false);
    if (result === null) return setError('Not voided: the approval was cancelled.');
    if (!result.ok) return setError(friendlyError(result.error));
    setDone({ kind: 'void', receiptNumber: sale.receiptNumber });
    onChanged(sale.saleId, 'voided');
  };

  if (done) {
    const refundMinor = done.kind === 'refund' ? Math.abs(done.result.totalMinor) : 0;
    return (
      <section className="returns-detail" data-testid="return-done">
        <div className="done-check" aria-hidden="true">
          ✓
        </div>
        {done.kind === 'refund' ? (
          <>
            <h2>Refund complete</h2>
            <p className="muted">Refund receipt {done.result.receiptNumber}</p>
            <div className="change-due" data-testid="refund-amount">
              <span>{done.toCash ? 'Give back in cash' : 'Refunded'}</span>
              <strong>{money(refundMinor, done.currency)}</strong>
            </div>
            {done.result.receiptPrinted || reprinted === 'printed' ? (
              <p className="receipt-state receipt-ok">Receipt printed.</p>
            ) : (
              <div className="receipt-state receipt-missing" role="alert">
                <strong>Receipt not printed</strong>
                <span>The refund is recorded. Only the paper receipt is missing.</span>
                <button
                  type="button"
                  className="btn"
                  onClick={() =>
                    void call('receipt.reprint', { saleId: done.result.refundId }).then((r) =>
                      setReprinted(r.ok ? (r.value.printed ? 'printed' : 'Still not printed: check the printer.') : friendlyError(r.error)),
                    )
                  }
                >
                  Reprint receipt
                </button>
                {reprinted && reprinted !== 'printed' ? <span>{reprinted}</span> : null}
              </div>
            )}
          </>
        ) : (
          <>
            <h2>Sale voided</h2>
            <p className="muted">Receipt {done.receiptNumber} is void. Its payments were given back as recorded by the terminal.</p>
          </>
        )}
      </section>
    );
  }

  return (
    <section className="returns-detail" aria-label={`Receipt ${sale.receiptNumber}`}>
      <div className="panel-head">
        <h2>Receipt {sale.receiptNumber}</h2>
        <span className="muted">
          {clockTime(sale.at)} · {money(sale.totalMinor, sale.currency)}
        </span>
      </div>
      <ul className="return-lines">
        {sale.lines.map((l) => {
          const weighed = l.qtyMilli % 1000 !== 0;
          const n = qty[l.lineId] ?? 0;
          return (
            <li key={l.lineId} className={n > 0 ? 'is-chosen' : ''}>
              <span className="line-name">{l.name}</span>
              <span className="muted">
                sold {quantity(l.qtyMilli, weighed)} · {money(l.totalMinor, sale.currency)}
              </span>
              <span className="line-qty">
                {weighed ? (
                  <button type="button" className="btn" onClick={() => setQty((q) => ({ ...q, [l.lineId]: n > 0 ? 0 : l.qtyMilli }))}>
                    {n > 0 ? 'Refund ✓' : 'Keep'}
                  </button>
                ) : (
                  <>
                    <button type="button" className="btn btn-icon" onClick={() => step(l.lineId, l.qtyMilli, -1000)} aria-label={`Refund one less ${l.name}`}>
                      −
                    </button>
                    <span className="qty-value">{quantity(n, false)}</span>
                    <button type="button" className="btn btn-icon" onClick={() => step(l.lineId, l.qtyMilli, 1000)} aria-label={`Refund one more ${l.name}`}>
                      +
                    </button>
                  </>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      <h3>Reason</h3>
      <div className="quick-row">
        {REASONS.map((r) => (
          <button key={r} type="button" className={`btn btn-quick${reason === r ? ' is-selected' : ''}`} onClick={() => setReason(r)}>
            {r}
          </button>
        ))}
      </div>
      <input className="reason-input" placeholder="Or type a reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} aria-label="Reason" />
      <div className="row options-row">
        <div className="segmented" role="group" aria-label="Refund to">
          <button type="button" className={!toCash ? 'is-selected' : ''} onClick={() => setToCash(false)}>
            As paid
          </button>
          <button type="button" className={toCash ? 'is-selected' : ''} onClick={() => setToCash(true)}>
            In cash
          </button>
        </div>
        <label className="check">
          <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} /> Put items back in stock
        </label>
      </div>
      <ErrorText text={error} />
      <div className="row actions-row">
        <button type="button" className="btn btn-danger btn-lg" onClick={() => void voidSale()} disabled={busy || sale.status !== 'sold'} data-testid="void">
          Void whole sale
        </button>
        <button type="button" className="btn btn-primary btn-lg" onClick={() => void refund()} disabled={busy || chosen.length === 0 || sale.status === 'voided'} data-testid="refund">
          {busy ? 'Working…' : everything ? 'Refund everything' : `Refund ${chosen.length} ${chosen.length === 1 ? 'line' : 'lines'}`}
        </button>
      </div>
      {approvalDialog}
    </section>
  );
}
