import { useState } from 'react';
import { useKeys } from '../scan/use-keyboard';
import type { Layer } from '../scan/keyboard-hub';

const MIN = 4;
const MAX = 8;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'Clear', '0', 'Backspace'] as const;

/**
 * A PIN pad for touch and keyboard alike (digits, Backspace, Enter, Escape). The PIN lives only
 * here until it is handed to core; it is cleared after every attempt and never displayed.
 * `submit` answers an error text to show, or null when the PIN was accepted.
 */
export function PinPad({
  submit,
  onCancel,
  cancelLabel = 'Back',
  layer = 'screen',
  label,
}: {
  submit: (pin: string) => Promise<string | null>;
  onCancel?: () => void;
  cancelLabel?: string;
  layer?: Layer;
  label: string;
}) {
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [shake, setShake] = useState(0);

  const press = (key: string) => {
    if (busy) return;
    setError(null);
    if (key === 'Backspace') setPin((p) => p.slice(0, -1));
    else if (key === 'Clear') setPin('');
    else if (/^\d$/.test(key)) setPin((p) => (p.length >= MAX ? p : p + key));
  };

  const enter = async () => {
    if (busy) return;
    if (pin.length < MIN) {
      setError(`Enter at least ${MIN} digits.`);
      return;
    }
    setBusy(true);
    const problem = await submit(pin);
    setBusy(false);
    setPin('');
    if (problem) {
      setError(problem);
      setShake((n) => n + 1);
    }
  };

  useKeys(
    (key, { inField }) => {
      if (inField) return false;
      if (/^\d$/.test(key) || key === 'Backspace' || key === 'Delete') {
        press(key === 'Delete' ? 'Clear' : key);
        return true;
      }
      if (key === 'Enter') {
        void enter();
        return true;
      }
      if (key === 'Escape' && onCancel) {
        onCancel();
        return true;
      }
      return false;
    },
    { layer },
  );

  return (
    <div className="pinpad">
      <div className="pin-label">{label}</div>
      <div key={shake} className={`pin-dots${shake > 0 ? ' shake' : ''}`} aria-label={`${pin.length} digits entered`} data-testid="pin-dots">
        {Array.from({ length: Math.max(MIN, pin.length) }, (_, i) => (
          <span key={i} className={i < pin.length ? 'dot dot-on' : 'dot'} />
        ))}
      </div>
      <div className="pin-error" role="alert">
        {error ?? (busy ? 'Checking…' : '')}
      </div>
      <div className="keypad">
        {KEYS.map((key) => (
          <button
            key={key}
            type="button"
            className={`key${key.length > 1 ? ' key-fn' : ''}`}
            onClick={() => press(key)}
            // Keys do not take the focus, so Enter on the keyboard always confirms instead of pressing the last key again.
            onMouseDown={(e) => e.preventDefault()}
            disabled={busy}
            aria-label={key === 'Backspace' ? 'Delete last digit' : key === 'Clear' ? 'Clear PIN' : key}
          >
            {key === 'Backspace' ? '⌫' : key === 'Clear' ? 'C' : key}
          </button>
        ))}
      </div>
      <div className="pin-actions">
        {onCancel ? (
          <button type="button" className="btn btn-lg" onClick={onCancel} disabled={busy}>
            {cancelLabel}
          </button>
        ) : null}
        <button type="button" className="btn btn-primary btn-lg" onClick={() => void enter()} disabled={busy || pin.length < MIN}>
          OK
        </button>
      </div>
    </div>
  );
}
