import { useContext, useEffect } from 'react';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Notices } from './components/Notices';
import { Loading } from './components/States';
import { friendlyError } from './api/error-text';
import { KeyboardContext } from './scan/use-keyboard';
import { EnrollScreen } from './screens/EnrollScreen';
import { FirstSyncScreen } from './screens/FirstSyncScreen';
import { LoginScreen } from './screens/LoginScreen';
import { OpenShiftScreen } from './screens/OpenShiftScreen';
import { ReadyScreens } from './screens/ReadyScreens';
import { StatusBar } from './status/StatusBar';
import { useTerminal, type Phase } from './state/terminal-state';

const WHERE: Record<Phase, string> = {
  booting: 'the start screen',
  noCore: 'the start screen',
  bootFailed: 'the start screen',
  enroll: 'the setup screen',
  firstSync: 'the catalog download',
  login: 'the login screen',
  openShift: 'the shift opening',
  ready: 'the sale',
};

function PhaseScreen() {
  const { phase, bootError, boot } = useTerminal();
  switch (phase) {
    case 'booting':
      return (
        <main className="center-screen">
          <Loading text="Starting the terminal…" />
        </main>
      );
    case 'noCore':
    case 'bootFailed':
      return (
        <main className="center-screen">
          <section className="card card-form" role="alert">
            <h1>The terminal could not start</h1>
            <p>{phase === 'noCore' ? 'This screen is not connected to the terminal core.' : friendlyError(bootError ?? { code: 'INTERNAL', message: '' })}</p>
            <div className="row">
              <button type="button" className="btn btn-primary btn-lg" onClick={() => void boot()}>
                Try again
              </button>
              <button type="button" className="btn btn-lg" onClick={() => window.location.reload()}>
                Reload
              </button>
            </div>
          </section>
        </main>
      );
    case 'enroll':
      return <EnrollScreen />;
    case 'firstSync':
      return <FirstSyncScreen />;
    case 'login':
      return <LoginScreen />;
    case 'openShift':
      return <OpenShiftScreen />;
    case 'ready':
      return <ReadyScreens />;
  }
}

/** Scans that arrive where nothing can take them are said out loud, never dropped silently. */
function ScanFallback() {
  const hub = useContext(KeyboardContext);
  const { notify, phase } = useTerminal();
  useEffect(() => {
    hub?.setFallbackScan((code) => {
      const why = phase === 'ready' ? 'go back to Sell to add it to a sale' : phase === 'openShift' ? 'open the shift first' : 'log in and open a shift to sell';
      notify('warn', `Scanned ${code}: not added — ${why}.`);
    });
  }, [hub, notify, phase]);
  return null;
}

export function App() {
  const { phase } = useTerminal();
  return (
    <div className="app">
      <ScanFallback />
      <Notices />
      <div className="app-main">
        <ErrorBoundary where={WHERE[phase]} key={phase}>
          <PhaseScreen />
        </ErrorBoundary>
      </div>
      <StatusBar />
    </div>
  );
}
