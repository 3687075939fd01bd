import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { resolveSecret } from '../config/data-dir-secrets';
import type { Config } from '../config/config';
import { isReady, openDatabase, type Database } from '../db/database';
import { poolOf, trackCheckedOut } from '../db/pool';
import { createApollo } from '../graphql/apollo';
import { graphqlHandler } from '../http/graphql-handler';
import { createHttpServer, healthRoutes, type Route } from '../http/http-server';
import { corsRoute } from '../http/cors';
import { explorerRoute } from '../http/explorer-route';
import { Metrics } from '../http/metrics';
import { staticFiles } from '../http/static-files';
import type { AuditLog } from '../audit/audit-log';
import { CheckpointScheduler } from '../audit/checkpoint-scheduler';
import { buildParleySchema } from './schema';
import { buildServices, type Services } from './services';
import { ShutdownCoordinator } from './shutdown';
import { ingestRoute } from '../datasets/ingest.route';
import { syntheticCsvRoute } from '../synthetic/synthetic-csv.route';

export interface ParleyApp {
  url: string;
  /** The separate metrics listener's base URL when PARLEY_METRICS_PORT is set, else null. */
  metricsUrl: string | null;
  services: Services;
  database: Database;
  /** Set on first start when the admin token was generated here. */
  generatedAdminToken: string | null;
  close(): Promise<void>;
  /** For a forced exit: answer every unfinished request SHUTTING_DOWN now (see ShutdownCoordinator). */
  abortInFlight(): void;
}

export interface StartOptions {
  log: Logger;
  now?: () => Date;
  /** Use an already open database (tests); otherwise open one from the config. */
  database?: Database;
  /** Replaces the audit log: only the audit benchmark's own entry point (bench/audit) uses this. */
  audit?: AuditLog;
  /** The process's own figures to serve on /metrics beside the app's (see `collectProcessMetrics`). */
  processMetrics?: Registry;
}

/** Opens the database, migrates, bootstraps, and serves. Everything a process needs, nothing global. */
export async function startParley(config: Config, opts: StartOptions): Promise<ParleyApp> {
  const { log } = opts;
  const database = opts.database ?? (await openDatabase(config));
  const secret = resolveSecret(config);
  const shutdown = new ShutdownCoordinator(log);
  const services = buildServices(database.dataSource, {
    config,
    secret,
    now: opts.now,
    audit: opts.audit,
    commitGate: shutdown,
    preparedStatements: !database.embedded,
  });
  services.refusals.useLogger(log);
  const { generatedToken } = await services.bootstrap.ensureFirstAdmin(config.bootstrapToken);
  const checkpointing = new CheckpointScheduler(
    services.auditCheckpoints,
    services.audit,
    { every: config.auditCheckpointEvery, minutes: config.auditCheckpointMinutes },
    log,
  );
  checkpointing.start();

  const endCheckedOutConnections = trackCheckedOut(poolOf(database.dataSource));
  const metrics = new Metrics(() => poolOf(database.dataSource), opts.processMetrics);
  services.audit.onAppend(metrics.observeAudit);
  const schema = await buildParleySchema();
  const apollo = createApollo({ schema, config, onOperation: metrics.observeOperation });
  await apollo.start();
  const graphql = graphqlHandler(apollo, services, log);

  const routes: Route[] = [
    corsRoute(config.corsOrigins),
    healthRoutes(() => isReady(database.dataSource)),
    metrics.route(),
    ingestRoute(services, log),
    syntheticCsvRoute(services, log),
    explorerRoute(join(__dirname, '..', '..', 'explorer')),
    async (req, res, path, search) => {
      if (path !== '/graphql') return false;
      await graphql(req, res, search);
      return true;
    },
    staticFiles(join(__dirname, '..', '..', 'console')),
  ];
  const server = createHttpServer({ routes, log, around: (req, res, path, handle) => shutdown.track(req, res, path, handle) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  const metricsListener =
    config.metricsPort === undefined
      ? null
      : await metrics.listen(config.metricsPort, config.metricsHost).catch((e: unknown) => {
          server.close();
          throw e;
        });

  let closing: Promise<void> | null = null;
  return {
    url,
    metricsUrl: metricsListener?.url ?? null,
    services,
    database,
    generatedAdminToken: generatedToken,
    abortInFlight: () => shutdown.abortAll(),
    close() {
      closing ??= (async () => {
        // Stop accepting, let in-flight requests finish, answer the stragglers SHUTTING_DOWN.
        // Work of the requests given up on may still hold connections: ending them rolls their
        // transactions back at once (the commit gate already keeps them from committing).
        await shutdown.shutdown(server, config.shutdownGraceSeconds * 1000, endCheckedOutConnections);
        log.debug('http drained');
        await metricsListener?.close();
        await apollo.stop();
        log.debug('graphql stopped');
        await checkpointing.stop();
        await services.ingest.close();
        // Collapsed refusals still pending become their summary events before the database goes.
        await services.refusals.flush();
        services.limits.close();
        await database.close();
        log.debug('database closed');
      })();
      return closing;
    },
  };
}
