import { useEffect, useState } from 'react';
import type { IpcOutput, ShiftView } from '@keel/shared';
import { call } from '../api/keel-client';
import { friendlyError } from '../api/error-text';
import { ErrorText, Loading } from '../components/States';
import { countedMinor, countsFrom, denominationsOf, parseCount, type Denomination } from '../format/denominations';
import { clockTime, money, signedMoney } from '../format/display';
import { entryMinor } from '../format/money-entry';
import { useApproval } from '../hooks/use-approval';
import { useTerminal } from '../state/terminal-state';

type Closed = IpcOutput<'shift.close'>;

function denominationLabel(d: Denomination, currency: string): string {
  return money(d.minor, currency).replace(/\.00(?=\u00a0)/, '');
}

function Difference({ minor, currency, testId }: { minor: number; currency: string; testId?: string }) {
  const word = minor > 0 ? 'Over' : minor < 0 ? 'Short' : 'Exact';
  return (
    <span className={`difference ${minor > 0 ? 'is-over' : minor < 0 ? 'is-short' : 'is-exact'}`} data-testid={testId}>
      {word} {minor === 0 ? '' : signedMoney(minor, currency)}
    </span>
  );
}

/**
 * End of shift: count the drawer note by note and coin by coin. Expected, counted and the
 * difference update as you type; a difference above the store's limit needs a manager's PIN
 * (core decides and asks). The figures on the result are core's, not this screen's.
 */
export function CloseShiftScreen({ onCancel }: { onCancel: () => void }) {
  const { cart, enterPhase, setShift, logout } = useTerminal();
  const [shift, setShiftView] = useState<ShiftView | null | undefined>(undefined);
  const [texts, setTexts] = useState<Record<number, string>>({});
  const [total, setTotal] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [closed, setClosed] = useState<Closed | null>(null);
  const [approvalDialog, withApproval] = useApproval();
  const currency = cart?.currency ?? 'EUR';
  const table = denominationsOf(currency);

  useEffect(() => {
    void call('shift.current', {}).then((r) => {
      if (r.ok) setShiftView(r.value);
      else {
        setShiftView(null);
        setError(friendlyError(r.error));
      }
    });
  }, []);

  const counts = new Map<number, number>();
  let badRow = false;
  for (const d of table ?? []) {
    const n = parseCount(texts[d.minor] ?? '');
    if (n === null) badRow = true;
    else counts.set(d.minor, n);
  }
  const counted = table ? countedMinor(counts) : (entryMinor(total, currency) ?? 0);
  const expected = shift?.expectedCashMinor ?? 0;

  const close = async () => {
    if (badRow) return setError('Each count must be a whole number of notes or coins.');
    const countedByDenomination = table ? countsFrom(counts) : counted > 0 ? [{ denominationMinor: 1, count: counted }] : [];
    setBusy(true);
    setError(null);
    const result = await withApproval({
      role: 'manager',
      action: 'Closing with this cash difference',
      askFirst: false,
      run: (approverPin) => call('shift.close', { countedByDenomination, ...(approverPin ? { approverPin } : {}) }),
    });
    setBusy(false);
    if (result === null) return setError('The shift is still open: the approval was cancelled.');
    if (!result.ok) return setError(friendlyError(result.error));
    setClosed(result.value);
    setShift(null);
  };

  if (closed) {
    return (
      <main className="center-screen">
        <section className="card card-closed" aria-labelledby="closed-title" data-testid="shift-closed">
          <h1 id="closed-title">Shift closed</h1>
          <dl className="count-summary">
            <div>
              <dt>Expected in drawer</dt>
              <dd>{money(closed.expectedMinor, currency)}</dd>
            </div>
            <div>
              <dt>Counted</dt>
              <dd>{money(closed.countedMinor, currency)}</dd>
            </div>
            <div className="summary-diff">
              <dt>Difference</dt>
              <dd>
                <Difference minor={closed.overShortMinor} currency={currency} testId="closed-difference" />
              </dd>
            </div>
          </dl>
          <div className="row">
            <button type="button" className="btn btn-lg" onClick={() => void logout()}>
              Log out
            </button>
            <button type="button" className="btn btn-primary btn-lg" onClick={() => enterPhase('openShift')}>
              Open a new shift
            </button>
          </div>
        </section>
      </main>
    );
  }

  if (shift === undefined) return <Loading text="Loading the shift…" />;
  if (shift === null) {
    return (
      <main className="center-screen">
        <ErrorText text={error ?? 'No shift is open on this terminal.'} />
      </main>
    );
  }

  const renderRows = (kind: Denomination['kind']) =>
    (table ?? [])
      .filter((d) => d.kind === kind)
      .map((d) => {
        const n = parseCount(texts[d.minor] ?? '');
        return (
          <tr key={d.minor}>
            <th scope="row">{denominationLabel(d, currency)}</th>
            <td>
              <input
                className={`count-input${n === null ? ' is-invalid' : ''}`}
                inputMode="numeric"
                value={texts[d.minor] ?? ''}
                placeholder="0"
                onChange={(e) => setTexts({ ...texts, [d.minor]: e.target.value })}
                aria-label={`Number of ${denominationLabel(d, currency)} ${kind}s`}
                data-testid={`count-${d.minor}`}
              />
            </td>
            <td className="num">{n ? money(n * d.minor, currency) : '–'}</td>
          </tr>
        );
      });

  return (
    <main className="close-shift">
      <section className="count-panel" aria-label="Cash count">
        <div className="panel-head">
          <h2>Count the drawer</h2>
          <span className="muted">
            Shift of {shift.cashierName} since {clockTime(shift.openedAt)}
          </span>
        </div>
        {table ? (
          <div className="count-tables">
            <table className="count-table">
              <thead>
                <tr>
                  <th>Notes</th>
                  <th>Count</th>
                  <th className="num">Value</th>
                </tr>
              </thead>
              <tbody>{renderRows('note')}</tbody>
            </table>
            <table className="count-table">
              <thead>
                <tr>
                  <th>Coins</th>
                  <th>Count</th>
                  <th className="num">Value</th>
                </tr>
              </thead>
              <tbody>{renderRows('coin')}</tbody>
            </table>
          </div>
        ) : (
          <label className="field">
            <span>Cash counted in total</span>
            <input inputMode="decimal" value={total} onChange={(e) => setTotal(e.target.value)} />
          </label>
        )}
      </section>
      <aside className="count-side">
        <dl className="count-summary">
          <div>
            <dt>Opening float</dt>
            <dd>{money(shift.openingFloatMinor, currency)}</dd>
          </div>
          <div>
            <dt>Expected in drawer</dt>
            <dd data-testid="expected">{money(expected, currency)}</dd>
          </div>
          <div>
            <dt>Counted</dt>
            <dd data-testid="counted">{money(counted, currency)}</dd>
          </div>
          <div className="summary-diff">
            <dt>Difference</dt>
            <dd>
              <Difference minor={counted - expected} currency={currency} testId="difference" />
            </dd>
          </div>
        </dl>
        <p className="muted small">Expected = float + cash sales − cash refunds ± cash moved in or out. A large difference needs a manager’s PIN.</p>
        <ErrorText text={error} />
        <button type="button" className="btn btn-primary btn-xl btn-block" onClick={() => void close()} disabled={busy} data-testid="close-shift">
          {busy ? 'Closing…' : 'Close shift'}
        </button>
        <button type="button" className="btn btn-lg btn-block" onClick={onCancel} disabled={busy}>
          Back to selling
        </button>
      </aside>
      {approvalDialog}
    </main>
  );
}
