import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printParleySchema } from '../../src/graphql/print-schema';

describe('schema.graphql', () => {
  it('is exactly what the resolvers emit (run `npm run schema` after changing them)', async () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
    expect(committed).toBe(await printParleySchema());
  });
});
