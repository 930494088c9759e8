// The scheduler's figures for `npm run bench` (see bench/README.md): how many scheduled sends the
// in-memory scheduler holds per 100 MB of heap, and how late fires start (and reach the
// simulated platform) while it holds many others and fires about 100 sends a second.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createHerald, type Herald, MemoryScheduler, type Recipient } from "herald";
import { bullmqScheduler } from "herald/bullmq";
import { telegram } from "herald/telegram";
import { createSimulator, startSimulatorServer } from "herald/testing";
import { Redis } from "ioredis";
import { redisAvailable } from "../test/helpers/redis.js";

const TOKEN = "123456:BENCH-SCHEDULER";
/** Scheduled sends held for the memory figure (and as the background load of the lateness run). */
const HELD = Number(process.env.BENCH_SCHEDULED ?? 100_000);
/** Sends fired in the lateness run, due evenly over {@link FIRE_WINDOW_MS}: about 100 a second. */
const FIRES = Number(process.env.BENCH_FIRES ?? 1_000);
const FIRE_WINDOW_MS = 10_000;
const MB = 1024 * 1024;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

/** A client of one Telegram bot whose limits let the bench, not the platform, set the pace. */
function client(baseUrl: string, scheduler?: Parameters<typeof createHerald>[0]["scheduler"]) {
  return createHerald({
    adapters: [
      telegram({
        botToken: TOKEN,
        baseUrl,
        limits: [
          {
            scope: "account",
            max: 10_000,
            perMs: 1_000,
            source: "bench: not the limit under test",
          },
        ],
      }),
    ],
    ...(scheduler ? { scheduler } : {}),
  });
}

async function schedule(
  herald: Herald,
  count: number,
  at: (i: number) => Date,
  to: (i: number) => Parameters<Herald["send"]>[1]["to"],
  extra = {},
) {
  for (let i = 0; i < count; i += 1_000) {
    await Promise.all(
      Array.from({ length: Math.min(1_000, count - i) }, (_, k) =>
        herald.send({ text: `Your code: BF${i + k}` }, { to: to(i + k), at: at(i + k), ...extra }),
      ),
    );
  }
}

/** Heap per scheduled send, in bytes, for one shape of schedule. */
async function bytesPerSchedule(
  shape: "one chat, one-off" | "3 recipients, recipient time, daily × 7",
): Promise<number> {
  const herald = client("https://telegram.invalid");
  await herald.schedules.list(); // loads the scheduler before measuring
  const before = heapUsed();
  const day = Date.now() + 86_400_000;
  if (shape === "one chat, one-off") {
    await schedule(
      herald,
      HELD,
      (i) => new Date(day + i),
      (i) => `telegram:${1_000_000 + i}`,
    );
  } else {
    const zones = ["Asia/Tokyo", "Europe/Berlin", "America/New_York"];
    const recipients = (i: number): Recipient[] =>
      zones.map((timezone, z) => ({ id: String(3 * i + z + 1_000_000), attributes: { timezone } }));
    await schedule(
      herald,
      HELD / 10,
      () => new Date(day),
      (i) => ({ platform: "telegram", recipients: recipients(i) }),
      {
        at: new Date(day).toISOString().slice(0, 16),
        timezone: "recipient",
        repeat: "FREQ=DAILY;COUNT=7",
      },
    );
  }
  const after = heapUsed();
  const held = (await herald.schedules.list()).length;
  await herald.close();
  return (after - before) / held;
}

interface Lateness {
  scheduler: string;
  fires: number;
  fireP50: number;
  fireP99: number;
  fireMax: number;
  arriveP50: number;
  arriveP99: number;
}

/** Fires `FIRES` sends due over 10 s, with `HELD` others pending later (in memory), and times them. */
async function lateness(kind: "memory" | "bullmq"): Promise<Lateness> {
  const sim = createSimulator({
    telegram: { botTokens: [TOKEN], limits: { perBot: { limit: 100_000, windowMs: 1_000 } } },
    validate: false,
    maxRecordedRequests: 10,
  });
  const server = await startSimulatorServer(sim);
  const prefix = `herald-bench-${process.pid}-${Date.now()}`;
  const herald = client(
    server.urls.telegram,
    kind === "memory" ? new MemoryScheduler() : bullmqScheduler({ prefix }),
  );
  if (kind === "memory") {
    // the load: many sends held for later while these fire
    await schedule(
      herald,
      HELD,
      (i) => new Date(Date.now() + 86_400_000 + i),
      (i) => `telegram:${2_000_000 + i}`,
    );
  }
  const start = Date.now() + 3_000;
  const due = (i: number) => new Date(start + Math.floor((i * FIRE_WINDOW_MS) / FIRES));
  const started: number[] = [];
  let fired = 0;
  const done = new Promise<void>((resolve) => {
    herald.schedules.on("fire", (e) => started.push(Date.now() - e.fire.at));
    herald.schedules.on("fired", () => {
      if (++fired === FIRES) resolve();
    });
  });
  await schedule(herald, FIRES, due, (i) => `telegram:${3_000_000 + i}`);
  await done;
  const arrived = sim.telegram.messages
    .filter((m) => Number(m.chatId) >= 3_000_000)
    .map((m) => m.time - due(Number(m.chatId) - 3_000_000).getTime());
  await herald.close();
  await server.close();
  if (kind === "bullmq") {
    const redis = new Redis();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
  return {
    scheduler:
      kind === "memory"
        ? `in memory, ${HELD.toLocaleString("en")} others held`
        : "BullMQ on local Redis",
    fires: FIRES,
    fireP50: quantile(started, 0.5),
    fireP99: quantile(started, 0.99),
    fireMax: Math.max(...started),
    arriveP50: quantile(arrived, 0.5),
    arriveP99: quantile(arrived, 0.99),
  };
}

/** Prints the scheduler's tables. */
export async function printSchedulerBench(): Promise<void> {
  console.log(
    `\nIn-memory scheduler: heap held (${HELD.toLocaleString("en")} scheduled sends, forced GC before and after)\n`,
  );
  console.log("| schedule | KB per scheduled send | scheduled sends per 100 MB |");
  console.log("| --- | ---: | ---: |");
  for (const shape of ["one chat, one-off", "3 recipients, recipient time, daily × 7"] as const) {
    const bytes = await bytesPerSchedule(shape);
    console.log(
      `| ${shape} | ${(bytes / 1024).toFixed(2)} | ${Math.floor((100 * MB) / bytes).toLocaleString("en")} |`,
    );
  }
  const rows = [await lateness("memory")];
  if (await redisAvailable()) rows.push(await lateness("bullmq"));
  else console.log("\n(Redis not reachable at 127.0.0.1:6379: the BullMQ row is left out)");
  console.log(
    `\nFiring lateness: ${FIRES.toLocaleString("en")} sends due evenly over ${FIRE_WINDOW_MS / 1000} s to a simulated Telegram (ms after due)\n`,
  );
  console.log(
    "| scheduler | fires | fire start p50 | fire start p99 | fire start max | at platform p50 | at platform p99 |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    console.log(
      `| ${r.scheduler} | ${r.fires} | ${r.fireP50} | ${r.fireP99} | ${r.fireMax} | ${r.arriveP50} | ${r.arriveP99} |`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await printSchedulerBench();
