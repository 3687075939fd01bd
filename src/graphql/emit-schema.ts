import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printParleySchema } from './print-schema';

printParleySchema().then(
  (sdl) => writeFileSync(join(__dirname, '..', '..', '..', 'schema.graphql'), sdl),
  (err: unknown) => {
    process.stderr.write(`could not emit the schema: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
