import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../graphql/page-info.type';
import { JSONScalar } from '../graphql/scalars';
import { encodeCursor } from './audit-cursor';
import type { AuditEventEntity } from './audit-event.entity';
import type { AuditPage } from './audit.service';
import { Node } from '../graphql/node.type';

export enum AuditOutcome {
  SUCCESS = 'SUCCESS',
  DENIED = 'DENIED',
  ERROR = 'ERROR',
}
registerEnumType(AuditOutcome, { name: 'AuditOutcome' });

@ObjectType('AuditEvent', { implements: Node })
export class AuditEvent {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'Position in the global, gap-free, hash-chained sequence (starts at 1).' })
  seq!: number;
  @Field() at!: Date;
  @Field(() => ID, { nullable: true, description: 'Raw ids as hashed into the chain, so an export verifies without resolving users.' })
  actorId!: string | null;
  @Field(() => ID, { nullable: true }) actorOrganizationId!: string | null;
  @Field({
    description:
      'e.g. AUTH_FAILED, TOKEN_ISSUED, DATASET_CREATED, DATA_INGESTED, AGREEMENT_GRANTED, AGREEMENT_REVOKED, QUERY_EXECUTED, QUERY_DENIED, BUDGET_EXHAUSTED.',
  })
  action!: string;
  @Field(() => String, { nullable: true }) resourceType!: string | null;
  @Field(() => ID, { nullable: true }) resourceId!: string | null;
  @Field(() => AuditOutcome) outcome!: AuditOutcome;
  @Field(() => JSONScalar, { description: 'Structured context (query shape, epsilon, counts). Never raw row values or secrets.' })
  details!: Record<string, unknown>;
  @Field() prevHash!: string;
  @Field() hash!: string;

  static from(e: AuditEventEntity): AuditEvent {
    return Object.assign(new AuditEvent(), {
      id: e.id,
      seq: e.seq,
      at: e.at,
      actorId: e.actorId,
      actorOrganizationId: e.actorOrganizationId,
      action: e.action,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      outcome: e.outcome as AuditOutcome,
      details: e.details,
      prevHash: e.prevHash,
      hash: e.hash,
    });
  }
}

@ObjectType('AuditEventEdge')
export class AuditEventEdge {
  @Field() cursor!: string;
  @Field(() => AuditEvent) node!: AuditEvent;
}

@ObjectType('AuditEventConnection')
export class AuditEventConnection {
  @Field(() => [AuditEventEdge]) edges!: AuditEventEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;

  static from(page: AuditPage): AuditEventConnection {
    const edges = page.events.map((e) => Object.assign(new AuditEventEdge(), { cursor: encodeCursor(e.seq), node: AuditEvent.from(e) }));
    const pageInfo = Object.assign(new PageInfo(), {
      hasNextPage: page.hasNextPage,
      endCursor: edges.at(-1)?.cursor ?? null,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
    });
    return Object.assign(new AuditEventConnection(), { edges, pageInfo, totalCount: page.totalCount });
  }
}
