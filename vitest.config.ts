import { defineConfig } from 'vitest/config';

// Tests run against package sources through the `@opnas/source` export condition,
// so no build is needed before `pnpm test`.
const conditions = ['@opnas/source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'docs/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './scripts/plain-summary-reporter.ts'],
    // *.test-d.ts: the public API's types (expectTypeOf), checked by tsc as part of `pnpm test` (and by the root typecheck).
    typecheck: { enabled: true, include: ['packages/*/src/**/*.test-d.ts', 'examples/*/src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
