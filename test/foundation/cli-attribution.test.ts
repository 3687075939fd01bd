import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBuild, run } from '../audit/built-code';
import { PATIENTS, createDataset } from '../datasets/dataset-support';
import { usingPostgres } from '../support/test-database';
import { TEST_SECRET, ok, startTestApp, type TestApp } from '../support/test-app';

interface Row {
  seq: string;
  action: string;
  actor_id: string | null;
  actor_organization_id: string | null;
}

/** Every CLI command, run as operators run it (the built CLI in its own process), names its operator. */
describe('CLI attribution', () => {
  let t: TestApp;
  let dir: string;
  let admin: { id: string; organizationId: string };
  let cli: (...args: string[]) => ReturnType<typeof run>;

  beforeAll(async () => {
    requireBuild();
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-actor-'));
    const me = ok<{ me: { id: string; organization: { id: string } } }>(await t.gql('{ me { id organization { id } } }'));
    admin = { id: me.me.id, organizationId: me.me.organization.id };
    cli = (...args) => run(['bin/parley.js', '--database-url', t.app.database.url, ...args], { PARLEY_SECRET: TEST_SECRET });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const head = async () => Number((await t.services.dataSource.query('SELECT coalesce(max(seq), 0) AS s FROM audit_events'))[0].s);
  /** Runs one command and returns the events it appended. */
  async function eventsOf(...args: string[]): Promise<{ stdout: string; events: Row[] }> {
    const before = await head();
    const out = await cli(...args);
    expect({ code: out.code, stderr: out.code === 0 ? '' : out.stderr }).toEqual({ code: 0, stderr: '' });
    const events: Row[] = await t.services.dataSource.query(
      'SELECT seq, action, actor_id, actor_organization_id FROM audit_events WHERE seq > $1 ORDER BY seq',
      [before],
    );
    return { stdout: out.stdout, events };
  }
  const byOperator = (events: Row[]) => {
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect({ action: e.action, actor: e.actor_id, org: e.actor_organization_id }).toEqual({ action: e.action, actor: admin.id, org: admin.organizationId });
  };

  it('names admin@localhost as the actor of bootstrap, org create, user create, token issue and ingest', async () => {
    const boot = await eventsOf('bootstrap');
    expect(boot.events.map((e) => e.action)).toEqual(['TOKEN_ISSUED']);
    byOperator(boot.events);

    const org = await eventsOf('org', 'create', '--name', 'Attributed', '--slug', 'attributed');
    expect(org.events.map((e) => e.action)).toEqual(['ORGANIZATION_CREATED']);
    byOperator(org.events);

    const user = await eventsOf('user', 'create', '--org', 'attributed', '--email', 'owner@attributed.test', '--roles', 'ORG_ADMIN');
    byOperator(user.events);

    const issued = await eventsOf('token', 'issue', '--email', 'owner@attributed.test');
    byOperator(issued.events);
    const ownerToken = issued.stdout.trim().split('\n').at(-1)!;

    // Reaching the embedded database through --database-url looks like PostgreSQL, whose COPY path it
    // lacks; the CLI's own embedded path (PARLEY_DATA_DIR) is covered by the lock tests.
    if (!usingPostgres) return;
    const dataset = await createDataset(t, ownerToken, PATIENTS);
    const file = join(dir, 'rows.csv');
    writeFileSync(file, 'patient_id,age\na,1\nb,2\n');
    const ingest = await eventsOf('ingest', dataset, file, '--no-progress');
    expect(ingest.events.map((e) => e.action)).toContain('DATA_INGESTED');
    byOperator(ingest.events);
  });
});
