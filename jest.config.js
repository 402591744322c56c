/**
 * One jest configuration for every workspace. TEST_DB=postgres runs the same suite on PostgreSQL.
 * Backend-only tests carry a suffix (`*.postgres.test.ts`, `*.sqlite.test.ts`) and are collected only on their
 * backend's pass, so neither pass skips anything.
 */
const onPostgres = process.env.TEST_DB === 'postgres';

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/packages', '<rootDir>/test', '<rootDir>/bench'],
  testMatch: ['**/test/**/*.test.ts', '**/bench/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', onPostgres ? '\\.sqlite\\.test\\.ts$' : '\\.postgres\\.test\\.ts$'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  testTimeout: 60000,
  maxWorkers: 2,
};
