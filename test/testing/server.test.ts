import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type SimulatorServer, startSimulatorServer } from "../../src/testing/node.js";
import { LINE_TOKEN, MASTO_TOKEN, TG_TOKEN, testSimulator } from "./helpers.js";

const sim = testSimulator();
let server: SimulatorServer;

beforeAll(async () => {
  server = await startSimulatorServer(sim, { port: 0 });
});
afterEach(() => sim.reset());
afterAll(async () => {
  await server.close();
});

const sendMessage = (chatId: number, init: RequestInit = {}) =>
  fetch(`${server.urls.telegram}/bot${TG_TOKEN}/sendMessage`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ chat_id: chatId, text: "hi" }),
    ...init,
  });

describe("real HTTP server", () => {
  it("routes by the first path segment to each platform", async () => {
    expect(server.urls.telegram).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/telegram$/);
    const tg = await sendMessage(1);
    expect(tg.status).toBe(200);
    expect(((await tg.json()) as { result: { text: string } }).result.text).toBe("hi");
    const line = await fetch(`${server.urls.line}/v2/bot/message/push`, {
      method: "POST",
      headers: { authorization: `Bearer ${LINE_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ to: "U1", messages: [{ type: "text", text: "x" }] }),
    });
    expect(line.status).toBe(200);
    expect(line.headers.get("x-line-request-id")).toBeTruthy();
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(8)], { type: "image/png" }), "a.png");
    const media = await fetch(`${server.urls.mastodon}/api/v2/media`, {
      method: "POST",
      headers: { authorization: `Bearer ${MASTO_TOKEN}` },
      body: form,
    });
    expect(media.status).toBe(200);
    expect(media.headers.get("x-ratelimit-limit")).toBe("30");
    expect(sim.requests.map((r) => r.path)).toEqual([
      "/bot<token>/sendMessage",
      "/v2/bot/message/push",
      "/api/v2/media",
    ]);
    const unknown = await fetch(`${server.origin}/nope`);
    expect(unknown.status).toBe(404);
  });

  it("5xx fault answers the platform's error", async () => {
    sim.faults.set({ rate: 1, kinds: ["5xx"], when: "before" });
    const res = await sendMessage(1);
    expect([500, 502, 503]).toContain(res.status);
    expect(await res.json()).toMatchObject({ ok: false });
    expect(sim.telegram.messages).toHaveLength(0);
  });

  it("reset fault destroys the socket", async () => {
    sim.faults.set({ rate: 1, kinds: ["reset"], when: "after" });
    await expect(sendMessage(1)).rejects.toThrow(TypeError);
    expect(sim.telegram.messages).toHaveLength(1);
  });

  it("timeout fault holds the request until the client aborts", async () => {
    sim.faults.set({ rate: 1, kinds: ["timeout"], when: "before", hangMs: 10_000 });
    const started = Date.now();
    await expect(sendMessage(1, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
    // The server notices the client went away and stops waiting.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sim.requests[0]).toMatchObject({ status: 0, fault: { kind: "timeout" } });
    expect(sim.telegram.messages).toHaveLength(0);
  });

  it("slow fault answers normally after slowMs", async () => {
    sim.faults.set({ rate: 1, kinds: ["slow"], slowMs: 150, when: "after" });
    const started = Date.now();
    const res = await sendMessage(1);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
