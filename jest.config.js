/** One jest run covers the three tiers (small, medium, e2e); see README "Tests". */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/libs/**/*.spec.ts',
    '<rootDir>/test/**/*.medium-spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  transform: { '^.+\\.(ts|js|mjs)$': '<rootDir>/test/utils/jest-transformer.js' },
  // NestJS 12 and several of its dependencies are ES modules: the transformer compiles those to CommonJS.
  transformIgnorePatterns: [],
  moduleNameMapper: {
    '^src/(.*)$': '<rootDir>/src/$1',
    '^@libs/(.*)$': '<rootDir>/libs/$1',
    '^test/(.*)$': '<rootDir>/test/$1',
    '^bench/(.*)$': '<rootDir>/bench/$1',
    // marked exports only its ES module build, which jest's CommonJS runtime refuses; its UMD build is the same code.
    '^marked$': '<rootDir>/node_modules/marked/lib/marked.umd.js',
  },
  testTimeout: 30000,
  maxWorkers: 2,
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  reporters: ['default', '<rootDir>/test/utils/summary-reporter.js'],
};
