/** One jest run covers the three tiers (small, medium, e2e); see README "Tests". */
const swc = JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/libs/**/*.spec.ts',
    '<rootDir>/test/**/*.medium-spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper: { '^src/(.*)$': '<rootDir>/src/$1', '^@libs/(.*)$': '<rootDir>/libs/$1' },
  testTimeout: 30000,
  maxWorkers: 2,
};
