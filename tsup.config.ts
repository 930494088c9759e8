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
});
