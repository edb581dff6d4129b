import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcOutput, SaleListEntry, SaleRecord, SaleStatus, UnknownPayment } from '@keel/shared';
import { call } from '../api/keel-client';
import { friendlyError } from '../api/error-text';
import { Empty, ErrorText, Loading } from '../components/States';
import { clockTime, money, quantity } from '../format/display';
import { useApproval } from '../hooks/use-approval';
import { useScans } from '../scan/use-keyboard';
import { ReasonPicker } from '../components/ReasonPicker';
import { UnknownPaymentPanel, type PaymentSettled } from './UnknownPaymentPanel';

const REASONS = ['Customer changed mind', 'Damaged or faulty', 'Wrong item', 'Charged twice'];
type RefundResult = IpcOutput<'sale.refund'>;
type Done = { kind: 'refund'; result: RefundResult; currency: string; toCash: boolean } | { kind: 'void'; receiptNumber: string };

const STATUS_TEXT: Record<SaleStatus, string | null> = { sold: null, partlyRefunded: 'partly refunded', refunded: 'refunded', voided: 'voided' };

function StatusBadge({ status }: { status: SaleStatus }) {
  const text = STATUS_TEXT[status];
  return text ? <span className={`badge ${status === 'voided' ? 'badge-error' : 'badge-warn'}`}>{text}</span> : null;
}

/**
 * Refunds and voids of any sale in this terminal's ledger, found by its receipt number (typed
 * or scanned from the receipt) or picked from the list of recent sales. Everything shown comes
 * from core, so a reload or a sale from last week makes no difference. A supervisor's PIN is
 * asked unless the person logged in is one; core decides what can still be refunded.
 */
export function ReturnsScreen() {
  const [query, setQuery] = useState('');
  const [businessDate, setBusinessDate] = useState('');
  const [list, setList] = useState<SaleListEntry[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [record, setRecord] = useState<SaleRecord | null>(null);
  const [finding, setFinding] = useState(false);
  // Each lookup starts the sale's panel afresh, also for the same sale again after a refund.
  const [opened, setOpened] = useState(0);
  const [findError, setFindError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const loadList = useCallback(
    async (more: number | null) => {
      const result = await call('sale.list', { ...(businessDate ? { businessDate } : {}), ...(more ? { before: more } : {}), limit: 20 });
      if (!result.ok) {
        setListError(friendlyError(result.error));
        if (!more) setList([]);
        return;
      }
      setListError(null);
      setList((old) => (more ? [...(old ?? []), ...result.value.sales] : result.value.sales));
      setNextBefore(result.value.nextBefore);
    },
    [businessDate],
  );
  useEffect(() => {
    setList(null);
    void loadList(null);
  }, [loadList]);

  const find = useCallback(async (receiptNumber: string) => {
    const text = receiptNumber.trim();
    if (text === '') {
      setFindError('Type or scan a receipt number first.');
      return;
    }
    setFinding(true);
    setFindError(null);
    const result = await call('sale.find', { receiptNumber: text });
    setFinding(false);
    if (!result.ok) {
      setFindError(friendlyError(result.error));
      return;
    }
    setRecord(result.value);
    setOpened((n) => n + 1);
    setQuery('');
  }, []);

  // A scanned receipt (its printed code) opens that sale, wherever the focus is.
  useScans((code) => void find(code));

  // A card refund whose outcome is unknown: shown here, where refunds are made, until settled.
  const [doubt, setDoubt] = useState<UnknownPayment | null>(null);
  const [settled, setSettled] = useState<PaymentSettled | null>(null);
  const loadDoubt = useCallback(async () => {
    const pending = await call('payment.pending', {});
    setDoubt(pending.ok && pending.value?.kind === 'refund' ? pending.value : null);
  }, []);
  useEffect(() => {
    void loadDoubt();
  }, [loadDoubt]);

  /** The sale, the list and any refund in doubt as core now has them. */
  const refresh = useCallback(async () => {
    await loadDoubt();
    if (record) {
      const again = await call('sale.find', { receiptNumber: record.receiptNumber });
      if (again.ok) setRecord(again.value);
    }
    await loadList(null);
  }, [record, loadList, loadDoubt]);
  /** After a refund or void (or a failed one): an earlier doubt's answer no longer applies. */
  const changed = useCallback(async () => {
    setSettled(null);
    await refresh();
  }, [refresh]);

  return (
    <main className="returns">
      <section className="returns-list" aria-label="Find a sale">
        {doubt ? (
          <UnknownPaymentPanel
            payment={doubt}
            currency={record?.currency ?? list?.[0]?.currency ?? 'EUR'}
            onSettled={(answer) => {
              if (answer.result !== 'unknown') setSettled(answer);
              void refresh();
            }}
          />
        ) : settled ? (
          <p className={settled.result === 'approved' ? 'inline-ok' : 'inline-warn'} role="status" data-testid="payment-settled">
            {settled.text}
          </p>
        ) : null}
        <form
          className="receipt-find"
          onSubmit={(e) => {
            e.preventDefault();
            void find(query);
          }}
        >
          <label className="field">
            <span>Receipt number (scan or type)</span>
            <span className="row">
              <input
                ref={input}
                value={query}
                maxLength={40}
                placeholder="e.g. T01-000123"
                onChange={(e) => setQuery(e.target.value)}
                data-testid="receipt-search"
                autoFocus
              />
              <button type="submit" className="btn btn-primary" disabled={finding} data-testid="receipt-find">
                {finding ? 'Finding…' : 'Find'}
              </button>
            </span>
          </label>
          <ErrorText text={findError} />
        </form>
        <div className="panel-head">
          <h2>Sales on this till</h2>
          <label className="day-filter">
            <span className="muted small">Day</span>
            <input type="date" value={businessDate} onChange={(e) => setBusinessDate(e.target.value)} aria-label="Business day" data-testid="sales-day" />
            {businessDate ? (
              <button type="button" className="btn btn-ghost" onClick={() => setBusinessDate('')}>
                All days
              </button>
            ) : null}
          </label>
        </div>
        <div className="returns-scroll">
          <ErrorText text={listError} />
          {list === null ? (
            <Loading text="Loading sales…" />
          ) : list.length === 0 ? (
            <Empty title={businessDate ? 'No sales on this day' : 'No sales yet'}>
              <p>Sales made on this till appear here, newest first. A receipt number finds any of them.</p>
            </Empty>
          ) : (
            <ul className="pick-list">
              {list.map((s) => (
                <li key={s.saleId}>
                  <button
                    type="button"
                    className={`pick${s.saleId === record?.saleId ? ' is-active' : ''}`}
                    onClick={() => void find(s.receiptNumber)}
                    data-testid="recent-sale"
                  >
                    <span className="pick-title">Receipt {s.receiptNumber}</span>
                    <span className="pick-meta">
                      {clockTime(s.createdAt)} · {s.lineCount} {s.lineCount === 1 ? 'line' : 'lines'} <StatusBadge status={s.status} />
                    </span>
                    <span className="pick-amount">{money(s.paidMinor, s.currency)}</span>
                  </button>
                </li>
              ))}
              {nextBefore ? (
                <li>
                  <button type="button" className="btn btn-ghost more-button" onClick={() => void loadList(nextBefore)} data-testid="older-sales">
                    Show older sales
                  </button>
                </li>
              ) : null}
            </ul>
          )}
        </div>
      </section>
      {record ? (
        <SaleReturn key={`${record.saleId}-${opened}`} sale={record} onChanged={changed} />
      ) : (
        <section className="returns-detail">
          <Empty title="Find the sale">
            <p>Scan the code on the customer’s receipt, type its number, or pick a sale on the left.</p>
          </Empty>
        </section>
      )}
    </main>
  );
}

function SaleReturn({ sale, onChanged }: { sale: SaleRecord; onChanged: () => Promise<void> }) {
  const [approvalDialog, withApproval] = useApproval();
  const [qty, setQty] = useState<Record<string, number>>(() => Object.fromEntries(sale.lines.map((l) => [l.lineId, l.refundableQtyMilli])));
  const [reason, setReason] = useState('');
  const [toCash, setToCash] = useState(false);
  const [restock, setRestock] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [reprinted, setReprinted] = useState<string | null>(null);

  const open = sale.lines.filter((l) => l.refundableQtyMilli > 0);
  const chosen = open.filter((l) => (qty[l.lineId] ?? 0) > 0).map((l) => ({ lineId: l.lineId, qtyMilli: Math.min(qty[l.lineId] ?? 0, l.refundableQtyMilli) }));
  // Everything still refundable: core is asked for "the rest", so it decides what that is.
  const everything = chosen.length === open.length && chosen.every((c) => c.qtyMilli === open.find((l) => l.lineId === c.lineId)?.refundableQtyMilli);
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
    if (!result.ok) {
      const { code } = result.error;
      // A card refund in doubt is kept by core and shown in its own panel, with how to settle it.
      if (code === 'PAYMENT_STATUS_UNKNOWN') return onChanged();
      setError(code === 'CARD_TERMINAL_UNAVAILABLE' ? 'No card terminal is connected: connect it, or refund in cash.' : friendlyError(result.error));
      return;
    }
    setDone({ kind: 'refund', result: result.value, currency: sale.currency, toCash });
    await onChanged();
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
    await onChanged();
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
            <p className="muted">
              Refund receipt {done.result.receiptNumber} for sale {sale.receiptNumber}
            </p>
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

  const refundable = open.length > 0;
  return (
    <section className="returns-detail" aria-label={`Receipt ${sale.receiptNumber}`} data-testid="sale-record">
      <div className="panel-head">
        <h2>
          Receipt {sale.receiptNumber} <StatusBadge status={sale.status} />
        </h2>
        <span className="muted">
          {clockTime(sale.createdAt)} · {sale.cashierName} · paid {money(sale.paidMinor, sale.currency)}
        </span>
      </div>
      <p className="muted small sale-tenders">
        Paid with {sale.tenders.length === 0 ? 'nothing (nothing was due)' : sale.tenders.map((t) => `${t.label} ${money(t.amountMinor, sale.currency)}`).join(', ')}
        {sale.refunds.length > 0 ? ` · refunded before: ${sale.refunds.map((r) => `${r.receiptNumber} ${money(Math.abs(r.totalMinor), sale.currency)}`).join(', ')}` : ''}
      </p>
      <ul className="return-lines">
        {sale.lines.map((l) => {
          const weighed = l.qtyMilli % 1000 !== 0;
          const n = qty[l.lineId] ?? 0;
          const left = l.refundableQtyMilli;
          return (
            <li key={l.lineId} className={n > 0 && left > 0 ? 'is-chosen' : left === 0 ? 'is-done' : ''} data-testid="return-line">
              <span className="line-name">
                {l.name}
                {l.priceOverridden ? <span className="badge badge-warn">price changed</span> : null}
              </span>
              <span className="muted" data-testid="return-line-meta">
                sold {quantity(l.qtyMilli, weighed)} · {money(l.totalMinor, sale.currency)}
                {l.refundedQtyMilli > 0 ? ` · ${quantity(l.refundedQtyMilli, weighed)} refunded` : ''}
              </span>
              <span className="line-qty">
                {left === 0 ? (
                  <span className="muted">{sale.status === 'voided' ? 'voided' : 'nothing left'}</span>
                ) : weighed || left % 1000 !== 0 ? (
                  <button type="button" className="btn" onClick={() => setQty((q) => ({ ...q, [l.lineId]: n > 0 ? 0 : left }))}>
                    {n > 0 ? 'Refund ✓' : 'Keep'}
                  </button>
                ) : (
                  <>
                    <button type="button" className="btn btn-icon" onClick={() => step(l.lineId, left, -1000)} aria-label={`Refund one less ${l.name}`}>
                      −
                    </button>
                    <span className="qty-value" data-testid="return-qty">
                      {quantity(n, false)}
                    </span>
                    <button type="button" className="btn btn-icon" onClick={() => step(l.lineId, left, 1000)} aria-label={`Refund one more ${l.name}`}>
                      +
                    </button>
                  </>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      {refundable || sale.voidBlockedReason === null ? (
        <>
          <h3>Reason</h3>
          <ReasonPicker reasons={REASONS} value={reason} onChange={setReason} inputClassName="reason-input" />
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
        </>
      ) : (
        <p className="muted" data-testid="nothing-left">
          {sale.status === 'voided' ? 'This sale was voided: nothing is left to refund.' : 'Everything of this sale was already refunded.'}
        </p>
      )}
      <ErrorText text={error} />
      {sale.voidBlockedReason && sale.status !== 'voided' && refundable ? <p className="muted small">Void not possible: {sale.voidBlockedReason}</p> : null}
      <div className="row actions-row">
        <button type="button" className="btn btn-danger btn-lg" onClick={() => void voidSale()} disabled={busy || sale.voidBlockedReason !== null} data-testid="void">
          Void whole sale
        </button>
        <button type="button" className="btn btn-primary btn-lg" onClick={() => void refund()} disabled={busy || chosen.length === 0} data-testid="refund">
          {busy ? 'Working…' : everything ? (sale.refunds.length > 0 ? 'Refund everything left' : 'Refund everything') : `Refund ${chosen.length} ${chosen.length === 1 ? 'line' : 'lines'}`}
        </button>
      </div>
      {approvalDialog}
    </section>
  );
}
