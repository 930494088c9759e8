import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    "index-node": "src/index-node.ts",
    telegram: "src/adapters/telegram/index.ts",
    line: "src/adapters/line/index.ts",
    mastodon: "src/adapters/mastodon/index.ts",
    x: "src/adapters/x/index.ts",
    facebook: "src/adapters/facebook/index.ts",
    linkedin: "src/adapters/linkedin/index.ts",
    redis: "src/redis.ts",
    bullmq: "src/scheduling/bullmq.ts",
    wechat: "src/adapters/wechat/index.ts",
    youtube: "src/adapters/youtube/index.ts",
    weibo: "src/adapters/weibo/index.ts",
    testing: "src/testing/index.ts",
    "testing-node": "src/testing/node.ts",
    "webhooks-node": "src/webhooks/node.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  // Shared chunks in both formats, so `instanceof ValidationError` holds across subpaths.
  splitting: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  treeshake: true,
});
