import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  failed: boolean;
}

/**
 * A screen that failed to render shows a plain message and a reload action, never the error or
 * its stack. The sale data is in core, not in the screen, so reloading loses nothing.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; where: string }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(_error: unknown, _info: ErrorInfo): void {
    // Deliberately not shown. Electron's crash reporting (scrubbed) is the place for details.
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="boundary" role="alert">
        <h2>This screen stopped working</h2>
        <p>
          Something went wrong while showing {this.props.where}. Sales and the cart are kept by the terminal, so nothing is lost by
          reloading.
        </p>
        <div className="row">
          <button type="button" className="btn btn-primary btn-lg" onClick={() => window.location.reload()}>
            Reload the screen
          </button>
          <button type="button" className="btn btn-lg" onClick={() => this.setState({ failed: false })}>
            Try again
          </button>
        </div>
      </div>
    );
  }
}
