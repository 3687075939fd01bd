import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations';
import { entities } from './entities';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  statementTimeoutMs?: number;
  /** How long a request may wait for a pooled connection before it fails. */
  connectionTimeoutMs?: number;
}

/** The one DataSource shape used by the server, the CLI, the tests and the TypeORM CLI. */
export function createDataSource({ url, poolSize = 10, statementTimeoutMs, connectionTimeoutMs = 10_000 }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    logging: false,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: connectionTimeoutMs,
      ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
    },
  });
}
