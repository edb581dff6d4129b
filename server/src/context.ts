import type { Config } from './config';
import type { Pool } from './db/pool';
import type { Logger } from './observability/logger';
import type { Metrics } from './observability/metrics';

/** Everything a request handler may depend on, passed in (no module-level state). */
export interface AppContext {
  config: Config;
  pool: Pool;
  logger: Logger;
  metrics: Metrics;
  /** Injected so tests can move time (session expiry, enrollment codes, rate windows). */
  now: () => Date;
  /** Flipped on SIGTERM so /readyz fails while in-flight requests finish. */
  lifecycle: { shuttingDown: boolean };
}
