#!/usr/bin/env node
// Generates the console's TypeScript types from schema.graphql (GraphQL Code Generator, typescript
// plugin) into src/console/api/schema-types.ts, so the console cannot drift from the API: a renamed
// field or enum value fails its typecheck. `--check` writes nothing and exits 1 when the file is stale
// (a test runs it). Run `npm run -s console-types` after `npm run -s schema`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codegen } from '@graphql-codegen/core';
import * as typescriptPlugin from '@graphql-codegen/typescript';
import { buildSchema, parse, printSchema } from 'graphql';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMA = join(root, 'schema.graphql');
export const OUTPUT = join(root, 'src', 'console', 'api', 'schema-types.ts');
const HEADER = '// Generated from schema.graphql by scripts/console-types.mjs (npm run -s console-types). Do not edit.\n\n';

export async function generate() {
  const schema = buildSchema(readFileSync(SCHEMA, 'utf8'));
  const body = await codegen({
    filename: OUTPUT,
    schema: parse(printSchema(schema)),
    documents: [],
    plugins: [{ typescript: {} }],
    pluginMap: { typescript: typescriptPlugin },
    config: {
      // The console receives JSON: dates as ISO strings, JSON scalars as whatever was sent.
      scalars: { DateTime: 'string', JSON: 'unknown' },
      enumsAsTypes: true,
      avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      maybeValue: 'T | null',
      inputMaybeValue: 'T | null | undefined',
      skipTypename: true,
      useTypeImports: true,
    },
  });
  return HEADER + body;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await generate();
  if (process.argv.includes('--check')) {
    const current = readFileSync(OUTPUT, 'utf8');
    if (current !== text) {
      console.error('src/console/api/schema-types.ts is stale: run `npm run -s console-types`');
      process.exit(1);
    }
  } else {
    writeFileSync(OUTPUT, text);
  }
}
