// A cancel stops reading the recipients stream (an endless one, one that never yields) and the
// delivery settles promptly; repeated recipients in one delivery get one message; a resume of a
// stream in another order is refused instead of skipping the wrong people.
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHerald, memoryCheckpoints, ValidationError } from "../../src/index.js";
import { ECHO_BASE_URL, echo } from "../helpers/echo-adapter.js";

const TOKEN = "echo-secret-token-cancel";
/** Each recipient the imaginary platform was sent to, once per request. */
let received: string[] = [];
const server = setupServer(
  http.post(`${ECHO_BASE_URL}/post`, async ({ request }) => {
    const { to } = (await request.json()) as { to: string[] };
    received.push(...to);
    return HttpResponse.json({ id: `m${received.length}` });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  received = [];
});
afterAll(() => server.close());

const unlimited = [{ scope: "account" as const, max: 1_000_000, perMs: 1_000, source: "test" }];
const client = (checkpoints = memoryCheckpoints()) =>
  createHerald({ adapters: [echo({ token: TOKEN, limits: unlimited })], checkpoints });

describe("cancel", () => {
  it("stops reading an endless synchronous stream, closes it, and settles promptly", async () => {
    const state = { read: 0, closed: false };
    function* endless() {
      try {
        for (;;) yield `u${state.read++}`;
      } finally {
        state.closed = true;
      }
    }
    const delivery = client().send(
      { text: "x" },
      { to: { platform: "echo", recipients: endless() } },
    );
    // a timer must get its turn while the stream is read (no microtask-only loop)
    const cancelled = new Promise<void>((resolve) =>
      setTimeout(() => {
        delivery.cancel();
        resolve();
      }, 50),
    );
    await cancelled;
    const readAtCancel = state.read;
    const report = await delivery;
    expect(state.closed).toBe(true); // iterator.return() was called
    expect(state.read - readAtCancel).toBeLessThan(2_000); // not read on after the cancel
    const target = report.targets[0]!;
    const c = target.counts;
    // every recipient read is accounted for, none listed twice, the listing stays bounded
    expect(c.sent + c.skipped).toBe(state.read);
    expect(target.recipients!.length).toBeLessThanOrEqual(c.skipped + 10_000);
    expect(target.notes.some((n) => n.includes(`after reading ${state.read} recipients`))).toBe(
      true,
    );
    expect(target.unread).toBeUndefined(); // a stream's rest is not known, so not counted
  });

  it("settles a delivery whose stream never yields", async () => {
    let returned = false;
    const stuck: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<string>>(() => {}),
        return: async () => {
          returned = true;
          return { done: true, value: undefined };
        },
      }),
    };
    const delivery = client().send({ text: "x" }, { to: { platform: "echo", recipients: stuck } });
    setTimeout(() => delivery.cancel(), 20);
    const report = await Promise.race([
      delivery.then((r) => r),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("still pending")), 2_000),
      ),
    ]);
    expect(report.counts).toEqual({ sent: 0, failed: 0, unknown: 0, skipped: 0 });
    expect(returned).toBe(true);
  });

  it("counts an array's unread part as skipped without listing it, and a resume sends it", async () => {
    const store = memoryCheckpoints();
    const herald = client(store);
    const recipients = Array.from({ length: 5_000 }, (_, i) => `u${i}`);
    const to = { platform: "echo", recipients };
    const first = herald.send({ text: "x" }, { to, concurrency: 1 });
    first.on("progress", (p) => {
      if (p.done === 10) first.cancel();
    });
    const report = await first;
    const target = report.targets[0]!;
    expect(target.unread).toBeGreaterThan(4_000);
    expect(target.counts.sent + target.counts.skipped).toBe(5_000);
    expect(target.recipients!.length).toBe(5_000 - target.unread!);
    const resumed = await herald.resume(first.id, { text: "x" }, { to });
    expect(resumed.counts.sent).toBe(5_000);
    expect(new Set(received).size).toBe(5_000);
    expect(received).toHaveLength(5_000); // nobody twice
  });
});

describe("repeated recipients", () => {
  it("an array listing one id three times sends it once and counts the repeats", async () => {
    const report = await client().send(
      { text: "x" },
      { to: { platform: "echo", recipients: ["7", "7", "8", "7", { id: "8" }] } },
    );
    expect(received.sort()).toEqual(["7", "8"]);
    const target = report.targets[0]!;
    expect(target.counts.sent).toBe(2);
    expect(target.duplicates).toBe(3);
  });

  it("a stream is checked exactly within the window, and dedupe: false sends every listing", async () => {
    async function* stream() {
      for (let i = 0; i < 30; i++) yield `u${i % 10}`; // each id three times, 10 apart
    }
    const windowed = await client().send(
      { text: "x" },
      { to: { platform: "echo", recipients: stream() }, dedupe: { window: 10 } },
    );
    expect(windowed.targets[0]!.duplicates).toBe(20);
    expect(received).toHaveLength(10);
    received = [];
    // a window remembers at most twice its size: repeats further apart are missed (sent, never lost)
    const narrow = await client().send(
      { text: "x" },
      { to: { platform: "echo", recipients: stream() }, dedupe: { window: 4 } },
    );
    expect(narrow.targets[0]!.duplicates).toBe(0);
    expect(received).toHaveLength(30);
    received = [];
    const all = await client().send(
      { text: "x" },
      { to: { platform: "echo", recipients: ["7", "7"] }, dedupe: false },
    );
    expect(received).toEqual(["7", "7"]);
    expect(all.targets[0]!.duplicates).toBeUndefined();
  });

  it("a resume drops the same repeats as the first run", async () => {
    const herald = client();
    const list = Array.from({ length: 40 }, (_, i) => `u${i % 20}`);
    const first = herald.send(
      { text: "x" },
      { to: { platform: "echo", recipients: list }, concurrency: 1 },
    );
    first.on("progress", (p) => {
      if (p.done === 6) first.cancel();
    });
    await first;
    const resumed = await herald.resume(
      first.id,
      { text: "x" },
      {
        to: { platform: "echo", recipients: list },
      },
    );
    expect(resumed.counts.sent).toBe(20);
    expect(received.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `u${i}`).sort());
  });
});

describe("resume with another stream", () => {
  it("is refused with a ValidationError, sending nobody twice", async () => {
    const herald = client();
    const list = Array.from({ length: 30 }, (_, i) => `u${i}`);
    const first = herald.send(
      { text: "x" },
      { to: { platform: "echo", recipients: list }, concurrency: 1 },
    );
    first.on("progress", (p) => {
      if (p.done === 10) first.cancel();
    });
    await first;
    const before = received.length;
    const reordered = [...list].reverse();
    const resumed = await herald.resume(
      first.id,
      { text: "x" },
      {
        to: { platform: "echo", recipients: reordered },
      },
    );
    const target = resumed.targets[0]!;
    expect(target.status).toBe("failed");
    expect(target.error).toBeInstanceOf(ValidationError);
    expect(target.error!.message).toContain("same order");
    expect(received.length).toBe(before); // nothing sent on a guess
  });
});
