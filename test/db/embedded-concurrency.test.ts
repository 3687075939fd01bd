import 'reflect-metadata';
import { Pool } from 'pg';
import type { EmbeddedDatabase } from '../../src/db/embedded';
import { startEmbeddedFromTemplate, usingPostgres } from '../support/test-database';

/**
 * PGlite has one session. Several pooled connections share it through the socket server, which
 * must keep each connection's extended-protocol sequence (Parse/Bind/Describe/Execute … Sync)
 * together — otherwise one connection's unnamed statement is replaced by another's and queries
 * return someone else's rows.
 */
// The embedded database's own socket server: the run against PostgreSQL would repeat exactly this test.
const suite = usingPostgres ? describe.skip : describe;

suite('the embedded database under concurrent connections', () => {
  let db: EmbeddedDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await startEmbeddedFromTemplate();
    pool = new Pool({ connectionString: db.url, max: 8 });
    await pool.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
    await pool.query("INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 200) g");
  }, 60_000);

  afterAll(async () => {
    await pool.end();
    await db.close();
  });

  it('answers every parameterized query with its own rows', async () => {
    const work = Array.from({ length: 400 }, async (_, i) => {
      const id = (i % 200) + 1;
      if (i % 5 === 0) {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          const r = await c.query('SELECT v FROM t WHERE id = $1', [id]);
          await c.query('COMMIT');
          return r.rows[0]?.v === `v${id}`;
        } finally {
          c.release();
        }
      }
      const r = await pool.query('SELECT v, $2::int AS echo FROM t WHERE id = $1', [id, i]);
      return r.rows[0]?.v === `v${id}` && r.rows[0]?.echo === i;
    });
    const results = await Promise.all(work);
    expect(results.filter((ok) => !ok)).toHaveLength(0);
  }, 60_000);
});
