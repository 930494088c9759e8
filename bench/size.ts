// Bundle size of a serverless function using the core and one adapter (DESIGN.md: under 45 KB
// min+gz), measured with esbuild the way a user's bundler would tree-shake `herald`.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** DESIGN.md, "Small": the core plus one adapter stays under this, min+gz. */
export const SIZE_BUDGET_BYTES = 45 * 1024;

/** Min+gz bytes of a bundle importing `code` (paths relative to the repo root). */
export async function bundleSize(code: string): Promise<number> {
  const result = await build({
    stdin: { contents: code, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  return gzipSync(result.outputFiles[0]!.contents).byteLength;
}

/** One row per adapter: the core with that adapter, as a fetch handler would import them. */
export async function sizeRows(): Promise<Array<{ bundle: string; bytes: number }>> {
  const adapters = {
    telegram: "telegram",
    line: "line",
    mastodon: "mastodon",
    x: "x",
    wechat: "wechat",
  } as const;
  const rows = [];
  for (const name of Object.keys(adapters)) {
    const code = `import { createHerald } from "./src/index.ts"; import { ${name} } from "./src/adapters/${name}/index.ts"; export default { createHerald, ${name} };`;
    rows.push({ bundle: `core + ${name}`, bytes: await bundleSize(code) });
  }
  return rows;
}
