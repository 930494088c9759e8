// The one list of Herald's subpaths. tsup.config.ts builds from it; scripts/sync-subpaths.ts
// writes package.json "exports", tsconfig.json "paths" and typedoc.json "entryPoints" from it
// (and `--check`, run by CI, fails when one of them has drifted).

/** One subpath of the package (`herald/telegram`). */
export interface Subpath {
  /** The name after `herald/` (`""` for the package itself); also the file name in dist/. */
  name: string;
  /** The source built for every runtime. */
  entry: string;
  /** A source built for Node, chosen by the `node` export condition (`<name>-node` in dist/). */
  node?: string;
  /** Which source tsc and the tests resolve the import to (default `entry`). */
  dev?: "entry" | "node";
}

/** Every subpath, in the order package.json lists them. */
export const SUBPATHS: readonly Subpath[] = [
  { name: "", entry: "src/index.ts", node: "src/index-node.ts" },
  { name: "telegram", entry: "src/adapters/telegram/index.ts" },
  { name: "line", entry: "src/adapters/line/index.ts" },
  { name: "mastodon", entry: "src/adapters/mastodon/index.ts" },
  { name: "x", entry: "src/adapters/x/index.ts" },
  { name: "facebook", entry: "src/adapters/facebook/index.ts" },
  { name: "linkedin", entry: "src/adapters/linkedin/index.ts" },
  { name: "redis", entry: "src/redis.ts" },
  { name: "bullmq", entry: "src/scheduling/bullmq.ts" },
  { name: "wechat", entry: "src/adapters/wechat/index.ts" },
  { name: "youtube", entry: "src/adapters/youtube/index.ts" },
  { name: "weibo", entry: "src/adapters/weibo/index.ts" },
  { name: "testing", entry: "src/testing/index.ts", node: "src/testing/node.ts", dev: "node" },
  // The Node build of herald/testing under its own name, for resolution modes without the `node`
  // condition (TypeScript's "bundler"): the same file in dist/ as testing-node.
  { name: "testing/node", entry: "src/testing/node.ts" },
  // The simulator as msw handlers: the only subpath that imports msw.
  { name: "testing/msw", entry: "src/testing/msw.ts" },
  { name: "webhooks-node", entry: "src/webhooks/node.ts" },
];

/**
 * The file name of a subpath in dist/ (`index` for the package itself, `testing-msw` for
 * `herald/testing/msw`: dist/ stays flat, so that every chunk is a `./` import).
 */
export function distName(subpath: Subpath, variant: "entry" | "node" = "entry"): string {
  const base = subpath.name === "" ? "index" : subpath.name.replaceAll("/", "-");
  return variant === "node" ? `${base}-node` : base;
}

/** tsup's `entry` map: dist name to source. */
export function tsupEntries(): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const subpath of SUBPATHS) {
    entries[distName(subpath)] = subpath.entry;
    if (subpath.node) entries[distName(subpath, "node")] = subpath.node;
  }
  return entries;
}
