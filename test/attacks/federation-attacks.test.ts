import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { FEDERATED, federatedInput, REGISTER_PEER, shareVisits, type SharingDeployment } from '../federation/federation-support';
import { VISITS } from '../queries/query-support';

/**
 * A peer is another organization's deployment: it may lie, misbehave or try to pull the token
 * elsewhere. Whatever it does, the coordinator answers with a reported part error (never a 500,
 * never its own internals), sends the token to the registered URL only, and releases nothing a
 * part did not release.
 */

type Behaviour = (body: { query: string; variables: Record<string, unknown> }, res: ServerResponse) => void;

const COLUMNS = VISITS.columns.map((c) => ({ name: c.name, type: c.type, categories: (c as { categories?: string[] }).categories ?? null, lowerBound: null, upperBound: null }));

function json(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Answers registration and the column check like a Parley peer; the query itself as `behaviour` says. */
function hostilePeer(behaviour: { current: Behaviour }, seen: { url: string; authorization: string | undefined }[]): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      const body = JSON.parse(text || '{}') as { query: string; variables: Record<string, unknown> };
      if (body.query?.includes('me {')) return json(res, { data: { me: { id: 'x', roles: ['ANALYST'] } } });
      if (body.query?.includes('ParleyFederationDescribe')) {
        return json(res, { data: { agreement: { id: body.variables.id, dataset: { columns: COLUMNS } } } });
      }
      behaviour.current(body, res);
    });
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const HOSTILE_TOKEN = 'prl_00112233445566aa_hostile-peer-token-secret-part-0123456789abc';

describe('attacks through a federation peer', () => {
  let t: TestApp;
  let a: SharingDeployment;
  let peer: Server;
  let elsewhere: Server;
  let peerUrl: string;
  let elsewhereUrl: string;
  let peerId: string;
  const behaviour: { current: Behaviour } = { current: (_b, res) => json(res, { data: null }) };
  const seenByPeer: { url: string; authorization: string | undefined }[] = [];
  const seenElsewhere: { url: string; authorization: string | undefined }[] = [];
  const agreementOnPeer = '11111111-2222-4333-8444-555555555555';

  beforeAll(async () => {
    t = await startTestApp();
    a = await shareVisits(t, 'attacked');
    peer = hostilePeer(behaviour, seenByPeer);
    elsewhere = hostilePeer({ current: (_b, res) => json(res, { data: null }) }, seenElsewhere);
    peerUrl = await listen(peer);
    elsewhereUrl = await listen(elsewhere);
    peerId = ok<{ registerPeer: { id: string } }>(
      await t.gql(REGISTER_PEER, { i: { name: 'hostile', url: `${peerUrl}/graphql`, token: HOSTILE_TOKEN } }, a.partnerAdmin.token),
    ).registerPeer.id;
  }, 120_000);

  afterAll(async () => {
    await new Promise((r) => peer.close(r));
    await new Promise((r) => elsewhere.close(r));
    await t.close();
  });

  const run = async () => {
    const input = federatedInput([
      { peerId: null, agreementId: a.agreementId },
      { peerId, agreementId: agreementOnPeer },
    ], { aggregations: [{ function: 'COUNT' }], groupBy: ['dept'] });
    const res = await t.gql(FEDERATED, { i: input }, a.analyst.token);
    return ok<{ federatedAggregate: any }>(res).federatedAggregate;
  };

  it.each<[string, Behaviour, string]>([
    ['values that are not numbers', (_b, res) => json(res, { data: { privateAggregate: { groups: [{ key: ['a'], values: [{ value: 'lots' }] }] } } }), 'INCOMPATIBLE_ANSWER'],
    ['no noise distribution (so no honest error bound)', (_b, res) => json(res, { data: { privateAggregate: fakeResult({ noise: null }) } }), 'INCOMPATIBLE_ANSWER'],
    ['an unknown noise family', (_b, res) => json(res, { data: { privateAggregate: fakeResult({ noise: { family: 'made-up', granularity: 1, scale: 1 } }) } }), 'INCOMPATIBLE_ANSWER'],
    ['a body that is not JSON', (_b, res) => (res.writeHead(200, { 'content-type': 'text/html' }), res.end('<html>')), 'PEER_UNREACHABLE'],
    ['an HTTP 500 with a stack trace', (_b, res) => json(res, { stack: 'Error: at /srv/peer.js:1' }, 500), 'PEER_UNREACHABLE'],
    ['a redirect to another server', (_b, res) => (res.writeHead(307, { location: `${elsewhereUrl}/graphql` }), res.end()), 'PEER_UNREACHABLE'],
  ])('a peer answering %s is a reported part error; the local part still counts', async (_what, b, code) => {
    behaviour.current = b;
    const r = await run();
    expect(r.parts.map((p: any) => p.errorCode)).toEqual([null, code]);
    expect(r.parts[1].result).toBeNull();
    expect(r.complete).toBe(false);
    expect(r.groups.map((g: any) => g.values[0].value)).toEqual(r.parts[0].result.groups.map((g: any) => g.values[0].value));
    expect(JSON.stringify(r)).not.toContain('/srv/peer.js');
  });

  it('sends the token to the registered URL only, never to where a redirect points', () => {
    expect(seenByPeer.length).toBeGreaterThan(0);
    expect(new Set(seenByPeer.map((s) => s.url))).toEqual(new Set(['/graphql']));
    expect(seenByPeer.every((s) => s.authorization === `Bearer ${HOSTILE_TOKEN}`)).toBe(true);
    expect(seenElsewhere).toEqual([]);
  });

  it('does not let a peer’s group keys or bins that the others lack into the combination', async () => {
    behaviour.current = (_b, res) => json(res, { data: { privateAggregate: fakeResult({ key: ['zzz-invented'] }) } });
    const r = await run();
    // The peer's answer is valid but shares no group with the local part: nothing is combined.
    expect(r.parts.map((p: any) => p.errorCode)).toEqual([null, null]);
    expect(r.groups).toEqual([]);
  });

  it('never returns or audits the peer token, whatever the peer answers', async () => {
    behaviour.current = (_b, res) => json(res, { errors: [{ message: `you sent ${HOSTILE_TOKEN}`, extensions: { code: 'FORBIDDEN' } }] });
    const r = await run();
    expect(r.parts[1].errorCode).toBe('FORBIDDEN');
    expect(r.parts[1].errorMessage).toBe('you sent [token]');
    const rows = await t.services.dataSource.query(`SELECT details FROM audit_events`);
    expect(JSON.stringify(rows)).not.toContain(HOSTILE_TOKEN.slice(21));
    const [stored] = await t.services.dataSource.query('SELECT token_ciphertext, token_prefix FROM federation_peers WHERE id = $1', [peerId]);
    expect(stored.token_ciphertext).not.toContain(HOSTILE_TOKEN.slice(21));
    expect(stored.token_prefix).toBe('prl_00112233445566aa');
  });

  it('refuses a peer id of another organization as NOT_FOUND, before contacting anyone', async () => {
    const other = await shareVisits(t, 'other-org');
    const before = seenByPeer.length;
    const input = federatedInput([{ peerId, agreementId: agreementOnPeer }]);
    expect(codeOf(await t.gql(FEDERATED, { i: input }, other.analyst.token))).toBe('NOT_FOUND');
    expect(seenByPeer.length).toBe(before);
  });
});

/** A well-formed privateAggregate answer for one COUNT in group `key`, with `override` on its value. */
function fakeResult(override: { noise?: unknown; key?: string[] }) {
  return {
    queryId: '99999999-2222-4333-8444-555555555555',
    agreementId: '11111111-2222-4333-8444-555555555555',
    datasetVersion: 1,
    epsilonSpent: 0.5,
    deltaSpent: 0,
    suppressedGroups: 0,
    cached: false,
    executedAt: new Date().toISOString(),
    budget: { epsilonTotal: 10, epsilonSpent: 0.5, epsilonRemaining: 9.5, queriesRun: 1, deltaTotal: 0, deltaSpent: 0, deltaRemaining: 0, periodStartedAt: new Date().toISOString(), refillsAt: null },
    groups: [
      {
        key: override.key ?? ['a'],
        values: [
          {
            function: 'COUNT',
            column: null,
            quantile: null,
            bin: null,
            value: 10,
            errorBound95: 6,
            mechanism: 'discrete-laplace',
            sumPart: null,
            countPart: null,
            centre: null,
            noise: 'noise' in override ? override.noise : { family: 'discrete-laplace', granularity: 1, scale: 2 },
            countNoise: null,
          },
        ],
      },
    ],
  };
}
