#!/usr/bin/env node
// The GraphQL operations of README.md as documents, so tools can check them against the schema.
// The README sends them with curl from a shell: this undoes the shell quoting, fills in the shell
// variables (ids become a fixed UUID) and the JSON string escaping. `--write` stores one document
// per operation (NN.graphql: each is anonymous, so each needs its own document) beside the test.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURE_DIR = join(root, 'test', 'ecosystem', 'fixtures', 'readme-operations');
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
// Positional parameters of the README's helper function: organization id, email, role.
const POSITIONAL = { 1: SAMPLE_ID, 2: 'someone@example.org', 3: 'ANALYST' };

/** Expands a double-quoted shell word's content: backslash escapes and $VARIABLES. */
function shellDouble(text, vars) {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\\' && '"\\$`'.includes(text[i + 1])) {
      out += text[++i];
      continue;
    }
    const name = c === '$' ? /^\$([A-Za-z_][A-Za-z0-9_]*|[0-9])/.exec(text.slice(i)) : null;
    if (name) {
      out += vars[name[1]] ?? POSITIONAL[name[1]] ?? SAMPLE_ID;
      i += name[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/** The end of a quoted shell word starting at `start` (the opening quote). */
function closingQuote(text, start) {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i += 1) {
    if (quote === '"' && text[i] === '\\') i += 1;
    else if (text[i] === quote) return i;
  }
  throw new Error(`unterminated ${quote} at ${start}`);
}

export function readmeOperations(readme = readFileSync(join(root, 'README.md'), 'utf8')) {
  const vars = {};
  const ops = [];
  for (const m of readme.matchAll(/^\s*([A-Z_]+)="/gm)) {
    const start = m.index + m[0].length - 1;
    vars[m[1]] = shellDouble(readme.slice(start + 1, closingQuote(readme, start)), vars);
  }
  for (const m of readme.matchAll(/'\{"query":|"\{\\"query\\":/g)) {
    const start = m.index;
    const word = readme.slice(start + 1, closingQuote(readme, start));
    const json = readme[start] === "'" ? word : shellDouble(word, vars);
    ops.push(JSON.parse(json).query.trim());
  }
  return ops;
}

const HEADER = '# From README.md by scripts/readme-operations.mjs --write. Do not edit by hand.\n';

/** File name → content of every fixture document. */
export function fixtureFiles(ops = readmeOperations()) {
  return Object.fromEntries(ops.map((op, i) => [`${String(i + 1).padStart(2, '0')}.graphql`, HEADER + op + '\n']));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = fixtureFiles();
  if (process.argv.includes('--write')) {
    rmSync(FIXTURE_DIR, { recursive: true, force: true });
    mkdirSync(FIXTURE_DIR, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(FIXTURE_DIR, name), text);
  } else if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(files));
  } else {
    process.stdout.write(Object.values(files).join('\n'));
  }
}
