// Streaming control: the pipeline pulls recipients only as fast as it sends them, reports
// progress (total, a sliding-window rate from the injected clock), and pauses and resumes.
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type Clock,
  createHerald,
  type Delivery,
  type HeraldOptions,
  type Progress,
  REPORT_RECIPIENT_LIMIT,
} from "../../src/index.js";
import { ECHO_BASE_URL, echo } from "../helpers/echo-adapter.js";

const TOKEN = "echo-secret-token-456";
/** A limit far above what the tests send: pacing is not under test here. */
const unlimited = [{ scope: "account" as const, max: 100_000, perMs: 1_000, source: "test" }];

let active = 0;
let maxActive = 0;
let arrivals: Array<{ at: number; to: string[] }> = [];
let delayMs = 0;
let onRequest: (index: number) => void = () => {};

const server = setupServer(
  http.post(`${ECHO_BASE_URL}/post`, async ({ request }) => {
    const body = (await request.json()) as { to: string[] };
    const index = arrivals.length;
    arrivals.push({ at: performance.now(), to: body.to });
    onRequest(index);
    active++;
    maxActive = Math.max(maxActive, active);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    active--;
    return HttpResponse.json({ id: `m${index}` });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  active = 0;
  maxActive = 0;
  arrivals = [];
  delayMs = 0;
  onRequest = () => {};
});
afterAll(() => server.close());

/** An audience of `n` that counts how many recipients were pulled. */
function counted(n: number) {
  const state = { pulled: 0 };
  async function* generate() {
    for (let i = 0; i < n; i++) {
      state.pulled++;
      yield `u${i}`;
    }
  }
  return { state, recipients: generate() };
}

/** Pauses the delivery once `done` recipients are finished; resolves then. */
function pauseWhenDone(delivery: Delivery, done: number): Promise<void> {
  return new Promise<void>((resolve) =>
    delivery.on("progress", (p) => {
      if (p.done === done && !delivery.paused) {
        delivery.pause();
        resolve();
      }
    }),
  );
}

const client = (extra: Partial<HeraldOptions> = {}) =>
  createHerald({ adapters: [echo({ token: TOKEN, limits: unlimited })], ...extra });

describe("back-pressure", () => {
  it("reads the stream only a bounded distance ahead of what is sent", async () => {
    delayMs = 40;
    const { state, recipients } = counted(60);
    const delivery = client().send(
      { text: "x" },
      { to: { platform: "echo", recipients }, concurrency: 3 },
    );
    let readAhead = 0;
    delivery.on("progress", (p) => {
      readAhead = Math.max(readAhead, state.pulled - p.done);
    });
    const report = await delivery;
    expect(report.counts.sent).toBe(60);
    expect(maxActive).toBeLessThanOrEqual(3);
    // 3 batches of 2 in flight, plus one full batch waiting for a slot
    expect(readAhead).toBeLessThanOrEqual(3 * 2 + 2);
    expect(readAhead).toBeGreaterThanOrEqual(3 * 2); // it did keep every slot busy
  });

  it("shares one concurrency bound between single destinations and streams", async () => {
    delayMs = 40;
    const chats = Array.from({ length: 40 }, (_, i) => `echo:room-${i}`);
    const report = await client().send(
      { text: "x" },
      { to: [...chats, { platform: "echo", recipients: ["a", "b", "c", "d"] }], concurrency: 4 },
    );
    expect(report.counts.sent).toBe(44);
    expect(maxActive).toBeLessThanOrEqual(4); // not 41: the targets share the bound
    expect(maxActive).toBeGreaterThan(1);
  });

  it("lists every recipient up to the cap, then only those not sent; counts stay exact", async () => {
    const n = REPORT_RECIPIENT_LIMIT + 2_000;
    // no HTTP: this is about what the report keeps
    const fetchStub: typeof fetch = async (_url, init) => {
      const { to } = JSON.parse(String(init?.body)) as { to: string[] };
      return to.includes("u10500")
        ? Response.json({ error: "blocked" }, { status: 400 })
        : Response.json({ id: "ok" });
    };
    const base = echo({ token: TOKEN, limits: unlimited });
    // batches of 100 (the echo adapter takes 2): fewer requests, the same report
    const wide = { ...base, capabilities: { ...base.capabilities, recipientBatch: 100 } };
    const report = await createHerald({ adapters: [wide], fetch: fetchStub }).send(
      { text: "x" },
      { to: { platform: "echo", recipients: counted(n).recipients }, concurrency: 5 },
    );
    const target = report.targets[0]!;
    expect(target.counts).toEqual({ sent: n - 100, failed: 100, unknown: 0, skipped: 0 });
    const listed = target.recipients!;
    // the failed batch settles past the cap (at most 5 batches are in flight): the cap, then it
    expect(listed.length).toBe(REPORT_RECIPIENT_LIMIT + 100);
    const failed = listed.filter((r) => r.status === "failed").map((r) => r.recipient);
    expect(failed).toHaveLength(100);
    expect(failed).toContain("u10500");
  });
});

describe("progress", () => {
  it("gives the total of arrays, of the `total` hint, and none for a bare stream", async () => {
    const totals = async (to: Parameters<ReturnType<typeof client>["send"]>[1]) => {
      const seen: Array<number | undefined> = [];
      const delivery = client().send({ text: "x" }, to);
      delivery.on("progress", (p) => seen.push(p.total));
      await delivery;
      return new Set(seen);
    };
    expect(
      await totals({ to: [{ platform: "echo", recipients: ["a", "b", "c"] }, "echo:r"] }),
    ).toEqual(new Set([4]));
    expect(await totals({ to: { platform: "echo", recipients: counted(5).recipients } })).toEqual(
      new Set([undefined]),
    );
    expect(
      await totals({ to: { platform: "echo", recipients: counted(5).recipients }, total: 5 }),
    ).toEqual(new Set([5]));
  });

  it("reports the current rate over a sliding window of the injected clock", async () => {
    let now = Date.UTC(2026, 0, 1);
    const clock: Clock = { now: () => now, sleep: () => Promise.resolve() };
    // every request takes 100 ms of fake time; the 11th comes after a minute of silence
    onRequest = (i) => {
      now += i === 10 ? 60_000 : 100;
    };
    const events: Progress[] = [];
    const delivery = client({ clock }).send(
      { text: "x" },
      { to: { platform: "echo", recipients: counted(30).recipients }, concurrency: 1 },
    );
    delivery.on("progress", (p) => events.push(p));
    await delivery;
    // after 10 requests (20 recipients) in 1 s: 20 per second
    expect(events[9]?.done).toBe(20);
    expect(events[9]?.rate).toBeCloseTo(20, 0);
    // at the end only the last 5 requests (10 recipients) are in the 10 s window; the average
    // since the start would be 30 / 61.5 s, about 0.5
    const last = events.at(-1)!;
    expect(last.done).toBe(30);
    expect(last.rate).toBeGreaterThan(0.95);
    expect(last.rate).toBeLessThan(1.2);
  });
});

describe("pause and resume", () => {
  it("stops pulling and sending while paused, lets requests in flight finish, then goes on", async () => {
    delayMs = 30;
    const { state, recipients } = counted(40);
    const delivery = client().send(
      { text: "x" },
      { to: { platform: "echo", recipients }, concurrency: 2 },
    );
    let pausedAt: { pulled: number; requests: number; time: number } | undefined;
    const settledAfterPause: number[] = [];
    let paused!: () => void;
    const pausing = new Promise<void>((resolve) => {
      paused = resolve;
    });
    delivery.on("progress", (p) => {
      if (pausedAt) settledAfterPause.push(p.done);
      if (p.done === 8 && !pausedAt) {
        delivery.pause();
        pausedAt = { pulled: state.pulled, requests: arrivals.length, time: performance.now() };
        paused();
      }
    });
    const finished = delivery.then((r) => r);
    await pausing;
    await new Promise((r) => setTimeout(r, 250));
    expect(delivery.paused).toBe(true);
    // nothing new was read or sent during the pause; the request in flight finished
    expect(state.pulled).toBe(pausedAt!.pulled);
    expect(arrivals.length).toBe(pausedAt!.requests);
    expect(settledAfterPause.length).toBeLessThanOrEqual(2); // at most the other slot's batch
    delivery.resume();
    const report = await finished;
    expect(report.counts.sent).toBe(40);
    expect(arrivals.slice(pausedAt!.requests).every((a) => a.at - pausedAt!.time >= 240)).toBe(
      true,
    );
    expect(new Set(arrivals.flatMap((a) => a.to)).size).toBe(40);
  });

  it("holds requests already queued at the limiter during a pause", async () => {
    const herald = createHerald({
      adapters: [
        echo({ token: TOKEN, limits: [{ scope: "account", max: 2, perMs: 100, source: "test" }] }),
      ],
    });
    const delivery = herald.send(
      { text: "x" },
      { to: Array.from({ length: 10 }, (_, i) => `echo:room-${i}`) },
    );
    const pausing = pauseWhenDone(delivery, 2);
    const finished = delivery.then((r) => r);
    await pausing;
    await new Promise((r) => setTimeout(r, 400));
    const duringPause = arrivals.length;
    expect(duringPause).toBeLessThanOrEqual(4); // 2 before the pause, at most 2 already granted
    delivery.resume();
    expect((await finished).counts.sent).toBe(10);
  });

  it("a cancel while paused ends the delivery: the rest is skipped", async () => {
    const { recipients, state } = counted(20);
    const delivery = client().send({ text: "x" }, { to: { platform: "echo", recipients } });
    const pausing = pauseWhenDone(delivery, 2);
    const finished = delivery.then((r) => r);
    await pausing;
    await new Promise((r) => setTimeout(r, 100));
    delivery.cancel();
    const report = await finished;
    const c = report.counts;
    // what was read is sent or skipped; the stream is not read any further
    expect(c.sent + c.skipped).toBe(state.pulled);
    expect(state.pulled).toBeLessThan(20);
    expect(c.skipped).toBeGreaterThan(0);
    expect(arrivals.length).toBe(c.sent / 2);
  });
});
