import { useState } from 'react';
import type { PaymentResolution, UnknownPayment } from '@keel/shared';
import { call } from '../api/keel-client';
import { friendlyError } from '../api/error-text';
import { money } from '../format/display';
import { entryMinor } from '../format/money-entry';
import { useApproval } from '../hooks/use-approval';

/**
 * A card payment whose outcome is unknown (the link to the terminal died mid-payment). It is
 * neither paid nor unpaid until the terminal says so: "Check with terminal" asks it
 * (payment.resolve: status enquiry or reversal), and the screen shows exactly its answer.
 * "Resolve manually" is the way out when that terminal is gone or cannot answer: a manager reads
 * the outcome off the terminal's own receipt or journal (payment.resolveManually).
 */
/** What settled a payment in doubt, for the screen to keep showing once the panel has gone. */
export interface PaymentSettled {
  result: PaymentResolution['result'];
  text: string;
}

export function UnknownPaymentPanel({ payment, currency, onSettled }: { payment: UnknownPayment; currency: string; onSettled: (settled: PaymentSettled) => void }) {
  const [checking, setChecking] = useState(false);
  const [answer, setAnswer] = useState<string | null>(null);
  const [manual, setManual] = useState(false);
  const check = async () => {
    setChecking(true);
    setAnswer(null);
    const result = await call('payment.resolve', {});
    setChecking(false);
    if (!result.ok) return setAnswer(friendlyError(result.error));
    const text = answerText(result.value, payment, currency);
    setAnswer(text);
    onSettled({ result: result.value.result, text });
  };
  const isRefund = payment.kind === 'refund';
  return (
    <div className="unknown-payment inline-warn" role="alert" data-testid="unknown-payment">
      {isRefund ? (
        <p>
          <strong>
            Card refund of {money(payment.amountMinor, currency)}
            {payment.originalReceiptNumber ? ` (sale ${payment.originalReceiptNumber})` : ''}: outcome unknown.
          </strong>{' '}
          The connection to the card terminal was lost during the refund. Do not refund again, by card or cash, until the terminal has answered.
        </p>
      ) : (
        <p>
          <strong>Card payment of {money(payment.amountMinor, currency)}: outcome unknown.</strong> The connection to the card terminal was lost during
          the payment. Do not charge the card again and do not hand over the goods until the terminal has answered.
        </p>
      )}
      {/* After a check the answer repeats the latest message: said once. */}
      {answer?.includes(payment.message) ? null : <p className="muted small">{payment.message}</p>}
      {answer ? (
        <p data-testid="unknown-answer" aria-live="polite">
          {answer}
        </p>
      ) : null}
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={() => void check()} disabled={checking} data-testid="check-terminal">
          {checking ? 'Asking the card terminal…' : 'Check with terminal'}
        </button>
        {manual ? null : (
          <button type="button" className="btn" onClick={() => setManual(true)} disabled={checking} data-testid="resolve-manually">
            Resolve manually
          </button>
        )}
      </div>
      {manual ? (
        <ManualResolution
          payment={payment}
          currency={currency}
          onCancel={() => setManual(false)}
          onDone={(settled) => {
            setManual(false);
            setAnswer(settled.text);
            onSettled(settled);
          }}
        />
      ) : null}
    </div>
  );
}

function answerText(resolution: PaymentResolution, payment: UnknownPayment, currency: string): string {
  const { result, message } = resolution;
  const what = payment.kind === 'refund' ? 'refund' : 'payment';
  if (result === 'approved') return `Approved: the ${what} of ${money(payment.amountMinor, currency)} counts as done. ${message}`;
  if (result === 'notCharged') return `Not done: ${message}`;
  if (result === 'unknown') return `Still unknown: ${message}`;
  return message;
}

/**
 * A manager settles the payment from the terminal's own receipt or journal: approved (with the
 * auth code and amount printed there) or not charged, with a reason. Says plainly what each
 * choice does before the manager's PIN is asked.
 */
function ManualResolution({
  payment,
  currency,
  onCancel,
  onDone,
}: {
  payment: UnknownPayment;
  currency: string;
  onCancel: () => void;
  onDone: (settled: PaymentSettled) => void;
}) {
  const [approvalDialog, withApproval] = useApproval();
  const [outcome, setOutcome] = useState<'approved' | 'notCharged' | null>(null);
  const [authCode, setAuthCode] = useState('');
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isRefund = payment.kind === 'refund';
  const amountMinor = entryMinor(amountText, currency);
  const amountMatches = amountMinor === payment.amountMinor;
  const ready = outcome !== null && reason.trim() !== '' && (outcome === 'notCharged' || (authCode.trim() !== '' && amountMatches));
  const shown = money(payment.amountMinor, currency);
  const confirmation =
    outcome === 'approved'
      ? isRefund
        ? `The refund of ${shown} will be recorded as paid back to the card with auth code ${authCode.trim() || '…'}, and its refund receipt printed.`
        : `${shown} will count as paid by card (auth code ${authCode.trim() || '…'}) for this sale. Only do this if the terminal's receipt or journal shows it approved.`
      : outcome === 'notCharged'
        ? isRefund
          ? `The refund will be dropped: nothing is recorded, and the customer is still owed ${shown}.`
          : `The payment will be removed from this sale: the customer has not paid ${shown} and must pay again.`
        : 'Choose what the terminal\'s receipt or journal shows.';

  const submit = async () => {
    if (!ready || outcome === null) return;
    setBusy(true);
    setError(null);
    const input = {
      outcome,
      reason: reason.trim(),
      ...(outcome === 'approved' ? { authCode: authCode.trim(), amountMinor: payment.amountMinor } : {}),
    };
    const result = await withApproval({
      role: 'manager',
      action: isRefund ? 'Settling a card refund by hand' : 'Settling a card payment by hand',
      run: (approverPin) => call('payment.resolveManually', { ...input, ...(approverPin ? { approverPin } : {}) }),
    });
    setBusy(false);
    if (result === null) return setError('Nothing was changed: the approval was cancelled.');
    if (!result.ok) return setError(friendlyError(result.error));
    // Core's message already says "Settled by hand as …": shown as it is, not wrapped in answerText's words.
    onDone({ result: result.value.result, text: result.value.message });
  };

  return (
    <fieldset className="manual-resolution" data-testid="manual-resolution" disabled={busy}>
      <legend>Resolve manually (manager)</legend>
      <p className="small">Use this only when the card terminal cannot be asked. Read the outcome off the terminal&apos;s own receipt or journal.</p>
      <label>
        <input type="radio" name="manual-outcome" checked={outcome === 'approved'} onChange={() => setOutcome('approved')} data-testid="manual-approved" />{' '}
        {isRefund ? 'The terminal paid the refund back' : 'The terminal approved the payment'}
      </label>
      <label>
        <input type="radio" name="manual-outcome" checked={outcome === 'notCharged'} onChange={() => setOutcome('notCharged')} data-testid="manual-not-charged" />{' '}
        {isRefund ? 'The terminal did not pay it back' : 'The card was not charged'}
      </label>
      {outcome === 'approved' ? (
        <>
          <label>
            Auth code on the terminal receipt
            <input type="text" value={authCode} maxLength={32} onChange={(e) => setAuthCode(e.target.value)} data-testid="manual-auth-code" />
          </label>
          <label>
            Amount on the terminal receipt
            <input type="text" inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} data-testid="manual-amount" />
          </label>
          {amountText !== '' && !amountMatches ? <p className="inline-error">The amount must be {shown}; another amount is another transaction.</p> : null}
        </>
      ) : null}
      <label>
        Reason
        <input type="text" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} data-testid="manual-reason" />
      </label>
      <p data-testid="manual-confirmation">
        <strong>{confirmation}</strong>
      </p>
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void submit()} disabled={!ready} data-testid="manual-confirm">
          {busy ? 'Saving…' : 'Confirm'}
        </button>
      </div>
      {approvalDialog}
    </fieldset>
  );
}
