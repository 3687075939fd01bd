import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppendedAuditEvent } from '../audit/audit-log';
import type { Route } from './http-server';
import { sendText } from './respond';

/**
 * The process's own figures (CPU, memory, event-loop lag, GC), collected once per process by its
 * entry point. prom-client watches GC and the event loop with observers it never stops, which keep
 * their registry reachable: an app must not put its own metrics (which reach its database pool)
 * there, or an app closed in-process (each test file) could never be freed.
 */
export function collectProcessMetrics(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_process_' });
  return registry;
}

/**
 * Prometheus metrics. Privacy figures are derived from the audit events as they are appended, so
 * the numbers come from the same place as the trail (they count at append; a rolled-back
 * transaction can over-count by its one event, never under-count).
 *
 * `/metrics` needs no token, so nothing here may be chosen by a client or be an exact figure about
 * one dataset: labels are schema root fields, error codes and audit actions (fixed sets), and no
 * row counts are kept (the delta of a row counter around an upload would be its exact size).
 */
export class Metrics {
  private readonly own = new Registry();
  /** What /metrics serves: this app's figures and, when given, the process's. */
  readonly registry: Registry;
  private readonly operations = new Counter({
    name: 'parley_graphql_operations_total',
    help: 'GraphQL operations by root field (or invalid) and outcome (ok or the error code sent)',
    labelNames: ['operation', 'outcome'],
    registers: [this.own],
  });
  private readonly latency = new Histogram({
    name: 'parley_graphql_operation_duration_seconds',
    help: 'GraphQL operation latency',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.own],
  });
  private readonly auditEvents = new Counter({
    name: 'parley_audit_events_written_total',
    help: 'Audit events appended, by action and outcome',
    labelNames: ['action', 'outcome'],
    registers: [this.own],
  });
  private readonly epsilonSpent = new Counter({
    name: 'parley_epsilon_spent_total',
    help: 'Privacy budget (epsilon) spent by executed queries and synthetic data',
    registers: [this.own],
  });
  private readonly cachedQueries = new Counter({
    name: 'parley_queries_cached_total',
    help: 'Private queries answered from the consistent-answer cache (no budget spent)',
    registers: [this.own],
  });

  constructor(pool: () => Pool | undefined, processMetrics?: Registry) {
    const poolGauge = (name: string, help: string, read: (p: Pool) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.own],
        collect() {
          const p = pool();
          if (p) this.set(read(p));
        },
      });
    poolGauge('parley_db_pool_connections', 'Database connections open in the pool', (p) => p.totalCount);
    poolGauge('parley_db_pool_idle', 'Idle database connections in the pool', (p) => p.idleCount);
    poolGauge('parley_db_pool_waiting', 'Requests waiting for a database connection', (p) => p.waitingCount);
    this.registry = processMetrics ? Registry.merge([this.own, processMetrics]) : this.own;
  }

  observeOperation = (operation: string, outcome: string, seconds: number): void => {
    this.operations.inc({ operation, outcome });
    this.latency.observe({ operation }, seconds);
  };

  observeAudit = (e: AppendedAuditEvent): void => {
    this.auditEvents.inc({ action: e.action, outcome: e.outcome });
    const d = e.details as { epsilon?: unknown; epsilonSpent?: unknown };
    // Synthetic data spends from the same budgets as queries.
    if (e.action === 'QUERY_EXECUTED' || e.action === 'SYNTHETIC_DATA_CREATED') {
      const eps = Number(d.epsilonSpent ?? d.epsilon);
      if (Number.isFinite(eps) && eps > 0) this.epsilonSpent.inc(eps);
    }
    if (e.action === 'QUERY_CACHED') this.cachedQueries.inc();
  };

  /** A listener of its own serving only /metrics (PARLEY_METRICS_PORT), so scrapers need no access to the API port. */
  async listen(port: number, host: string): Promise<{ url: string; close(): Promise<void> }> {
    const route = this.route();
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      void Promise.resolve(route(req, res, path, ''))
        .then((handled) => {
          if (!handled) sendText(res, 404, 'not found\n');
        })
        .catch(() => sendText(res, 500, 'metrics unavailable\n'));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const { port: bound } = server.address() as AddressInfo;
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
  }

  route(): Route {
    return async (req, res, path) => {
      if (req.method !== 'GET' || path !== '/metrics') return false;
      sendText(res, 200, await this.registry.metrics(), this.registry.contentType);
      return true;
    };
  }
}
