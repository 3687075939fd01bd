// A separate server process, as far as the audit trail can tell: its own DataSource and AuditLog
// from the built code, appending `count` events concurrently. Used by audit-processes.test.ts.
require('reflect-metadata');
const { createDataSource } = require('../../dist/src/db/data-source');
const { AuditLog } = require('../../dist/src/audit/audit-log');

async function main([url, count, tag]) {
  // Generous pool wait: every append queues on the one chain lock, and CI machines are busy.
  const dataSource = createDataSource({ url, poolSize: 10, connectionTimeoutMs: 120_000 });
  await dataSource.initialize();
  const audit = new AuditLog();
  try {
    await Promise.all(
      Array.from({ length: Number(count) }, (_, i) =>
        dataSource.transaction('READ COMMITTED', (m) =>
          audit.append(m, { actor: null, action: 'WORKER_APPEND', outcome: 'SUCCESS', details: { worker: tag, i } }),
        ),
      ),
    );
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err.stack || err}\n`);
    process.exit(1);
  },
);
