import type { DataSource } from 'typeorm';
import { AgreementReadService } from '../agreements/agreement-read.service';
import { AgreementService } from '../agreements/agreement.service';
import { AgreementStore } from '../agreements/agreement.store';
import { BudgetAccountant } from '../agreements/budget-accountant';
import { BudgetLedgerStore } from '../agreements/budget-ledger.store';
import { ApiTokenService } from '../auth/api-token.service';
import { ApiTokenStore } from '../auth/api-token.store';
import { Authenticator } from '../auth/authenticator';
import { AuditLog } from '../audit/audit-log';
import { AuditCheckpointService } from '../audit/audit-checkpoint.service';
import { AuditCheckpointStore } from '../audit/audit-checkpoint.store';
import { AuditEventStore } from '../audit/audit-event.store';
import { AuditService } from '../audit/audit.service';
import { resolveSigningKey } from '../audit/audit-signing-key';
import { CheckpointSigner } from '../audit/checkpoint-signer';
import type { Config } from '../config/config';
import { Transactor } from '../db/transaction';
import { BootstrapService } from '../organizations/bootstrap.service';
import { OrganizationService } from '../organizations/organization.service';
import { OrganizationStore } from '../organizations/organization.store';
import { UserService } from '../organizations/user.service';
import { UserStore } from '../organizations/user.store';
import { QueryHistoryService } from '../queries/query-history.service';
import { QueryResultStore } from '../queries/query-result.store';
import { QueryService } from '../queries/query.service';
import { DatasetService } from '../datasets/dataset.service';
import { DatasetStore } from '../datasets/dataset.store';
import { IngestService } from '../datasets/ingest.service';
import { IngestSlots } from '../datasets/ingest-slots';

export interface ServiceOptions {
  config: Config;
  /** Resolved secret (config or data dir). */
  secret: string;
  now?: () => Date;
}

/** Composition root: every store and service, wired by hand. */
export function buildServices(dataSource: DataSource, opts: ServiceOptions) {
  const now = opts.now ?? (() => new Date());
  const tx = new Transactor(dataSource);
  const audit = new AuditLog(process.env.PARLEY_BENCH_AUDIT_OFF !== '1');
  const auditEventStore = new AuditEventStore();
  const auditCheckpointStore = new AuditCheckpointStore();
  const signer = new CheckpointSigner(resolveSigningKey(opts.config, opts.secret));
  const organizationStore = new OrganizationStore();
  const userStore = new UserStore();
  const tokenStore = new ApiTokenStore();
  const agreementStore = new AgreementStore();
  const budgetLedgerStore = new BudgetLedgerStore();
  const budgetAccountant = new BudgetAccountant(agreementStore, budgetLedgerStore);
  const datasetStore = new DatasetStore();
  const datasets = new DatasetService(tx, datasetStore, audit, now);
  const agreements = new AgreementService(tx, agreementStore, organizationStore, audit, opts.config, now);
  const queryResultStore = new QueryResultStore();
  const queries = new QueryService(tx, agreements, datasetStore, budgetAccountant, queryResultStore, audit, {
    secret: opts.secret,
    statementTimeoutMs: opts.config.statementTimeoutMs,
    now,
  });

  return {
    config: opts.config,
    dataSource,
    tx,
    audit,
    authenticator: new Authenticator(dataSource, now),
    bootstrap: new BootstrapService(tx, organizationStore, userStore, tokenStore, audit),
    organizations: new OrganizationService(tx, organizationStore, audit),
    users: new UserService(tx, userStore, organizationStore, audit),
    apiTokens: new ApiTokenService(tx, tokenStore, userStore, audit, now),
    budgetAccountant,
    agreements,
    agreementReads: new AgreementReadService(tx, agreementStore, budgetLedgerStore, budgetAccountant, userStore, now),
    auditTrail: new AuditService(tx, auditEventStore, auditCheckpointStore, signer),
    datasets,
    ingest: new IngestService(dataSource, tx, datasetStore, datasets, audit, opts.secret, Boolean(opts.config.databaseUrl), {
      slots: new IngestSlots(opts.config.ingestMaxConcurrent, opts.config.ingestMaxPerOrg),
      idleMs: opts.config.ingestIdleSeconds * 1000,
      maxRecordChars: opts.config.ingestMaxRecordBytes,
    }, now),
    auditCheckpoints: new AuditCheckpointService(tx, auditEventStore, auditCheckpointStore, audit, signer, now),
    queries,
    queryHistory: new QueryHistoryService(tx, queryResultStore, now),
  };
}

export type Services = ReturnType<typeof buildServices>;
