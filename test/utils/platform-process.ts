// Moved to test/fixtures so benchmarks can start platform processes too.
export * from 'test/fixtures/platform-process';
