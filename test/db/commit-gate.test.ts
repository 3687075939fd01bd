import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { EntityManager } from 'typeorm';
import { ShutdownCoordinator } from '../../src/app/shutdown';
import { Transactor } from '../../src/db/transaction';
import { createHttpServer, type Route } from '../../src/http/http-server';
import { sendJson } from '../../src/http/respond';
import { openTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The shutdown's promise, "unfinished requests are rolled back", rests on the commit gate: checked
 * here step by step with a route whose transaction waits for the test to let it commit.
 */
describe('the commit gate at shutdown', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
    await db.dataSource.query('CREATE TABLE gate_probe (name text PRIMARY KEY)');
  });
  afterAll(() => db.close());

  /** `run`: a transaction of the pool's; `runOn`: one on a connection the work already holds (an upload's). */
  type Mode = 'run' | 'runOn';

  function serve(mode: Mode) {
    const coordinator = new ShutdownCoordinator(pino({ level: 'silent' }));
    const tx = new Transactor(db.dataSource, coordinator);
    const entered = new Map<string, () => void>();
    const arrived = new Map<string, () => void>();
    const releases = new Map<string, () => void>();
    const reached = (name: string) => new Promise<void>((resolve) => arrived.set(name, resolve));
    const handling = (name: string) => new Promise<void>((resolve) => entered.set(name, resolve));
    const route: Route = async (_req, res, path) => {
      const name = path.slice(1);
      entered.get(name)?.();
      const work = async (m: EntityManager) => {
        await m.query('INSERT INTO gate_probe (name) VALUES ($1)', [`${mode}-${name}`]);
        arrived.get(name)?.();
        await new Promise<void>((resolve) => releases.set(name, resolve));
      };
      if (mode === 'run') await tx.run(work);
      else {
        const runner = db.dataSource.createQueryRunner('master');
        try {
          await tx.runOn(runner, work);
        } finally {
          await runner.release();
        }
      }
      sendJson(res, 200, { committed: name });
      return true;
    };
    const server = createHttpServer({ routes: [route], log: pino({ level: 'silent' }), around: (req, res, path, handle) => coordinator.track(req, res, path, handle) });
    return { coordinator, server, reached, handling, release: (name: string) => releases.get(name)!() };
  }

  const names = async (mode: Mode) => ((await db.dataSource.query('SELECT name FROM gate_probe WHERE name LIKE $1 ORDER BY name', [`${mode}-%`])) as { name: string }[]).map((r) => r.name);

  it.each<Mode>(['run', 'runOn'])('%s: lets a request that finishes within the grace period commit, and rolls back and answers 503 the one that does not', async (mode) => {
    const { coordinator, server, reached, handling, release } = serve(mode);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const quickReached = reached('quick');
    const slowReached = reached('slow');
    const slowHandled = handling('slow');
    const quick = fetch(`${url}/quick`);
    await quickReached;
    // On the embedded database this one waits for the quick one's transaction; in flight either way.
    const slow = fetch(`${url}/slow`);
    await slowHandled;

    // Long enough for the steps below to happen within it, even on a busy machine.
    const done = coordinator.shutdown(server, 2_000, () => undefined);
    // A request that arrives while draining is refused at once, not cut off.
    const late = await fetch(`${url}/late`);
    expect(late.status).toBe(503);
    expect(await late.json()).toEqual({ error: { code: 'SHUTTING_DOWN', message: expect.any(String) } });

    release('quick');
    const quickRes = await quick;
    expect(quickRes.status).toBe(200);
    expect(await quickRes.json()).toEqual({ committed: 'quick' });

    const slowRes = await slow;
    expect(slowRes.status).toBe(503);
    expect(slowRes.headers.get('retry-after')).not.toBeNull();
    expect(await slowRes.json()).toEqual({ error: { code: 'SHUTTING_DOWN', message: expect.any(String) } });
    // The abandoned work goes on and reaches COMMIT only now: the gate refuses it.
    await slowReached;
    release('slow');
    await done;
    await new Promise((r) => setTimeout(r, 100));
    expect(await names(mode)).toEqual([`${mode}-quick`]);
  });
});
