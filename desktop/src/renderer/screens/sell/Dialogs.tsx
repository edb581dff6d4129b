import { useEffect, useState } from 'react';
import { parseMoney, parseQty, type Discount, type ParkedCart } from '@keel/shared';
import { call } from '../../api/keel-client';
import { friendlyError } from '../../api/error-text';
import { Modal } from '../../components/Modal';
import { Empty, ErrorText, Loading } from '../../components/States';
import { clockTime, money, percentText, quantity } from '../../format/display';
import type { CartLine } from '../../state/terminal-state';

type Answer = Promise<string | null>;
const PERCENTS = [500, 1000, 1500, 2000, 5000];

/** Percent (e.g. "12.5") or amount text into a Discount, or an error text. */
function parseDiscount(kind: 'percent' | 'amount', text: string, currency: string): Discount | string {
  try {
    if (kind === 'percent') {
      const basisPoints = parseMoney(text.trim(), 'EUR'); // two decimals: 12.5 % = 1250 bp
      if (basisPoints <= 0 || basisPoints > 10_000) return 'Enter a percentage between 0 and 100.';
      return { kind: 'percent', basisPoints };
    }
    const amountMinor = parseMoney(text.trim(), currency);
    if (amountMinor <= 0) return 'Enter an amount above zero.';
    return { kind: 'amount', amountMinor };
  } catch {
    return kind === 'percent' ? 'Enter a percentage such as 10 or 12.5.' : `Enter an amount such as 2.50.`;
  }
}

/** Discount choices shared by the line and the cart dialog. */
function DiscountChooser({ current, currency, apply }: { current: Discount | null; currency: string; apply: (d: Discount | null) => Answer }) {
  const [kind, setKind] = useState<'percent' | 'amount'>('percent');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (discount: Discount | null) => {
    setBusy(true);
    setError(await apply(discount));
    setBusy(false);
  };
  const custom = () => {
    const parsed = parseDiscount(kind, text, currency);
    if (typeof parsed === 'string') setError(parsed);
    else void run(parsed);
  };
  return (
    <div className="discount-chooser">
      <div className="quick-row">
        <button type="button" className={`btn btn-quick${current === null ? ' is-selected' : ''}`} onClick={() => void run(null)} disabled={busy}>
          No discount
        </button>
        {PERCENTS.map((bp) => (
          <button
            key={bp}
            type="button"
            className={`btn btn-quick${current?.kind === 'percent' && current.basisPoints === bp ? ' is-selected' : ''}`}
            onClick={() => void run({ kind: 'percent', basisPoints: bp })}
            disabled={busy}
          >
            −{percentText(bp)}
          </button>
        ))}
      </div>
      <div className="custom-discount">
        <div className="segmented" role="group" aria-label="Discount kind">
          <button type="button" className={kind === 'percent' ? 'is-selected' : ''} onClick={() => setKind('percent')}>
            %
          </button>
          <button type="button" className={kind === 'amount' ? 'is-selected' : ''} onClick={() => setKind('amount')}>
            Amount
          </button>
        </div>
        <input
          inputMode="decimal"
          placeholder={kind === 'percent' ? 'e.g. 12.5' : 'e.g. 2.50'}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && custom()}
          aria-label={kind === 'percent' ? 'Discount in percent' : 'Discount amount'}
        />
        <button type="button" className="btn" onClick={custom} disabled={busy || text.trim() === ''}>
          Apply
        </button>
      </div>
      <ErrorText text={error} />
    </div>
  );
}

export function LineDialog({
  line,
  currency,
  onQty,
  onDiscount,
  onPrice,
  onRemove,
  onClose,
}: {
  line: CartLine;
  currency: string;
  onQty: (qtyMilli: number) => Answer;
  onDiscount: (d: Discount | null) => Answer;
  onPrice: () => void;
  onRemove: () => void;
  onClose: () => void;
}) {
  const weighed = line.qtyMilli % 1000 !== 0;
  const [qty, setQty] = useState(quantity(line.qtyMilli, false));
  const [error, setError] = useState<string | null>(null);
  const saveQty = async () => {
    try {
      const qtyMilli = parseQty(qty);
      if (qtyMilli <= 0) return setError('The quantity must be above zero. To take the product off, use Remove.');
      if (!weighed && qtyMilli % 1000 !== 0) return setError('This product is sold by the piece: whole numbers only.');
      setError(await onQty(qtyMilli));
    } catch {
      setError('Enter a quantity such as 2, or 0.385 for a weight in kg.');
    }
  };
  return (
    <Modal title={line.name} onClose={onClose}>
      <p className="muted">
        {line.sku} · {money(line.unitPriceMinor, currency)} {weighed ? 'per kg' : 'each'} · line total {money(line.totalMinor, currency)}
      </p>
      <h3>Quantity{weighed ? ' (kg)' : ''}</h3>
      <div className="row">
        <input className="qty-input" inputMode="decimal" value={qty} onChange={(e) => setQty(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void saveQty()} aria-label="Quantity" data-autofocus />
        <button type="button" className="btn btn-primary" onClick={() => void saveQty()}>
          Set quantity
        </button>
      </div>
      <ErrorText text={error} />
      <h3>Discount on this line</h3>
      <DiscountChooser current={line.discount} currency={currency} apply={onDiscount} />
      <div className="modal-foot">
        <button type="button" className="btn btn-danger" onClick={onRemove}>
          Remove from cart
        </button>
        <button type="button" className="btn" onClick={onPrice} data-testid="change-price">
          Change price{line.priceOverridden ? ' again' : ''}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Done
        </button>
      </div>
    </Modal>
  );
}

export function CartDiscountDialog({ current, currency, apply, onClose }: { current: Discount | null; currency: string; apply: (d: Discount | null) => Answer; onClose: () => void }) {
  return (
    <Modal title="Discount on the whole cart" onClose={onClose}>
      <p className="muted">Spread over all lines. Above your limit, a supervisor approves with their PIN.</p>
      <DiscountChooser current={current} currency={currency} apply={apply} />
      <div className="modal-foot">
        <button type="button" className="btn" onClick={onClose}>
          Done
        </button>
      </div>
    </Modal>
  );
}

export function ParkDialog({ park, onClose }: { park: (label: string | null) => Answer; onClose: () => void }) {
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => setError(await park(label.trim() === '' ? null : label.trim()));
  return (
    <Modal title="Park this sale" onClose={onClose}>
      <p className="muted">The cart is put aside so you can serve the next customer. Resume it later from “Parked”.</p>
      <label className="field">
        <span>Note (optional)</span>
        <input value={label} maxLength={60} placeholder="e.g. lady in red coat" onChange={(e) => setLabel(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void submit()} data-autofocus />
      </label>
      <ErrorText text={error} />
      <div className="modal-foot">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void submit()}>
          Park sale
        </button>
      </div>
    </Modal>
  );
}

export function ParkedDialog({ currency, resume, onClose }: { currency: string; resume: (cartId: string) => Answer; onClose: () => void }) {
  const [list, setList] = useState<ParkedCart[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void call('cart.listParked', {}).then((r) => {
      if (r.ok) setList(r.value);
      else {
        setList([]);
        setError(friendlyError(r.error));
      }
    });
  }, []);
  return (
    <Modal title="Parked sales" onClose={onClose} wide>
      <ErrorText text={error} />
      {list === null ? (
        <Loading />
      ) : list.length === 0 ? (
        <Empty title="No parked sales">
          <p>Use “Park” to put a sale aside while a customer fetches something.</p>
        </Empty>
      ) : (
        <ul className="pick-list">
          {list.map((p) => (
            <li key={p.cartId}>
              <button type="button" className="pick" onClick={() => void resume(p.cartId).then(setError)} data-testid="parked-cart">
                <span className="pick-title">{p.label ?? 'Parked sale'}</span>
                <span className="pick-meta">
                  parked {clockTime(p.parkedAt)} · {p.lineCount} {p.lineCount === 1 ? 'line' : 'lines'}
                </span>
                <span className="pick-amount">{money(p.totalMinor, currency)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">Resuming puts the current cart (if it has anything) in the parked list in its place.</p>
    </Modal>
  );
}

export function ConfirmDialog({ title, text, confirm, danger = false, onConfirm, onClose }: { title: string; text: string; confirm: string; danger?: boolean; onConfirm: () => void; onClose: () => void }) {
  return (
    <Modal title={title} onClose={onClose}>
      <p>{text}</p>
      <div className="modal-foot">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} onClick={onConfirm} data-autofocus>
          {confirm}
        </button>
      </div>
    </Modal>
  );
}
