import client from 'prom-client';
import type { Pool } from '../db/pool';

/** Prometheus metrics for one app instance (a registry each, so tests can run several). */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const httpDuration = new client.Histogram({
    name: 'keel_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const httpErrors = new client.Counter({
    name: 'keel_http_errors_total',
    help: 'Error responses by route template and error code',
    labelNames: ['route', 'code'] as const,
    registers: [registry],
  });
  const opsApplied = new client.Counter({
    name: 'keel_sync_ops_total',
    help: 'Operations received by push, by outcome (applied, duplicate, rejected)',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const anomalies = new client.Counter({
    name: 'keel_anomalies_total',
    help: 'Anomalies recorded while applying operations, by code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const poolGauge = (name: string, help: string, read: (p: Pool) => number) =>
    new client.Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        if (pools.length > 0) this.set(pools.reduce((sum, p) => sum + read(p), 0));
      },
    });
  const pools: Pool[] = [];
  poolGauge('keel_db_pool_total', 'Connections open in the pool', (p) => p.totalCount);
  poolGauge('keel_db_pool_idle', 'Idle connections in the pool', (p) => p.idleCount);
  poolGauge('keel_db_pool_waiting', 'Requests waiting for a connection', (p) => p.waitingCount);
  const feedLag = new client.Gauge({
    name: 'keel_feed_lag_seconds',
    help: 'Age of the oldest open transaction holding back the pull feed fence',
    registers: [registry],
  });
  return {
    registry,
    httpDuration,
    httpErrors,
    opsApplied,
    anomalies,
    feedLag,
    watchPool(pool: Pool) {
      pools.push(pool);
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
