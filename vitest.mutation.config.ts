import { defineConfig } from 'vitest/config';

// The suite StrykerJS runs against each mutant (npm run test:mutation): the plain-Node tests
// of the domain and the request signature, without the workerd pool it cannot instrument.
export default defineConfig({
  test: {
    include: [
      'tests/domain/**/*.test.ts',
      'tests/reliability/regressions.test.ts',
      'tests/request-signature.test.ts',
    ],
    environment: 'node',
    // Instrumented code runs several times slower: the property tests need more than 5 s.
    testTimeout: 120_000,
  },
});
