import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  // `herald` and its subpaths resolve to src/ as in tsc (tsconfig paths), e.g. in examples/.
  resolve: { tsconfigPaths: true },
  test: {
    include: ["test/**/*.test.ts"],
    // the packed package in consumer projects: `npm run test:consumers`, after a build
    exclude: [...configDefaults.exclude, "test/consumers/**"],
    testTimeout: 20_000,
    pool: "forks",
  },
});
