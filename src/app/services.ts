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
import { RefusalCollapser } from '../audit/refusal-collapser';
import { RefusalRecorder } from '../audit/refusal-recorder';
import { RequestLimits } from '../auth/request-limits';
import { AuditCheckpointService } from '../audit/audit-checkpoint.service';
import { AuditCheckpointStore } from '../audit/audit-checkpoint.store';
import { AuditEventStore } from '../audit/audit-event.store';
import { AuditService } from '../audit/audit.service';
import { resolveSigningKey } from '../audit/audit-signing-key';
import { CheckpointSigner } from '../audit/checkpoint-signer';
import type { Config } from '../config/config';
import { IdLocatorStore } from '../db/id-locator.store';
import { Transactor, type CommitGate } from '../db/transaction';
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
import { SyntheticDataService } from '../synthetic/synthetic-data.service';
import { SyntheticDatasetStore } from '../synthetic/synthetic-dataset.store';
import { FederatedQueryService } from '../federation/federated-query.service';
import { PeerClient } from '../federation/peer-client';
import { PeerService } from '../federation/peer.service';
import { PeerStore } from '../federation/peer.store';
import { PeerTokenCipher } from '../federation/peer-token-cipher';
import { IngestWorkers } from '../datasets/ingest-workers';

export interface ServiceOptions {
  config: Config;
  /** Resolved secret (config or data dir). */
  secret: string;
  now?: () => Date;
  /**
   * The audit log to append to. Only the audit benchmark (bench/audit) passes one, to measure a
   * baseline without auditing; nothing the server or the CLI reads (no variable, no flag) reaches it.
   */
  audit?: AuditLog;
  /** Consulted before every commit: the server's shutdown refuses commits of requests it gave up on. */
  commitGate?: CommitGate;
  /** Named prepared statements for the hottest reads: PostgreSQL only, never the embedded database. */
  preparedStatements?: boolean;
}

/** Composition root: every store and service, wired by hand. */
export function buildServices(dataSource: DataSource, opts: ServiceOptions) {
  const now = opts.now ?? (() => new Date());
  const tx = new Transactor(dataSource, opts.commitGate);
  const audit = opts.audit ?? new AuditLog();
  const auditEventStore = new AuditEventStore();
  const auditCheckpointStore = new AuditCheckpointStore();
  const signer = new CheckpointSigner(resolveSigningKey(opts.config, opts.secret));
  const organizationStore = new OrganizationStore();
  const userStore = new UserStore();
  const tokenStore = new ApiTokenStore();
  const agreementStore = new AgreementStore();
  const budgetLedgerStore = new BudgetLedgerStore();
  const budgetAccountant = new BudgetAccountant(agreementStore, budgetLedgerStore);
  const datasetStore = new DatasetStore(opts.preparedStatements ?? false);
  const datasets = new DatasetService(tx, datasetStore, agreementStore, audit, now);
  const agreements = new AgreementService(tx, agreementStore, datasetStore, organizationStore, audit, opts.config, now);
  const queryResultStore = new QueryResultStore();
  const queries = new QueryService(tx, agreements, datasetStore, budgetAccountant, queryResultStore, audit, {
    secret: opts.secret,
    statementTimeoutMs: opts.config.statementTimeoutMs,
    maxReleasedValues: opts.config.maxReleasedValues,
    maxSelectionCandidates: opts.config.maxSelectionCandidates,
    now,
  });

  const agreementReads = new AgreementReadService(tx, agreementStore, budgetLedgerStore, budgetAccountant, now);
  const peerClient = new PeerClient(opts.config.federationTimeoutMs);
  const peers = new PeerService(tx, new PeerStore(), new PeerTokenCipher(opts.secret), peerClient, audit, now);

  const c = opts.config;
  const limits = new RequestLimits({
    points: c.rateLimitPoints,
    windowSeconds: c.rateLimitWindowSeconds,
    organizationPoints: c.organizationRateLimitPoints,
    addressPoints: c.addressRateLimitPoints,
    authFailurePoints: c.authFailureLimit,
    tokenIssuesPerHour: c.tokenIssuesPerHour,
  });

  const authenticator = new Authenticator(dataSource.manager, tokenStore, opts.secret, now, c.authCacheMs);
  authenticator.watch(audit);

  return {
    config: opts.config,
    limits,
    refusals: new RefusalRecorder(new RefusalCollapser(tx, audit, c.refusalCollapseSeconds * 1000, now)),
    dataSource,
    tx,
    audit,
    authenticator,
    bootstrap: new BootstrapService(tx, organizationStore, userStore, tokenStore, audit, opts.secret),
    organizations: new OrganizationService(tx, organizationStore, audit),
    users: new UserService(tx, userStore, organizationStore, audit),
    apiTokens: new ApiTokenService(tx, tokenStore, userStore, audit, limits, c.maxTokensPerUser, now),
    budgetAccountant,
    agreements,
    agreementReads,
    auditTrail: new AuditService(tx, auditEventStore, auditCheckpointStore, signer),
    datasets,
    ingest: new IngestService(dataSource, tx, datasetStore, datasets, audit, opts.secret, Boolean(opts.config.databaseUrl), {
      slots: new IngestSlots(opts.config.ingestMaxConcurrent, opts.config.ingestMaxPerOrg),
      idleMs: opts.config.ingestIdleSeconds * 1000,
      maxRecordChars: opts.config.ingestMaxRecordBytes,
      workers: new IngestWorkers(opts.config.ingestWorkers),
    }, now),
    auditCheckpoints: new AuditCheckpointService(tx, auditEventStore, auditCheckpointStore, audit, signer, now),
    queries,
    queryHistory: new QueryHistoryService(tx, queryResultStore, now),
    ids: new IdLocatorStore(),
    syntheticData: new SyntheticDataService(tx, agreements, datasetStore, budgetAccountant, new SyntheticDatasetStore(), audit, {
      statementTimeoutMs: opts.config.statementTimeoutMs,
      now,
    }),
    peers,
    federatedQueries: new FederatedQueryService(tx, peers, peerClient, queries, agreementReads, datasets, audit, now),
  };
}

export type Services = ReturnType<typeof buildServices>;
