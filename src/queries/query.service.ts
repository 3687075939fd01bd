import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AgreementEntity } from '../agreements/agreement.entity';
import type { AgreementService } from '../agreements/agreement.service';
import type { BudgetAccountant } from '../agreements/budget-accountant';
import { agreementResource } from '../agreements/agreement-subject';
import type { PrivacyBudgetView } from '../agreements/privacy-budget.view';
import type { AuditLog } from '../audit/audit-log';
import type { Guard } from '../auth/guard';
import type { DatasetEntity } from '../datasets/dataset.entity';
import type { DatasetStore } from '../datasets/dataset.store';
import type { Transactor } from '../db/transaction';
import { datasetSubject } from '../datasets/dataset-subject';
import { BadUserInputError, ForbiddenError, NotFoundError, QueryTooComplexError } from '../errors/errors';
import { requireUuid } from '../errors/input';
import { cryptoRandomSource, withConstantTime, type RandomSource } from '../privacy';
import type { AggregateQueryRequest } from './aggregate-query';
import { planQuery, type QueryPlan } from './noise-planner';
import { queryShape, recordQueryFailure } from './query-audit';
import { queryFingerprint } from './query-fingerprint';
import type { StoredResult, ValidatedQuery } from './query-model';
import type { QueryResultStore, StoredQueryResult } from './query-result.store';
import { remainingQueries } from './remaining-queries';
import { ChargedQueryFailure } from './charged-failure';
import { buildRelease, drawNoiseTable, knownGroups, type NoiseTable } from './release-builder';
import { preDrawPadMs, releasePadMs } from './release-timing';
import { compileQuery } from './sql-compiler';
import { checkEpsilonShape, validateQuery, type JoinContext } from './query-validator';
import { MAX_PUBLIC_GROUPS } from './group-keys';
import { heldDomainColumns, validateJoin } from './join-validator';
import { sortKeys } from './key-order';
import { checkWorkBound, type WorkLimits } from './work-bound';

export interface QueryResultView {
  queryId: string;
  agreementId: string;
  datasetVersion: number;
  epsilonSpent: number;
  deltaSpent: number;
  budget: PrivacyBudgetView;
  result: StoredResult;
  /** Stored aggregation indexes in the caller's order. */
  requestOrder: number[];
  cached: boolean;
  executedAt: Date;
}

export interface QueryPreviewView {
  epsilonCost: number;
  deltaCost: number;
  wouldBeCached: boolean;
  budget: PrivacyBudgetView;
  remainingQueriesAtThisCost: number;
  plan: QueryPlan;
  /** Planned aggregation indexes in the caller's order. */
  requestOrder: number[];
}

export interface QueryServiceOptions extends WorkLimits {
  secret: string;
  statementTimeoutMs: number;
  now: () => Date;
  rng?: RandomSource;
  onTimingOverrun?: (elapsedMs: number) => void;
}

interface Prepared {
  agreement: AgreementEntity;
  dataset: DatasetEntity;
  query: ValidatedQuery;
  plan: QueryPlan;
  fingerprint: string;
}

/** A random 63-bit seed for the row choice of contribution bounding, as PostgreSQL bigint text. */
function randomSeed(): string {
  return (randomBytes(8).readBigUInt64BE() >> 1n).toString();
}

/** Marks where the work that may fail after the reservation begins; see `execute`. */
const RELEASE_SAVEPOINT = 'parley_release';

/**
 * Private aggregate queries: validate against the agreement → compile to one statement → in one
 * transaction reserve budget, run it, store the noisy answer and audit → respond. Every refusal of
 * privateAggregate is audited here (QUERY_DENIED / BUDGET_EXHAUSTED) in a transaction of its own.
 * Once the budget is reserved nothing is refunded: any later failure keeps the ledger row, is
 * audited as QUERY_FAILED with what was spent, and is answered with one generic error.
 */
export class QueryService {
  private readonly rng: RandomSource;

  constructor(
    private readonly tx: Transactor,
    private readonly agreements: AgreementService,
    private readonly datasets: DatasetStore,
    private readonly accountant: BudgetAccountant,
    private readonly results: QueryResultStore,
    private readonly audit: AuditLog,
    private readonly options: QueryServiceOptions,
  ) {
    this.rng = options.rng ?? cryptoRandomSource;
  }

  async preview(guard: Guard, input: AggregateQueryRequest): Promise<QueryPreviewView> {
    const now = this.options.now();
    const p = await this.prepare(guard, input, now);
    const m = this.tx.manager;
    const wouldBeCached = (await this.results.find(m, p.agreement.id, p.dataset.version, p.fingerprint)) !== null;
    const budget = await this.accountant.budgetOf(m, p.agreement, now);
    return {
      epsilonCost: wouldBeCached ? 0 : p.query.normalized.epsilon,
      deltaCost: wouldBeCached ? 0 : p.query.normalized.delta,
      wouldBeCached,
      budget,
      remainingQueriesAtThisCost: Math.min(
        remainingQueries(budget.epsilonRemaining, p.query.normalized.epsilon),
        // A selection query needs δ too: whichever budget runs out first bounds the count.
        p.query.normalized.delta > 0 ? remainingQueries(budget.deltaRemaining, p.query.normalized.delta) : Number.POSITIVE_INFINITY,
      ),
      plan: p.plan,
      requestOrder: p.query.requestOrder,
    };
  }

  async run(guard: Guard, input: AggregateQueryRequest): Promise<QueryResultView> {
    const actor = guard.requireUser();
    let agreement: AgreementEntity | null = null;
    let shape: Record<string, unknown> | null = null;
    try {
      const now = this.options.now();
      const p = await this.prepare(guard, input, now);
      agreement = p.agreement;
      shape = queryShape(p.query.normalized);
      // The cache is looked up inside the query's transaction, under the agreement lock (reserveForQuery).
      return await this.execute(guard, p, now);
    } catch (error) {
      // A charged failure was audited in the query's own transaction, with what it spent.
      if (!(error instanceof ChargedQueryFailure)) await recordQueryFailure(this.tx, this.audit, guard, { input, agreement, shape }, error);
      throw error;
    }
  }

  private async prepare(guard: Guard, input: AggregateQueryRequest, now: Date): Promise<Prepared> {
    guard.requireUser();
    checkEpsilonShape(input.epsilon);
    const m = this.tx.manager;
    const { agreement, dataset } = await this.agreements.getUsableWithDataset(guard, m, input.agreementId, now);
    const join = input.join ? await this.prepareJoin(guard, m, input, agreement, dataset) : null;
    const query = validateQuery(input, agreement, dataset, join);
    const plan = planQuery(query);
    // Both limits use public quantities only, and both are checked before anything is spent.
    checkWorkBound(query, plan, this.options);
    const padMs = this.padMs(query, plan);
    if (padMs > this.options.statementTimeoutMs) {
      throw new QueryTooComplexError(
        `the release of this query is padded to ${Math.ceil(padMs)} ms, longer than the statement timeout ` +
          `(${this.options.statementTimeoutMs} ms): use fewer groups or QUANTILE aggregations`,
      );
    }
    return { agreement, dataset, query, plan, fingerprint: queryFingerprint(this.options.secret, query.normalized) };
  }

  /**
   * The joined dataset must be one of the caller's organization's own: any other id is NOT_FOUND,
   * whether it names nothing or another organization's dataset (shared with the caller or not).
   * The keys of its grouped columns without declared categories are read here, from it alone.
   */
  private async prepareJoin(guard: Guard, m: EntityManager, input: AggregateQueryRequest, agreement: AgreementEntity, shared: DatasetEntity): Promise<JoinContext> {
    const id = requireUuid(input.join!.datasetId, 'join.datasetId');
    const joined = await this.datasets.findById(m, id);
    if (!joined) throw NotFoundError.missing('dataset', 'Dataset', id);
    if (!guard.can('join', 'Dataset', await datasetSubject(m, this.agreements, joined))) {
      throw new NotFoundError('dataset').about({ type: 'Dataset', id, organizationId: joined.ownerOrganizationId });
    }
    const validated = validateJoin(input.join!, agreement, shared, joined);
    const domains = new Map<string, (string | null)[]>();
    for (const { name, spec } of heldDomainColumns(input.groupBy, validated)) {
      const keys = await this.results.heldKeys(m, joined.tableName, spec, MAX_PUBLIC_GROUPS + 1);
      if (keys.length > MAX_PUBLIC_GROUPS) {
        throw new BadUserInputError(`groupBy: ${name} holds more than ${MAX_PUBLIC_GROUPS} distinct values; at most ${MAX_PUBLIC_GROUPS} groups are allowed`, 'groupBy');
      }
      domains.set(name, sortKeys(keys, spec));
    }
    return { ...validated, domains };
  }

  private padMs(query: ValidatedQuery, plan: QueryPlan): number {
    return releasePadMs(query, plan, knownGroups(query)?.length ?? 0, this.options.maxSelectionCandidates);
  }

  private async execute(guard: Guard, p: Prepared, now: Date): Promise<QueryResultView> {
    const { query, plan, agreement } = p;
    const { epsilon, delta } = query.normalized;
    const groups = knownGroups(query);
    const queryId = randomUUID();
    const compiled = compileQuery(query, randomSeed());
    const padRelease = this.padMs(query, plan);
    const selected = query.groupKeys.kind === 'selected';
    const cap = this.options.maxSelectionCandidates;
    const outcome = await this.tx.run(async (m): Promise<QueryResultView | ChargedQueryFailure> => {
      const version = p.dataset.version;
      // Before anything is reserved: the joined dataset is share-locked at the version the query was prepared on.
      const join = query.normalized.join;
      if (join && (await this.results.lockJoinedVersion(m, join.datasetId)) !== join.datasetVersion) {
        throw new BadUserInputError('the joined dataset changed while the query was being prepared; run it again', 'join.datasetId');
      }
      const reservation = await this.accountant.reserveForQuery(m, {
        agreement,
        datasetId: p.dataset.id,
        datasetVersion: version,
        fingerprint: p.fingerprint,
        queryId,
        epsilon,
        delta,
        now,
      });
      // An identical query answered before (or while this one waited for the lock): its answer, for free.
      if (reservation.kind === 'stored') return this.serveCached(m, guard, p, reservation.stored as StoredQueryResult, now, reservation.budget);
      const budget = reservation.budget;
      // From here on the reservation stands whatever happens: a failure rolls back to this point
      // only, and the transaction commits the ledger row and a QUERY_FAILED event. The savepoint
      // and the statement timeout travel together (one round trip).
      await this.results.savepointWithTimeout(m, RELEASE_SAVEPOINT, this.options.statementTimeoutMs);
      try {
        // One row more than the cap tells that the cap is exceeded without reading every group.
        const statement = this.results.execute(m, compiled, selected ? cap + 1 : null);
        // Laplace noise of public groups depends on nothing but the plan: drawn while the statement
        // runs, before any row has reached this process (see preDraw).
        const [rows, preDrawn] = await Promise.all([statement, groups ? this.preDraw(plan, groups.length) : null]);
        const release = () => {
          if (rows.length > cap) throw new RangeError('more candidate groups than PARLEY_MAX_SELECTION_CANDIDATES');
          return buildRelease(query, plan, rows, compiled.keyCount, preDrawn, this.rng);
        };
        const result = padRelease > 0 ? await withConstantTime(padRelease, release, { onOverrun: this.options.onTimingOverrun }) : release();
        await this.results.insert(m, {
          id: queryId,
          agreementId: agreement.id,
          datasetVersion: version,
          fingerprint: p.fingerprint,
          result,
          epsilon,
          createdBy: guard.requireUser().userId,
          createdAt: now,
          query: query.normalized,
        });
        await this.audit.success(m, guard.requireUser(), 'QUERY_EXECUTED', agreementResource(agreement), {
          queryId,
          datasetId: agreement.datasetId,
          ...queryShape(query.normalized),
          epsilonSpent: epsilon,
          deltaSpent: delta,
          groupsReleased: result.groups.length,
          suppressedGroups: result.suppressedGroups,
        });
        // No RELEASE SAVEPOINT: COMMIT ends it with the transaction, one round trip fewer.
        return {
          queryId,
          agreementId: agreement.id,
          datasetVersion: version,
          epsilonSpent: epsilon,
          deltaSpent: delta,
          budget,
          result,
          requestOrder: query.requestOrder,
          cached: false,
          executedAt: now,
        };
      } catch {
        // The cause (a timeout, the candidate cap, a bug) is deliberately not told apart: not to the
        // caller, not in the audit trail the partner's auditors read.
        await m.query(`ROLLBACK TO SAVEPOINT ${RELEASE_SAVEPOINT}`);
        await this.audit.error(m, guard.requireUser(), 'QUERY_FAILED', agreementResource(agreement), {
          queryId,
          datasetId: agreement.datasetId,
          code: 'QUERY_FAILED',
          operation: 'privateAggregate',
          ...queryShape(query.normalized),
          epsilonSpent: epsilon,
          deltaSpent: delta,
          tokenSelector: guard.actor?.tokenSelector ?? null,
        });
        return new ChargedQueryFailure(epsilon, delta).markAudited();
      }
    });
    if (outcome instanceof ChargedQueryFailure) throw outcome;
    return outcome;
  }

  /**
   * The noise table of `groups` public groups, drawn in padded time (its deadline depends on the
   * plan only, see release-timing.ts) once the statement is on its way: the draw runs on this
   * thread while the database works, and what follows waits for both, so the answer's latency is
   * the later of the padded deadline and the statement, neither of which depends on the noise.
   */
  private async preDraw(plan: QueryPlan, groups: number): Promise<NoiseTable> {
    // Lets the statement leave first: TypeORM hands it to the driver a few promise steps later.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return withConstantTime(preDrawPadMs(plan, groups), () => drawNoiseTable(plan, groups, this.rng), { onOverrun: this.options.onTimingOverrun });
  }

  private async serveCached(
    m: EntityManager,
    guard: Guard,
    p: Prepared,
    hit: StoredQueryResult,
    now: Date,
    known?: PrivacyBudgetView,
  ): Promise<QueryResultView> {
    const budget = known ?? (await this.accountant.budgetOf(m, p.agreement, now));
    await this.audit.success(m, guard.requireUser(), 'QUERY_CACHED', agreementResource(p.agreement), {
      queryId: hit.id,
      datasetId: p.agreement.datasetId,
      ...queryShape(p.query.normalized),
      epsilonSpent: 0,
    });
    return {
      queryId: hit.id,
      agreementId: p.agreement.id,
      datasetVersion: p.dataset.version,
      epsilonSpent: 0,
      deltaSpent: 0,
      budget,
      result: hit.result,
      requestOrder: p.query.requestOrder,
      cached: true,
      executedAt: hit.createdAt,
    };
  }
}
