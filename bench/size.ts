// Bundle size of a serverless function using the core and one adapter (DESIGN.md: under 45 KB
// min+gz), measured with esbuild the way a user's bundler would tree-shake `herald`. What the
// core loads with `import()` (the scheduler, rrule, the webhook request handling) is a separate
// chunk that only a scheduled send or a webhook request loads: it is left out of the budget rows
// and measured in rows of its own.
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";

/** DESIGN.md, "Small": the core plus one adapter stays under this, min+gz. */
export const SIZE_BUDGET_BYTES = 45 * 1024;

/** Leaves dynamically imported modules out of the bundle, as a code-splitting bundler would. */
const onDemandExternal: Plugin = {
  name: "on-demand-external",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === "dynamic-import" ? { path: args.path, external: true } : undefined,
    );
  },
};

/** Min+gz bytes of a bundle importing `code` (paths relative to the repo root), without what it loads on demand. */
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
    plugins: [onDemandExternal],
  });
  return gzipSync(result.outputFiles[0]!.contents).byteLength;
}

/**
 * One row per adapter: the core with that adapter, as a fetch handler would import them; then
 * the chunks a scheduled send or a webhook request loads on demand (not part of the budget).
 */
export async function sizeRows(): Promise<
  Array<{ bundle: string; bytes: number; budget: boolean }>
> {
  const adapters = {
    telegram: "telegram",
    line: "line",
    mastodon: "mastodon",
    facebook: "facebook",
    linkedin: "linkedin",
    x: "x",
    wechat: "wechat",
    youtube: "youtube",
    weibo: "weibo",
  } as const;
  const rows = [];
  for (const name of Object.keys(adapters)) {
    const code = `import { createHerald } from "./src/index.ts"; import { ${name} } from "./src/adapters/${name}/index.ts"; export default { createHerald, ${name} };`;
    rows.push({ bundle: `core + ${name}`, bytes: await bundleSize(code), budget: true });
  }
  const scheduler = `export * from "./src/scheduling/service.ts"; export * from "./src/scheduling/memory.ts";`;
  rows.push({ bundle: "scheduler (on demand)", bytes: await bundleSize(scheduler), budget: false });
  const webhooks = `export * from "./src/webhooks/handle.ts"; export * from "./src/webhooks/crypto-web.ts"; export * from "./src/webhooks/dedupe.ts";`;
  rows.push({
    bundle: "webhook handling (on demand, first request)",
    bytes: await bundleSize(webhooks),
    budget: false,
  });
  const rrule = `export { rrulestr } from "rrule";`;
  rows.push({
    bundle: "rrule (on demand, recurring sends)",
    bytes: await bundleSize(rrule),
    budget: false,
  });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await sizeRows()) {
    console.log(`${row.bundle.padEnd(36)} ${(row.bytes / 1024).toFixed(1)} KB min+gz`);
  }
}
