import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { resolveSecret } from '../config/data-dir-secrets';
import type { Config } from '../config/config';
import { isReady, openDatabase, type Database } from '../db/database';
import { createApollo } from '../graphql/apollo';
import { graphqlHandler } from '../http/graphql-handler';
import { createHttpServer, healthRoutes, type Route } from '../http/http-server';
import { Metrics } from '../http/metrics';
import { staticFiles } from '../http/static-files';
import type { AuditLog } from '../audit/audit-log';
import { CheckpointScheduler } from '../audit/checkpoint-scheduler';
import { buildParleySchema } from './schema';
import { buildServices, type Services } from './services';
import { ingestRoute } from '../datasets/ingest.route';

export interface ParleyApp {
  url: string;
  services: Services;
  database: Database;
  /** Set on first start when the admin token was generated here. */
  generatedAdminToken: string | null;
  close(): Promise<void>;
}

export interface StartOptions {
  log: Logger;
  now?: () => Date;
  /** Use an already open database (tests); otherwise open one from the config. */
  database?: Database;
  /** Replaces the audit log: only the audit benchmark's own entry point (bench/audit) uses this. */
  audit?: AuditLog;
}

const SHUTDOWN_GRACE_MS = 8_000;

/** Opens the database, migrates, bootstraps, and serves. Everything a process needs, nothing global. */
export async function startParley(config: Config, opts: StartOptions): Promise<ParleyApp> {
  const { log } = opts;
  const database = opts.database ?? (await openDatabase(config));
  const secret = resolveSecret(config);
  const services = buildServices(database.dataSource, { config, secret, now: opts.now, audit: opts.audit });
  const { generatedToken } = await services.bootstrap.ensureFirstAdmin(config.bootstrapToken);
  const checkpointing = new CheckpointScheduler(
    services.auditCheckpoints,
    services.audit,
    { every: config.auditCheckpointEvery, minutes: config.auditCheckpointMinutes },
    log,
  );
  checkpointing.start();

  const metrics = new Metrics(() => poolOf(database));
  services.audit.onAppend(metrics.observeAudit);
  const schema = await buildParleySchema();
  const apollo = createApollo({ schema, config, onOperation: metrics.observeOperation });
  await apollo.start();
  const graphql = graphqlHandler(apollo, services, log);

  const routes: Route[] = [
    healthRoutes(() => isReady(database.dataSource)),
    metrics.route(),
    ingestRoute(services, log),
    async (req, res, path, search) => {
      if (path !== '/graphql') return false;
      await graphql(req, res, search);
      return true;
    },
    staticFiles(join(__dirname, '..', '..', 'console')),
  ];
  const server = createHttpServer({ routes, log });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    services,
    database,
    generatedAdminToken: generatedToken,
    close() {
      closing ??= (async () => {
        // Stop accepting, let in-flight requests finish, then force the stragglers.
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        await drained;
        clearTimeout(timer);
        log.debug('http drained');
        await apollo.stop();
        log.debug('graphql stopped');
        await checkpointing.stop();
        await database.close();
        log.debug('database closed');
      })();
      return closing;
    },
  };
}

/** The pg pool behind TypeORM's driver, for pool gauges. */
function poolOf(database: Database): Pool | undefined {
  return (database.dataSource.driver as unknown as { master?: Pool }).master;
}
