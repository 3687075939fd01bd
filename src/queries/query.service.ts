import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AgreementEntity } from '../agreements/agreement.entity';
import type { AgreementService } from '../agreements/agreement.service';
import type { BudgetAccountant } from '../agreements/budget-accountant';
import type { PrivacyBudgetView } from '../agreements/privacy-budget.view';
import type { AuditLog } from '../audit/audit-log';
import type { Guard } from '../auth/guard';
import type { DatasetEntity } from '../datasets/dataset.entity';
import type { DatasetStore } from '../datasets/dataset.store';
import type { Transactor } from '../db/transaction';
import { QueryTooComplexError } from '../errors/errors';
import { markRecorded } from '../graphql/plugins/refusal-audit.plugin';
import { cryptoRandomSource, withConstantTime, type RandomSource } from '../privacy';
import type { AggregateQueryInput } from './aggregate-query.input';
import { planQuery, type QueryPlan } from './noise-planner';
import { queryShape, recordQueryFailure } from './query-audit';
import { queryFingerprint } from './query-fingerprint';
import type { StoredResult, ValidatedQuery } from './query-model';
import type { QueryResultStore, StoredQueryResult } from './query-result.store';
import { remainingQueries } from './remaining-queries';
import { ChargedQueryFailure } from './charged-failure';
import { buildRelease, drawNoiseTable, knownGroups } from './release-builder';
import { preDrawPadMs, releasePadMs } from './release-timing';
import { compileQuery } from './sql-compiler';
import { checkEpsilonShape, validateQuery } from './query-validator';
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

  async preview(guard: Guard, input: AggregateQueryInput): Promise<QueryPreviewView> {
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

  async run(guard: Guard, input: AggregateQueryInput): Promise<QueryResultView> {
    const actor = guard.user;
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

  private async prepare(guard: Guard, input: AggregateQueryInput, now: Date): Promise<Prepared> {
    guard.user;
    checkEpsilonShape(input.epsilon);
    const m = this.tx.manager;
    const { agreement, dataset } = await this.agreements.getUsableWithDataset(guard, m, input.agreementId, now);
    const query = validateQuery(input, agreement, dataset);
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

  private padMs(query: ValidatedQuery, plan: QueryPlan): number {
    return releasePadMs(query, plan, knownGroups(query)?.length ?? 0, this.options.maxSelectionCandidates);
  }

  private async execute(guard: Guard, p: Prepared, now: Date): Promise<QueryResultView> {
    const { query, plan, agreement } = p;
    const { epsilon, delta } = query.normalized;
    const groups = knownGroups(query);
    // Laplace noise depends on nothing but the plan: drawn before any data is read, in padded time.
    const preDrawn = groups
      ? await withConstantTime(preDrawPadMs(plan, groups.length), () => drawNoiseTable(plan, groups.length, this.rng), {
          onOverrun: this.options.onTimingOverrun,
        })
      : null;
    const queryId = randomUUID();
    const compiled = compileQuery(query, randomSeed());
    const padRelease = this.padMs(query, plan);
    const selected = query.groupKeys.kind === 'selected';
    const cap = this.options.maxSelectionCandidates;
    const outcome = await this.tx.run(async (m): Promise<QueryResultView | ChargedQueryFailure> => {
      const version = p.dataset.version;
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
        const rows = await this.results.execute(m, compiled, selected ? cap + 1 : null);
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
          createdBy: guard.user.userId,
          createdAt: now,
          query: query.normalized,
        });
        await this.audit.append(m, {
          actor: guard.user,
          action: 'QUERY_EXECUTED',
          resourceType: 'Agreement',
          resourceId: agreement.id,
          resourceOrganizationId: agreement.ownerOrganizationId,
          outcome: 'SUCCESS',
          details: {
            queryId,
            datasetId: agreement.datasetId,
            ...queryShape(query.normalized),
            epsilonSpent: epsilon,
            deltaSpent: delta,
            groupsReleased: result.groups.length,
            suppressedGroups: result.suppressedGroups,
          },
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
        await this.audit.append(m, {
          actor: guard.user,
          action: 'QUERY_FAILED',
          resourceType: 'Agreement',
          resourceId: agreement.id,
          resourceOrganizationId: agreement.ownerOrganizationId,
          outcome: 'ERROR',
          details: {
            queryId,
            datasetId: agreement.datasetId,
            code: 'QUERY_FAILED',
            operation: 'privateAggregate',
            ...queryShape(query.normalized),
            epsilonSpent: epsilon,
            deltaSpent: delta,
            tokenSelector: guard.actor?.tokenSelector ?? null,
          },
        });
        const failure = new ChargedQueryFailure(epsilon, delta);
        markRecorded(failure);
        return failure;
      }
    });
    if (outcome instanceof ChargedQueryFailure) throw outcome;
    return outcome;
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
    await this.audit.append(m, {
      actor: guard.user,
      action: 'QUERY_CACHED',
      resourceType: 'Agreement',
      resourceId: p.agreement.id,
      resourceOrganizationId: p.agreement.ownerOrganizationId,
      outcome: 'SUCCESS',
      details: { queryId: hit.id, datasetId: p.agreement.datasetId, ...queryShape(p.query.normalized), epsilonSpent: 0 },
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
