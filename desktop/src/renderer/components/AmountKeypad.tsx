import { currencyExponent } from '@keel/shared';
import { typeAmountKey } from '../format/money-entry';
import { useKeys } from '../scan/use-keyboard';
import type { Layer } from '../scan/keyboard-hub';

/**
 * A number pad for amounts (cash given, float). Keyboard digits, '.', ',' and Backspace work
 * as well as touch. `onEnter` is the screen's confirm (Enter key).
 */
export function AmountKeypad({
  text,
  currency,
  onChange,
  onEnter,
  layer = 'screen',
  active = true,
}: {
  text: string;
  currency: string;
  onChange: (text: string) => void;
  onEnter?: () => void;
  layer?: Layer;
  active?: boolean;
}) {
  const decimals = currencyExponent(currency) > 0;
  const keys = ['7', '8', '9', '4', '5', '6', '1', '2', '3', decimals ? '.' : 'Clear', '0', 'Backspace'];
  useKeys(
    (key, { inField }) => {
      if (inField) return false;
      if (/^\d$/.test(key) || key === '.' || key === ',' || key === 'Backspace' || key === 'Delete') {
        onChange(typeAmountKey(text, key, currency));
        return true;
      }
      if (key === 'Enter' && onEnter) {
        onEnter();
        return true;
      }
      return false;
    },
    { layer, active },
  );
  return (
    <div className="keypad keypad-amount">
      {keys.map((key) => (
        <button
          key={key}
          type="button"
          className={`key${key.length > 1 ? ' key-fn' : ''}`}
          onClick={() => onChange(typeAmountKey(text, key, currency))}
          // Keys do not take the focus, so Enter on the keyboard always confirms instead of pressing the last key again.
          onMouseDown={(e) => e.preventDefault()}
          aria-label={key === 'Backspace' ? 'Delete last digit' : key === 'Clear' ? 'Clear' : key === '.' ? 'Decimal point' : key}
        >
          {key === 'Backspace' ? '⌫' : key === 'Clear' ? 'C' : key}
        </button>
      ))}
    </div>
  );
}
