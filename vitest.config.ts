import { defineConfig } from "vitest/config";

export default defineConfig({
  // `herald` and its subpaths resolve to src/ as in tsc (tsconfig paths), e.g. in examples/.
  resolve: { tsconfigPaths: true },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    pool: "forks",
  },
});
