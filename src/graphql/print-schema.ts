import { printSchema } from 'graphql';
import { buildParleySchema } from '../app/schema';

/** The SDL that `schema.graphql` must hold: printed from the resolvers, never written by hand. */
export async function printParleySchema(): Promise<string> {
  const header = '# Generated from the resolvers by `npm run schema`. Do not edit by hand.\n\n';
  return header + printSchema(await buildParleySchema()) + '\n';
}
