import { randomUUID } from 'node:crypto';
import type { AgreementReadService } from '../agreements/agreement-read.service';
import type { AuditLog } from '../audit/audit-log';
import type { Guard } from '../auth/guard';
import type { DatasetService } from '../datasets/dataset.service';
import type { Transactor } from '../db/transaction';
import { BadUserInputError, ParleyError } from '../errors/errors';
import { requireUuid } from '../errors/input';
import type { AggregationRequest as AggregationInput, FilterRequest as FilterInput } from '../queries/aggregate-query';
import { checkEpsilonShape } from '../queries/query-validator';
import type { QueryService } from '../queries/query.service';
import { combineAnswers, type PartAnswer, type PartGroup } from './combiner';
import { checkSameColumns, type DeclaredColumn } from './federated-columns';
import { combinedGroup, localResult, partGroups, remoteResult, type PartResult } from './part-answer';
import type { FederationPeerEntity } from './peer.entity';
import { PEER_UNREACHABLE, type PeerAnswer, type PeerClient } from './peer-client';
import { DESCRIBE_AGREEMENT, RUN_PART, type RemoteResult } from './peer-documents';
import type { CallablePeer, PeerService } from './peer.service';

export interface FederatedQueryFields {
  parts: { peerId?: string | null; agreementId: string }[];
  aggregations: AggregationInput[];
  groupBy?: string[] | null;
  filters?: FilterInput[] | null;
  epsilon: number;
}

export interface FederatedPartView {
  peer: FederationPeerEntity | null;
  agreementId: string;
  result: PartResult | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface FederatedView {
  federatedQueryId: string;
  groups: PartGroup[];
  parts: FederatedPartView[];
  complete: boolean;
  executedAt: Date;
}

export const MAX_PARTS = 16;
/** Part error code for an answer that came back but cannot be combined with the others. */
export const INCOMPATIBLE_ANSWER = 'INCOMPATIBLE_ANSWER';

interface Part {
  index: number;
  label: string;
  agreementId: string;
  callable: CallablePeer | null;
  /** The last thing the peer said, for its status. */
  lastContact: PeerAnswer<unknown> | null;
  failure: { code: string; message: string } | null;
  columns: DeclaredColumn[];
  result: PartResult | null;
}

/**
 * One question over several deployments. Each part is an ordinary privateAggregate on its own
 * deployment under its own agreement: that deployment validates it, spends its own budget and
 * audits it. Here: refuse what cannot be combined before anything is spent (QUANTILE, TEXT
 * group-bys, parts whose columns differ), send the parts concurrently (each request with its
 * own deadline), combine what came back, and audit one FEDERATED_QUERY event listing each
 * part's outcome. A retry sends each part the same query again, which its deployment answers
 * from its cache: a part's budget is never spent twice for the same question.
 */
export class FederatedQueryService {
  constructor(
    private readonly tx: Transactor,
    private readonly peers: PeerService,
    private readonly client: PeerClient,
    private readonly queries: QueryService,
    private readonly agreementReads: AgreementReadService,
    private readonly datasets: DatasetService,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  async run(guard: Guard, input: FederatedQueryFields): Promise<FederatedView> {
    const actor = guard.requireUser();
    const federatedQueryId = randomUUID();
    let parts: Part[] = [];
    try {
      guard.ensureType('query', 'FederationPeer', 'federated queries');
      checkShape(input);
      parts = await Promise.all(input.parts.map((p, index) => this.part(guard, p, index)));
      await Promise.all(parts.map((p) => this.describe(guard, p)));
      checkSameColumns(
        parts.filter((p) => !p.failure).map((p) => ({ label: p.label, columns: p.columns })),
        {
          aggregated: input.aggregations.flatMap((a) => (a.column ? [a.column] : [])),
          groupBy: input.groupBy ?? [],
          filtered: (input.filters ?? []).map((f) => f.column),
        },
      );
    } catch (error) {
      await this.recordRefusal(guard, federatedQueryId, input, error);
      throw error;
    }
    await Promise.all(parts.filter((p) => !p.failure).map((p) => this.execute(guard, p, input)));
    await Promise.all(parts.filter((p) => p.callable && p.lastContact).map((p) => this.peers.recordContact(p.callable!.peer, p.lastContact!)));

    const answered = parts.filter((p) => p.result);
    const combination = combineAnswers(answered.map((p) => answerOf(p, input)));
    combination.rejected.forEach((reason, i) => {
      const p = answered[i]!;
      p.failure = { code: INCOMPATIBLE_ANSWER, message: `the answer cannot be combined: ${reason}` };
    });
    const executedAt = this.now();
    const view: FederatedView = {
      federatedQueryId,
      groups: combination.groups.map((g) => combinedGroup(g.key, g.values)),
      parts: parts.map((p) => ({
        peer: p.callable?.peer ?? null,
        agreementId: p.agreementId,
        // A part that answered but could not be combined shows as failed; its deployment serves
        // that answer again from its cache, for free.
        result: p.failure ? null : p.result,
        errorCode: p.failure?.code ?? null,
        errorMessage: p.failure?.message ?? null,
      })),
      complete: parts.every((p) => !p.failure),
      executedAt,
    };
    const combined = parts.filter((p) => p.result && !p.failure).length;
    await this.tx.run((m) =>
      this.audit.append(m, {
        actor,
        action: 'FEDERATED_QUERY',
        resourceType: 'FederatedQuery',
        resourceId: federatedQueryId,
        resourceOrganizationId: actor.organizationId,
        outcome: combined > 0 ? 'SUCCESS' : 'ERROR',
        details: { ...shapeOf(input), complete: view.complete, groupsReleased: view.groups.length, parts: parts.map(outcomeOf) },
      }),
    );
    return view;
  }

  /** Resolves a part's peer: a peer the caller may not query refuses the whole request. */
  private async part(guard: Guard, p: FederatedQueryFields['parts'][number], index: number): Promise<Part> {
    const agreementId = requireUuid(p.agreementId, `parts[${index}].agreementId`);
    const callable = p.peerId ? await this.peers.forQuery(guard, p.peerId, `parts[${index}].peerId`) : null;
    const label = `part ${index + 1} (${callable ? `peer "${callable.peer.name}"` : 'this deployment'}, agreement ${agreementId})`;
    return { index, label, agreementId, callable, lastContact: null, failure: null, columns: [], result: null };
  }

  /** The columns of the part's dataset, as the caller may read them there. A failure here fails the part only. */
  private async describe(guard: Guard, p: Part): Promise<void> {
    if (!p.callable) {
      const agreement = await this.agreementReads.find(guard, p.agreementId);
      if (!agreement) return fail(p, 'NOT_FOUND', 'agreement not found');
      try {
        p.columns = (await this.datasets.get(guard, agreement.datasetId)).columns;
      } catch (e) {
        failWith(p, e);
      }
      return;
    }
    const answer = await this.client.request<{ agreement: { dataset: { columns: DeclaredColumn[] } } | null }>(
      p.callable.peer.url,
      p.callable.token,
      DESCRIBE_AGREEMENT,
      { id: p.agreementId },
    );
    p.lastContact = answer;
    if (answer.kind === 'unreachable') return fail(p, PEER_UNREACHABLE, answer.message);
    if (answer.kind === 'refused') return fail(p, answer.code, scrub(answer.message, p.callable.token));
    if (!answer.data.agreement) return fail(p, 'NOT_FOUND', 'agreement not found on the peer');
    p.columns = answer.data.agreement.dataset.columns;
  }

  private async execute(guard: Guard, p: Part, input: FederatedQueryFields): Promise<void> {
    const query = {
      agreementId: p.agreementId,
      aggregations: input.aggregations,
      groupBy: input.groupBy ?? null,
      filters: input.filters ?? null,
      epsilon: input.epsilon,
    };
    if (!p.callable) {
      try {
        p.result = localResult(await this.queries.run(guard, query));
      } catch (e) {
        failWith(p, e);
      }
      return;
    }
    const answer = await this.client.request<{ privateAggregate: RemoteResult }>(p.callable.peer.url, p.callable.token, RUN_PART, { input: query });
    p.lastContact = answer;
    if (answer.kind === 'unreachable') return fail(p, PEER_UNREACHABLE, answer.message);
    if (answer.kind === 'refused') return fail(p, answer.code, scrub(answer.message, p.callable.token));
    try {
      p.result = remoteResult(answer.data.privateAggregate);
    } catch {
      fail(p, INCOMPATIBLE_ANSWER, 'the peer answered in a shape this deployment cannot read');
    }
  }

  /** A request refused before any part ran: one FEDERATED_QUERY event, DENIED, with the reason's code. */
  private async recordRefusal(guard: Guard, id: string, input: FederatedQueryFields, error: unknown): Promise<void> {
    const parley = error instanceof ParleyError ? error : null;
    if (parley?.code === 'UNAUTHENTICATED') return;
    try {
      await this.tx.run((m) =>
        this.audit.append(m, {
          actor: guard.actor,
          action: 'FEDERATED_QUERY',
          resourceType: parley?.resource?.type ?? 'FederatedQuery',
          resourceId: parley?.resource?.id ?? id,
          resourceOrganizationId: parley?.resource?.organizationId ?? guard.actor?.organizationId ?? null,
          outcome: 'DENIED',
          details: {
            code: parley?.code ?? 'INTERNAL_SERVER_ERROR',
            field: (parley?.extensions.field as string | undefined) ?? null,
            federatedQueryId: id,
            ...safeShape(input),
            tokenSelector: guard.actor?.tokenSelector ?? null,
          },
        }),
      );
      parley?.markAudited();
    } catch {
      // The refusal is what the caller must see; the generic refusal plugin still records it then.
    }
  }
}

function checkShape(input: FederatedQueryFields): void {
  checkEpsilonShape(input.epsilon);
  if (input.parts.length < 1 || input.parts.length > MAX_PARTS) throw new BadUserInputError(`a federated query has 1 to ${MAX_PARTS} parts`, 'parts');
  const seen = new Set<string>();
  for (const p of input.parts) {
    const key = `${p.peerId?.toLowerCase() ?? 'local'}/${p.agreementId.toLowerCase()}`;
    if (seen.has(key)) throw new BadUserInputError('each agreement may be a part only once', 'parts');
    seen.add(key);
  }
  if (input.aggregations.length === 0) throw new BadUserInputError('at least one aggregation is required', 'aggregations');
  for (const a of input.aggregations) {
    if (a.function === 'QUANTILE') throw new BadUserInputError('QUANTILE answers cannot be combined across parts', 'aggregations');
  }
}

function answerOf(p: Part, input: FederatedQueryFields): PartAnswer {
  const bounds = new Map<string, readonly [number, number]>();
  for (const a of input.aggregations) {
    const c = a.function === 'MEAN' && a.column ? p.columns.find((x) => x.name === a.column) : undefined;
    if (c && c.lowerBound !== null && c.upperBound !== null) bounds.set(c.name, [c.lowerBound, c.upperBound]);
  }
  return { groups: partGroups(p.result!), bounds };
}

/** A peer's message is passed on to the analyst: never with the token in it, should the peer echo it. */
function scrub(message: string, token: string): string {
  return message.split(token).join('[token]').slice(0, 300);
}

function fail(p: Part, code: string, message: string): void {
  p.failure = { code, message };
}

/** A local part's error as the caller would have seen it from privateAggregate; ours are never detailed. */
function failWith(p: Part, e: unknown): void {
  if (e instanceof ParleyError) fail(p, e.code, e.message);
  else fail(p, 'INTERNAL_SERVER_ERROR', 'the part failed');
}

function outcomeOf(p: Part): Record<string, unknown> {
  return {
    peerId: p.callable?.peer.id ?? null,
    agreementId: p.agreementId,
    outcome: p.failure ? 'FAILED' : p.result!.cached ? 'CACHED' : 'ANSWERED',
    errorCode: p.failure?.code ?? null,
    queryId: p.result?.queryId ?? null,
    epsilonSpent: p.result?.epsilonSpent ?? null,
  };
}

/** The query's shape for the audit trail: never filter operands (they may name a person). */
function shapeOf(input: FederatedQueryFields): Record<string, unknown> {
  return {
    epsilon: input.epsilon,
    aggregations: input.aggregations.map((a) => ({ function: a.function, column: a.column ?? null, bins: a.bins ? a.bins.length - 1 : null })),
    groupBy: input.groupBy ?? [],
    filters: (input.filters ?? []).map((f) => ({ column: f.column, op: f.op, operands: f.values?.length ?? (f.value === null || f.value === undefined ? 0 : 1) })),
  };
}

function safeShape(input: FederatedQueryFields): Record<string, unknown> {
  return { ...shapeOf(input), epsilon: Number.isFinite(input.epsilon) ? input.epsilon : String(input.epsilon), parts: input.parts.length };
}
