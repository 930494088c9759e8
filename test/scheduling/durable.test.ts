// The durable scheduler (herald/bullmq) against the real Redis at 127.0.0.1:6379, with Herald
// running in child processes: one killed after scheduling while another fires the send, and
// three sharing 1,000 scheduled sends, each fired exactly once. Without Redis these tests are
// skipped, except in CI (process.env.CI), where they must run.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { telegram } from "../../src/adapters/telegram/index.js";
import { audience, createHerald, type Herald } from "../../src/index.js";
import { isAudienceRef } from "../../src/scheduling/audience.js";
import { bullmqScheduler } from "../../src/scheduling/bullmq.js";
import {
  createSimulator,
  type SimulatorServer,
  startSimulatorServer,
} from "../../src/testing/node.js";
import { redisAvailable } from "../helpers/redis.js";

const REDIS = { host: "127.0.0.1", port: 6379 };
const TOKEN = "123456:DURABLE-TOKEN";
const PREFIX = `herald-test-${process.pid}-${Date.now()}`;
const SCRIPT = fileURLToPath(new URL("./durable-process.ts", import.meta.url));

const reachable = await redisAvailable();
if (!reachable && !process.env.CI) {
  console.warn(
    "Redis is not reachable at 127.0.0.1:6379: the durable scheduler tests are skipped (CI runs them)",
  );
}

interface Child {
  process: ChildProcess;
  lines: string[];
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

function startProcess(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
    env: { ...process.env, PREFIX, TOKEN, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop()!;
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return {
    process: child,
    lines,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find((l) => pattern.test(l));
          if (!line) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(line);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no ${pattern} from pid ${child.pid} in ${timeoutMs} ms; stdout: ${lines.join(" | ")}; stderr: ${stderr.slice(-2000)}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.signalCode ?? child.exitCode);
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!reachable && !process.env.CI)("durable scheduler on Redis (herald/bullmq)", () => {
  const sim = createSimulator({
    telegram: { botTokens: [TOKEN], limits: { perBot: { limit: 10_000, windowMs: 1_000 } } },
    validate: false,
  });
  let server: SimulatorServer;
  let manager: Herald;
  /**
   * The crash tests' queue, whose workers have short lock and stalled-check times (2 s, so a dead
   * worker's fire moves in seconds): BullMQ runs one stalled check per queue and interval, and
   * the other tests' workers check every 30 s.
   */
  const CRASH = { QUEUE: "herald-crash", LOCK_MS: "2000" };
  let crashManager: Herald;
  const children: ChildProcess[] = [];
  const start = (env: Record<string, string>) => {
    const child = startProcess({ TELEGRAM_URL: server.urls.telegram, ...env });
    children.push(child.process);
    return child;
  };

  beforeAll(async () => {
    server = await startSimulatorServer(sim);
    // This process only schedules and reads: its scheduler runs no worker.
    manager = createHerald({
      adapters: [
        telegram({
          botToken: TOKEN,
          baseUrl: server.urls.telegram,
          limits: [{ scope: "account", max: 1_000, perMs: 1_000, source: "durable test" }],
        }),
      ],
      scheduler: bullmqScheduler({ prefix: PREFIX, connection: REDIS, worker: false }),
      audiences: { vip: () => ["1", "2"] },
    });
    crashManager = createHerald({
      adapters: [telegram({ botToken: TOKEN, baseUrl: server.urls.telegram })],
      scheduler: bullmqScheduler({
        prefix: PREFIX,
        queueName: CRASH.QUEUE,
        connection: REDIS,
        worker: false,
      }),
    });
  });

  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await manager?.close();
    await crashManager?.close();
    await server?.close();
    const redis = new Redis(REDIS);
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${PREFIX}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
    await redis.quit();
  });

  it("stores media bytes and named audiences as JSON, and refuses a stream", async () => {
    const backend = bullmqScheduler({ prefix: PREFIX, connection: REDIS, worker: false });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255, 1, 2]);
    const report = await manager.send(
      { text: "picture", media: [{ data: png, mimeType: "image/png" }] },
      {
        to: { platform: "telegram", recipients: audience("vip") },
        at: "2030-01-01T09:00",
        timezone: "recipient",
      },
    );
    const stored = (await backend.get(report.id))!;
    expect(stored.message.media?.[0]?.data).toEqual(png);
    expect(stored.message.media?.[0]?.data).toBeInstanceOf(Uint8Array);
    const target = stored.targets[0] as { recipients: unknown };
    expect(isAudienceRef(target.recipients) && target.recipients.audience).toBe("vip");
    await manager.schedules.cancel(report.id);
    await backend.close();

    async function* stream() {
      yield "1";
    }
    const refused = manager.send(
      { text: "x" },
      { to: { platform: "telegram", recipients: stream() }, at: "2030-01-01T09:00:00Z" },
    );
    await expect(refused).rejects.toMatchObject({ field: "to[0].recipients" });
  });

  it("a process killed after scheduling: a new one fires the send", async () => {
    const at = Date.now() + 4_000;
    const first = start({ MODE: "schedule", AT: String(at) });
    const id = (await first.waitFor(/^scheduled /)).split(" ")[1]!;
    first.process.kill("SIGKILL");
    expect(await exited(first.process)).toBe("SIGKILL");
    expect(Date.now()).toBeLessThan(at); // it died before the send was due
    expect((await manager.schedules.get(id))?.status).toBe("scheduled");
    expect(sim.telegram.messages).toHaveLength(0);

    const second = start({ MODE: "work" });
    await second.waitFor(new RegExp(`^fired ${id} 1$`));
    const delivered = sim.telegram.messages.filter((m) => m.chatId === "@durable");
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.time).toBeGreaterThanOrEqual(at);
    expect(await manager.schedules.get(id)).toMatchObject({ status: "done", counts: { sent: 1 } });
    second.process.kill("SIGTERM");
    expect(await exited(second.process)).toBe(0);
  }, 60_000);

  it("a worker killed after BullMQ handed it a fire but before its claim: the next one sends it, once", async () => {
    sim.reset();
    const doomed = start({ MODE: "work", STALL: "before-claim", ...CRASH });
    await doomed.waitFor(/^ready$/);
    const chats = ["8100001", "8100002", "8100003"];
    const { id } = await crashManager.send(
      { text: "taken, never claimed" },
      { to: { platform: "telegram", recipients: chats }, at: new Date(Date.now() + 300) },
    );
    await doomed.waitFor(new RegExp(`^taken ${id}$`));
    doomed.process.kill("SIGKILL");
    expect(await exited(doomed.process)).toBe("SIGKILL");
    expect((await crashManager.schedules.get(id))?.fires.map((f) => f.status)).toEqual(["pending"]);

    const heir = start({ MODE: "work", ...CRASH });
    await heir.waitFor(new RegExp(`^fired ${id} `), 30_000);
    await new Promise((r) => setTimeout(r, 500)); // a late duplicate would arrive now
    const sent = sim.telegram.messages.filter((m) => chats.includes(m.chatId));
    expect(sent.map((m) => m.chatId).sort()).toEqual(chats);
    const schedule = await crashManager.schedules.get(id);
    expect(schedule).toMatchObject({ status: "done", counts: { sent: 3, unknown: 0 } });
    expect(schedule?.fires[0]?.error).toBeUndefined();
    heir.process.kill("SIGTERM");
    expect(await exited(heir.process)).toBe(0);
  }, 60_000);

  it("a worker killed after its claim: the re-run reports the Telegram recipients unknown, counted, and sends none", async () => {
    sim.reset();
    const doomed = start({ MODE: "work", STALL: "after-claim", ...CRASH });
    await doomed.waitFor(/^ready$/);
    const chats = ["8200001", "8200002", "8200003"];
    const { id } = await crashManager.send(
      { text: "claimed, then the process died" },
      {
        to: [{ platform: "telegram", recipients: chats }, "telegram:@crashed"],
        at: new Date(Date.now() + 300),
      },
    );
    await doomed.waitFor(new RegExp(`^claimed ${id}$`));
    doomed.process.kill("SIGKILL");
    expect(await exited(doomed.process)).toBe("SIGKILL");
    expect((await crashManager.schedules.get(id))?.fires.map((f) => f.status)).toEqual(["running"]);

    const heir = start({ MODE: "work", ...CRASH });
    await heir.waitFor(new RegExp(`^fired ${id} `), 30_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(sim.telegram.messages).toHaveLength(0); // some may have gone out before a real crash
    const schedule = await crashManager.schedules.get(id);
    expect(schedule).toMatchObject({
      status: "done",
      counts: { sent: 0, failed: 0, unknown: 4, skipped: 0 },
    });
    expect(schedule?.fires[0]?.error).toMatch(/re-run after a crash: not resent to .*\(3\).*\(1\)/);
    heir.process.kill("SIGTERM");
    expect(await exited(heir.process)).toBe(0);
  }, 60_000);

  it("three processes share 1,000 scheduled sends and each fires exactly once", async () => {
    sim.reset();
    const workers = [start({ MODE: "work" }), start({ MODE: "work" }), start({ MODE: "work" })];
    await Promise.all(workers.map((w) => w.waitFor(/^ready$/)));
    const started = Date.now();
    const at = new Date(started + 10_000);
    const chats = Array.from({ length: 1_000 }, (_, i) => String(7_000_000 + i));
    const ids = new Set<string>();
    for (let i = 0; i < chats.length; i += 100) {
      const reports = await Promise.all(
        chats
          .slice(i, i + 100)
          .map((chat) =>
            manager.send({ text: `code for ${chat}` }, { to: `telegram:${chat}`, at }),
          ),
      );
      for (const r of reports) ids.add(r.id);
    }
    console.log(`scheduled 1,000 sends in ${Date.now() - started} ms`);
    expect(Date.now()).toBeLessThan(at.getTime()); // all scheduled before the first is due
    expect(ids.size).toBe(1_000);

    await until(() => sim.telegram.messages.length >= 1_000, 40_000);
    const times = sim.telegram.messages.map((m) => m.time);
    console.log(
      `1,000 fires delivered from ${Math.min(...times) - at.getTime()} to ${Math.max(...times) - at.getTime()} ms after due`,
    );
    await new Promise((r) => setTimeout(r, 1_000)); // a late duplicate would arrive now
    const perChat = new Map<string, number>();
    for (const m of sim.telegram.messages) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1);
    expect(sim.telegram.messages).toHaveLength(1_000);
    expect([...perChat.keys()].sort()).toEqual([...chats].sort());
    expect(Math.min(...sim.telegram.messages.map((m) => m.time))).toBeGreaterThanOrEqual(
      at.getTime(),
    );

    const fired = workers.map((w) => w.lines.filter((l) => l.startsWith("fired ")));
    const firedIds = fired.flat().map((l) => l.split(" ")[1]);
    expect(firedIds).toHaveLength(1_000);
    expect(new Set(firedIds)).toEqual(ids);
    // the work was shared: every process fired some
    expect(
      fired.map((f) => f.length).every((n) => n > 0),
      `per process: ${fired.map((f) => f.length)}`,
    ).toBe(true);
    const done = await manager.schedules.list({ status: "done" });
    expect(done.filter((s) => ids.has(s.id))).toHaveLength(1_000);

    for (const w of workers) w.process.kill("SIGTERM");
    expect(await Promise.all(workers.map((w) => exited(w.process)))).toEqual([0, 0, 0]);
  }, 120_000);
});
