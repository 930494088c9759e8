import { defineConfig } from "vitest/config";

// test/consumers: the packed package installed into consumer projects (`npm run test:consumers`,
// after `npm run build`). Apart from `npm test`, which runs on the sources.
export default defineConfig({
  test: {
    include: ["test/consumers/**/*.test.ts"],
    testTimeout: 120_000,
    // two projects at a time: tsc is most of the time, and CI has 2 cores
    maxConcurrency: 2,
    pool: "forks",
  },
});
