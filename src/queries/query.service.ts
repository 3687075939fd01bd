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
import { BadUserInputError, ForbiddenError, QueryTooComplexError } from '../errors/errors';
import { cryptoRandomSource, withConstantTime, type RandomSource } from '../privacy';
import type { AggregateQueryInput } from './aggregate-query.input';
import { planQuery, type QueryPlan } from './noise-planner';
import { queryShape, recordQueryFailure } from './query-audit';
import { queryFingerprint } from './query-fingerprint';
import type { StoredResult, ValidatedQuery } from './query-model';
import type { QueryResultStore, StoredQueryResult } from './query-result.store';
import { remainingQueries } from './remaining-queries';
import { buildRelease, drawNoiseTable, knownGroups, totalDraws } from './release-builder';
import { compileQuery } from './sql-compiler';
import { checkEpsilonShape, validateQuery } from './query-validator';

export interface QueryResultView {
  queryId: string;
  agreementId: string;
  datasetVersion: number;
  epsilonSpent: number;
  budget: PrivacyBudgetView;
  result: StoredResult;
  /** Stored aggregation indexes in the caller's order. */
  requestOrder: number[];
  cached: boolean;
  executedAt: Date;
}

export interface QueryPreviewView {
  epsilonCost: number;
  wouldBeCached: boolean;
  budget: PrivacyBudgetView;
  remainingQueriesAtThisCost: number;
  plan: QueryPlan;
  /** Planned aggregation indexes in the caller's order. */
  requestOrder: number[];
}

export interface QueryServiceOptions {
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

/** PostgreSQL's statement timeout (57014) rolls the whole transaction back: nothing is spent. */
async function timeoutAsTooComplex<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === '57014') {
      throw new QueryTooComplexError('the query ran longer than the statement timeout; nothing was spent');
    }
    throw error;
  }
}

/** A random 63-bit seed for the row choice of contribution bounding, as PostgreSQL bigint text. */
function randomSeed(): string {
  return (randomBytes(8).readBigUInt64BE() >> 1n).toString();
}

/** Padding of the noise sampling (see docs/queries.md, "Timing"). */
const PAD_BASE_MS = 2;
const PAD_PER_DRAW_MS = 0.05;
const PAD_SELECTION_MS = 200;
const PAD_PER_QUANTILE_MS = 15;

/**
 * Private aggregate queries: validate against the agreement → compile to one statement → in one
 * transaction reserve budget, run it, store the noisy answer and audit → respond. Every refusal of
 * privateAggregate is audited here (QUERY_DENIED / BUDGET_EXHAUSTED) in a transaction of its own.
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
      wouldBeCached,
      budget,
      remainingQueriesAtThisCost: remainingQueries(budget.epsilonRemaining, p.query.normalized.epsilon),
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
      const hit = await this.results.find(this.tx.manager, p.agreement.id, p.dataset.version, p.fingerprint);
      if (hit) return await this.tx.run((m) => this.serveCached(m, guard, p, hit, now));
      return await this.execute(guard, p, now);
    } catch (error) {
      await recordQueryFailure(this.tx, this.audit, guard, { input, agreement, shape }, error);
      throw error;
    }
  }

  private async prepare(guard: Guard, input: AggregateQueryInput, now: Date): Promise<Prepared> {
    guard.user;
    checkEpsilonShape(input.epsilon);
    const m = this.tx.manager;
    const agreement = await this.agreements.getUsable(guard, m, input.agreementId, now);
    const dataset = await this.datasets.findById(m, agreement.datasetId);
    if (!dataset) throw new ForbiddenError("the agreement's dataset was deleted; it cannot be queried");
    const query = validateQuery(input, agreement, dataset);
    return { agreement, dataset, query, plan: planQuery(query), fingerprint: queryFingerprint(this.options.secret, query.normalized) };
  }

  private async execute(guard: Guard, p: Prepared, now: Date): Promise<QueryResultView> {
    const { query, plan, agreement } = p;
    const groups = knownGroups(query);
    // Laplace noise depends on nothing but the plan: drawn before any data is read, in padded time.
    const preDrawn = groups
      ? await withConstantTime(PAD_BASE_MS + PAD_PER_DRAW_MS * totalDraws(plan, groups.length), () => drawNoiseTable(plan, groups.length, this.rng), {
          onOverrun: this.options.onTimingOverrun,
        })
      : null;
    const queryId = randomUUID();
    const compiled = compileQuery(query, randomSeed());
    const padRelease = this.releasePadMs(query, plan, groups?.length ?? 0);
    return timeoutAsTooComplex(() => this.tx.run(async (m) => {
      await this.results.lockFingerprint(m, p.fingerprint);
      const { version, stored } = await this.results.prepareRun(m, p.dataset.id, agreement.id, p.fingerprint, this.options.statementTimeoutMs);
      if (version !== p.dataset.version) {
        throw new BadUserInputError('the dataset changed while the query was being prepared; run it again', 'agreementId');
      }
      // An identical query that committed while this one waited for the lock: its answer, for free.
      if (stored) return this.serveCached(m, guard, p, stored, now);
      const budget = await this.accountant.reserve(m, agreement.id, query.normalized.epsilon, queryId, now);
      const rows = await this.results.execute(m, compiled);
      const release = () => buildRelease(query, plan, rows, compiled.keyCount, preDrawn, this.rng);
      const result = padRelease > 0 ? await withConstantTime(padRelease, release, { onOverrun: this.options.onTimingOverrun }) : release();
      await this.results.insert(m, {
        id: queryId,
        agreementId: agreement.id,
        datasetVersion: version,
        fingerprint: p.fingerprint,
        result,
        epsilon: query.normalized.epsilon,
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
          epsilonSpent: query.normalized.epsilon,
          groupsReleased: result.groups.length,
          suppressedGroups: result.suppressedGroups,
        },
      });
      return {
        queryId,
        agreementId: agreement.id,
        datasetVersion: version,
        epsilonSpent: query.normalized.epsilon,
        budget,
        result,
        requestOrder: query.requestOrder,
        cached: false,
        executedAt: now,
      };
    }));
  }

  /** Sampling that looks at the data (partition selection, the exponential mechanism) is padded too. */
  private releasePadMs(q: ValidatedQuery, plan: QueryPlan, knownGroupCount: number): number {
    if (q.groupKeys.kind === 'selected') return PAD_SELECTION_MS;
    const quantiles = plan.aggregations.filter((a) => a.noise.kind === 'quantile').length;
    return quantiles ? PAD_BASE_MS + PAD_PER_QUANTILE_MS * quantiles * knownGroupCount : 0;
  }


  private async serveCached(m: EntityManager, guard: Guard, p: Prepared, hit: StoredQueryResult, now: Date): Promise<QueryResultView> {
    const budget = await this.accountant.budgetOf(m, p.agreement, now);
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
      budget,
      result: hit.result,
      requestOrder: p.query.requestOrder,
      cached: true,
      executedAt: hit.createdAt,
    };
  }
}
