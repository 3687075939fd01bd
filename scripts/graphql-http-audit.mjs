#!/usr/bin/env node
// The graphql-http server audit (GraphQL over HTTP spec conformance) against a running server:
//   node scripts/graphql-http-audit.mjs <base url> <bearer token>
// Exit code 1 when any MUST audit fails; SHOULD/MAY shortfalls are listed as warnings.
import { auditServer } from 'graphql-http';

const [base, token] = process.argv.slice(2);
if (!base || !token) {
  process.stderr.write('usage: graphql-http-audit.mjs <base url> <bearer token>\n');
  process.exit(2);
}
// Every request carries the token, as every client of this API does (it is also the CSRF header).
const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};
const results = await auditServer({ url: new URL('/graphql', base).toString(), fetchFn });
let errors = 0;
for (const r of results) {
  if (r.status === 'ok') continue;
  if (r.status === 'error') errors += 1;
  process.stdout.write(`${r.status}: ${r.name}: ${r.reason}\n`);
}
process.stdout.write(`graphql-http audit: ${results.length} audits, ${errors} error(s)\n`);
process.exit(errors ? 1 : 0);
