// The module object itself, so that a spy sees the calls the server makes in this process.
import crypto from 'node:crypto';
import { legacySelector } from '../../src/auth/token-format';
import { ADMIN_TOKEN, codeOf, ok } from '../support/test-app';
import { createOrganization, createUser, type TestUser } from '../support/fixtures';
import { startLoggedTestApp, type LoggedTestApp } from './logged-test-app';

const ISSUE = `mutation($name: String!, $userId: ID, $expiresAt: DateTime) {
  issueApiToken(name: $name, userId: $userId, expiresAt: $expiresAt) { token apiToken { id prefix expiresAt lastUsedAt revokedAt user { id } } }
}`;
const REVOKE = 'mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }';
const TOKENS = '{ apiTokens { id name prefix lastUsedAt revokedAt expiresAt } }';
const ME = '{ me { id email } }';

interface Issued {
  token: string;
  id: string;
  prefix: string;
}

describe('API tokens', () => {
  let t: LoggedTestApp;
  let clock = Date.now();
  let org: string;
  let analyst: TestUser;

  beforeAll(async () => {
    t = await startLoggedTestApp({ now: () => new Date(clock) });
    org = await createOrganization(t, 'token-org');
    analyst = await createUser(t, org, 'analyst@token.test', ['ANALYST' as never]);
  });
  afterAll(() => t.close());

  async function issue(userId: string | null, expiresAt: Date | null = null, as = ADMIN_TOKEN): Promise<Issued> {
    const data = ok<{ issueApiToken: { token: string; apiToken: { id: string; prefix: string } } }>(
      await t.gql(ISSUE, { name: 'cli', userId, expiresAt: expiresAt?.toISOString() ?? null }, as),
    );
    return { token: data.issueApiToken.token, id: data.issueApiToken.apiToken.id, prefix: data.issueApiToken.apiToken.prefix };
  }

  async function lastAuthFailure(): Promise<{ details: Record<string, unknown>; outcome: string }> {
    const rows = await t.services.dataSource.query(`SELECT details, outcome FROM audit_events WHERE action = 'AUTH_FAILED' ORDER BY seq DESC LIMIT 1`);
    return rows[0];
  }

  it('issues prl_<selector>_<secret> tokens that authenticate their user', async () => {
    const issued = await issue(analyst.id);
    expect(issued.token).toMatch(/^prl_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(issued.token.startsWith(issued.prefix + '_')).toBe(true);
    expect(ok<{ me: { id: string } }>(await t.gql(ME, {}, issued.token)).me.id).toBe(analyst.id);
  });

  it('stops accepting a token once it expires (injected clock)', async () => {
    const issued = await issue(analyst.id, new Date(clock + 60 * 60_000));
    expect(codeOf(await t.gql(ME, {}, issued.token))).toBeUndefined();
    clock += 59 * 60_000;
    expect(codeOf(await t.gql(ME, {}, issued.token))).toBeUndefined();
    clock += 2 * 60_000;
    expect(codeOf(await t.gql(ME, {}, issued.token))).toBe('UNAUTHENTICATED');
    expect(await lastAuthFailure()).toMatchObject({ outcome: 'DENIED', details: { reason: 'token expired', tokenSelector: issued.prefix.slice(4) } });
  });

  it('refuses an expiry in the past', async () => {
    const res = await t.gql(ISSUE, { name: 'late', userId: analyst.id, expiresAt: new Date(clock - 1000).toISOString() });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('expiresAt');
  });

  it('stops accepting a revoked token at once; revoking again changes nothing', async () => {
    const issued = await issue(analyst.id);
    expect(codeOf(await t.gql(ME, {}, issued.token))).toBeUndefined();
    const revoked = ok<{ revokeApiToken: { id: string; revokedAt: string } }>(await t.gql(REVOKE, { id: issued.id }, analyst.token));
    expect(revoked.revokeApiToken.revokedAt).toBeTruthy();
    expect(codeOf(await t.gql(ME, {}, issued.token))).toBe('UNAUTHENTICATED');
    expect(await lastAuthFailure()).toMatchObject({ details: { reason: 'token revoked' } });
    const again = ok<{ revokeApiToken: { revokedAt: string } }>(await t.gql(REVOKE, { id: issued.id }));
    expect(again.revokeApiToken.revokedAt).toBe(revoked.revokeApiToken.revokedAt);
  });

  it("stops every token of a disabled user at once, and issues it no new one", async () => {
    const user = await createUser(t, org, 'leaver@token.test', ['ANALYST' as never]);
    const second = await issue(user.id);
    expect(codeOf(await t.gql(ME, {}, user.token))).toBeUndefined();
    expect(codeOf(await t.gql(ME, {}, second.token))).toBeUndefined();
    ok(await t.gql('mutation($u: ID!) { disableUser(userId: $u) { disabledAt } }', { u: user.id }));
    expect(codeOf(await t.gql(ME, {}, user.token))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(ME, {}, second.token))).toBe('UNAUTHENTICATED');
    expect(await lastAuthFailure()).toMatchObject({ details: { reason: 'user disabled' } });
    expect(codeOf(await t.gql(ISSUE, { name: 'x', userId: user.id }))).toBe('BAD_USER_INPUT');
  });

  it('refuses a valid selector with a tampered secret, and records the selector (never the secret)', async () => {
    const issued = await issue(analyst.id);
    const last = issued.token.at(-1)!;
    const tampered = issued.token.slice(0, -1) + (last === 'a' ? 'b' : 'a');
    const res = await t.gql(ME, {}, tampered);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    const failure = await lastAuthFailure();
    expect(failure.details).toMatchObject({ reason: 'unknown token', tokenSelector: issued.prefix.slice(4) });
    expect(JSON.stringify(failure)).not.toContain(tampered.slice(issued.prefix.length + 1));
    // The genuine token still works: a wrong guess does not lock its owner out.
    expect(codeOf(await t.gql(ME, {}, issued.token))).toBeUndefined();
  });

  it('compares secrets with crypto.timingSafeEqual, also when the selector is unknown', async () => {
    const issued = await issue(analyst.id);
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      await t.gql(ME, {}, issued.token);
      expect(spy).toHaveBeenCalledTimes(1);
      await t.gql(ME, {}, issued.token.slice(0, -2) + 'zz');
      expect(spy).toHaveBeenCalledTimes(2);
      await t.gql(ME, {}, 'prl_0123456789abcdef_' + 'A'.repeat(43));
      expect(spy).toHaveBeenCalledTimes(3);
      expect(spy.mock.results.map((r) => r.value)).toEqual([true, false, false]);
    } finally {
      spy.mockRestore();
    }
  });

  it('keeps lastUsedAt without writing on every request: at most once a minute per token', async () => {
    const issued = await issue(analyst.id);
    const lastUsed = async () => {
      const rows = await t.services.dataSource.query('SELECT last_used_at FROM api_tokens WHERE id = $1', [issued.id]);
      return rows[0].last_used_at as Date | null;
    };
    const settle = async (expected: number | null) => {
      for (let i = 0; i < 50; i++) {
        const v = await lastUsed();
        if ((v?.getTime() ?? null) === expected) return v;
        await new Promise((r) => setTimeout(r, 20));
      }
      return lastUsed();
    };
    expect(await lastUsed()).toBeNull();
    const first = clock;
    await t.gql(ME, {}, issued.token);
    expect((await settle(first))?.getTime()).toBe(first);
    clock += 30_000;
    await t.gql(ME, {}, issued.token);
    await t.gql(ME, {}, issued.token);
    await new Promise((r) => setTimeout(r, 100));
    expect((await lastUsed())?.getTime()).toBe(first);
    clock += 31_000;
    await t.gql(ME, {}, issued.token);
    expect((await settle(clock))?.getTime()).toBe(clock);
    const listed = ok<{ apiTokens: { id: string; lastUsedAt: string }[] }>(await t.gql(TOKENS, {}, analyst.token));
    expect(listed.apiTokens.find((x) => x.id === issued.id)?.lastUsedAt).toBe(new Date(clock).toISOString());
  });

  it('gives the operator-chosen bootstrap token a derived selector and a prefix that shows none of it', async () => {
    const rows = await t.services.dataSource.query(`SELECT t.selector, t.prefix, t.secret_hash FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = 'admin@localhost'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].selector).toMatch(/^x[0-9a-f]{15}$/);
    for (const v of Object.values(rows[0]) as string[]) expect(v).not.toContain(ADMIN_TOKEN.slice(0, 12));
    expect(codeOf(await t.gql(ME))).toBeUndefined();
  });

  it('keeps a bootstrap token stored with the old unkeyed selector working, and moves it to the keyed one', async () => {
    const [row] = await t.services.dataSource.query(`SELECT t.id, t.selector FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = 'admin@localhost'`);
    const legacy = legacySelector(ADMIN_TOKEN)!;
    expect(row.selector).not.toBe(legacy);
    // As an earlier version stored it: the first 60 bits of an unsalted SHA-256 of the token.
    await t.services.dataSource.query('UPDATE api_tokens SET selector = $2 WHERE id = $1', [row.id, legacy]);
    // As a process started after that version would: nothing of this token in its authentication cache.
    t.services.authenticator.forget([row.id]);
    expect(codeOf(await t.gql(ME))).toBeUndefined();
    const [after] = await t.services.dataSource.query('SELECT selector, prefix FROM api_tokens WHERE id = $1', [row.id]);
    expect(after.selector).toBe(row.selector);
    expect(after.prefix).toBe(`(bootstrap ${row.selector.slice(1, 7)})`);
    // A wrong token whose legacy selector is known still fails, and its event never names the legacy selector.
    await t.gql(ME, {}, ADMIN_TOKEN + 'x');
    const trail = JSON.stringify(await t.services.dataSource.query(`SELECT details FROM audit_events`));
    expect(trail).not.toContain(legacy);
  });

  it('shows the secret in exactly one response: not in later responses, the database, the audit trail or the logs', async () => {
    const issued = await issue(analyst.id, null, analyst.token);
    const secret = issued.token.slice(issued.prefix.length + 1);
    ok(await t.gql(ME, {}, issued.token));
    ok(await t.gql(TOKENS, {}, issued.token));
    ok(await t.gql(TOKENS));
    ok(await t.gql('{ users { id } }'));
    await t.gql(ME, {}, issued.token + 'x');
    ok(await t.gql(REVOKE, { id: issued.id }, analyst.token));
    await t.gql(ME, {}, issued.token);

    expect(t.responses.filter((r) => r.includes(secret))).toHaveLength(1);
    const tables = ['api_tokens', 'audit_events', 'users'];
    for (const table of tables) {
      const dump = JSON.stringify(await t.services.dataSource.query(`SELECT * FROM ${table}`));
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(ADMIN_TOKEN);
    }
    expect(t.logLines.length).toBeGreaterThan(0);
    expect(t.logLines.join('\n')).not.toContain(secret);
    expect(t.logLines.join('\n')).not.toContain(ADMIN_TOKEN);
  });
});
