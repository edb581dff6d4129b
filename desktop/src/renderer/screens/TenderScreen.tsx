import { useCallback, useEffect, useRef, useState } from 'react';
import { roundCashPart, type CompletedSale, type IpcInput, type IpcOutput, type UnknownPayment } from '@keel/shared';
import { call } from '../api/keel-client';
import { friendlyError } from '../api/error-text';
import { AmountKeypad } from '../components/AmountKeypad';
import { ErrorText, Loading } from '../components/States';
import { money } from '../format/display';
import { entryMinor, entryOf, quickCashAmounts } from '../format/money-entry';
import { useKeys, useScans } from '../scan/use-keyboard';
import { useTerminal, type RecentSale } from '../state/terminal-state';
import { CardOverlay } from './CardOverlay';
import { UnknownPaymentPanel, type PaymentSettled } from './UnknownPaymentPanel';

type Tender = IpcInput<'checkout.complete'>['tenders'][number];
type Method = 'cash' | 'card' | 'other';
type PendingPayment = IpcOutput<'checkout.pendingPayments'>[number];

const METHOD_NAMES: Record<Method, string> = { cash: 'Cash', card: 'Card', other: 'Voucher' };
const METHOD_KEYS: Record<string, Method> = { F1: 'cash', F2: 'card', F3: 'other' };

/**
 * Taking payment: cash with quick amounts and change due, card with the terminal's own words,
 * vouchers, and any mix of them (split). Nothing is charged or recorded until "complete", which
 * sends the whole plan to core at once; core takes cards first and commits the sale in one
 * transaction. Only its answer makes the sale complete on screen.
 */
export function TenderScreen({ onBack, onDone }: { onBack: () => void; onDone: (sale: CompletedSale, recent: RecentSale) => void }) {
  const { cart, scan, refreshCart, setPaymentText, notify } = useTerminal();
  const [method, setMethod] = useState<Method>('cash');
  const [text, setText] = useState('');
  const [plan, setPlan] = useState<Tender[]>([]);
  // Card payments already approved for this cart (after a failed split). Shown as soon as they
  // are known; the screen does not wait for them, so no key typed at once is lost.
  const [approved, setApproved] = useState<PendingPayment[]>([]);
  // A card payment whose outcome the terminal has not told yet: it blocks completing.
  const [unknown, setUnknown] = useState<UnknownPayment | null>(null);
  // The terminal's (or the manager's) answer that settled it: the panel goes with the doubt, the
  // answer stays until the next payment, so the cashier knows whether the customer must pay again.
  const [settled, setSettled] = useState<PaymentSettled | null>(null);
  const [busy, setBusy] = useState<'completing' | 'reversing' | null>(null);
  const [charging, setCharging] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const loaded = useRef<Promise<void> | null>(null);
  const loadApproved = useCallback(() => {
    loaded.current = Promise.all([call('checkout.pendingPayments', {}), call('payment.pending', {})]).then(([result, doubt]) => {
      setApproved(result.ok ? result.value : []);
      setUnknown(doubt.ok ? doubt.value : null);
      if (!result.ok) setError(friendlyError(result.error));
    });
    return loaded.current;
  }, []);
  useEffect(() => {
    void loadApproved();
  }, [loadApproved]);

  useScans((code) => {
    // Mid-payment the cart is locked: say so rather than let the scan vanish.
    if (busy) notify('warn', `Scanned ${code} while the payment was running: not added. Scan it again for the next sale.`);
    else void scan(code);
  });

  const currency = cart?.currency ?? 'EUR';
  const due = cart?.totals.totalMinor ?? 0;
  const paidByCard = approved.reduce((s, p) => s + p.amountMinor, 0);
  const planned = plan.reduce((s, t) => s + t.amountMinor, 0);
  const remaining = Math.max(0, due - paidByCard - planned);
  // Cash is taken rounded to the store's smallest coin (core settles it the same way, shared rule).
  const cashDue = cart && remaining > 0 ? roundCashPart(remaining, cart) : remaining;
  const toPay = method === 'cash' ? cashDue : remaining;
  const amount = entryMinor(text, currency);
  // Nothing changes hands when rounding takes the whole cash part (0.02 with 0.05 coins).
  const roundedAway = method === 'cash' && remaining > 0 && cashDue === 0;
  const entered = amount !== null && (amount > 0 || roundedAway);
  const nonCashTooBig = method !== 'cash' && amount !== null && amount > remaining;
  const finishes = amount !== null && amount >= toPay && !nonCashTooBig;
  const changePreview = method === 'cash' && amount !== null && amount > toPay ? amount - toPay : 0;

  const switchTo = (next: Method) => {
    setMethod(next);
    setError(null);
    setText(next === 'cash' ? '' : entryOf(remaining, currency));
  };

  const complete = async (tenders: Tender[]) => {
    if (!cart || busy) return;
    setBusy('completing');
    setError(null);
    setSettled(null);
    await loaded.current;
    setCharging(tenders.some((t) => t.kind === 'card'));
    setPaymentText(null);
    const lines = cart.lines;
    const result = await call('checkout.complete', { tenders });
    setBusy(null);
    setCharging(false);
    if (!result.ok) {
      // Cards approved before the failure stay on the cart: show them, rebuild the rest.
      setError(friendlyError(result.error));
      setPlan([]);
      // Cash is typed again; a card or voucher amount stays, ready for another try.
      if (method === 'cash') setText('');
      await loadApproved();
      return;
    }
    const sale = result.value;
    await refreshCart();
    onDone(sale, { ...sale, at: new Date().toISOString(), currency, lines, status: 'sold' });
  };

  const confirm = () => {
    if (busy || amount === null || !entered) {
      if (remaining === 0 && approved.length > 0 && !busy) void complete(plan);
      return;
    }
    if (nonCashTooBig) return setError(`${METHOD_NAMES[method]} can pay at most ${money(remaining, currency)} here.`);
    const tender: Tender = method === 'other' ? { kind: 'other', amountMinor: amount, label: 'Voucher' } : { kind: method, amountMinor: amount };
    if (finishes) {
      void complete([...plan, tender]);
      return;
    }
    setPlan([...plan, tender]);
    setText(method === 'cash' ? '' : entryOf(remaining - amount, currency));
  };

  const reverse = async () => {
    setBusy('reversing');
    const result = await call('checkout.cancelPayments', {});
    setBusy(null);
    if (!result.ok) setError(friendlyError(result.error));
    await loadApproved();
  };

  useKeys((key, { inField }) => {
    if (inField) return false;
    const next = METHOD_KEYS[key];
    if (next) {
      switchTo(next);
      return true;
    }
    if (key === 'Escape' && !busy && approved.length === 0) {
      onBack();
      return true;
    }
    return false;
  });

  if (!cart) return <Loading text="Preparing payment…" />;

  const quick = method === 'cash' ? [cashDue, ...(cashDue > 0 ? quickCashAmounts(cashDue, currency) : [])] : [remaining];
  const primaryLabel =
    amount === null || !entered
      ? remaining === 0
        ? 'Complete sale'
        : 'Enter an amount'
      : nonCashTooBig
        ? `At most ${money(remaining, currency)}`
        : finishes
          ? method === 'card'
            ? `Charge card ${money(amount, currency)} and complete`
            : changePreview > 0
              ? `Complete · change ${money(changePreview, currency)}`
              : 'Complete sale'
          : `Add ${money(amount, currency)} ${METHOD_NAMES[method].toLowerCase()}, pay the rest another way`;
  // A card refund in doubt blocks only card payments (core refuses them); a payment in doubt blocks the sale.
  const primaryEnabled = !busy && unknown?.kind !== 'payment' && ((entered && !nonCashTooBig) || (remaining === 0 && approved.length > 0));

  return (
    <main className="tender">
      <section className="tender-summary" aria-label="Amount due">
        <div className="due-label">Total</div>
        <div className="due-amount" data-testid="due">
          {money(due, currency)}
        </div>
        {unknown ? (
          <UnknownPaymentPanel
            payment={unknown}
            currency={currency}
            onSettled={(answer) => {
              // Settled: the "connection lost" error of the failed attempt no longer holds.
              if (answer.result !== 'unknown') {
                setSettled(answer);
                setError(null);
              }
              void loadApproved();
            }}
          />
        ) : settled ? (
          <p className={settled.result === 'approved' ? 'inline-ok' : 'inline-warn'} role="status" data-testid="payment-settled">
            {settled.text}
          </p>
        ) : null}
        <ul className="tender-list">
          {approved.map((p, i) => (
            <li key={`a${i}`} className="tender-row is-approved">
              <span>
                Card {p.brand} {p.maskedPan} <span className="badge badge-ok">approved</span>
              </span>
              <span>−{money(p.amountMinor, currency)}</span>
            </li>
          ))}
          {plan.map((t, i) => (
            <li key={`p${i}`} className="tender-row">
              <span>
                {METHOD_NAMES[t.kind]} {t.kind === 'card' ? <span className="badge">charged on complete</span> : null}
              </span>
              <span>
                −{money(t.amountMinor, currency)}
                <button type="button" className="btn btn-ghost btn-small" onClick={() => setPlan(plan.filter((_, j) => j !== i))} aria-label="Remove this payment" disabled={!!busy}>
                  ✕
                </button>
              </span>
            </li>
          ))}
        </ul>
        <div className="remaining">
          <span>{plan.length + approved.length > 0 ? 'Still to pay' : 'To pay'}</span>
          <strong data-testid="remaining">{money(remaining, currency)}</strong>
        </div>
        {method === 'cash' && cashDue !== remaining ? (
          <div className="remaining cash-rounded" data-testid="cash-due">
            <span>In cash, rounded</span>
            <strong>{money(cashDue, currency)}</strong>
          </div>
        ) : null}
        {method === 'cash' && amount !== null ? (
          <div className={`change-preview${changePreview > 0 ? ' has-change' : ''}`} data-testid="change-preview">
            <span>Change due</span>
            <strong>{money(changePreview, currency)}</strong>
          </div>
        ) : null}
        {approved.length > 0 ? (
          <div className="approved-note">
            <p>Card payments above are already charged. Complete the sale, or give them back if the customer leaves.</p>
            <button type="button" className="btn btn-danger" onClick={() => void reverse()} disabled={!!busy}>
              {busy === 'reversing' ? 'Giving back…' : 'Give back card payments'}
            </button>
          </div>
        ) : (
          <button type="button" className="btn btn-lg" onClick={onBack} disabled={!!busy}>
            ← Back to cart <kbd>Esc</kbd>
          </button>
        )}
      </section>

      <section className="tender-entry" aria-label="Payment">
        <div className="segmented segmented-lg" role="tablist" aria-label="Payment method">
          {(Object.keys(METHOD_NAMES) as Method[]).map((m, i) => (
            <button key={m} type="button" role="tab" aria-selected={method === m} className={method === m ? 'is-selected' : ''} onClick={() => switchTo(m)} disabled={!!busy}>
              {METHOD_NAMES[m]} <kbd>F{i + 1}</kbd>
            </button>
          ))}
        </div>
        <div className="entry-row">
          <div className="amount-display" data-testid="tender-amount" aria-live="polite">
            <span className="amount-caption">{method === 'cash' ? 'Cash given' : method === 'card' ? 'Amount to charge' : 'Voucher value'}</span>
            {amount === null ? <span className="placeholder">{money(0, currency)}</span> : money(amount, currency)}
          </div>
        </div>
        <div className="tender-pad">
          <div className="quick-col">
            {quick.map((q, i) => (
              <button key={`${q}-${i}`} type="button" className="btn btn-quick" onClick={() => setText(entryOf(q, currency))} disabled={!!busy || remaining === 0} data-testid={i === 0 ? 'quick-exact' : 'quick-amount'}>
                {i === 0 ? <span className="quick-caption">Exact</span> : null}
                {money(q, currency)}
              </button>
            ))}
          </div>
          <AmountKeypad text={text} currency={currency} onChange={(t) => {
              setError(null);
              setText(t);
            }} onEnter={confirm} active={!busy} />
        </div>
        {method === 'card' ? <p className="muted small">The customer pays on the card terminal. Only the terminal’s approval counts as paid.</p> : null}
        <ErrorText text={error} />
        <button type="button" className="btn btn-primary btn-xl btn-block" onClick={confirm} disabled={!primaryEnabled} data-testid="complete">
          {busy === 'completing' ? 'Completing…' : primaryLabel}
        </button>
      </section>
      {charging ? <CardOverlay /> : null}
    </main>
  );
}
