// What the request timeout covers, on real local servers (127.0.0.1) with Node's fetch: it starts
// when the request is handed to fetch (time queued at a limiter is not counted), and with the
// Node client a request that provably never left (not connected when the timeout ran out) is
// failed and retried, not unknown, while one that reached the server and got no answer stays
// unknown. Telegram's sendMessage has no idempotency key: an unknown is never resent.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { telegram } from "../../src/adapters/telegram/index.js";
import { createHerald as createPortableHerald, PlatformError } from "../../src/index.js";
import { createHerald } from "../../src/index-node.js";
import {
  createSimulator,
  type SimulatorServer,
  startSimulatorServer,
} from "../../src/testing/node.js";

const TOKEN = "123456:TIMEOUT-TOKEN";
const TIMEOUT_MS = 200;
const fast = { retries: 2, minDelayMs: 1, maxDelayMs: 2 };

function listening<T extends Server | NetServer>(server: T): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

const sim = createSimulator({ telegram: { botTokens: [TOKEN] }, validate: false });
let simServer: SimulatorServer;

// Accepts TCP connections and never speaks TLS: an https request to it never gets connected.
const silentSockets = new Set<Socket>();
let connections = 0;
const silent = createNetServer((socket) => {
  connections++;
  silentSockets.add(socket);
  socket.on("error", () => {});
  socket.on("close", () => silentSockets.delete(socket));
});
let silentHost: string;

// Reads every request and never answers: the request reached it.
const received: string[] = [];
const mute = createHttpServer((request: IncomingMessage) => {
  received.push(request.url ?? "");
  request.resume();
});
let muteHost: string;

beforeAll(async () => {
  simServer = await startSimulatorServer(sim);
  silentHost = await listening(silent);
  muteHost = await listening(mute);
});
beforeEach(() => {
  sim.reset();
  connections = 0;
  received.length = 0;
});
afterAll(async () => {
  for (const socket of silentSockets) socket.destroy();
  mute.closeAllConnections();
  await Promise.all([
    simServer.close(),
    new Promise((r) => silent.close(r)),
    new Promise((r) => mute.close(r)),
  ]);
});

const bot = (baseUrl: string, limits = {}) => telegram({ botToken: TOKEN, baseUrl, ...limits });

describe("a request that never left", () => {
  it("not connected when the timeout runs out: failed, retryable and retried, not unknown", async () => {
    const herald = createHerald({
      adapters: [bot(`https://${silentHost}`)],
      timeoutMs: TIMEOUT_MS,
      retry: fast,
    });
    const report = await herald.send({ text: "hi" }, { to: "telegram:@news" });
    const target = report.targets[0]!;
    expect(target.status).toBe("failed");
    expect(target.error).toBeInstanceOf(PlatformError);
    expect((target.error as PlatformError).retryable).toBe(true);
    expect(target.error?.message).toMatch(/before the request was written/);
    expect(report.retries).toBe(2);
    expect(connections).toBe(3); // three attempts, none of them got as far as a request
    await herald.close();
  });

  it("the portable client, which cannot see the socket, keeps it unknown and does not resend", async () => {
    const herald = createPortableHerald({
      adapters: [bot(`https://${silentHost}`)],
      timeoutMs: TIMEOUT_MS,
      retry: fast,
    });
    const report = await herald.send({ text: "hi" }, { to: "telegram:@news" });
    expect(report.targets[0]?.status).toBe("unknown");
    expect(report.retries).toBe(0);
    expect(connections).toBe(1);
    await herald.close();
  });

  it("starved of CPU between fetch and connect: not sent, retried, and sent once", async () => {
    // The event loop is blocked for longer than the timeout right as undici creates the first
    // request (CPU load): its connection (to "localhost", which takes a lookup) is not made
    // before the timeout runs out.
    let block = true;
    const starve = () => {
      if (!block) return;
      block = false;
      const end = Date.now() + TIMEOUT_MS * 2;
      while (Date.now() < end) {
        // busy: another task holding the CPU
      }
    };
    subscribe("undici:request:create", starve);
    try {
      const herald = createHerald({
        adapters: [bot(simServer.urls.telegram.replace("127.0.0.1", "localhost"))],
        timeoutMs: TIMEOUT_MS,
        retry: fast,
      });
      const report = await herald.send({ text: "hi" }, { to: "telegram:@news" });
      expect(block).toBe(false);
      expect(report.targets[0]?.status).toBe("sent");
      expect(report.retries).toBe(1);
      expect(sim.telegram.messages.map((m) => m.chatId)).toEqual(["@news"]);
      await herald.close();
    } finally {
      unsubscribe("undici:request:create", starve);
    }
  });
});

describe("what the timeout counts", () => {
  it("not the wait at the limiter: requests queued longer than timeoutMs are all sent", async () => {
    // one request per 300 ms (slot held until 300 ms after each answer): the fourth waits ~1 s
    const limits = { limits: [{ scope: "account", max: 1, perMs: 300, source: "test" }] } as const;
    const herald = createHerald({
      adapters: [bot(simServer.urls.telegram, limits)],
      timeoutMs: TIMEOUT_MS,
      retry: { retries: 0 },
    });
    const started = Date.now();
    const report = await herald.send(
      { text: "hi" },
      { to: ["telegram:@chan_a", "telegram:@chan_b", "telegram:@chan_c", "telegram:@chan_d"] },
    );
    const elapsed = Date.now() - started;
    console.log(`4 sends paced 1 per 300 ms with a ${TIMEOUT_MS} ms timeout: ${elapsed} ms`);
    expect(report.targets.map((t) => t.status)).toEqual(["sent", "sent", "sent", "sent"]);
    expect(elapsed).toBeGreaterThan(3 * 300);
    expect(sim.telegram.messages).toHaveLength(4);
    await herald.close();
  });

  it("a request that reached the server and got no answer stays unknown, sent once", async () => {
    const herald = createHerald({
      adapters: [bot(`http://${muteHost}`)],
      timeoutMs: TIMEOUT_MS,
      retry: fast,
    });
    const report = await herald.send({ text: "hi" }, { to: "telegram:@news" });
    const target = report.targets[0]!;
    expect(target.status).toBe("unknown");
    expect(target.error?.message).toMatch(/timed out waiting for the answer/);
    expect(report.retries).toBe(0);
    expect(received).toHaveLength(1);
    await herald.close();
  });

  it("covers the answer's body: a body that stalls ends the request", async () => {
    const stalling = createHttpServer((request, response) => {
      request.resume();
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"ok":true,'); // and never the rest
    });
    const host = await listening(stalling);
    const herald = createHerald({
      adapters: [bot(`http://${host}`)],
      timeoutMs: TIMEOUT_MS,
      retry: fast,
    });
    const started = Date.now();
    const report = await herald.send({ text: "hi" }, { to: "telegram:@news" });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_500);
    expect(report.targets[0]?.status).toBe("unknown");
    expect(report.targets[0]?.error?.message).toMatch(/reading the answer/);
    await herald.close();
    stalling.closeAllConnections();
    await new Promise((r) => stalling.close(r));
  });
});
