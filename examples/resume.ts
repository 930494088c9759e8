// Crash-safe mass send: checkpoints in Redis, and `herald.resume` in a fresh client. Against the
// simulator of `herald/testing`, so it needs no credentials, only Redis on 127.0.0.1:6379.
// Run it with `npx tsx examples/resume.ts`.
import { createHerald } from "herald";
import { line } from "herald/line";
import { redisCheckpoints } from "herald/redis";
import { createSimulator, startSimulatorServer } from "herald/testing";
import { Redis } from "ioredis";

const token = "demo-line-token";
const sim = createSimulator({ line: { channelAccessTokens: [token] } });
const server = await startSimulatorServer(sim);
const redis = new Redis("redis://127.0.0.1:6379");

/** Your subscribers, read from your database: the same stream is read again to resume. */
async function* subscribers() {
  for (let i = 0; i < 20_000; i++) yield `U${i.toString(16).padStart(32, "0")}`;
}
/** A client as a process would build it: the checkpoints live in Redis, not in the process. */
const client = () =>
  createHerald({
    adapters: [line({ channelAccessToken: token, baseUrl: server.urls.line })],
    // the example's keys expire after 10 minutes (the default keeps a delivery for 7 days)
    checkpoints: redisCheckpoints(redis, { prefix: "herald-example:", ttlMs: 600_000 }),
  });

const message = { text: "Black Friday: 30% off https://shop.example/bf" };
const id = `black-friday-${Date.now()}`; // keep it (a campaign id) to resume by it

// 1. Start, and stop abruptly half-way (a crash or a deploy would do the same).
const first = client().send(message, { to: { platform: "line", recipients: subscribers() }, id });
first.on("progress", (p) => {
  if (p.done >= 10_000) first.cancel("the process is going away");
});
const stopped = await first;
console.log(`first run: sent ${stopped.counts.sent}, skipped ${stopped.counts.skipped}`);

// 2. Later, in a new process: the same message and targets, resumed by id.
const resumed = await client().resume(id, message, {
  to: { platform: "line", recipients: subscribers() },
});
console.log(
  `resumed: ${resumed.counts.sent} sent in all, ${resumed.earlier?.sent} by the first run`,
);
console.log(`LINE received ${sim.line.deliveries.length} messages for 20,000 subscribers`);

await server.close();
redis.disconnect();
