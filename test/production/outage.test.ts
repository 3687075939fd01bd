import 'reflect-metadata';
import { eventHash, GENESIS_HASH } from '../../src/audit/audit-hash';
import { createDataSource } from '../../src/db/data-source';
import { TcpProxy } from '../support/tcp-proxy';
import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import type { TestDatabase } from '../support/test-database';

const CREATE_ORG = 'mutation($s: String!) { createOrganization(name: $s, slug: $s) { id } }';

describe('the database goes away and comes back', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let direct: TestDatabase;

  beforeAll(async () => {
    t = await startTestApp({}, {
      wrapDatabase: async (db) => {
        direct = db;
        const target = new URL(db.url);
        proxy = new TcpProxy(target.hostname, Number(target.port));
        await proxy.start();
        const dataSource = createDataSource({ url: proxy.url(db.url), poolSize: 4 });
        await dataSource.initialize();
        return {
          ...db,
          dataSource,
          close: async () => {
            await dataSource.destroy().catch(() => undefined);
            await proxy.stop();
            await db.close();
          },
        };
      },
    });
  });
  afterAll(() => t.close());

  it('fails requests cleanly, reports not ready, and recovers with nothing lost or doubled', async () => {
    ok(await t.gql(CREATE_ORG, { s: 'before-outage' }));

    await proxy.stop();
    const during = await Promise.all([t.gql(CREATE_ORG, { s: 'during-outage' }), t.gql('{ organizations { id } }')]);
    for (const res of during) {
      expect(codeOf(res)).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(res)).not.toMatch(/ECONNREFUSED|SELECT|INSERT|stack/i);
    }
    expect((await fetch(`${t.url}/readyz`)).status).toBe(503);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);

    await proxy.start();
    await waitFor(async () => (await fetch(`${t.url}/readyz`)).status === 200);
    ok(await t.gql(CREATE_ORG, { s: 'after-outage' }));

    const slugs = (ok(await t.gql('{ organizations { slug } }')) as { organizations: { slug: string }[] }).organizations.map((o) => o.slug);
    expect(slugs).toEqual(expect.arrayContaining(['before-outage', 'after-outage']));
    expect(slugs).not.toContain('during-outage');

    // The audit trail: one event per created organization, seq gap-free, chain intact.
    const rows = await direct.dataSource.query(
      `SELECT seq, at, actor_id, actor_organization_id, action, resource_type, resource_id, outcome, details, prev_hash, hash
         FROM audit_events ORDER BY seq`,
    );
    let prev = GENESIS_HASH;
    rows.forEach((r: Record<string, any>, i: number) => {
      expect(Number(r.seq)).toBe(i + 1);
      expect(r.prev_hash).toBe(prev);
      const hash = eventHash(prev, {
        seq: Number(r.seq),
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id,
        actorOrganizationId: r.actor_organization_id,
        action: r.action,
        resourceType: r.resource_type,
        resourceId: r.resource_id,
        outcome: r.outcome,
        details: r.details,
      });
      expect(r.hash).toBe(hash);
      prev = hash;
    });
    const created = rows.filter((r: Record<string, any>) => r.action === 'ORGANIZATION_CREATED').map((r: Record<string, any>) => r.details.slug);
    expect(created.sort()).toEqual(['after-outage', 'before-outage']);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out waiting for recovery');
}
