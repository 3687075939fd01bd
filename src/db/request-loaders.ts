import DataLoader from 'dataloader';
import { In, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { DatasetEntity } from '../datasets/dataset.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { UserEntity } from '../organizations/user.entity';

/**
 * Lookups by id for one request (one Guard): the nested fields of a list ask for the same few
 * organizations, users and datasets over and over, and for many different ones at the same depth.
 * DataLoader looks each id up once per request and gathers the ids asked for in one tick into one
 * `WHERE id IN (…)` statement. Nothing outlives the request: every Guard gets its own loaders,
 * dropped with it. What a loader returns is unchecked — each caller still asks the policy.
 */
export class RequestLoaders {
  readonly organizations: DataLoader<string, OrganizationEntity | null>;
  readonly users: DataLoader<string, UserEntity | null>;
  /** Deleted datasets included: agreements keep pointing at their tombstone. */
  readonly datasets: DataLoader<string, DatasetEntity | null>;

  constructor(manager: EntityManager) {
    this.organizations = byId(manager, OrganizationEntity);
    this.users = byId(manager, UserEntity);
    this.datasets = byId(manager, DatasetEntity);
  }
}

function byId<T extends ObjectLiteral & { id: string }>(manager: EntityManager, entity: EntityTarget<T>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(
    async (ids) => {
      const rows = await manager.findBy(entity, { id: In([...ids]) } as never);
      const found = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => found.get(id) ?? null);
    },
    // A page of 500 audit events names at most 1000 ids: one statement, whatever the page.
    { maxBatchSize: 1000 },
  );
}

const perRequest = new WeakMap<object, RequestLoaders>();

/** The loaders of the request `scope` (its Guard) stands for, created on first use. */
export function loadersFor(scope: object, manager: EntityManager): RequestLoaders {
  let loaders = perRequest.get(scope);
  if (!loaders) perRequest.set(scope, (loaders = new RequestLoaders(manager)));
  return loaders;
}
