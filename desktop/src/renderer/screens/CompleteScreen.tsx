import { useState } from 'react';
import { call } from '../api/keel-client';
import { friendlyError } from '../api/error-text';
import { money } from '../format/display';
import { useKeys, useScans } from '../scan/use-keyboard';
import { useTerminal, type RecentSale } from '../state/terminal-state';

/**
 * Shown only after core committed the sale. Change due is the largest thing on screen; the
 * receipt line says whether it really printed, and offers a reprint when it did not.
 */
export function CompleteScreen({ sale, onNext }: { sale: RecentSale; onNext: () => void }) {
  const { scan, devices } = useTerminal();
  const [printed, setPrinted] = useState(sale.receiptPrinted);
  const [reprint, setReprint] = useState<{ busy: boolean; message: string | null }>({ busy: false, message: null });
  const printer = devices?.find((d) => d.kind === 'printer');

  useKeys((key, { inField }) => {
    if (inField || key !== 'Enter') return false;
    onNext();
    return true;
  });
  // The next customer's first scan starts the next sale straight away.
  useScans((code) => {
    onNext();
    void scan(code);
  });

  const doReprint = async () => {
    setReprint({ busy: true, message: null });
    const result = await call('receipt.reprint', { saleId: sale.saleId });
    if (!result.ok) return setReprint({ busy: false, message: friendlyError(result.error) });
    setPrinted(result.value.printed);
    setReprint({
      busy: false,
      message: result.value.printed
        ? 'Receipt printed.'
        : !printer || printer.state === 'notConfigured'
          ? 'Still not printed: no receipt printer is set up on this terminal.'
          : 'Still not printed. Check the printer (paper, cover, cable), then try again.',
    });
  };

  return (
    <main className="center-screen">
      <section className="card card-complete" aria-labelledby="done-title">
        <div className="done-check" aria-hidden="true">
          ✓
        </div>
        <h1 id="done-title">Sale complete</h1>
        <p className="muted" data-testid="receipt-number">
          Receipt {sale.receiptNumber} · paid {money(sale.totalMinor, sale.currency)}
        </p>
        <div className={`change-due${sale.changeMinor > 0 ? '' : ' no-change'}`} data-testid="change-due">
          <span>Change due</span>
          <strong>{money(sale.changeMinor, sale.currency)}</strong>
        </div>
        {printed ? (
          <p className="receipt-state receipt-ok" data-testid="receipt-state">
            Receipt printed.
          </p>
        ) : (
          <div className="receipt-state receipt-missing" role="alert" data-testid="receipt-state">
            <strong>Receipt not printed</strong>
            <span>The sale is complete and saved. Only the paper receipt is missing.</span>
            <button type="button" className="btn" onClick={() => void doReprint()} disabled={reprint.busy} data-testid="reprint">
              {reprint.busy ? 'Printing…' : 'Reprint receipt'}
            </button>
          </div>
        )}
        {reprint.message ? (
          <p className="muted" data-testid="reprint-result">
            {reprint.message}
          </p>
        ) : null}
        <button type="button" className="btn btn-primary btn-xl btn-block" onClick={onNext} data-testid="next-sale">
          Next sale <kbd>Enter</kbd>
        </button>
      </section>
    </main>
  );
}
