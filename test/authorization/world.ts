import { Role } from '../../src/organizations/role';
import { createOrganization, createUser, type TestUser } from '../support/fixtures';
import { ok, type TestApp } from '../support/test-app';

/** Who calls: one user per role, all members of the `home` organization, or nobody. */
export type Caller = Role | 'anonymous';
export const CALLERS: readonly Caller[] = [Role.PLATFORM_ADMIN, Role.ORG_ADMIN, Role.ANALYST, Role.AUDITOR, Role.PLATFORM_AUDITOR, 'anonymous'];

/**
 * Where the object of a call stands relative to the caller:
 * - `none`: the operation has no object (createOrganization, me);
 * - `self`: the caller itself (its user, its token);
 * - `own`: an ordinary member or object of the caller's organization;
 * - `ownPlatformRole`: a member of the caller's organization who holds a platform role;
 * - `partner`: an organization linked to the caller's by ACTIVE sharing agreements (both ways);
 * - `outsider`: an organization with no link at all;
 * - `platform`: the platform organization, with a platform-level user.
 */
export type Relation = 'none' | 'self' | 'own' | 'ownPlatformRole' | 'partner' | 'outsider' | 'platform';

export interface World {
  orgs: { home: string; partner: string; outsider: string; platform: string };
  callers: Record<Role, TestUser>;
  /** A standing user (with a token) per relation, for calls that do not change it. */
  targets: Record<'own' | 'ownPlatformRole' | 'partner' | 'outsider' | 'platform', TestUser>;
  /** Extension point for the data operations: filled by `shareData` (see below). */
  data: SharedData;
}

export type DataRelation = 'own' | 'partner' | 'outsider';

/**
 * Datasets and agreements per relation (ACTIVE agreements):
 * - own: home's dataset, shared with partner;
 * - partner: partner's dataset, shared with home;
 * - outsider: outsider's dataset, shared with partner (nothing links it to home).
 * agreements[r] is the agreement on datasets[r]; admins[r] the ORG_ADMIN of the dataset's owner.
 */
export interface SharedData {
  datasets: Record<DataRelation, string>;
  agreements: Record<DataRelation, string>;
  admins: Record<DataRelation, TestUser>;
}

/** Who each relation's datasets are shared with. */
export function partnerOf(world: World, relation: DataRelation): string {
  return relation === 'partner' ? world.orgs.home : world.orgs.partner;
}

let counter = 0;
/** Unique per call, so that cases that create things never collide. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

export function orgOf(world: World, relation: Relation): string {
  switch (relation) {
    case 'partner':
      return world.orgs.partner;
    case 'outsider':
      return world.orgs.outsider;
    case 'platform':
      return world.orgs.platform;
    default:
      return world.orgs.home;
  }
}

export function rolesFor(relation: Relation): Role[] {
  return relation === 'ownPlatformRole' || relation === 'platform' ? [Role.PLATFORM_AUDITOR] : [Role.ANALYST];
}

/** A new user standing in `relation` to the callers (created by the platform admin), with a token. */
export function freshUser(t: TestApp, world: World, relation: Relation, roles: Role[] = rolesFor(relation)): Promise<TestUser> {
  return createUser(t, orgOf(world, relation), `${unique('u')}@matrix.test`, roles);
}

export async function buildWorld(t: TestApp): Promise<World> {
  const home = await createOrganization(t, 'home-org');
  const partner = await createOrganization(t, 'partner-org');
  const outsider = await createOrganization(t, 'outsider-org');
  const me = ok<{ me: { organization: { id: string } } }>(await t.gql('{ me { organization { id } } }'));
  const orgs = { home, partner, outsider, platform: me.me.organization.id };
  const callers = {} as Record<Role, TestUser>;
  for (const role of CALLERS) {
    if (role !== 'anonymous') callers[role] = await createUser(t, home, `caller-${role.toLowerCase()}@matrix.test`, [role]);
  }
  const world: World = { orgs, callers, targets: {} as World['targets'], data: {} as SharedData };
  for (const relation of ['own', 'ownPlatformRole', 'partner', 'outsider', 'platform'] as const) {
    world.targets[relation] = await freshUser(t, world, relation);
  }
  world.data = await shareData(t, world);
  return world;
}

/**
 * EXTENSION POINT for the data operations: makes `partner` a real partner (ACTIVE agreements both
 * ways) and gives each organization a dataset. Each organization's own admin does it, through the
 * public API, as a user would.
 */
async function shareData(t: TestApp, world: World): Promise<SharedData> {
  const admins: SharedData['admins'] = {
    own: world.callers[Role.ORG_ADMIN],
    partner: await createUser(t, world.orgs.partner, 'partner-admin@matrix.test', [Role.ORG_ADMIN]),
    outsider: await createUser(t, world.orgs.outsider, 'outsider-admin@matrix.test', [Role.ORG_ADMIN]),
  };
  const data = { admins, datasets: {}, agreements: {} } as SharedData;
  for (const relation of ['own', 'partner', 'outsider'] as const) {
    data.datasets[relation] = await createDataset(t, admins[relation].token, `matrix_${relation}`);
    data.agreements[relation] = await grantAgreement(t, admins[relation].token, data.datasets[relation], partnerOf(world, relation));
  }
  return data;
}

export async function createDataset(t: TestApp, token: string, name: string): Promise<string> {
  const input = {
    name,
    columns: [
      { name: 'region', type: 'CATEGORY', sensitivity: 'QUASI_IDENTIFIER', categories: ['north', 'south'] },
      { name: 'amount', type: 'FLOAT', sensitivity: 'SENSITIVE', lowerBound: 0, upperBound: 100 },
    ],
  };
  const data = ok<{ createDataset: { id: string } }>(
    await t.gql('mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: input }, token),
  );
  ok(await t.gql('mutation($d: ID!, $c: String!) { ingestCsv(datasetId: $d, csv: $c) { rowsAccepted } }', { d: data.createDataset.id, c: 'region,amount\nnorth,1\nsouth,2\n' }, token));
  return data.createDataset.id;
}

export async function grantAgreement(t: TestApp, token: string, datasetId: string, partnerOrganizationId: string): Promise<string> {
  const input = {
    datasetId,
    partnerOrganizationId,
    purpose: 'authorization matrix',
    columns: ['region', 'amount'],
    allowedAggregations: ['COUNT', 'SUM'],
    epsilonBudget: 10,
    epsilonPerQueryMax: 1,
  };
  const data = ok<{ grantAgreement: { id: string } }>(
    await t.gql('mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }', { i: input }, token),
  );
  return data.grantAgreement.id;
}
