const { tmpdir } = require('node:os');
const { join } = require('node:path');

/** Jest runs TypeScript through SWC, keeping decorator metadata for type-graphql and TypeORM. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/src/console/'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  // Jest orders files by their last durations, which differ per database (the PostgreSQL run skips
  // the browser and embedded-process tests): one cache for each, so neither orders by the other's.
  cacheDirectory: join(tmpdir(), `jest-parley-${process.env.DATABASE_URL ? 'postgres' : 'embedded'}`),
  testSequencer: '<rootDir>/test/support/test-sequencer.js',
};
