import { useEffect, useState } from 'react';
import { call } from '../api/keel-client';
import { friendlyError } from '../api/error-text';
import { AmountKeypad } from '../components/AmountKeypad';
import { ErrorText, Loading } from '../components/States';
import { money } from '../format/display';
import { entryMinor, entryOf } from '../format/money-entry';
import { Header } from '../components/Header';
import { useTerminal } from '../state/terminal-state';
import { roleAtLeast } from '@keel/shared';
import { ReportsScreen } from './reports/ReportsScreen';

/** Start of the day (or of a drawer): count the float in the drawer and open the shift. */
export function OpenShiftScreen() {
  const { setShift, enterPhase, refreshCart, logout, user } = useTerminal();
  const [currency, setCurrency] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Between shifts is when a manager closes the day (a Z needs every shift closed).
  const [reports, setReports] = useState(false);

  useEffect(() => {
    void call('cart.get', {}).then((r) => {
      if (r.ok) setCurrency(r.value.currency);
      else setError(friendlyError(r.error));
    });
  }, []);

  if (reports) {
    return (
      <div className="app-frame">
        <Header />
        <ReportsScreen onBack={() => setReports(false)} />
      </div>
    );
  }

  if (!currency) {
    return (
      <div className="app-frame">
        <Header />
        <main className="center-screen">{error ? <ErrorText text={error} /> : <Loading text="Preparing the shift…" />}</main>
      </div>
    );
  }

  const amount = entryMinor(text, currency);
  const open = async () => {
    if (busy) return;
    if (amount === null) return setError('Enter the cash in the drawer (0 if it is empty).');
    setBusy(true);
    setError(null);
    const result = await call('shift.open', { openingFloatMinor: amount });
    setBusy(false);
    if (!result.ok) return setError(friendlyError(result.error));
    setShift(result.value);
    await refreshCart();
    enterPhase('ready');
  };

  return (
    <div className="app-frame">
      <Header>
        {user && roleAtLeast(user.role, 'supervisor') ? (
          <button type="button" className="btn" onClick={() => setReports(true)} data-testid="nav-reports">
            Reports
          </button>
        ) : null}
        <button type="button" className="btn" onClick={() => void logout()}>
          Log out
        </button>
      </Header>
      <main className="center-screen">
        <section className="card card-amount" aria-labelledby="float-title">
          <div className="float-layout">
            <div>
              <h1 id="float-title">Open a shift</h1>
              <p className="muted">
                Hello {user?.name}. Count the cash in the drawer (the float) and enter it. Selling starts once the shift is open.
              </p>
              <div className="amount-display" data-testid="float-amount" aria-live="polite">
                <span className="amount-caption">Float in the drawer</span>
                {amount === null ? <span className="placeholder">{money(0, currency)}</span> : money(amount, currency)}
              </div>
              <div className="quick-row">
                {[0, 5_000, 10_000, 15_000, 20_000].map((m) => (
                  <button key={m} type="button" className="btn btn-quick" onClick={() => setText(entryOf(m, currency))}>
                    {m === 0 ? 'Empty drawer (0)' : money(m, currency)}
                  </button>
                ))}
              </div>
            </div>
            <div>
              <AmountKeypad text={text} currency={currency} onChange={setText} onEnter={() => void open()} />
              <ErrorText text={error} />
              <button type="button" className="btn btn-primary btn-xl btn-block float-open" onClick={() => void open()} disabled={busy || amount === null}>
                {busy ? 'Opening…' : amount === null ? 'Enter the float' : `Open shift with ${money(amount, currency)}`}
              </button>
            </div>
          </div>
        </section>
      </main>
    </div>
  );
}
