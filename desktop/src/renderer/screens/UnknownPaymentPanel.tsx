import { useState } from 'react';
import type { UnknownPayment } from '@keel/shared';
import { call } from '../api/keel-client';
import { friendlyError } from '../api/error-text';
import { money } from '../format/display';

/**
 * A card payment whose outcome is unknown (the link to the terminal died mid-payment). It is
 * neither paid nor unpaid until the terminal says so: "Check with terminal" asks it
 * (payment.resolve: status enquiry or reversal), and the screen shows exactly its answer.
 */
export function UnknownPaymentPanel({ payment, currency, onSettled }: { payment: UnknownPayment; currency: string; onSettled: () => void }) {
  const [checking, setChecking] = useState(false);
  const [answer, setAnswer] = useState<string | null>(null);
  const check = async () => {
    setChecking(true);
    setAnswer(null);
    const result = await call('payment.resolve', {});
    setChecking(false);
    if (!result.ok) return setAnswer(friendlyError(result.error));
    const { result: outcome, message } = result.value;
    setAnswer(
      outcome === 'approved'
        ? `Approved by the terminal: ${money(payment.amountMinor, currency)} counts as paid. ${message}`
        : outcome === 'notCharged'
          ? `Not charged: ${message}`
          : outcome === 'unknown'
            ? `Still unknown: ${message}`
            : message,
    );
    onSettled();
  };
  return (
    <div className="unknown-payment inline-warn" role="alert" data-testid="unknown-payment">
      <p>
        <strong>Card payment of {money(payment.amountMinor, currency)}: outcome unknown.</strong> The connection to the card terminal was lost during
        the payment. Do not charge the card again and do not hand over the goods until the terminal has answered.
      </p>
      <p className="muted small">{payment.message}</p>
      {answer ? (
        <p data-testid="unknown-answer" aria-live="polite">
          {answer}
        </p>
      ) : null}
      <button type="button" className="btn btn-primary" onClick={() => void check()} disabled={checking} data-testid="check-terminal">
        {checking ? 'Asking the card terminal…' : 'Check with terminal'}
      </button>
    </div>
  );
}
