import type { ForcedSubject, MongoAbility, MongoQuery } from '@casl/ability';
import type { Role } from '../organizations/role';

/**
 * The plain shapes that policies are written against. Services build them from entities with
 * `subject(type, shape)`; list queries translate the same conditions to SQL (see rules-to-sql.ts).
 */
export interface Subjects {
  Organization: { id: string };
  User: { id: string; organizationId: string; roles: readonly Role[] };
  ApiToken: { id: string; userId: string; organizationId: string; userRoles: readonly Role[] };
  Dataset: { id: string; ownerOrganizationId: string; partnerOrganizationIds: readonly string[] };
  Agreement: { id: string; datasetId: string; ownerOrganizationId: string; partnerOrganizationId: string };
  SyntheticDataset: { id: string; agreementId: string; ownerOrganizationId: string; partnerOrganizationId: string };
  AuditEvent: { actorOrganizationId: string | null; resourceOrganizationId: string | null };
  AuditTrail: Record<string, never>;
  FederationPeer: { id: string; organizationId: string };
}

export type SubjectType = keyof Subjects;

export type Action =
  | 'manage'
  | 'read'
  | 'create'
  | 'update'
  | 'disable'
  | 'revoke'
  | 'delete'
  | 'ingest'
  | 'grant'
  | 'amend'
  | 'suspend'
  | 'resume'
  | 'query'
  | 'join'
  | 'synthesize'
  | 'readBudget'
  | 'verify'
  | 'export'
  | 'checkpoint';

type TaggedSubject = { [K in SubjectType]: K | (Subjects[K] & ForcedSubject<K>) }[SubjectType];

export type AppAbility = MongoAbility<[Action, TaggedSubject], MongoQuery>;

/** Dataset fields partners may read: everything but the owner-only exact figures. */
export const DATASET_PUBLIC_FIELDS = [
  'id',
  'name',
  'description',
  'owner',
  'columns',
  'privacyUnitColumn',
  'maxRowsPerUnit',
  'version',
  'createdAt',
  'updatedAt',
  'agreements',
];
export const DATASET_OWNER_ONLY_FIELDS = ['rowCount', 'qualityReport'];
