import { useState, type FormEvent } from 'react';
import { call } from '../api/keel-client';
import { friendlyError } from '../api/error-text';
import { ErrorText } from '../components/States';
import { useTerminal } from '../state/terminal-state';

function checkUrl(text: string): string | null {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? null : 'The address must start with https:// or http://';
  } catch {
    return 'Enter the full server address, for example https://keel.example.com';
  }
}

/**
 * First start: connect this terminal to the store's server with a one-time code a manager
 * created. Nothing is stored until the server accepted the code.
 */
export function EnrollScreen() {
  const { boot } = useTerminal();
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('Till 1');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const urlProblem = checkUrl(serverUrl);
    if (urlProblem) return setError(urlProblem);
    if (code.trim().length < 4) return setError('Enter the enrollment code from the manager (at least 4 characters).');
    if (name.trim().length === 0) return setError('Give this terminal a name, for example "Till 1".');
    setBusy(true);
    setError(null);
    const result = await call('enrollment.enroll', { serverUrl: serverUrl.trim(), code: code.trim(), name: name.trim() });
    setBusy(false);
    if (!result.ok) return setError(friendlyError(result.error));
    // boot() finds the terminal enrolled and not yet synced, and moves on to the first sync.
    await boot();
  };

  return (
    <main className="center-screen">
      <form className="card card-form" onSubmit={(e) => void submit(e)} aria-labelledby="enroll-title" noValidate>
        <h1 id="enroll-title">Set up this terminal</h1>
        <p className="muted">Connect it to your store’s Keel server. A manager creates the one-time enrollment code on the server.</p>
        <label className="field">
          <span>Server address</span>
          <input
            name="serverUrl"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://keel.example.com"
            value={serverUrl}
            onChange={(e) => setServerUrl(e.target.value)}
            disabled={busy}
            autoFocus
          />
        </label>
        <label className="field">
          <span>Enrollment code</span>
          <input name="code" autoComplete="off" spellCheck={false} placeholder="ABCDE-12345" value={code} onChange={(e) => setCode(e.target.value)} disabled={busy} />
        </label>
        <label className="field">
          <span>Terminal name</span>
          <input name="terminalName" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} disabled={busy} maxLength={60} />
        </label>
        <ErrorText text={error} />
        <button type="submit" className="btn btn-primary btn-lg btn-block" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect terminal'}
        </button>
      </form>
    </main>
  );
}
