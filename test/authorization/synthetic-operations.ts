import { Role } from '../../src/organizations/role';
import { createUser } from '../support/fixtures';
import { ok } from '../support/test-app';
import { grid, type CaseContext, type Operation } from './operation-table';
import { partnerOf, unique, type DataRelation } from './world';

/*
 * Rows of the authorization matrix for synthetic data. Relations as in data-operations.ts:
 * `own` = home's dataset shared with partner (so synthesized by the partner organization);
 * `partner` = partner's dataset shared with home (synthesized by home's analyst); `outsider` =
 * outsider's dataset shared with partner, unrelated to home.
 */

const rel = (ctx: CaseContext) => ctx.relation as DataRelation;
const SYNTHESIZE = 'mutation($i: SynthesizeInput!) { synthesizeDataset(input: $i) { id rows agreement { id } } }';

/** A new ACTIVE agreement that allows synthetic data, in `relation` to home. */
async function syntheticAgreement(ctx: Pick<CaseContext, 't' | 'world'>, r: DataRelation): Promise<string> {
  const input = {
    datasetId: ctx.world.data.datasets[r],
    partnerOrganizationId: partnerOf(ctx.world, r),
    purpose: 'authorization matrix, synthetic data',
    columns: ['region', 'amount'],
    allowedAggregations: ['COUNT'],
    epsilonBudget: 10,
    epsilonPerQueryMax: 1,
    allowSynthetic: true,
  };
  const data = ok<{ grantAgreement: { id: string } }>(
    await ctx.t.gql('mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }', { i: input }, ctx.world.data.admins[r].token),
  );
  return data.grantAgreement.id;
}

/** The synthetic dataset of each relation, made once by an analyst of the agreement's partner. */
const made = new Map<DataRelation, Promise<string>>();
function syntheticOf(ctx: CaseContext): Promise<string> {
  const r = rel(ctx);
  if (!made.has(r)) made.set(r, makeSynthetic(ctx, r));
  return made.get(r)!;
}

async function makeSynthetic(ctx: CaseContext, r: DataRelation): Promise<string> {
  const agreementId = await syntheticAgreement(ctx, r);
  const analyst = r === 'partner' ? ctx.world.callers[Role.ANALYST] : await createUser(ctx.t, partnerOf(ctx.world, r), `${unique('synth')}@matrix.test`, [Role.ANALYST]);
  const data = ok<{ synthesizeDataset: { id: string } }>(
    await ctx.t.gql(SYNTHESIZE, { i: { agreementId, columns: ['region', 'amount'], rows: 5, epsilon: 0.1 } }, analyst.token),
  );
  return data.synthesizeDataset.id;
}

/** Who reads a synthetic dataset: the owner's admins and the partner organization that made it. */
const SYNTHETIC_VISIBILITY = `
                      own     partner  outsider
    PLATFORM_ADMIN    hidden  hidden   hidden
    ORG_ADMIN         listed  listed   hidden
    ANALYST           hidden  listed   hidden
    AUDITOR           hidden  hidden   hidden
    PLATFORM_AUDITOR  hidden  hidden   hidden
`;

export const SYNTHETIC_OPERATIONS: Operation[] = [
  {
    name: 'synthesizeDataset',
    document: SYNTHESIZE,
    prepare: async (ctx) => ({ variables: { i: { agreementId: await syntheticAgreement(ctx, rel(ctx)), columns: ['region', 'amount'], rows: 5, epsilon: 0.1 } } }),
    check: (data) => expect(data.synthesizeDataset.rows).toBe(5),
    // As for private queries: only the partner's analysts.
    expected: grid(`
                        own        partner    outsider
      PLATFORM_ADMIN    NOT_FOUND  NOT_FOUND  NOT_FOUND
      ORG_ADMIN         FORBIDDEN  FORBIDDEN  NOT_FOUND
      ANALYST           NOT_FOUND  ok         NOT_FOUND
      AUDITOR           FORBIDDEN  FORBIDDEN  NOT_FOUND
      PLATFORM_AUDITOR  FORBIDDEN  FORBIDDEN  FORBIDDEN
    `),
  },
  {
    name: 'syntheticDatasets',
    document: '{ syntheticDatasets { id agreement { id } } }',
    prepare: async (ctx) => ({ variables: {}, targetId: await syntheticOf(ctx) }),
    ids: (data) => data.syntheticDatasets.map((s: { id: string }) => s.id),
    expected: grid(SYNTHETIC_VISIBILITY),
  },
  {
    name: 'node',
    variant: 'SyntheticDataset',
    document: 'query($id: ID!) { node(id: $id) { id ... on SyntheticDataset { downloadPath agreement { id } } } }',
    prepare: async (ctx) => ({ variables: { id: await syntheticOf(ctx) } }),
    single: (data) => data.node,
    check: (data) => expect(data.node.downloadPath).toBe(`/v1/synthetic/${data.node.id}.csv`),
    expected: grid(`
                        own   partner  outsider
      PLATFORM_ADMIN    null  null     null
      ORG_ADMIN         ok    ok       null
      ANALYST           null  ok       null
      AUDITOR           null  null     null
      PLATFORM_AUDITOR  null  null     null
    `),
  },
];

