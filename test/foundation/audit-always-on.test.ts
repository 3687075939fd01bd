import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../audit/built-code';
import { startServerProcess } from '../support/server-process';
import { copyEmbeddedTemplate, usingPostgres } from '../support/test-database';

async function gql(url: string, token: string, query: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: any; errors?: unknown[] };
}

// The server runs on an embedded data directory: the run against PostgreSQL would repeat exactly this test.
const suite = usingPostgres ? describe.skip : describe;

suite('the shipped server', () => {
  it('audits even with the former benchmark switch PARLEY_BENCH_AUDIT_OFF=1 set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-audit-on-'));
    copyEmbeddedTemplate(join(dir, 'data'));
    const server = await startServerProcess({ PARLEY_DATA_DIR: join(dir, 'data'), PARLEY_BENCH_AUDIT_OFF: '1' });
    try {
      const token = /(prl_[A-Za-z0-9_-]+)/.exec(server.output())![1]!;
      const created = await gql(server.url, token, 'mutation { createOrganization(name: "Still audited", slug: "still-audited") { id } }');
      expect(created.errors).toBeUndefined();
      expect((await server.stop()).code).toBe(0);
      // The trail as an auditor exports it, with the variable still set.
      const exported = await run(['bin/parley.js', 'audit', 'export'], { PARLEY_DATA_DIR: join(dir, 'data'), PARLEY_BENCH_AUDIT_OFF: '1' });
      expect(exported.code).toBe(0);
      const events = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as { action: string; resourceId: string | null });
      expect(events).toContainEqual(expect.objectContaining({ action: 'ORGANIZATION_CREATED', resourceId: created.data.createOrganization.id }));
    } finally {
      if (server.child.exitCode === null) await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
