import { useState } from 'react';
import { call } from '../api/keel-client';
import { useTerminal } from '../state/terminal-state';

type Cancel = 'idle' | 'sending' | 'sent' | 'notSent';

/**
 * While the card terminal works: its own words, live ("Insert card", "PIN entry"). Cancel sends
 * the ECR abort (payment.abort) straight to the terminal; the payment is only over when the
 * terminal answers, which then comes back here as "cancelled" (or, if the customer was faster,
 * approved). If the abort could not be sent, the cashier is told to stop it on the terminal.
 */
export function CardOverlay() {
  const { paymentText } = useTerminal();
  const [cancel, setCancel] = useState<Cancel>('idle');
  const abort = async () => {
    setCancel('sending');
    const result = await call('payment.abort', {});
    setCancel(result.ok && result.value.sent ? 'sent' : 'notSent');
  };
  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal card-overlay" role="dialog" aria-modal="true" aria-labelledby="card-title">
        <h2 id="card-title">Card payment</h2>
        <span className="spinner spinner-lg" aria-hidden="true" />
        <p className="terminal-text" aria-live="polite" data-testid="payment-status">
          {paymentText ?? 'Waiting for the card terminal…'}
        </p>
        {cancel === 'sent' ? (
          <p className="inline-warn" data-testid="cancel-state">
            Cancel sent to the card terminal. Waiting for it to confirm the payment was stopped.
          </p>
        ) : cancel === 'notSent' ? (
          <p className="inline-warn" data-testid="cancel-state">
            The cancel could not be sent. Press the red Stop key on the card terminal; this screen updates when it answers.
          </p>
        ) : (
          <button type="button" className="btn btn-lg" onClick={() => void abort()} disabled={cancel === 'sending'} data-testid="cancel-payment">
            {cancel === 'sending' ? 'Cancelling…' : 'Cancel payment'}
          </button>
        )}
      </div>
    </div>
  );
}
