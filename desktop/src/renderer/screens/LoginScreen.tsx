import { useCallback, useEffect, useState } from 'react';
import type { SessionUser } from '@keel/shared';
import { call } from '../api/keel-client';
import { friendlyError } from '../api/error-text';
import { PinPad } from '../components/PinPad';
import { Empty, ErrorText, Loading } from '../components/States';
import { initials } from '../format/display';
import { useKeys } from '../scan/use-keyboard';
import { useTerminal } from '../state/terminal-state';

const ROLE_NAMES = { cashier: 'Cashier', supervisor: 'Supervisor', manager: 'Manager' } as const;

/** Pick your name, then type your PIN. Works offline: PINs are checked on the terminal. */
export function LoginScreen() {
  const { setUser, setShift, enterPhase, refreshCart, info, refreshSync } = useTerminal();
  const [users, setUsers] = useState<SessionUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<SessionUser | null>(null);

  const load = useCallback(async () => {
    setError(null);
    const result = await call('session.users', {});
    if (!result.ok) {
      setUsers([]);
      setError(friendlyError(result.error));
      return;
    }
    setUsers(result.value);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // With the list showing, a digit picks the n-th person (keyboard-only use).
  useKeys((key, { inField }) => {
    if (inField || chosen || !users) return false;
    const n = Number(key);
    if (Number.isInteger(n) && n >= 1 && n <= Math.min(9, users.length)) {
      setChosen(users[n - 1] ?? null);
      return true;
    }
    return false;
  });

  const login = async (pin: string): Promise<string | null> => {
    if (!chosen) return null;
    const result = await call('session.login', { userId: chosen.id, pin });
    if (!result.ok) return friendlyError(result.error);
    setUser(result.value);
    const shift = await call('shift.current', {});
    if (!shift.ok) {
      setError(friendlyError(shift.error));
      return null;
    }
    setShift(shift.value);
    if (!shift.value) {
      enterPhase('openShift');
      return null;
    }
    await refreshCart();
    enterPhase('ready');
    return null;
  };

  const syncAndReload = async () => {
    await call('sync.now', {});
    await refreshSync();
    await load();
  };

  if (chosen) {
    return (
      <main className="center-screen">
        <section className="card card-pin" aria-labelledby="pin-title">
          <div className="pin-person">
            <span className="avatar" aria-hidden="true">
              {initials(chosen.name)}
            </span>
            <div>
              <h1 id="pin-title">{chosen.name}</h1>
              <div className="muted">{ROLE_NAMES[chosen.role]}</div>
            </div>
          </div>
          <PinPad label="Enter your PIN" submit={login} onCancel={() => setChosen(null)} cancelLabel="Not me" />
        </section>
      </main>
    );
  }

  return (
    <main className="login-screen">
      <div className="login-head">
        <h1>Who is selling?</h1>
        <p className="muted">Tap your name{info?.storeName ? ` · ${info.storeName}` : ''}</p>
      </div>
      <ErrorText text={error} />
      {users === null ? (
        <Loading text="Loading people…" />
      ) : users.length === 0 ? (
        <Empty title="No people are set up for this store yet">
          <p>A manager adds cashiers on the server. Then sync this terminal.</p>
          <button type="button" className="btn btn-primary btn-lg" onClick={() => void syncAndReload()}>
            Sync now
          </button>
        </Empty>
      ) : (
        <ul className="people" aria-label="People">
          {users.map((u, i) => (
            <li key={u.id}>
              <button type="button" className="person" onClick={() => setChosen(u)} data-testid="person">
                <span className="avatar" aria-hidden="true">
                  {initials(u.name)}
                </span>
                <span className="person-name">{u.name}</span>
                <span className="person-role">
                  {ROLE_NAMES[u.role]}
                  {i < 9 ? <kbd>{i + 1}</kbd> : null}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
