import { useState } from 'react';
import { roleAtLeast } from '@keel/shared';
import { Header } from '../components/Header';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { useTerminal, type RecentSale } from '../state/terminal-state';
import { CloseShiftScreen } from './CloseShiftScreen';
import { CompleteScreen } from './CompleteScreen';
import { DeviceSettingsScreen } from './DeviceSettingsScreen';
import { ReportsScreen } from './reports/ReportsScreen';
import { ReturnsScreen } from './ReturnsScreen';
import { SellScreen } from './sell/SellScreen';
import { TenderScreen } from './TenderScreen';

type Screen = { name: 'sell' } | { name: 'tender' } | { name: 'complete'; sale: RecentSale } | { name: 'returns' } | { name: 'closeShift' } | { name: 'devices' } | { name: 'reports' };

const TITLES: Record<Screen['name'], string> = {
  sell: 'the sale',
  tender: 'the payment',
  complete: 'the completed sale',
  returns: 'refunds and voids',
  closeShift: 'the shift close',
  devices: 'the device settings',
  reports: 'the reports',
};

/** A logged-in cashier with an open shift: selling and everything around it. */
export function ReadyScreens() {
  const { logout, addRecent, shift, user } = useTerminal();
  const [screen, setScreen] = useState<Screen>({ name: 'sell' });
  const go = (next: Screen) => setScreen(next);
  // Mid-payment the way out is the payment screen's own Back: nothing else may move the cart.
  const navigable = screen.name !== 'tender' && shift !== null;

  return (
    <div className="app-frame">
      <Header>
        {navigable ? (
          <>
            <button type="button" className={`btn btn-nav${screen.name === 'sell' || screen.name === 'complete' ? ' is-current' : ''}`} onClick={() => go({ name: 'sell' })}>
              Sell
            </button>
            <button type="button" className={`btn btn-nav${screen.name === 'returns' ? ' is-current' : ''}`} onClick={() => go({ name: 'returns' })} data-testid="nav-returns">
              Refunds &amp; voids
            </button>
            {user && roleAtLeast(user.role, 'supervisor') ? (
              <button type="button" className={`btn btn-nav${screen.name === 'devices' ? ' is-current' : ''}`} onClick={() => go({ name: 'devices' })} data-testid="nav-devices">
                Devices
              </button>
            ) : null}
            {user && roleAtLeast(user.role, 'supervisor') ? (
              <button type="button" className={`btn btn-nav${screen.name === 'reports' ? ' is-current' : ''}`} onClick={() => go({ name: 'reports' })} data-testid="nav-reports">
                Reports
              </button>
            ) : null}
            <button type="button" className={`btn btn-nav${screen.name === 'closeShift' ? ' is-current' : ''}`} onClick={() => go({ name: 'closeShift' })} data-testid="nav-close-shift">
              Close shift
            </button>
            <button type="button" className="btn btn-nav" onClick={() => void logout()} data-testid="logout">
              Log out
            </button>
          </>
        ) : null}
      </Header>
      <ErrorBoundary where={TITLES[screen.name]} key={screen.name}>
        {screen.name === 'sell' ? <SellScreen onPay={() => go({ name: 'tender' })} /> : null}
        {screen.name === 'tender' ? (
          <TenderScreen
            onBack={() => go({ name: 'sell' })}
            onDone={(_sale, recent) => {
              addRecent(recent);
              go({ name: 'complete', sale: recent });
            }}
          />
        ) : null}
        {screen.name === 'complete' ? <CompleteScreen sale={screen.sale} onNext={() => go({ name: 'sell' })} /> : null}
        {screen.name === 'returns' ? <ReturnsScreen /> : null}
        {screen.name === 'closeShift' ? <CloseShiftScreen onCancel={() => go({ name: 'sell' })} /> : null}
        {screen.name === 'devices' ? <DeviceSettingsScreen /> : null}
        {screen.name === 'reports' ? <ReportsScreen onBack={() => go({ name: 'sell' })} /> : null}
      </ErrorBoundary>
    </div>
  );
}
