// `npm run bench`: rate-limit fidelity of a Telegram mass DM against the simulator's real HTTP
// server, with the naive loop many bots use as the baseline in the same run; bundle sizes; and
// the scheduler's memory and firing lateness. See bench/README.md.
import { createHerald } from "herald";
import { telegram } from "herald/telegram";
import { createSimulator, startSimulatorServer } from "herald/testing";
import { memoryRows, printMemoryRows } from "./memory.js";
import { overheadRows, printOverheadRows } from "./overhead.js";
import { printSchedulerBench } from "./scheduler.js";
import { SIZE_BUDGET_BYTES, sizeRows } from "./size.js";
import { printWebhookRows, webhookRows } from "./webhooks.js";

/** Messages per scenario: 15 windows of Telegram's 30 msg/s, long enough to average out the start. */
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 450);
/** Telegram's bulk limit per bot (core.telegram.org/bots/faq), as the simulator enforces it. */
const LIMIT = { max: 30, perMs: 1_000 };
const TOKEN = "123456:BENCH-TOKEN";

interface Row {
  scenario: string;
  messages: number;
  delivered: number;
  elapsedS: number;
  fidelity: number;
  received429: number;
}

/**
 * Throughput over the limit, from the simulator's arrival times: after the first window's burst
 * of `max`, the rest arrive over (last - first); a sender exactly at the limit scores 1.0.
 */
function fidelity(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const span = sorted.at(-1)! - sorted[0]!;
  const after = sorted.length - LIMIT.max;
  if (after <= 0 || span <= 0) return Number.NaN;
  return after / span / (LIMIT.max / LIMIT.perMs);
}

async function scenario(
  name: string,
  send: (baseUrl: string, chats: string[]) => Promise<number>,
): Promise<Row> {
  const sim = createSimulator({ telegram: { botTokens: [TOKEN] }, validate: false });
  const server = await startSimulatorServer(sim);
  const chats = Array.from({ length: MESSAGES }, (_, i) => String(5_000_000 + i));
  const started = performance.now();
  const received429 = await send(server.urls.telegram, chats);
  const elapsedS = (performance.now() - started) / 1000;
  await server.close();
  const delivered = sim.telegram.messages.map((m) => m.time);
  return {
    scenario: name,
    messages: MESSAGES,
    delivered: delivered.length,
    elapsedS,
    fidelity: fidelity(delivered),
    received429,
  };
}

async function withHerald(baseUrl: string, chats: string[]): Promise<number> {
  const herald = createHerald({ adapters: [telegram({ botToken: TOKEN, baseUrl })] });
  const report = await herald.send(
    { text: "Your code: BF30" },
    { to: { platform: "telegram", recipients: chats } },
  );
  await herald.close();
  return report.rateLimited;
}

/** The baseline: one request after another, sleeping `retry_after` on a 429 and resending. */
async function naiveLoop(baseUrl: string, chats: string[]): Promise<number> {
  let received429 = 0;
  for (const chat of chats) {
    for (;;) {
      const response = await fetch(`${baseUrl}/bot${TOKEN}/sendMessage`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ chat_id: Number(chat), text: "Your code: BF30" }),
      });
      const body = (await response.json()) as { parameters?: { retry_after?: number } };
      if (response.status !== 429) break;
      received429++;
      await new Promise((r) => setTimeout(r, (body.parameters?.retry_after ?? 1) * 1000));
    }
  }
  return received429;
}

const rows = [
  await scenario("herald (limiter + retry)", withHerald),
  await scenario("naive loop (sleep on 429)", naiveLoop),
];

console.log(
  `\nTelegram mass DM, ${MESSAGES} chats, simulated limit ${LIMIT.max} msg per ${LIMIT.perMs} ms\n`,
);
console.log("| scenario | messages | delivered | elapsed s | throughput / limit | 429s received |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) {
  console.log(
    `| ${r.scenario} | ${r.messages} | ${r.delivered} | ${r.elapsedS.toFixed(1)} | ${r.fidelity.toFixed(3)} | ${r.received429} |`,
  );
}
const [herald, naive] = rows as [Row, Row];
console.log(
  `\nherald: fidelity ${herald.fidelity.toFixed(3)} (target >= 0.95), ${herald.received429} × 429 (target 0); ` +
    `naive baseline in the same run: ${naive.fidelity.toFixed(3)}, ${naive.received429} × 429`,
);

printOverheadRows(await overheadRows());
printMemoryRows(memoryRows());
printWebhookRows(await webhookRows());

console.log("\nBundle size (esbuild, minified + gzip; budget from DESIGN.md)\n");
console.log("| bundle | KB min+gz | share of the 45 KB budget |");
console.log("| --- | ---: | ---: |");
for (const row of await sizeRows()) {
  const share = row.budget ? (row.bytes / SIZE_BUDGET_BYTES).toFixed(2) : "loaded on demand";
  console.log(`| ${row.bundle} | ${(row.bytes / 1024).toFixed(1)} | ${share} |`);
}

await printSchedulerBench();
