import { grant, grantInput } from '../agreements/agreement-api';
import { createDataset } from '../support/dataset-fixture';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';

/**
 * A partner sees a dataset's metadata only while one of its agreements on it is ACTIVE or
 * SUSPENDED. The attack: keep reading name, description, version and columns through the
 * agreement (and every other path that leads to a dataset) after a revocation or a deletion.
 */
describe('attack: a revoked partner keeps reading dataset metadata', () => {
  let t: TestApp;
  let w: TwoOrgWorld;
  beforeAll(async () => {
    t = await startTestApp();
    w = await createWorld(t);
  });
  afterAll(() => t.close());

  const METADATA = 'dataset { id name description version columns { name } }';
  const paths = (agreementId: string, datasetId: string) => ({
    agreement: { query: `query($id: ID!) { agreement(id: $id) { id ${METADATA} } }`, variables: { id: agreementId } },
    agreements: { query: `{ agreements { id ${METADATA} } }`, variables: {} },
    budgetUsage: { query: `{ budgetUsage { agreement { id ${METADATA} } } }`, variables: {} },
    datasetAgreements: { query: `query($id: ID!) { dataset(id: $id) { agreements { id ${METADATA} } } }`, variables: { id: datasetId } },
  });

  /** Every path as `token`: the dataset's name if any answer carried it, else what each path answered. */
  async function readThroughEveryPath(token: string, agreementId: string, datasetId: string, name: string) {
    const answers: Record<string, { leaked: boolean; code: string | undefined }> = {};
    for (const [path, { query, variables }] of Object.entries(paths(agreementId, datasetId))) {
      const res = await t.gql(query, variables, token);
      answers[path] = { leaked: JSON.stringify(res.data ?? null).includes(name), code: codeOf(res) };
    }
    const direct = await t.gql('query($id: ID!) { dataset(id: $id) { name } }', { id: datasetId }, token);
    answers.dataset = { leaked: JSON.stringify(direct.data ?? null).includes(name), code: codeOf(direct) };
    return answers;
  }

  async function sharedDataset(name: string) {
    const datasetId = await createDataset(t, w.users.ownerAdmin.token, name);
    const a = await grant(t, w.users.ownerAdmin.token, grantInput(datasetId, w.partner));
    return { datasetId, agreementId: a.id as string };
  }

  it('shows the metadata while the agreement is ACTIVE or SUSPENDED', async () => {
    const { datasetId, agreementId } = await sharedDataset('visible_while_live');
    const active = await t.gql(paths(agreementId, datasetId).agreement.query, { id: agreementId }, w.users.partnerAnalyst.token);
    expect(ok<any>(active).agreement.dataset.name).toBe('visible_while_live');
    ok(await t.gql('mutation($id: ID!) { suspendAgreement(id: $id) { id } }', { id: agreementId }, w.users.ownerAdmin.token));
    const suspended = await t.gql(paths(agreementId, datasetId).agreement.query, { id: agreementId }, w.users.partnerAnalyst.token);
    expect(ok<any>(suspended).agreement.dataset.name).toBe('visible_while_live');
  });

  it('answers NOT_FOUND on every path after REVOKE, for every partner role', async () => {
    const name = 'hidden_after_revoke';
    const { datasetId, agreementId } = await sharedDataset(name);
    ok(await t.gql('mutation($id: ID!) { revokeAgreement(id: $id) { id } }', { id: agreementId }, w.users.ownerAdmin.token));
    for (const role of ['partnerAnalyst', 'partnerAdmin', 'partnerAuditor'] as const) {
      const answers = await readThroughEveryPath(w.users[role].token, agreementId, datasetId, name);
      for (const [path, answer] of Object.entries(answers)) {
        expect({ role, path, leaked: answer.leaked }).toEqual({ role, path, leaked: false });
      }
      expect(answers.agreement!.code).toBe('NOT_FOUND');
      expect(answers.agreements!.code).toBe('NOT_FOUND');
      expect(answers.budgetUsage!.code).toBe('NOT_FOUND');
    }
    // The partner still sees that its agreement existed, only not the dataset behind it.
    const own = ok<any>(await t.gql('query($id: ID!) { agreement(id: $id) { id status } }', { id: agreementId }, w.users.partnerAnalyst.token));
    expect(own.agreement).toEqual({ id: agreementId, status: 'REVOKED' });
    // The owner keeps its own history, dataset included.
    const owner = ok<any>(await t.gql(paths(agreementId, datasetId).agreement.query, { id: agreementId }, w.users.ownerAdmin.token));
    expect(owner.agreement.dataset.name).toBe(name);
  });

  it('answers NOT_FOUND on every path once the agreement has EXPIRED', async () => {
    const name = 'hidden_after_expiry';
    const datasetId = await createDataset(t, w.users.ownerAdmin.token, name);
    // Far enough ahead that a slow machine still grants it; then wait until it has passed.
    const expiresAt = new Date(Date.now() + 4_000);
    const a = await grant(t, w.users.ownerAdmin.token, grantInput(datasetId, w.partner, { expiresAt: expiresAt.toISOString() }));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt.getTime() - Date.now()) + 300));
    const seen = ok<any>(await t.gql('query($id: ID!) { agreement(id: $id) { status } }', { id: a.id }, w.users.partnerAnalyst.token));
    expect(seen.agreement.status).toBe('EXPIRED');
    const answers = await readThroughEveryPath(w.users.partnerAnalyst.token, a.id, datasetId, name);
    for (const [path, answer] of Object.entries(answers)) expect({ path, leaked: answer.leaked }).toEqual({ path, leaked: false });
    expect(answers.agreement!.code).toBe('NOT_FOUND');
  });

  it('answers NOT_FOUND on every path after deleteDataset', async () => {
    const name = 'hidden_after_delete';
    const { datasetId, agreementId } = await sharedDataset(name);
    ok(await t.gql('mutation($id: ID!) { deleteDataset(id: $id) }', { id: datasetId }, w.users.ownerAdmin.token));
    for (const role of ['partnerAnalyst', 'partnerAdmin', 'partnerAuditor', 'outsiderAuditor'] as const) {
      const answers = await readThroughEveryPath(w.users[role].token, agreementId, datasetId, name);
      for (const [path, answer] of Object.entries(answers)) {
        expect({ role, path, leaked: answer.leaked }).toEqual({ role, path, leaked: false });
      }
    }
    const answers = await readThroughEveryPath(w.users.partnerAnalyst.token, agreementId, datasetId, name);
    expect(answers.agreement!.code).toBe('NOT_FOUND');
    // The owner and the platform auditor keep the history, tombstone included.
    for (const token of [w.users.ownerAdmin.token, w.users.platformAuditor.token]) {
      const kept = ok<any>(await t.gql(paths(agreementId, datasetId).agreement.query, { id: agreementId }, token));
      expect(kept.agreement.dataset.name).toBe(name);
    }
  });
});
