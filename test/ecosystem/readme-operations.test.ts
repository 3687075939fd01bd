import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { buildParleySchema } from '../../src/app/schema';

const FIXTURES = join(__dirname, 'fixtures', 'readme-operations');

describe("the README's GraphQL operations", () => {
  it('are what the fixture holds (regenerate with node scripts/readme-operations.mjs --write)', () => {
    const script = join(__dirname, '..', '..', 'scripts', 'readme-operations.mjs');
    const run = spawnSync(process.execPath, [script, '--json'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const stored = Object.fromEntries(readdirSync(FIXTURES).map((f) => [f, readFileSync(join(FIXTURES, f), 'utf8')]));
    expect(stored).toEqual(JSON.parse(run.stdout));
    expect(Object.keys(stored).length).toBeGreaterThan(15);
  });

  it('all validate against the schema the server serves', async () => {
    const schema = await buildParleySchema();
    for (const file of readdirSync(FIXTURES)) {
      const errors = validate(schema, parse(readFileSync(join(FIXTURES, file), 'utf8')));
      expect({ file, errors: errors.map((e) => e.message) }).toEqual({ file, errors: [] });
    }
  });
});
