'use strict';
/*
 * A separate process that spends privacy budget through its own connection pool, exactly as a
 * server process does (same BudgetAccountant, same transaction wrapper). Used by
 * budget-two-process.test.ts. Args: <databaseUrl> <agreementId> <count> <epsilon>.
 * Prints "ready" once connected, waits for "go" on stdin, fires all reservations at once, then
 * prints one JSON line: { granted, exhausted, failed }.
 */
const { readFileSync } = require('node:fs');
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

// TypeScript sources through SWC with decorator metadata, the same options as the jest transform.
require.extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const root = join(__dirname, '..', '..');
const { createDataSource } = require(join(root, 'src/db/data-source.ts'));
const { AgreementStore } = require(join(root, 'src/agreements/agreement.store.ts'));
const { BudgetLedgerStore } = require(join(root, 'src/agreements/budget-ledger.store.ts'));
const { BudgetAccountant } = require(join(root, 'src/agreements/budget-accountant.ts'));
const { Transactor } = require(join(root, 'src/db/transaction.ts'));

async function main() {
  const [url, agreementId, count, epsilon] = process.argv.slice(2);
  const n = Number(count);
  const dataSource = createDataSource({ url, poolSize: n, connectionTimeoutMs: 120_000 });
  await dataSource.initialize();
  const tx = new Transactor(dataSource);
  const accountant = new BudgetAccountant(new AgreementStore(), new BudgetLedgerStore());
  // Warm the pool so that every reservation starts the moment "go" arrives.
  await Promise.all(Array.from({ length: n }, () => dataSource.query('SELECT 1')));
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));

  const results = await Promise.allSettled(
    Array.from({ length: n }, () => tx.run((m) => accountant.reserve(m, agreementId, Number(epsilon), randomUUID(), new Date()))),
  );
  const summary = { granted: 0, exhausted: 0, failed: [] };
  for (const r of results) {
    if (r.status === 'fulfilled') summary.granted++;
    else if (r.reason && r.reason.extensions && r.reason.code === 'BUDGET_EXHAUSTED') summary.exhausted++;
    else summary.failed.push(String(r.reason && r.reason.message));
  }
  await dataSource.destroy();
  process.stdout.write(JSON.stringify(summary) + '\n');
}

main().catch((e) => {
  process.stderr.write(String((e && e.stack) || e) + '\n');
  process.exit(1);
});
