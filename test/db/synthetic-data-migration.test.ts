import { SyntheticData1764500000200 } from '../../migrations/1764500000200-synthetic-data';
import { openTestDatabase, type TestDatabase } from '../support/test-database';

/** The synthetic data migration is reversible, and running it again over itself changes nothing. */
describe('migration 1764500000200 (synthetic data)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());

  const state = async () => {
    const [row] = await db.dataSource.query(`
      SELECT to_regclass('public.synthetic_datasets') IS NOT NULL AS datasets,
             to_regclass('public.synthetic_dataset_chunks') IS NOT NULL AS chunks,
             EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'agreements' AND column_name = 'allow_synthetic') AS "allowSynthetic"`);
    return row;
  };

  it('goes down and up again, and up twice in a row', async () => {
    const migration = new SyntheticData1764500000200();
    const runner = db.dataSource.createQueryRunner();
    try {
      expect(await state()).toEqual({ datasets: true, chunks: true, allowSynthetic: true });
      await migration.down(runner);
      expect(await state()).toEqual({ datasets: false, chunks: false, allowSynthetic: false });
      await migration.up(runner);
      await migration.up(runner);
      expect(await state()).toEqual({ datasets: true, chunks: true, allowSynthetic: true });
    } finally {
      await runner.release();
    }
  });
});
