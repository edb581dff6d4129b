import { useState } from 'react';
import type { ShiftView } from '@keel/shared';
import { call } from '../../api/keel-client';
import { friendlyError } from '../../api/error-text';
import { AmountKeypad } from '../../components/AmountKeypad';
import { Modal } from '../../components/Modal';
import { ErrorText } from '../../components/States';
import { money } from '../../format/display';
import { entryMinor } from '../../format/money-entry';
import { ReasonPicker } from '../../components/ReasonPicker';

type Direction = 'in' | 'out';
const REASONS: Record<Direction, string[]> = {
  out: ['Safe drop', 'Bank pickup', 'Paid out: supplies'],
  in: ['Float top-up', 'Change from the safe'],
};

/**
 * Cash in (a float top-up) or cash out (a pickup or a payout) during the shift, with a reason.
 * The drawer's expected cash shown afterwards is core's answer, never a sum made here.
 */
export function CashMoveDialog({ currency, onMoved, onClose }: { currency: string; onMoved: (shift: ShiftView) => void; onClose: () => void }) {
  const [direction, setDirection] = useState<Direction>('out');
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ direction: Direction; amountMinor: number; reason: string; shift: ShiftView } | null>(null);
  const amount = entryMinor(text, currency);

  const submit = async () => {
    if (busy || done) return;
    if (amount === null || amount <= 0) return setError('Enter the amount on the keypad.');
    if (reason.trim() === '') return setError('Choose or type a reason.');
    setBusy(true);
    setError(null);
    const result = await call('shift.moveCash', { direction, amountMinor: amount, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) return setError(friendlyError(result.error));
    setDone({ direction, amountMinor: amount, reason: reason.trim(), shift: result.value });
    onMoved(result.value);
  };

  if (done) {
    return (
      <Modal title={done.direction === 'out' ? 'Cash out recorded' : 'Cash in recorded'} onClose={onClose}>
        <div className="dialog-done" data-testid="cash-moved">
          <div className="done-check" aria-hidden="true">
            ✓
          </div>
          <p>
            <strong>{money(done.amountMinor, currency)}</strong> {done.direction === 'out' ? 'taken out of' : 'put into'} the drawer, for “{done.reason}”.
          </p>
          <p className="muted" data-testid="expected-after">
            The drawer should now hold {money(done.shift.expectedCashMinor, currency)}.
          </p>
        </div>
        <div className="modal-foot">
          <button type="button" className="btn btn-primary" onClick={onClose} data-autofocus>
            Done
          </button>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title="Cash in / out" onClose={onClose} wide>
      <div className="cash-move">
        <div>
          <div className="segmented" role="group" aria-label="Direction">
            <button type="button" className={direction === 'out' ? 'is-selected' : ''} onClick={() => setDirection('out')} data-testid="cash-out">
              Cash out
            </button>
            <button type="button" className={direction === 'in' ? 'is-selected' : ''} onClick={() => setDirection('in')} data-testid="cash-in">
              Cash in
            </button>
          </div>
          <div className="amount-display" data-testid="move-amount" aria-live="polite">
            <span className="amount-caption">{direction === 'out' ? 'Taken out of the drawer' : 'Put into the drawer'}</span>
            {amount === null ? <span className="placeholder">{money(0, currency)}</span> : money(amount, currency)}
          </div>
          <h3>Reason</h3>
          <ReasonPicker reasons={REASONS[direction]} value={reason} onChange={setReason} />
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
        <button type="button" className="btn btn-primary" onClick={() => void submit()} disabled={busy || amount === null || amount <= 0} data-testid="record-cash-move">
          {busy ? 'Recording…' : amount === null || amount <= 0 ? 'Enter an amount' : `Record ${money(amount, currency)} ${direction}`}
        </button>
      </div>
    </Modal>
  );
}

const NO_SALE_REASONS = ['Change for a customer', 'Check a banknote', 'Correct a mistake'];

/**
 * No sale: the drawer opened without a sale. Recorded (an audit point on the shift) whether or
 * not a drawer is connected; the result says which of the two happened.
 */
export function NoSaleDialog({ onClose }: { onClose: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [drawerOpened, setDrawerOpened] = useState<boolean | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    const result = await call('drawer.noSale', { reason: reason.trim() === '' ? null : reason.trim() });
    setBusy(false);
    if (!result.ok) return setError(friendlyError(result.error));
    setDrawerOpened(result.value.drawerOpened);
  };

  if (drawerOpened !== null) {
    return (
      <Modal title="No sale recorded" onClose={onClose}>
        <div className="dialog-done" data-testid="no-sale-done">
          <div className="done-check" aria-hidden="true">
            ✓
          </div>
          <p>The no-sale is recorded on this shift{reason.trim() ? ` (“${reason.trim()}”)` : ''}.</p>
          {drawerOpened ? (
            <p className="receipt-state receipt-ok">The drawer opened.</p>
          ) : (
            <div className="receipt-state receipt-missing" role="alert" data-testid="drawer-not-opened">
              <strong>The drawer did not open</strong>
              <span>No cash drawer answered. Open it with its key if you need to; the no-sale is recorded either way.</span>
            </div>
          )}
        </div>
        <div className="modal-foot">
          <button type="button" className="btn btn-primary" onClick={onClose} data-autofocus>
            Done
          </button>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title="No sale: open the drawer" onClose={onClose}>
      <p className="muted">Opens the cash drawer without a sale. It is recorded on your shift with the reason.</p>
      <h3>Reason (optional)</h3>
      <ReasonPicker reasons={NO_SALE_REASONS} value={reason} onChange={setReason} />
      <ErrorText text={error} />
      <div className="modal-foot">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void submit()} disabled={busy} data-testid="open-drawer" data-autofocus>
          {busy ? 'Opening…' : 'Open drawer'}
        </button>
      </div>
    </Modal>
  );
}
