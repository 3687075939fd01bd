import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

describe('src/console/api/schema-types.ts', () => {
  it('is exactly what graphql-codegen generates from schema.graphql (run `npm run -s console-types` after `npm run -s schema`)', async () => {
    // The generator's own check: it exits 1 and names the file when the committed one differs.
    await expect(run(process.execPath, [join(root, 'scripts', 'console-types.mjs'), '--check'], { cwd: root })).resolves.toBeDefined();
  });
});
