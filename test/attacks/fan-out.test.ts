import { EntityManager } from 'typeorm';
import { DatasetEntity } from '../../src/datasets/dataset.entity';
import { createDataset } from '../support/dataset-fixture';
import { createOrganization, createWorld, type TwoOrgWorld } from '../support/fixtures';
import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { insertAgreement } from '../datasets/dataset-support';

const PARTNERS = 12;

/** The issue's 149-character document: four levels of dataset → agreements. */
const deep = (id: string) => `{dataset(id:"${id}"){agreements{dataset{agreements{dataset{agreements{dataset{agreements{id}}}}}}}}}`;
const aliased = (id: string) => `{${['a', 'b', 'c'].map((a) => `${a}:dataset(id:"${id}"){agreements{dataset{agreements{dataset{agreements{dataset{agreements{id}}}}}}}}`).join(' ')}}`;
const twoLevels = (id: string) => `{dataset(id:"${id}"){agreements{dataset{agreements{id}}}}}`;
const oneLevel = (id: string) => `{dataset(id:"${id}"){agreements{id dataset{id}}}}`;

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const result = await f();
  return [result, Date.now() - started];
}

describe('attack: fanning out through nested lists', () => {
  let t: TestApp;
  let w: TwoOrgWorld;
  let dataset: string;

  beforeAll(async () => {
    // A low lookup cap, so that a document the price admits can still be stopped by what it finds.
    t = await startTestApp({ PARLEY_MAX_DB_ROUND_TRIPS: '20' });
    w = await createWorld(t);
    dataset = await createDataset(t, w.users.ownerAdmin.token);
    for (let i = 0; i < PARTNERS; i++) {
      const partner = await createOrganization(t, `fan-partner-${i}`);
      await insertAgreement(t, dataset, w.owner, partner, w.users.ownerAdmin.id);
    }
  });
  afterAll(() => t.close());

  it.each([
    ['four levels', deep],
    ['four levels, three aliases', aliased],
  ])('refuses %s before running it, quickly and with a small answer', async (_name, doc) => {
    const [res, ms] = await timed(() => t.gql(doc(dataset), {}, w.users.ownerAdmin.token));
    expect(codeOf(res)).toBe('QUERY_TOO_COMPLEX');
    expect(res.data ?? null).toBeNull();
    expect(JSON.stringify(res).length).toBeLessThan(2_000);
    expect(ms).toBeLessThan(2_000);
  });

  it('stops a document whose price passes but whose data fans out past the lookup cap: one error, no partial data', async () => {
    const res = await t.gql(twoLevels(dataset), {}, w.users.ownerAdmin.token);
    expect(res.errors).toHaveLength(1);
    expect(codeOf(res)).toBe('QUERY_TOO_COMPLEX');
    expect(res.data ?? null).toBeNull();
  });

  it('answers a shallow document in full, looking the shared dataset up once', async () => {
    // Calls through: it only counts the real lookups of datasets by id (the request's DataLoader).
    const lookups = jest.spyOn(EntityManager.prototype, 'findBy');
    try {
      const data = ok<{ dataset: { agreements: { id: string; dataset: { id: string } }[] } }>(await t.gql(oneLevel(dataset), {}, w.users.ownerAdmin.token));
      expect(data.dataset.agreements).toHaveLength(PARTNERS);
      expect(data.dataset.agreements.every((a) => a.dataset.id === dataset)).toBe(true);
      expect(lookups.mock.calls.filter(([entity]) => entity === DatasetEntity)).toHaveLength(1);
    } finally {
      lookups.mockRestore();
    }
  });

  it('leaves other tenants unaffected while the attack runs', async () => {
    const attack = Promise.all(Array.from({ length: 6 }, () => t.gql(aliased(dataset), {}, w.users.ownerAdmin.token)));
    const [me, ms] = await timed(() => t.gql('{ me { id } }', {}, w.users.partnerAnalyst.token));
    expect(ok<{ me: { id: string } }>(me).me.id).toBe(w.users.partnerAnalyst.id);
    expect(ms).toBeLessThan(2_000);
    expect((await attack).map(codeOf)).toEqual(Array(6).fill('QUERY_TOO_COMPLEX'));
  });
});
