// Pipeline overhead: CPU time per message of `herald.send` against the simulator's HTTP server
// (in another process), divided by that of a bare `fetch` loop sending the same requests to the
// same server with the same concurrency. Issue target: at most 1.3. A third row sends the same
// requests through herald's HTTP layer alone (ky over fetch), to show its share.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createHerald } from "herald";
import { telegram } from "herald/telegram";
import { HttpTransport } from "../src/transport/http.js";

const TOKEN = "123456:BENCH-OVERHEAD";
/** Messages per scenario: enough for the per-message figure to settle on a 2-core machine. */
const MESSAGES = Number(process.env.BENCH_OVERHEAD_MESSAGES ?? 3_000);
/** Rounds of every scenario, taking turns; the median round counts (a loaded machine moves them). */
const ROUNDS = 3;
/** Requests in flight in both scenarios (herald's `concurrency`, the loop's workers). */
const CONCURRENCY = 16;
/** Raised adapter limits: this measures CPU, not the platform's pace. */
const NO_LIMITS = [
  { scope: "account" as const, max: 1_000_000, perMs: 1_000, source: "bench: no limit" },
  { scope: "chat" as const, max: 1_000_000, perMs: 1_000, source: "bench: no limit" },
];

async function startServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/sim-server.ts", TOKEN], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [chunk] = (await once(child.stdout, "data")) as [Buffer];
  return { url: chunk.toString().trim(), stop: () => child.kill() };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function cpuMs(run: () => Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  return run().then(() => {
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  });
}

async function viaHerald(url: string, chats: string[]): Promise<void> {
  const herald = createHerald({
    adapters: [telegram({ botToken: TOKEN, baseUrl: url, limits: NO_LIMITS })],
    checkpoints: false,
  });
  const report = await herald.send(
    { text: "Your code: BF30" },
    { to: { platform: "telegram", recipients: chats }, concurrency: CONCURRENCY },
  );
  await herald.close();
  if (report.targets[0]?.counts.sent !== chats.length) throw new Error("herald: not all sent");
}

/** Herald's HTTP layer alone (ky over fetch, as the transport sends), with the same workers. */
async function viaTransport(url: string, chats: string[]): Promise<void> {
  const http = new HttpTransport({ baseUrl: url, timeoutMs: 30_000 });
  let next = 0;
  const worker = async () => {
    while (next < chats.length) {
      const chat = chats[next++]!;
      const response = await http.send(
        {
          step: "send",
          route: "send",
          method: "POST",
          path: `/bot${TOKEN}/sendMessage`,
          body: { json: { chat_id: Number(chat), text: "Your code: BF30" } },
          idempotency: "none",
        },
        {},
      );
      if (response.status !== 200) throw new Error(`transport: HTTP ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function viaFetch(url: string, chats: string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < chats.length) {
      const chat = chats[next++]!;
      const response = await fetch(`${url}/bot${TOKEN}/sendMessage`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ chat_id: Number(chat), text: "Your code: BF30" }),
      });
      await response.json();
      if (response.status !== 200) throw new Error(`fetch loop: HTTP ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** Measures the three senders (a warm-up round of each first) and returns the table rows. */
export async function overheadRows(): Promise<
  Array<{ scenario: string; cpuUsPerMessage: number }>
> {
  const server = await startServer();
  try {
    const chats = (offset: number) =>
      Array.from({ length: MESSAGES }, (_, i) => String(10_000_000 + offset + i));
    await viaFetch(server.url, chats(0).slice(0, 300));
    await viaTransport(server.url, chats(0).slice(0, 300));
    await viaHerald(server.url, chats(300).slice(0, 300));
    const scenarios = [
      ["bare fetch loop (baseline)", viaFetch],
      ["herald's HTTP layer alone (ky + fetch)", viaTransport],
      ["herald.send", viaHerald],
    ] as const;
    // the scenarios take turns, ROUNDS times; each one's median round is its figure
    const runs = scenarios.map(() => [] as number[]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [index, [, run]] of scenarios.entries()) {
        const offset = 1_000 + (round * scenarios.length + index) * MESSAGES;
        runs[index]!.push(await cpuMs(() => run(server.url, chats(offset))));
      }
    }
    return scenarios.map(([scenario], index) => ({
      scenario,
      cpuUsPerMessage: (median(runs[index]!) * 1000) / MESSAGES,
    }));
  } finally {
    server.stop();
  }
}

/** Prints the overhead table. */
export function printOverheadRows(rows: Array<{ scenario: string; cpuUsPerMessage: number }>) {
  const base = rows[0]!.cpuUsPerMessage;
  console.log(
    `\nPipeline overhead: CPU per message, ${MESSAGES} Telegram messages, ${CONCURRENCY} in flight\n`,
  );
  console.log("| scenario | CPU µs / message | ratio to the bare loop |");
  console.log("| --- | ---: | ---: |");
  for (const r of rows) {
    console.log(
      `| ${r.scenario} | ${r.cpuUsPerMessage.toFixed(0)} | ${(r.cpuUsPerMessage / base).toFixed(2)} |`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printOverheadRows(await overheadRows());
