import { defineConfig } from "tsup";
import { tsupEntries } from "./scripts/subpaths.js";

export default defineConfig({
  entry: tsupEntries(), // the subpaths: scripts/subpaths.ts
  format: ["esm", "cjs"],
  dts: true,
  // Shared chunks in both formats, so `instanceof ValidationError` holds across subpaths.
  splitting: true,
  sourcemap: false,
  clean: true,
  target: "node20",
  treeshake: true,
  // `import.meta.url` in the CJS build too: herald/testing loads msw on demand from its own place.
  shims: true,
});
