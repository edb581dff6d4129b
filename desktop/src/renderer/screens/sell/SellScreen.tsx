import { useCallback, useEffect, useRef, useState } from 'react';
import type { Discount, ProductSummary } from '@keel/shared';
import { call } from '../../api/keel-client';
import { friendlyError } from '../../api/error-text';
import { Loading } from '../../components/States';
import { money } from '../../format/display';
import { useApproval } from '../../hooks/use-approval';
import { useKeys, useScans } from '../../scan/use-keyboard';
import { useTerminal, type CartLine } from '../../state/terminal-state';
import { CartPanel } from './CartPanel';
import { CartDiscountDialog, ConfirmDialog, LineDialog, ParkDialog, ParkedDialog } from './Dialogs';
import { CashMoveDialog, NoSaleDialog } from './DrawerDialogs';
import { PriceDialog } from './PriceDialog';
import { SearchPanel } from './SearchPanel';

type Dialog =
  | { kind: 'line'; lineId: string }
  | { kind: 'price'; lineId: string }
  | { kind: 'cartDiscount' }
  | { kind: 'park' }
  | { kind: 'parked' }
  | { kind: 'clear' }
  | { kind: 'cashMove' }
  | { kind: 'noSale' }
  | null;

/**
 * The sell screen: scan (from anywhere, focus does not matter), search, adjust the cart, pay.
 * Every cart change goes through core and the cart shown is always core's answer.
 */
export function SellScreen({ onPay }: { onPay: () => void }) {
  const { cart, lastLineId, cartOp, scan, notify, setShift } = useTerminal();
  const [query, setQuery] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [parkedCount, setParkedCount] = useState<number | null>(null);
  const [approvalDialog, withApproval] = useApproval();
  const search = useRef<HTMLInputElement>(null);

  const countParked = useCallback(async () => {
    const result = await call('cart.listParked', {});
    setParkedCount(result.ok ? result.value.length : null);
  }, []);
  useEffect(() => {
    void countParked();
  }, [countParked]);

  useScans((code) => void scan(code));

  const canPay = (cart?.lines.length ?? 0) > 0;
  useKeys((key, { inField }) => {
    if (key === 'F2') {
      search.current?.focus();
      return true;
    }
    if (key === 'F12' && canPay) {
      onPay();
      return true;
    }
    if (key === 'F8' && canPay) {
      setDialog({ kind: 'cartDiscount' });
      return true;
    }
    if (key === 'F6' && canPay) {
      setDialog({ kind: 'park' });
      return true;
    }
    if (key === 'F7') {
      setDialog({ kind: 'parked' });
      return true;
    }
    // Typing with no field focused starts a search (a slow, hand-typed barcode included).
    if (!inField && key.length === 1 && key !== ' ') {
      setQuery((q) => q + key);
      search.current?.focus();
      return true;
    }
    return false;
  });

  const change = async (run: () => ReturnType<typeof cartOp>): Promise<string | null> => {
    const result = await run();
    return result.ok ? null : friendlyError(result.error);
  };

  const add = async (product: ProductSummary) => {
    const result = await cartOp(() => call('cart.addProduct', { productId: product.id }));
    if (!result.ok) notify('error', friendlyError(result.error));
    search.current?.focus();
  };

  const onStep = useCallback(
    (line: CartLine, delta: number) => {
      void cartOp(() => call('cart.setQuantity', { lineId: line.lineId, qtyMilli: line.qtyMilli + delta * 1000 })).then(
        (r) => r.ok || notify('error', friendlyError(r.error)),
      );
    },
    [cartOp, notify],
  );
  const onRemove = useCallback(
    (lineId: string) => {
      void cartOp(() => call('cart.removeLine', { lineId })).then((r) => r.ok || notify('error', friendlyError(r.error)));
    },
    [cartOp, notify],
  );
  const onOpen = useCallback((lineId: string) => setDialog({ kind: 'line', lineId }), []);

  /** A discount, with a supervisor's PIN when it is above the cashier's limit. */
  const discount = async (lineId: string | null, d: Discount | null): Promise<string | null> => {
    const result = await withApproval({
      role: 'supervisor',
      action: 'This discount',
      askFirst: false,
      run: (approverPin) =>
        cartOp(() =>
          lineId
            ? call('cart.setLineDiscount', { lineId, discount: d, ...(approverPin ? { approverPin } : {}) })
            : call('cart.setCartDiscount', { discount: d, ...(approverPin ? { approverPin } : {}) }),
        ),
    });
    if (result === null) return 'Not applied: the approval was cancelled.';
    if (!result.ok) return friendlyError(result.error);
    setDialog(null);
    return null;
  };

  /** A new unit price for a line: a cashier's needs a supervisor's PIN (asked first); core marks the line. */
  const overridePrice = async (lineId: string, unitPriceMinor: number, reason: string): Promise<string | null> => {
    const result = await withApproval({
      role: 'supervisor',
      action: 'Changing a price',
      run: (approverPin) => cartOp(() => call('cart.overridePrice', { lineId, unitPriceMinor, reason, ...(approverPin ? { approverPin } : {}) })),
    });
    if (result === null) return 'Price not changed: the approval was cancelled.';
    if (!result.ok) return friendlyError(result.error);
    setDialog(null);
    return null;
  };

  if (!cart) return <Loading text="Loading the cart…" />;
  const line = dialog?.kind === 'line' ? cart.lines.find((l) => l.lineId === dialog.lineId) : undefined;
  const priced = dialog?.kind === 'price' ? cart.lines.find((l) => l.lineId === dialog.lineId) : undefined;

  return (
    <main className="sell">
      <CartPanel cart={cart} lastLineId={lastLineId} onOpen={onOpen} onStep={onStep} onRemove={onRemove} />
      <aside className="side-panel">
        <SearchPanel ref={search} query={query} currency={cart.currency} onQuery={setQuery} onPick={(p) => void add(p)} onBarcode={scan} />
        <div className="sell-actions">
          <button type="button" className="btn btn-tile" onClick={() => setDialog({ kind: 'cartDiscount' })} disabled={!canPay}>
            Discount <kbd>F8</kbd>
          </button>
          <button type="button" className="btn btn-tile" onClick={() => setDialog({ kind: 'park' })} disabled={!canPay}>
            Park <kbd>F6</kbd>
          </button>
          <button type="button" className="btn btn-tile" onClick={() => setDialog({ kind: 'parked' })} data-testid="open-parked">
            Parked{parkedCount ? <span className="count">{parkedCount}</span> : null} <kbd>F7</kbd>
          </button>
          <button type="button" className="btn btn-tile" onClick={() => setDialog({ kind: 'clear' })} disabled={!canPay}>
            Clear cart
          </button>
          <button type="button" className="btn btn-tile" onClick={() => setDialog({ kind: 'cashMove' })} data-testid="open-cash-move">
            Cash in / out
          </button>
          <button type="button" className="btn btn-tile" onClick={() => setDialog({ kind: 'noSale' })} data-testid="open-no-sale">
            No sale
          </button>
        </div>
        <button type="button" className="btn btn-pay" onClick={onPay} disabled={!canPay} data-testid="pay">
          <span>Pay</span>
          <span className="pay-amount">{money(cart.totals.totalMinor, cart.currency)}</span>
          <kbd>F12</kbd>
        </button>
      </aside>

      {line ? (
        <LineDialog
          line={line}
          currency={cart.currency}
          onClose={() => setDialog(null)}
          onQty={(qtyMilli) => change(() => cartOp(() => call('cart.setQuantity', { lineId: line.lineId, qtyMilli })))}
          onDiscount={(d) => discount(line.lineId, d)}
          onPrice={() => setDialog({ kind: 'price', lineId: line.lineId })}
          onRemove={() => {
            onRemove(line.lineId);
            setDialog(null);
          }}
        />
      ) : null}
      {priced ? <PriceDialog line={priced} currency={cart.currency} apply={(price, reason) => overridePrice(priced.lineId, price, reason)} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'cashMove' ? (
        <CashMoveDialog
          currency={cart.currency}
          onClose={() => setDialog(null)}
          onMoved={(shift) => {
            setShift(shift);
          }}
        />
      ) : null}
      {dialog?.kind === 'noSale' ? <NoSaleDialog onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'cartDiscount' ? <CartDiscountDialog current={cart.cartDiscount} currency={cart.currency} apply={(d) => discount(null, d)} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'park' ? (
        <ParkDialog
          onClose={() => setDialog(null)}
          park={async (label) => {
            const result = await call('cart.park', { label });
            if (!result.ok) return friendlyError(result.error);
            setParkedCount(result.value.length);
            await cartOp(() => call('cart.get', {}));
            setDialog(null);
            notify('ok', `Sale parked${label ? ` (“${label}”)` : ''}. Ready for the next customer.`);
            return null;
          }}
        />
      ) : null}
      {dialog?.kind === 'parked' ? (
        <ParkedDialog
          currency={cart.currency}
          onClose={() => setDialog(null)}
          resume={async (cartId) => {
            const result = await cartOp(() => call('cart.resume', { cartId }));
            if (!result.ok) return friendlyError(result.error);
            await countParked();
            setDialog(null);
            return null;
          }}
        />
      ) : null}
      {dialog?.kind === 'clear' ? (
        <ConfirmDialog
          title="Clear the cart?"
          text={`All ${cart.lines.length} lines are removed. Nothing is recorded as sold.`}
          confirm="Clear cart"
          danger
          onClose={() => setDialog(null)}
          onConfirm={() => {
            setDialog(null);
            void cartOp(() => call('cart.clear', {})).then((r) => r.ok || notify('error', friendlyError(r.error)));
          }}
        />
      ) : null}
      {approvalDialog}
    </main>
  );
}
