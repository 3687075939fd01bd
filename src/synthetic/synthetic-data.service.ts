import { agreementResource } from '../agreements/agreement-subject';
import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { agreementSubject } from '../agreements/agreement-subject';
import type { AgreementService } from '../agreements/agreement.service';
import type { BudgetAccountant } from '../agreements/budget-accountant';
import type { AuditLog } from '../audit/audit-log';
import type { Guard } from '../auth/guard';
import { rulesToSql } from '../auth/rules-to-sql';
import type { Subjects } from '../auth/subjects';
import type { DatasetStore } from '../datasets/dataset.store';
import type { Transactor } from '../db/transaction';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../errors/errors';
import { isUuid, requireUuid } from '../errors/input';
import { cryptoRandomSource, type RandomSource } from '../privacy';
import { ChargedQueryFailure } from '../queries/charged-failure';
import { synthesizeMst } from './mst-synthesizer';
import { MAX_STORED_SYNTHETIC_ROWS_PER_AGREEMENT, checkSynthesisShape, validateSynthesis, type SynthesizeRequest } from './synthesize-request';
import { csvChunks } from './synthetic-csv';
import type { SyntheticDatasetEntity } from './synthetic-dataset.entity';
import { SYNTHETIC_SUBJECT_SQL, type SyntheticDatasetStore } from './synthetic-dataset.store';
import { compileCellCounts } from './synthetic-sql';

export interface SyntheticDataOptions {
  statementTimeoutMs: number;
  now: () => Date;
  rng?: RandomSource;
}

const RELEASE_SAVEPOINT = 'parley_synthesis';

export function syntheticSubject(s: SyntheticDatasetEntity): Subjects['SyntheticDataset'] {
  return { id: s.id, agreementId: s.agreementId, ownerOrganizationId: s.ownerOrganizationId, partnerOrganizationId: s.partnerOrganizationId };
}

/**
 * DP synthetic data under an agreement: validate (public information only) → in one transaction
 * reserve ε from the agreement's ledger, count the bounded rows per cell, run MST, store the rows
 * and audit SYNTHETIC_DATA_CREATED. As for private queries, nothing is refunded once ε is reserved:
 * a later failure keeps the ledger row and is audited as SYNTHETIC_DATA_FAILED. Refusals
 * (FORBIDDEN, NOT_FOUND, BUDGET_EXHAUSTED) are audited by the refusal plugin.
 */
export class SyntheticDataService {
  private readonly rng: RandomSource;

  constructor(
    private readonly tx: Transactor,
    private readonly agreements: AgreementService,
    private readonly datasets: DatasetStore,
    private readonly accountant: BudgetAccountant,
    private readonly store: SyntheticDatasetStore,
    private readonly audit: AuditLog,
    private readonly options: SyntheticDataOptions,
  ) {
    this.rng = options.rng ?? cryptoRandomSource;
  }

  async synthesize(guard: Guard, input: SynthesizeRequest): Promise<SyntheticDatasetEntity> {
    guard.requireUser();
    checkSynthesisShape(input);
    const now = this.options.now();
    const agreement = await this.agreements.getUsable(guard, this.tx.manager, input.agreementId, now);
    guard.ensure('synthesize', 'Agreement', agreementSubject(agreement), 'agreement');
    const dataset = await this.datasets.findById(this.tx.manager, agreement.datasetId);
    if (!dataset) throw new ForbiddenError("the agreement's dataset was deleted; it cannot be synthesized");
    const request = validateSynthesis(input, agreement, dataset);
    const id = randomUUID();
    const seed = (randomBytes(8).readBigUInt64BE() >> 1n).toString();
    const compiled = compileCellCounts(dataset.tableName, request.domains, request.unitColumn, request.contributionBound, seed);
    const outcome = await this.tx.run(async (m): Promise<SyntheticDatasetEntity | ChargedQueryFailure> => {
      // The version the counts will read, seen in this transaction; a deletion since wins, unspent.
      const current = await this.datasets.findById(m, dataset.id);
      if (!current) throw new ForbiddenError("the agreement's dataset was deleted; it cannot be synthesized");
      const stored = await this.store.storedRows(m, agreement.id);
      if (stored + request.rows > MAX_STORED_SYNTHETIC_ROWS_PER_AGREEMENT) {
        throw new BadUserInputError(
          `this agreement already stores ${stored} synthetic rows; at most ${MAX_STORED_SYNTHETIC_ROWS_PER_AGREEMENT} may be kept per agreement`,
          'rows',
        );
      }
      const base = {
        syntheticDatasetId: id,
        datasetId: dataset.id,
        datasetVersion: current.version,
        columns: request.columns,
        rows: request.rows,
        epsilonSpent: request.epsilon,
      };
      await this.accountant.reserve(m, agreement.id, request.epsilon, id, now);
      // From here on the reservation stands: a failure rolls back to this point only.
      await m.query(`SAVEPOINT ${RELEASE_SAVEPOINT}`);
      try {
        await this.store.setStatementTimeout(m, this.options.statementTimeoutMs);
        const tuples = await this.store.cellCounts(m, compiled, request.domains.length);
        const synthesis = synthesizeMst({ ...request, tuples, rng: this.rng });
        const entity: SyntheticDatasetEntity = {
          id,
          agreementId: agreement.id,
          datasetId: dataset.id,
          datasetVersion: current.version,
          ownerOrganizationId: agreement.ownerOrganizationId,
          partnerOrganizationId: agreement.partnerOrganizationId,
          columns: request.columns,
          rowCount: request.rows,
          epsilon: request.epsilon,
          method: synthesis.method,
          createdBy: guard.requireUser().userId,
          createdAt: now,
        };
        await this.store.insert(m, entity, csvChunks(request.domains, synthesis.cells, this.rng));
        await this.audit.success(m, guard.requireUser(), 'SYNTHETIC_DATA_CREATED', agreementResource(agreement), { ...base, method: synthesis.method });
        await m.query(`RELEASE SAVEPOINT ${RELEASE_SAVEPOINT}`);
        return entity;
      } catch {
        // One answer whatever failed (a timeout, a bug): the cause could depend on the data.
        await m.query(`ROLLBACK TO SAVEPOINT ${RELEASE_SAVEPOINT}`);
        await this.audit.error(m, guard.requireUser(), 'SYNTHETIC_DATA_FAILED', agreementResource(agreement), {
          ...base,
          code: 'QUERY_FAILED',
          operation: 'synthesizeDataset',
          tokenSelector: guard.actor?.tokenSelector ?? null,
        });
        return new ChargedQueryFailure(request.epsilon, 0).markAudited();
      }
    });
    if (outcome instanceof ChargedQueryFailure) throw outcome;
    return outcome;
  }

  /** The synthetic datasets the caller may read, newest first, optionally those of one agreement. */
  list(guard: Guard, agreementId: string | null): Promise<SyntheticDatasetEntity[]> {
    guard.requireUser();
    const agreement = agreementId ? requireUuid(agreementId, 'agreementId') : null;
    const visible = rulesToSql(guard.ability, 'read', 'SyntheticDataset', SYNTHETIC_SUBJECT_SQL);
    if (!visible) return Promise.resolve([]);
    return this.store.list(this.tx.manager, visible, agreement);
  }

  /** For node(id:): null when malformed, unknown or not visible. */
  async find(guard: Guard, id: string): Promise<SyntheticDatasetEntity | null> {
    guard.requireUser();
    if (!isUuid(id)) return null;
    const s = await this.store.findById(this.tx.manager, id.toLowerCase());
    return s && guard.can('read', 'SyntheticDataset', syntheticSubject(s)) ? s : null;
  }

  /** For the download: BAD_USER_INPUT when malformed, NOT_FOUND (audited) when unknown or not visible. */
  async get(guard: Guard, id: string): Promise<SyntheticDatasetEntity> {
    guard.requireUser();
    const uuid = requireUuid(id, 'id');
    const s = await this.store.findById(this.tx.manager, uuid);
    if (!s) throw NotFoundError.missing('synthetic dataset', 'SyntheticDataset', uuid);
    guard.ensure('read', 'SyntheticDataset', syntheticSubject(s), 'synthetic dataset');
    return s;
  }

  /** The stored CSV rows, one chunk at a time (header not included). */
  async *chunks(s: SyntheticDatasetEntity, m: EntityManager = this.tx.manager): AsyncGenerator<string> {
    for (let chunk = 0; ; chunk += 1) {
      const text = await this.store.chunk(m, s.id, chunk);
      if (text === null) return;
      yield text;
    }
  }
}
