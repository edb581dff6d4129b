import { memo, useEffect, useRef } from 'react';
import type { CartView } from '@keel/shared';
import { Empty } from '../../components/States';
import { money, percentText, quantity } from '../../format/display';
import type { CartLine } from '../../state/terminal-state';

function ratePercent(ppm: number): string {
  const whole = Math.floor(ppm / 10_000);
  const frac = String(ppm % 10_000).padStart(4, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac} %` : `${whole} %`;
}

/** Weighed lines carry a fractional quantity; pieces are whole thousands. */
const isWeighed = (line: CartLine) => line.qtyMilli % 1000 !== 0;

const LineRow = memo(function LineRow({
  line,
  currency,
  highlight,
  onOpen,
  onStep,
  onRemove,
}: {
  line: CartLine;
  currency: string;
  highlight: boolean;
  onOpen: (lineId: string) => void;
  onStep: (line: CartLine, delta: number) => void;
  onRemove: (lineId: string) => void;
}) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (highlight) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [highlight, line.qtyMilli]);
  const discount = line.lineDiscountMinor + line.cartDiscountMinor;
  const weighed = isWeighed(line);
  return (
    <li ref={ref} className={`cart-line${highlight ? ' is-new' : ''}`} data-testid="cart-line" data-line-id={line.lineId}>
      <button type="button" className="line-main" onClick={() => onOpen(line.lineId)} aria-label={`Change ${line.name}`}>
        <span className="line-name">{line.name}</span>
        <span className="line-meta">
          {/* First, so a narrow screen's ellipsis never hides that the price was changed. */}
          {line.priceOverridden ? <span className="badge badge-warn badge-lead">price changed</span> : null}
          {line.sku} · {money(line.unitPriceMinor, currency)}
          {weighed ? ' / kg' : ' each'}
          {line.discount ? (
            <span className="badge">
              −{line.discount.kind === 'percent' ? percentText(line.discount.basisPoints) : money(line.discount.amountMinor, currency)}
            </span>
          ) : null}
        </span>
      </button>
      <div className="line-qty">
        {weighed ? (
          <span className="qty-value" data-testid="line-qty">
            {quantity(line.qtyMilli, true)}
          </span>
        ) : (
          <>
            <button type="button" className="btn btn-icon" onClick={() => onStep(line, -1)} aria-label={`One less ${line.name}`} disabled={line.qtyMilli <= 1000}>
              −
            </button>
            <span className="qty-value" data-testid="line-qty">
              {quantity(line.qtyMilli, false)}
            </span>
            <button type="button" className="btn btn-icon" onClick={() => onStep(line, 1)} aria-label={`One more ${line.name}`}>
              +
            </button>
          </>
        )}
      </div>
      <div className="line-total">
        <span data-testid="line-total">{money(line.totalMinor, currency)}</span>
        {discount > 0 ? <span className="line-saving">−{money(discount, currency)}</span> : null}
      </div>
      <button type="button" className="btn btn-icon btn-remove" onClick={() => onRemove(line.lineId)} aria-label={`Remove ${line.name}`}>
        ✕
      </button>
    </li>
  );
});

export function CartPanel({
  cart,
  lastLineId,
  onOpen,
  onStep,
  onRemove,
}: {
  cart: CartView;
  lastLineId: string | null;
  onOpen: (lineId: string) => void;
  onStep: (line: CartLine, delta: number) => void;
  onRemove: (lineId: string) => void;
}) {
  const { totals, currency } = cart;
  const items = cart.lines.reduce((n, l) => n + (isWeighed(l) ? 1 : l.qtyMilli / 1000), 0);
  const inclusive = totals.totalMinor === totals.subtotalMinor - totals.discountMinor;
  return (
    <section className="cart-panel" aria-label="Cart">
      <div className="panel-head">
        <h2>Cart</h2>
        <span className="muted" data-testid="cart-count">
          {cart.lines.length === 0 ? 'empty' : `${items} ${items === 1 ? 'item' : 'items'}`}
        </span>
      </div>
      {cart.lines.length === 0 ? (
        <div className="cart-empty">
          <Empty title="Scan a product to start a sale">
            <p>Or type a name, SKU or barcode in the search on the right.</p>
          </Empty>
        </div>
      ) : (
        <ol className="cart-lines" data-testid="cart-lines">
          {cart.lines.map((line) => (
            <LineRow key={line.lineId} line={line} currency={currency} highlight={line.lineId === lastLineId} onOpen={onOpen} onStep={onStep} onRemove={onRemove} />
          ))}
        </ol>
      )}
      <dl className="totals">
        <div>
          <dt>Subtotal</dt>
          <dd>{money(totals.subtotalMinor, currency)}</dd>
        </div>
        {totals.discountMinor > 0 ? (
          <div className="totals-discount">
            <dt>Discounts{cart.cartDiscount ? ' (incl. cart discount)' : ''}</dt>
            <dd>−{money(totals.discountMinor, currency)}</dd>
          </div>
        ) : null}
        {totals.taxes.map((t) => (
          <div key={t.taxRateId} className="totals-tax">
            <dt>
              {inclusive ? 'incl. ' : ''}tax {ratePercent(t.ratePpm)}
            </dt>
            <dd>{money(t.taxMinor, currency)}</dd>
          </div>
        ))}
        <div className="totals-total">
          <dt>Total</dt>
          <dd data-testid="cart-total">{money(totals.totalMinor, currency)}</dd>
        </div>
      </dl>
    </section>
  );
}
