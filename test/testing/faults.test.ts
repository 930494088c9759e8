import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, type FaultKind, SIMULATOR_BASE_URLS } from "../../src/testing/index.js";
import { LINE_TOKEN, MASTO_TOKEN, RETRY_KEY, TG_TOKEN, testSimulator } from "./helpers.js";

const sim = testSimulator();
const server = setupServer(...sim.handlers());
const TG = `${SIMULATOR_BASE_URLS.telegram}/bot${TG_TOKEN}`;

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => sim.reset());
afterAll(() => server.close());

const sendMessage = (chatId: number, init: RequestInit = {}) =>
  fetch(`${TG}/sendMessage`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ chat_id: chatId, text: "hi" }),
    ...init,
  });

describe("faults through msw", () => {
  it("serves all three platforms through msw", async () => {
    const tg = await sendMessage(1);
    expect(tg.status).toBe(200);
    const line = await fetch(`${SIMULATOR_BASE_URLS.line}/v2/bot/message/push`, {
      method: "POST",
      headers: { authorization: `Bearer ${LINE_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ to: "U1", messages: [{ type: "text", text: "x" }] }),
    });
    expect(line.status).toBe(200);
    const masto = await fetch(`${SIMULATOR_BASE_URLS.mastodon}/api/v1/statuses`, {
      method: "POST",
      headers: { authorization: `Bearer ${MASTO_TOKEN}` },
      body: new URLSearchParams({ status: "form encoded", visibility: "private" }),
    });
    expect(masto.status).toBe(200);
    expect(sim.mastodon.statuses[0]?.visibility).toBe("private");
  });

  it("5xx after processing: the platform error shape, and the message was delivered", async () => {
    sim.faults.set({ rate: 1, kinds: ["5xx"], when: "after" });
    const res = await sendMessage(1);
    expect([500, 502, 503]).toContain(res.status);
    expect(await res.json()).toMatchObject({ ok: false, error_code: res.status });
    expect(sim.telegram.messages).toHaveLength(1);
    expect(sim.stats().faults).toBe(1);
  });

  it("5xx before processing: nothing delivered", async () => {
    sim.faults.set({ rate: 1, kinds: ["5xx"], when: "before", platforms: ["line"] });
    const res = await fetch(`${SIMULATOR_BASE_URLS.line}/v2/bot/message/push`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${LINE_TOKEN}`,
        "content-type": "application/json",
        "x-line-retry-key": RETRY_KEY,
      },
      body: JSON.stringify({ to: "U1", messages: [{ type: "text", text: "x" }] }),
    });
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(await res.json()).toHaveProperty("message");
    expect(sim.line.deliveries).toHaveLength(0);
    // Telegram is not in `platforms`: no fault there.
    expect((await sendMessage(2)).status).toBe(200);
  });

  it("reset: fetch fails with a network error; after processing the message exists", async () => {
    sim.faults.set({ rate: 1, kinds: ["reset"], when: "after" });
    await expect(sendMessage(1)).rejects.toThrow(TypeError);
    expect(sim.telegram.messages).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({ status: 0, fault: { kind: "reset", when: "after" } });
  });

  it("timeout: no answer until the client aborts", async () => {
    sim.faults.set({ rate: 1, kinds: ["timeout"], when: "before", hangMs: 5_000 });
    const started = Date.now();
    await expect(sendMessage(1, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(sim.telegram.messages).toHaveLength(0);
  });

  it("timeout: gives up after hangMs with a network error", async () => {
    sim.faults.set({ rate: 1, kinds: ["timeout"], when: "after", hangMs: 50 });
    await expect(sendMessage(1)).rejects.toThrow(TypeError);
    expect(sim.telegram.messages).toHaveLength(1);
  });

  it("slow: answers normally after slowMs", async () => {
    sim.faults.set({ rate: 1, kinds: ["slow"], slowMs: 150 });
    const started = Date.now();
    const res = await sendMessage(1);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(sim.telegram.messages).toHaveLength(1);
  });

  it("429: each platform's own rate-limit answer, and nothing processed", async () => {
    sim.faults.set({ rate: 1, kinds: ["429"], when: "after", retryAfterMs: 2_500 });
    const tg = await sendMessage(1);
    expect(tg.status).toBe(429);
    expect(await tg.json()).toEqual({
      ok: false,
      error_code: 429,
      description: "Too Many Requests: retry after 3",
      parameters: { retry_after: 3 },
    });
    const line = await fetch(`${SIMULATOR_BASE_URLS.line}/v2/bot/message/push`, {
      method: "POST",
      headers: { authorization: `Bearer ${LINE_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ to: "U1", messages: [{ type: "text", text: "x" }] }),
    });
    expect(line.status).toBe(429);
    expect(line.headers.get("retry-after")).toBeNull(); // LINE names no wait
    expect(line.headers.get("x-line-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await line.json()).toEqual({
      message: "The API rate limit has been exceeded. Try again later.",
    });
    const before = Date.now();
    const masto = await fetch(`${SIMULATOR_BASE_URLS.mastodon}/api/v1/statuses`, {
      method: "POST",
      headers: { authorization: `Bearer ${MASTO_TOKEN}` },
      body: new URLSearchParams({ status: "x" }),
    });
    expect(masto.status).toBe(429);
    expect(await masto.json()).toEqual({ error: "Too many requests" });
    expect(masto.headers.get("x-ratelimit-remaining")).toBe("0");
    const reset = Date.parse(masto.headers.get("x-ratelimit-reset") ?? "");
    expect(reset - before).toBeGreaterThanOrEqual(2_400);
    expect(reset - before).toBeLessThan(3_500);
    expect(sim.telegram.messages).toHaveLength(0);
    expect(sim.line.deliveries).toHaveLength(0);
    expect(sim.mastodon.statuses).toHaveLength(0);
    // a 429 strikes before processing whatever `when` says
    expect(sim.requests.map((r) => r.fault)).toEqual(
      Array(3).fill({ kind: "429", when: "before" }),
    );
  });

  it("injects the same faults for the same seed and request order", () => {
    const run = (seed: number) => {
      const s = createSimulator({ seed });
      s.faults.set({ rate: 0.3, kinds: ["5xx", "reset", "timeout", "slow"] });
      return Array.from({ length: 200 }, () => {
        const d = s.faults.decide("telegram");
        return d ? `${d.kind}/${d.when}/${d.status}` : "-";
      }).join(",");
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
    const hits = run(7)
      .split(",")
      .filter((x) => x !== "-").length;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
  });

  it("records the same faults on the same requests for a seed", async () => {
    const faultsOf = async () => {
      sim.reset();
      sim.faults.set({ rate: 0.5, kinds: ["5xx", "reset"] as FaultKind[] });
      for (let i = 0; i < 10; i++) await sendMessage(100 + i).catch(() => undefined);
      return sim.requests.map((r) => r.fault?.kind ?? "-");
    };
    const first = await faultsOf();
    expect(await faultsOf()).toEqual(first);
    expect(first.some((k) => k !== "-")).toBe(true);
  });
});

describe("a 5xx after LINE accepted a retry key", () => {
  it("lets the retry with the same key get 409 and no second delivery", async () => {
    const push = () =>
      fetch(`${SIMULATOR_BASE_URLS.line}/v2/bot/message/push`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${LINE_TOKEN}`,
          "content-type": "application/json",
          "x-line-retry-key": RETRY_KEY,
        },
        body: JSON.stringify({ to: "U1", messages: [{ type: "text", text: "x" }] }),
      });
    sim.faults.set({ rate: 1, kinds: ["5xx"], when: "after" });
    expect((await push()).status).toBeGreaterThanOrEqual(500);
    sim.faults.clear();
    const retry = await push();
    expect(retry.status).toBe(409);
    expect(((await retry.json()) as { sentMessages: unknown[] }).sentMessages).toHaveLength(1);
    expect(sim.line.deliveries).toHaveLength(1);
  });
});
