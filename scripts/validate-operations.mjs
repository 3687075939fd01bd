#!/usr/bin/env node
// Validates GraphQL documents against the emitted schema with graphql-inspector's validator (the
// same checks as `graphql-inspector validate`: unknown fields and types, deprecated usage, bad
// arguments). Usage: node scripts/validate-operations.mjs schema.graphql file.graphql…
// Exits 1 when any document has a problem.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { buildSchema, Source } = require('graphql');
const { validate } = require('@graphql-inspector/core');

const [schemaFile, ...files] = process.argv.slice(2);
if (!schemaFile || files.length === 0) {
  console.error('usage: validate-operations.mjs schema.graphql file.graphql…');
  process.exit(2);
}
const schema = buildSchema(readFileSync(schemaFile, 'utf8'));
const sources = files.map((f) => new Source(readFileSync(f, 'utf8'), f));
const invalid = validate(schema, sources, { strictDeprecated: true });
for (const doc of invalid) {
  for (const e of [...doc.errors, ...doc.deprecated]) console.error(`${doc.source.name}: ${e.message}`);
}
const problems = invalid.reduce((n, d) => n + d.errors.length + d.deprecated.length, 0);
if (problems > 0) {
  console.error(`${problems} problem(s) in ${invalid.length} document(s)`);
  process.exit(1);
}
console.log(`All documents are valid (${files.length} checked against ${schemaFile})`);
