import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { KeyboardHub } from './scan/keyboard-hub';
import { KeyboardContext } from './scan/use-keyboard';
import { TerminalProvider } from './state/terminal-state';
import './styles.css';

// One keyboard listener for the whole UI, attached before anything renders so that a scan in
// the first milliseconds is not lost either.
const hub = new KeyboardHub();
hub.attach(window);

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <ErrorBoundary where="the terminal">
        <KeyboardContext.Provider value={hub}>
          <TerminalProvider>
            <App />
          </TerminalProvider>
        </KeyboardContext.Provider>
      </ErrorBoundary>
    </StrictMode>,
  );
}
