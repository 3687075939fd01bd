import { Role } from '../../src/organizations/role';
import { ok } from '../support/test-app';
import { grid, type CaseContext, type Operation } from './operation-table';
import { createDataset, grantAgreement, partnerOf, type DataRelation, type World } from './world';

/*
 * Rows of the authorization matrix for datasets, agreements, private queries and the audit trail.
 * Relations (see world.ts): `own` = home's dataset shared with partner; `partner` = partner's
 * dataset shared with home; `outsider` = outsider's dataset shared with partner, unrelated to home.
 */

let n = 0;
const datasetName = () => `matrix_${process.pid}_${++n}`;
const rel = (ctx: CaseContext) => ctx.relation as DataRelation;

/** An organization that is neither the dataset's owner nor its current partner. */
function thirdOrg(world: World, relation: DataRelation): string {
  return relation === 'outsider' ? world.orgs.home : world.orgs.outsider;
}

/** A new dataset in `relation` to home; the partner's is shared with home so that it stays a partner's. */
async function freshDataset(ctx: CaseContext): Promise<string> {
  const r = rel(ctx);
  const admin = ctx.world.data.admins[r];
  const id = await createDataset(ctx.t, admin.token, datasetName());
  if (r === 'partner') await grantAgreement(ctx.t, admin.token, id, ctx.world.orgs.home);
  return id;
}

/** A new ACTIVE agreement in `relation` to home, granted by the dataset owner's admin. */
function freshAgreement(ctx: CaseContext): Promise<string> {
  const r = rel(ctx);
  return grantAgreement(ctx.t, ctx.world.data.admins[r].token, ctx.world.data.datasets[r], partnerOf(ctx.world, r));
}

const OWNER_ONLY_VISIBLE = new Set<string>([Role.ORG_ADMIN, Role.ANALYST, Role.AUDITOR]);
const AGREEMENT_FIELDS = 'id status dataset { id } owner { id } partner { id } grantedBy { id } budget { epsilonRemaining }';
const QUERY_INPUT = (agreementId: string) => ({ agreementId, aggregations: [{ function: 'COUNT' }], epsilon: 0.1 });

/** The grid every change to an agreement shares: only the owner's admin may; others see or not. */
const AGREEMENT_CHANGE = `
                      own        partner    outsider
    PLATFORM_ADMIN    NOT_FOUND  NOT_FOUND  NOT_FOUND
    ORG_ADMIN         ok         FORBIDDEN  NOT_FOUND
    ANALYST           NOT_FOUND  FORBIDDEN  NOT_FOUND
    AUDITOR           FORBIDDEN  FORBIDDEN  NOT_FOUND
    PLATFORM_AUDITOR  FORBIDDEN  FORBIDDEN  FORBIDDEN
`;
/** Reading agreements: owner side and partner side, never a stranger's (but the platform auditor). */
const AGREEMENT_VISIBILITY = `
                      own     partner  outsider
    PLATFORM_ADMIN    hidden  hidden   hidden
    ORG_ADMIN         listed  listed   hidden
    ANALYST           hidden  listed   hidden
    AUDITOR           listed  listed   hidden
    PLATFORM_AUDITOR  listed  listed   listed
`;
/** Acting on a dataset's data: only the owner's admin; a partner sees it, a stranger does not. */
const DATASET_CHANGE = `
                      own        partner    outsider
    PLATFORM_ADMIN    NOT_FOUND  NOT_FOUND  NOT_FOUND
    ORG_ADMIN         ok         FORBIDDEN  NOT_FOUND
    ANALYST           FORBIDDEN  FORBIDDEN  NOT_FOUND
    AUDITOR           FORBIDDEN  FORBIDDEN  NOT_FOUND
    PLATFORM_AUDITOR  FORBIDDEN  FORBIDDEN  FORBIDDEN
`;
/** Running (or previewing) a private query: only the partner's analysts. */
const QUERYING = `
                      own        partner    outsider
    PLATFORM_ADMIN    NOT_FOUND  NOT_FOUND  NOT_FOUND
    ORG_ADMIN         FORBIDDEN  FORBIDDEN  NOT_FOUND
    ANALYST           NOT_FOUND  ok         NOT_FOUND
    AUDITOR           FORBIDDEN  FORBIDDEN  NOT_FOUND
    PLATFORM_AUDITOR  FORBIDDEN  FORBIDDEN  FORBIDDEN
`;

export const DATA_OPERATIONS: Operation[] = [
  {
    name: 'datasets',
    document: '{ datasets { id name rowCount owner { id } } }',
    prepare: async (ctx) => ({ variables: {}, targetId: ctx.world.data.datasets[rel(ctx)] }),
    ids: (data) => data.datasets.map((d: { id: string }) => d.id),
    expected: grid(`
                        own     partner  outsider
      PLATFORM_ADMIN    hidden  hidden   hidden
      ORG_ADMIN         listed  listed   hidden
      ANALYST           listed  listed   hidden
      AUDITOR           listed  listed   hidden
      PLATFORM_AUDITOR  listed  listed   listed
    `),
  },
  {
    name: 'dataset',
    document: 'query($id: ID!) { dataset(id: $id) { id rowCount qualityReport { rowsAccepted } owner { id } columns { name } } }',
    prepare: async (ctx) => ({ variables: { id: ctx.world.data.datasets[rel(ctx)] }, targetId: ctx.world.data.datasets[rel(ctx)] }),
    single: (data) => data.dataset,
    check: (data, ctx) => {
      // Field level: the exact figures only for the owner organization.
      const owner = ctx.relation === 'own' && OWNER_ONLY_VISIBLE.has(ctx.caller);
      expect({ rowCount: data.dataset.rowCount !== null, qualityReport: data.dataset.qualityReport !== null }).toEqual({ rowCount: owner, qualityReport: owner });
    },
    expected: grid(`
                        own   partner  outsider
      PLATFORM_ADMIN    null  null     null
      ORG_ADMIN         ok    ok       null
      ANALYST           ok    ok       null
      AUDITOR           ok    ok       null
      PLATFORM_AUDITOR  ok    ok       ok
    `),
  },
  {
    name: 'Dataset.agreements',
    document: '{ datasets { id agreements { id } } }',
    prepare: async (ctx) => ({ variables: {}, targetId: ctx.world.data.agreements[rel(ctx)] }),
    ids: (data) => data.datasets.flatMap((d: { agreements: { id: string }[] }) => d.agreements.map((a) => a.id)),
    expected: grid(AGREEMENT_VISIBILITY),
  },
  {
    name: 'createDataset',
    document: 'mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id owner { id } } }',
    prepare: async () => ({ variables: { i: { name: datasetName(), columns: [{ name: 'x', type: 'INTEGER', lowerBound: 0, upperBound: 9 }] } } }),
    check: (data, ctx) => expect(data.createDataset.owner.id).toBe(ctx.world.orgs.home),
    expected: grid(`
                        none
      PLATFORM_ADMIN    FORBIDDEN
      ORG_ADMIN         ok
      ANALYST           FORBIDDEN
      AUDITOR           FORBIDDEN
      PLATFORM_AUDITOR  FORBIDDEN
    `),
  },
  {
    name: 'ingestCsv',
    document: 'mutation($d: ID!, $csv: String!) { ingestCsv(datasetId: $d, csv: $csv) { rowsAccepted } }',
    prepare: async (ctx) => ({ variables: { d: ctx.world.data.datasets[rel(ctx)], csv: 'region,amount\nnorth,3\n' } }),
    expected: grid(DATASET_CHANGE),
  },
  {
    name: 'deleteDataset',
    document: 'mutation($id: ID!) { deleteDataset(id: $id) }',
    prepare: async (ctx) => ({ variables: { id: await freshDataset(ctx) } }),
    expected: grid(DATASET_CHANGE),
  },
  {
    name: 'agreements',
    document: `{ agreements { ${AGREEMENT_FIELDS} } }`,
    prepare: async (ctx) => ({ variables: {}, targetId: ctx.world.data.agreements[rel(ctx)] }),
    ids: (data) => data.agreements.map((a: { id: string }) => a.id),
    expected: grid(AGREEMENT_VISIBILITY),
  },
  {
    name: 'agreement',
    document: `query($id: ID!) { agreement(id: $id) { ${AGREEMENT_FIELDS} } }`,
    prepare: async (ctx) => ({ variables: { id: ctx.world.data.agreements[rel(ctx)] } }),
    single: (data) => data.agreement,
    expected: grid(`
                        own   partner  outsider
      PLATFORM_ADMIN    null  null     null
      ORG_ADMIN         ok    ok       null
      ANALYST           null  ok       null
      AUDITOR           ok    ok       null
      PLATFORM_AUDITOR  ok    ok       ok
    `),
  },
  {
    name: 'grantAgreement',
    document: 'mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id status } }',
    prepare: async (ctx) => ({
      variables: {
        i: {
          datasetId: ctx.world.data.datasets[rel(ctx)],
          partnerOrganizationId: thirdOrg(ctx.world, rel(ctx)),
          purpose: 'matrix',
          columns: ['region'],
          allowedAggregations: ['COUNT'],
          epsilonBudget: 1,
          epsilonPerQueryMax: 0.5,
        },
      },
    }),
    expected: grid(DATASET_CHANGE),
  },
  {
    name: 'amendAgreement',
    document: 'mutation($i: AmendAgreementInput!) { amendAgreement(input: $i) { id } }',
    prepare: async (ctx) => ({ variables: { i: { agreementId: await freshAgreement(ctx), epsilonBudget: 20 } } }),
    expected: grid(AGREEMENT_CHANGE),
  },
  {
    name: 'suspendAgreement',
    document: 'mutation($id: ID!) { suspendAgreement(id: $id) { id status } }',
    prepare: async (ctx) => ({ variables: { id: await freshAgreement(ctx) } }),
    check: (data) => expect(data.suspendAgreement.status).toBe('SUSPENDED'),
    expected: grid(AGREEMENT_CHANGE),
  },
  {
    name: 'resumeAgreement',
    document: 'mutation($id: ID!) { resumeAgreement(id: $id) { id status } }',
    prepare: async (ctx) => {
      const id = await freshAgreement(ctx);
      ok(await ctx.t.gql('mutation($id: ID!) { suspendAgreement(id: $id) { id } }', { id }, ctx.world.data.admins[rel(ctx)].token));
      return { variables: { id } };
    },
    check: (data) => expect(data.resumeAgreement.status).toBe('ACTIVE'),
    expected: grid(AGREEMENT_CHANGE),
  },
  {
    name: 'revokeAgreement',
    document: 'mutation($id: ID!) { revokeAgreement(id: $id) { id status } }',
    prepare: async (ctx) => ({ variables: { id: await freshAgreement(ctx) } }),
    check: (data) => expect(data.revokeAgreement.status).toBe('REVOKED'),
    expected: grid(AGREEMENT_CHANGE),
  },
  {
    name: 'previewAggregate',
    document: 'query($i: AggregateQueryInput!) { previewAggregate(input: $i) { epsilonCost } }',
    prepare: async (ctx) => ({ variables: { i: QUERY_INPUT(ctx.world.data.agreements[rel(ctx)]) } }),
    expected: grid(QUERYING),
  },
  {
    name: 'privateAggregate',
    document: 'mutation($i: AggregateQueryInput!) { privateAggregate(input: $i) { epsilonSpent groups { values { value } } } }',
    prepare: async (ctx) => ({ variables: { i: QUERY_INPUT(ctx.world.data.agreements[rel(ctx)]) } }),
    expected: grid(QUERYING),
  },
  {
    name: 'budgetUsage',
    document: '{ budgetUsage { agreement { id } queriesRun epsilonSpent } }',
    prepare: async (ctx) => ({ variables: {}, targetId: ctx.world.data.agreements[rel(ctx)] }),
    ids: (data) => data.budgetUsage.map((u: { agreement: { id: string } }) => u.agreement.id),
    expected: grid(AGREEMENT_VISIBILITY),
  },
  {
    name: 'auditEvents',
    document: `query($f: AuditFilter) { auditEvents(filter: $f, first: 500) {
      edges { node { resourceId action actor { id } actorOrganization { id } } } } }`,
    // The creation event of the relation's dataset: caused by, and about, its owner organization.
    prepare: async (ctx) => {
      const id = ctx.world.data.datasets[rel(ctx)];
      return { variables: { f: { resourceId: id, actions: ['DATASET_CREATED'] } }, targetId: id };
    },
    ids: (data) => data.auditEvents.edges.map((e: { node: { resourceId: string } }) => e.node.resourceId),
    expected: grid(`
                        own        partner    outsider
      PLATFORM_ADMIN    FORBIDDEN  FORBIDDEN  FORBIDDEN
      ORG_ADMIN         FORBIDDEN  FORBIDDEN  FORBIDDEN
      ANALYST           FORBIDDEN  FORBIDDEN  FORBIDDEN
      AUDITOR           listed     hidden     hidden
      PLATFORM_AUDITOR  listed     listed     listed
    `),
  },
  {
    name: 'verifyAuditTrail',
    document: '{ verifyAuditTrail { ok eventsChecked } }',
    prepare: async () => ({ variables: {} }),
    check: (data) => expect(data.verifyAuditTrail.ok).toBe(true),
    expected: grid(`
                        none
      PLATFORM_ADMIN    FORBIDDEN
      ORG_ADMIN         FORBIDDEN
      ANALYST           FORBIDDEN
      AUDITOR           ok
      PLATFORM_AUDITOR  ok
    `),
  },
];
