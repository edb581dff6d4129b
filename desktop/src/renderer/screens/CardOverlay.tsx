import { useState } from 'react';
import { useTerminal } from '../state/terminal-state';

/**
 * While the card terminal works: its own words, live ("Insert card", "PIN entry"). Core has no
 * channel to abort an authorisation in flight, so Cancel tells the truth: stop it on the card
 * terminal, whose answer then comes back here as "cancelled".
 */
export function CardOverlay() {
  const { paymentText } = useTerminal();
  const [askedToCancel, setAskedToCancel] = useState(false);
  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal card-overlay" role="dialog" aria-modal="true" aria-labelledby="card-title">
        <h2 id="card-title">Card payment</h2>
        <span className="spinner spinner-lg" aria-hidden="true" />
        <p className="terminal-text" aria-live="polite" data-testid="payment-status">
          {paymentText ?? 'Waiting for the card terminal…'}
        </p>
        {askedToCancel ? (
          <p className="inline-warn">Press the red Stop key on the card terminal. This screen updates when the terminal confirms the payment was stopped.</p>
        ) : (
          <button type="button" className="btn btn-lg" onClick={() => setAskedToCancel(true)}>
            Cancel payment
          </button>
        )}
      </div>
    </div>
  );
}
