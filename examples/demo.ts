// The Herald demo: no credentials, no network. It starts the platform simulator of
// `herald/testing` on 127.0.0.1, publishes to a Telegram channel, a LINE narrowcast, Mastodon, X, a
// Facebook Page, a LinkedIn organization and a WeChat tag,
// then mass-DMs a few thousand Telegram chats with a live progress bar while faults are
// injected, and prints a summary. Run it with `npm run demo`.
import { Presets, SingleBar } from "cli-progress";
import { createHerald, type Recipient } from "herald";
import { facebook } from "herald/facebook";
import { line } from "herald/line";
import { linkedin } from "herald/linkedin";
import { mastodon } from "herald/mastodon";
import { telegram } from "herald/telegram";
import { createSimulator, startSimulatorServer } from "herald/testing";
import { wechat } from "herald/wechat";
import { weibo } from "herald/weibo";
import { x } from "herald/x";
import { youtube } from "herald/youtube";

/** Chats in the mass DM: at Telegram's 30 messages/s about 70 s, inside the demo's 2-minute budget. */
const CHATS = 2_000;
/** Share of requests that get an injected fault (5xx, connection reset, slow answer). */
const FAULT_RATE = 0.02;
/** Telegram's bulk limit per bot (core.telegram.org/bots/faq), enforced by the simulator too. */
const TELEGRAM_LIMIT_PER_SECOND = 30;

const tokens = {
  telegram: "123456:DEMO-TOKEN",
  line: "demo-line-token",
  mastodon: "demo-mastodon-token",
  x: "demo-x-user-token",
  facebook: "EAADemoPageToken",
  linkedin: "AQVDemoMemberToken",
  wechat: { appId: "wxdemo0123456789", appSecret: "demo-wechat-secret" },
  youtube: "demo-google-access-token",
  weibo: "demo-weibo-token",
};
const PAGE_ID = "1000000001"; // the demo's Facebook Page
const ORGANIZATION = "urn:li:organization:5515715"; // the LinkedIn organization the member administers
const blocked = ["1000042", "1000777"]; // two users who blocked the bot: they end `failed` with the reason

const sim = createSimulator({
  telegram: { botTokens: [tokens.telegram], blockedChats: blocked },
  line: { channelAccessTokens: [tokens.line] },
  mastodon: { accessTokens: [tokens.mastodon] },
  x: { users: [{ accessToken: tokens.x }] },
  facebook: { pages: [{ id: PAGE_ID, accessToken: tokens.facebook, name: "Demo Shop" }] },
  linkedin: {
    members: [{ accessToken: tokens.linkedin, personId: "demo", organizations: ["5515715"] }],
  },
  wechat: { apps: [tokens.wechat], tags: { 101: [] } },
  youtube: { channels: [{ accessToken: tokens.youtube }] },
  weibo: { users: [{ accessToken: tokens.weibo }], safeDomains: ["shop.example"] },
});
const server = await startSimulatorServer(sim);

const herald = createHerald({
  adapters: [
    telegram({ botToken: tokens.telegram, baseUrl: server.urls.telegram }),
    line({ channelAccessToken: tokens.line, baseUrl: server.urls.line }),
    mastodon({ accessToken: tokens.mastodon, baseUrl: server.urls.mastodon }),
    x({ clientId: "demo-x-app", tokens: { accessToken: tokens.x }, baseUrl: server.urls.x }),
    facebook({ pageId: PAGE_ID, pageAccessToken: tokens.facebook, baseUrl: server.urls.facebook }),
    linkedin({ accessToken: tokens.linkedin, author: ORGANIZATION, baseUrl: server.urls.linkedin }),
    wechat({
      ...tokens.wechat,
      tags: { vip: 101 },
      baseUrl: server.urls.wechat,
      massStatus: { intervalMs: 500, timeoutMs: 10_000 }, // the simulator finishes fast
    }),
    youtube({
      clientId: "demo-google-app",
      tokens: { accessToken: tokens.youtube },
      chunkBytes: 256 * 1024, // the smallest piece YouTube takes, so the demo's small file goes in three
      baseUrl: server.urls.youtube,
    }),
    weibo({
      tokens: { accessToken: tokens.weibo },
      safeDomain: "shop.example",
      baseUrl: server.urls.weibo,
    }),
  ],
});

const announcement = {
  text: "Black Friday: 30% off everything https://shop.example/bf #sale",
  idempotencyKey: "black-friday-2026",
};

console.log(
  "1. One message to a Telegram channel, a LINE narrowcast, Mastodon, X, Facebook, LinkedIn and a WeChat tag\n",
);
const preview = herald.preview(announcement, {
  to: [{ platform: "line", segment: { age: { gte: 20, lt: 40 }, gender: "female" } }],
});
console.log("   LINE narrowcast request (from preview):");
console.log(`   ${JSON.stringify(preview.targets[0]?.requests[0]?.body)}\n`);
const published = await herald.send(announcement, {
  to: [
    "telegram:@shopnews",
    { platform: "line", segment: { age: { gte: 20, lt: 40 }, gender: "female" } },
    "mastodon",
    "x",
    "facebook",
    "linkedin",
    { platform: "wechat", segment: { tags: ["vip"] } }, // mass/sendall with filter.tag_id
  ],
});
for (const t of published.targets) {
  console.log(
    `   ${t.target.padEnd(20)} ${t.status.padEnd(8)} ids=${t.ids.join(",")} ${t.notes.join("; ")}`,
  );
}
console.log(`   LinkedIn shows (little text unescaped): ${sim.linkedin.posts[0]?.shownText}`);

// A scheduled YouTube video (resumable upload, private until publishAt) and a Weibo post
const teaser = new Uint8Array(600 * 1024).fill(42); // stands in for an MP4: three upload pieces of 256 KiB
const publishAt = new Date(Date.now() + 24 * 3_600_000);
const scheduled = await herald.send(
  {
    text: "Black Friday preview\nEverything 30% off, from tomorrow",
    media: [{ data: teaser, mimeType: "video/mp4" }],
    overrides: { youtube: { tags: ["black friday", "sale"] } },
  },
  { to: "youtube", at: publishAt },
);
const posted = await herald.send(
  { text: "黑色星期五 全场七折", link: "https://shop.example/bf" },
  { to: "weibo" },
);
for (const t of [...scheduled.targets, ...posted.targets]) {
  console.log(`   ${t.target.padEnd(20)} ${t.status.padEnd(8)} ids=${t.ids.join(",")}`);
}
console.log(
  `   YouTube video status: ${JSON.stringify(sim.youtube.videos[0]?.status)} after ${sim.requests.filter((r) => r.operation === "videos.insert:upload").length} upload pieces`,
);

console.log(
  `\n2. Mass DM to ${CHATS.toLocaleString()} Telegram chats, ${FAULT_RATE * 100}% of requests faulted\n`,
);
sim.faults.set({
  rate: FAULT_RATE,
  kinds: ["5xx", "reset", "slow"],
  slowMs: 300,
  platforms: ["telegram"],
});

async function* subscribers(): AsyncGenerator<Recipient> {
  for (let i = 0; i < CHATS; i++)
    yield { id: String(1_000_000 + i), attributes: { firstName: `Fan ${i}` } };
}

const bar = new SingleBar(
  {
    format:
      "   {bar} {value}/{total} | sent {sent} failed {failed} unknown {unknown} | {rate} msg/s",
    hideCursor: true,
    // piped (CI, a log file): a plain line every 5 s instead of nothing until the end
    noTTYOutput: true,
    notTTYSchedule: 5_000,
  },
  Presets.shades_classic,
);
bar.start(CHATS, 0, { sent: 0, failed: 0, unknown: 0, rate: "0.0" });
const started = performance.now();
const delivery = herald.send(
  { text: "Your Black Friday code: BF30 https://shop.example/bf" },
  { to: { platform: "telegram", recipients: subscribers() } },
);
delivery.on("progress", (p) =>
  bar.update(p.done, {
    sent: p.sent,
    failed: p.failed,
    unknown: p.unknown,
    rate: p.rate.toFixed(1),
  }),
);
const report = await delivery;
bar.stop();
const elapsed = (performance.now() - started) / 1000;
const c = report.counts;
const accounted = c.sent + c.failed + c.unknown + c.skipped;
const delivered = new Set(
  sim.telegram.messages.filter((m) => m.chatId !== "@shopnews").map((m) => m.chatId),
);
const rate = c.sent / elapsed;
const outcomes = report.targets[0]?.recipients ?? [];
const unknownDelivered = outcomes.filter(
  (r) => r.status === "unknown" && delivered.has(r.recipient),
).length;
const sentMissing = outcomes.filter(
  (r) => r.status === "sent" && !delivered.has(r.recipient),
).length;

console.log("\n3. Summary\n");
const rows: Array<[string, string | number]> = [
  ["recipients", CHATS],
  ["sent", c.sent],
  ["failed (with a reason)", c.failed],
  ["unknown (not resent: Telegram has no idempotency key)", c.unknown],
  ["lost (in no outcome)", CHATS - accounted],
  ["retries", report.retries],
  ["429s received", report.rateLimited],
  ["faults injected", sim.stats().faults],
  ["delivered at the simulator", delivered.size],
  ["  of them reported unknown (delivered before the fault)", unknownDelivered],
  ["reported sent but not delivered", sentMissing],
  ["elapsed", `${elapsed.toFixed(1)} s`],
  [
    "achieved rate",
    `${rate.toFixed(1)} msg/s = ${(rate / TELEGRAM_LIMIT_PER_SECOND).toFixed(2)} × the ${TELEGRAM_LIMIT_PER_SECOND} msg/s limit`,
  ],
];
for (const [name, value] of rows) console.log(`   ${name.padEnd(55)} ${value}`);
const reasons = new Map<string, number>();
for (const r of outcomes) {
  if (r.status !== "sent" && r.error)
    reasons.set(r.error.message, (reasons.get(r.error.message) ?? 0) + 1);
}
if (reasons.size > 0) console.log("\n   Not sent, by reason:");
for (const [reason, n] of reasons) console.log(`   ${String(n).padStart(5)} × ${reason}`);

await herald.close();
await server.close();
