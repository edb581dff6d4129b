import { useState } from 'react';
import { AmountKeypad } from '../../components/AmountKeypad';
import { Modal } from '../../components/Modal';
import { ErrorText } from '../../components/States';
import { money } from '../../format/display';
import { entryMinor } from '../../format/money-entry';
import type { CartLine } from '../../state/terminal-state';
import { ReasonPicker } from '../../components/ReasonPicker';

const REASONS = ['Price match', 'Damaged packaging', 'Shelf price differs'];

/**
 * A new unit price for one cart line, with a reason. Core decides who may: a cashier's change
 * is approved by a supervisor's PIN (asked by `apply`), and the line is marked in the cart.
 */
export function PriceDialog({
  line,
  currency,
  apply,
  onClose,
}: {
  line: CartLine;
  currency: string;
  apply: (unitPriceMinor: number, reason: string) => Promise<string | null>;
  onClose: () => void;
}) {
  const weighed = line.qtyMilli % 1000 !== 0;
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const price = entryMinor(text, currency);

  const submit = async () => {
    if (busy) return;
    if (price === null) return setError('Enter the new price on the keypad.');
    if (reason.trim() === '') return setError('Choose or type a reason.');
    setBusy(true);
    setError(null);
    const answer = await apply(price, reason.trim());
    setBusy(false);
    setError(answer);
  };

  return (
    <Modal title={`Change price: ${line.name}`} onClose={onClose} wide>
      <div className="cash-move">
        <div>
          <p className="muted">
            Now {money(line.unitPriceMinor, currency)} {weighed ? 'per kg' : 'each'}
            {line.priceOverridden ? ' (already changed)' : ''}. The new price applies to this line only; the catalog stays as it is.
          </p>
          <div className="amount-display" data-testid="new-price" aria-live="polite">
            <span className="amount-caption">New price {weighed ? 'per kg' : 'each'}</span>
            {price === null ? <span className="placeholder">{money(line.unitPriceMinor, currency)}</span> : money(price, currency)}
          </div>
          <h3>Reason</h3>
          <ReasonPicker reasons={REASONS} value={reason} onChange={setReason} />
        </div>
        <div>
          <AmountKeypad text={text} currency={currency} onChange={setText} onEnter={() => void submit()} layer="dialog" />
        </div>
      </div>
      <ErrorText text={error} />
      <div className="modal-foot">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void submit()} disabled={busy || price === null} data-testid="set-price">
          {busy ? 'Saving…' : price === null ? 'Enter a price' : `Set price ${money(price, currency)}`}
        </button>
      </div>
    </Modal>
  );
}
