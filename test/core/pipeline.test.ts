import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AuthError,
  createHerald,
  DeliveryUnknownError,
  type HeraldOptions,
  PlatformError,
  RateLimitError,
  ValidationError,
} from "../../src/index.js";
import { ECHO_BASE_URL, echo } from "../helpers/echo-adapter.js";

const TOKEN = "echo-secret-token-123";

interface Seen {
  at: number;
  path: string;
  body: unknown;
  headers: Headers;
}

const seen: Seen[] = [];
type Reply = (seen: Seen, index: number) => Response | Promise<Response>;
let reply: Reply = () => HttpResponse.json({ id: `m${seen.length}` });

const server = setupServer(
  http.post(`${ECHO_BASE_URL}/*`, async ({ request }) => {
    const entry: Seen = {
      at: performance.now(),
      path: new URL(request.url).pathname,
      body: await request.json(),
      headers: request.headers,
    };
    seen.push(entry);
    return reply(entry, seen.length - 1);
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  seen.length = 0;
  reply = () => HttpResponse.json({ id: `m${seen.length}` });
});
afterAll(() => server.close());

const fastRetry = { retries: 3, minDelayMs: 1, maxDelayMs: 5, maxWaitMs: 2_000 };
const client = (extra: Partial<HeraldOptions> = {}, keyed = false) =>
  createHerald({ adapters: [echo({ token: TOKEN, keyed })], retry: fastRetry, ...extra });

describe("send", () => {
  it("sends to a chat and reports the platform id", async () => {
    const report = await client().send({ text: "hi" }, { to: "echo:room-1" });
    expect(report.targets[0]).toMatchObject({ status: "sent", ids: ["m1"], target: "echo:room-1" });
    expect(seen[0]?.body).toEqual({ to: ["room-1"], text: "hi" });
    expect(seen[0]?.headers.get("authorization")).toBe(`Token ${TOKEN}`);
  });

  it("fills a later step with an earlier step's id", async () => {
    reply = (s) => HttpResponse.json({ id: s.path === "/upload" ? "up-7" : "post-9" });
    const report = await client().send(
      { text: "pic", media: [{ url: "https://cdn.example/a.png" }] },
      { to: "echo:room-1" },
    );
    expect(seen.map((s) => s.path)).toEqual(["/upload", "/post"]);
    expect((seen[1]!.body as { upload: string }).upload).toBe("up-7");
    expect(report.targets[0]?.ids).toEqual(["up-7", "post-9"]);
  });

  it("sends a literal {{upload.id}} in the text as written, not as a step reference", async () => {
    reply = (s) => HttpResponse.json({ id: s.path === "/upload" ? "up-7" : "post-9" });
    const message = {
      text: "type \\{{upload.id}} here",
      media: [{ url: "https://cdn.example/a.png" }],
    };
    const report = await client().send(message, { to: "echo:room-1" });
    expect(report.targets[0]?.status).toBe("sent");
    expect((seen[1]!.body as { text: string }).text).toBe("type {{upload.id}} here");
    const preview = client().preview(message, { to: "echo:room-1" });
    expect(preview.targets[0]?.requests[1]?.body).toMatchObject({ upload: "{{upload.id}}" });
  });

  it("streams recipients in batches and reports each one", async () => {
    async function* audience() {
      for (let i = 0; i < 5; i++) yield { id: `u${i}`, attributes: { n: i } };
    }
    const delivery = client().send(
      { text: "sale" },
      { to: { platform: "echo", recipients: audience() } },
    );
    const progress: number[] = [];
    delivery.on("progress", (p) => progress.push(p.done));
    const report = await delivery;
    expect(seen).toHaveLength(3); // batches of 2: 2 + 2 + 1
    expect(report.counts).toEqual({ sent: 5, failed: 0, unknown: 0, skipped: 0 });
    expect(report.targets[0]?.recipients?.map((r) => r.recipient).sort()).toEqual([
      "u0",
      "u1",
      "u2",
      "u3",
      "u4",
    ]);
    expect(progress.at(-1)).toBe(5);
  });
});

describe("validation before any request", () => {
  const cases: Array<[string, () => PromiseLike<unknown>, string]> = [
    ["empty message", () => client().send({ text: "  " }, { to: "echo:a" }), "text"],
    ["unknown platform", () => client().send({ text: "x" }, { to: "nope:a" }), "to[0].platform"],
    [
      "unknown account",
      () => client().send({ text: "x" }, { to: "echo@other:a" }),
      "to[0].account",
    ],
    [
      "text over the limit",
      () => client().send({ text: "x".repeat(101) }, { to: "echo:a" }),
      "text",
    ],
    [
      "media with neither url nor data",
      () => client().send({ text: "x", media: [{ alt: "a" }] }, { to: "echo:a" }),
      "media[0]",
    ],
    [
      "a destination the platform lacks",
      () => client().send({ text: "x" }, { to: { platform: "echo", broadcast: true } }),
      "to[0]",
    ],
    [
      "a wall-clock time without a zone",
      () => client().send({ text: "x" }, { to: "echo:a", at: "2030-01-01T00:00" }),
      "at",
    ],
  ];
  it.each(cases)("%s is a ValidationError naming the field", async (_name, send, field) => {
    const error = await Promise.resolve(send()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(seen).toHaveLength(0);
  });

  it("preview throws the same errors synchronously", () => {
    expect(() => client().preview({ text: "" }, { to: "echo:a" })).toThrow(ValidationError);
  });
});

describe("retries and idempotency", () => {
  it("retries a keyed create after a 503 with the same idempotency key", async () => {
    reply = (_s, i) =>
      i < 2
        ? HttpResponse.json({ error: "busy" }, { status: 503 })
        : HttpResponse.json({ id: "ok" });
    const delivery = client({}, true).send({ text: "x" }, { to: "echo:a" });
    let retries = 0;
    delivery.on("retry", () => retries++);
    const report = await delivery;
    expect(report.targets[0]?.status).toBe("sent");
    expect(retries).toBe(2);
    const keys = seen.map((s) => s.headers.get("echo-idempotency-key"));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("derives the same keys from the same message idempotencyKey", async () => {
    await client({}, true).send({ text: "x", idempotencyKey: "order-1" }, { to: "echo:a" });
    await client({}, true).send({ text: "x", idempotencyKey: "order-1" }, { to: "echo:a" });
    await client({}, true).send({ text: "x", idempotencyKey: "order-2" }, { to: "echo:a" });
    const keys = seen.map((s) => s.headers.get("echo-idempotency-key"));
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it("reports unknown, and does not resend, a 5xx on a create without a key", async () => {
    reply = () => HttpResponse.json({ error: "oops" }, { status: 500 });
    const report = await client().send({ text: "x" }, { to: "echo:a" });
    expect(report.targets[0]?.status).toBe("unknown");
    expect(report.targets[0]?.error).toBeInstanceOf(DeliveryUnknownError);
    expect(seen).toHaveLength(1);
  });

  it("reports unknown after a connection loss on a create without a key", async () => {
    reply = () => HttpResponse.error();
    const report = await client().send({ text: "x" }, { to: "echo:a" });
    expect(report.targets[0]?.status).toBe("unknown");
    expect(seen).toHaveLength(1);
  });

  it("reports unknown after a timeout on a create without a key", async () => {
    reply = () =>
      new Promise<Response>((resolve) =>
        setTimeout(() => resolve(HttpResponse.json({ id: "late" })), 500),
      );
    const report = await client({ timeoutMs: 50 }).send({ text: "x" }, { to: "echo:a" });
    expect(report.targets[0]?.status).toBe("unknown");
    expect(seen).toHaveLength(1);
  });

  it("retries a 429 after the platform's retry_after, counting it", async () => {
    reply = (_s, i) =>
      i === 0
        ? HttpResponse.json({ error: "flood", retry_after: 0.2 }, { status: 429 })
        : HttpResponse.json({ id: "ok" });
    const delivery = client().send({ text: "x" }, { to: "echo:a" });
    const limited: Array<number | undefined> = [];
    delivery.on("rate-limited", (e) => limited.push(e.retryAfterMs));
    const report = await delivery;
    expect(report.targets[0]?.status).toBe("sent");
    expect(report.rateLimited).toBe(1);
    expect(limited).toEqual([200]);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(190);
  });

  it("fails with a RateLimitError when the wait exceeds maxWaitMs", async () => {
    reply = () => HttpResponse.json({ error: "flood", retry_after: 3600 }, { status: 429 });
    const report = await client().send({ text: "x" }, { to: "echo:a" });
    expect(report.targets[0]?.error).toBeInstanceOf(RateLimitError);
    expect((report.targets[0]!.error as RateLimitError).retryAfter).toBe(3_600_000);
    expect(seen).toHaveLength(1);
  });

  it("does not retry a definite refusal and keeps its details", async () => {
    reply = () => HttpResponse.json({ error: "chat not found" }, { status: 400 });
    const report = await client().send({ text: "x" }, { to: "echo:a" });
    const error = report.targets[0]?.error as PlatformError;
    expect(error).toBeInstanceOf(PlatformError);
    expect(error.status).toBe(400);
    expect(error.message).toContain("chat not found");
    expect(seen).toHaveLength(1);
  });

  it("fails fast with retries: 0", async () => {
    reply = () => HttpResponse.json({ error: "busy" }, { status: 503 });
    const report = await client({ retry: { retries: 0 } }, true).send(
      { text: "x" },
      { to: "echo:a" },
    );
    expect(report.targets[0]?.status).toBe("unknown");
    expect(seen).toHaveLength(1);
  });
});

describe("secrets", () => {
  it("never shows a token in errors, events, logs or previews", async () => {
    reply = () => HttpResponse.json({ error: `token ${TOKEN} is revoked` }, { status: 401 });
    const logged: string[] = [];
    const herald = client({ logger: { warn: (m, d) => logged.push(m + JSON.stringify(d)) } });
    const delivery = herald.send({ text: "x" }, { to: "echo:a" });
    const events: unknown[] = [];
    delivery.on("failed", (e) => events.push(e.error.message, e.error));
    const report = await delivery;
    expect(report.targets[0]?.error).toBeInstanceOf(AuthError);
    const preview = herald.preview({ text: "x" }, { to: "echo:a" });
    const everything = JSON.stringify([
      report,
      events,
      logged,
      preview,
      (report.targets[0]!.error as Error).message,
    ]);
    expect(everything).not.toContain(TOKEN);
    expect(everything).toContain("[redacted]");
  });
});

describe("limits", () => {
  it("keeps every sliding window under the limit", async () => {
    const herald = createHerald({
      adapters: [
        echo({ token: TOKEN, limits: [{ scope: "account", max: 4, perMs: 150, source: "test" }] }),
      ],
    });
    await herald.send(
      { text: "x" },
      { to: { platform: "echo", recipients: Array.from({ length: 24 }, (_, i) => `u${i}`) } },
    );
    const times = seen.map((s) => s.at).sort((a, b) => a - b);
    expect(times).toHaveLength(12);
    for (let i = 4; i < times.length; i++) {
      expect(times[i]! - times[i - 4]!).toBeGreaterThanOrEqual(149);
    }
  });

  it("keeps one chat at its own pace", async () => {
    const herald = createHerald({
      adapters: [
        echo({ token: TOKEN, limits: [{ scope: "chat", max: 1, perMs: 100, source: "test" }] }),
      ],
    });
    await Promise.all([1, 2, 3].map(() => herald.send({ text: "x" }, { to: "echo:same" })));
    const times = seen.map((s) => s.at).sort((a, b) => a - b);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(99);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(99);
  });
});

describe("cancel", () => {
  it("skips what was not sent and loses nobody", async () => {
    const herald = createHerald({
      adapters: [
        echo({ token: TOKEN, limits: [{ scope: "account", max: 2, perMs: 50, source: "test" }] }),
      ],
    });
    const recipients = Array.from({ length: 40 }, (_, i) => `u${i}`);
    const delivery = herald.send({ text: "x" }, { to: { platform: "echo", recipients } });
    delivery.on("progress", (p) => {
      if (p.done === 4) delivery.cancel();
    });
    const report = await delivery;
    const c = report.counts;
    expect(c.sent + c.failed + c.unknown + c.skipped).toBe(40);
    expect(c.skipped).toBeGreaterThan(20);
    // the array's unread part is counted as skipped, not listed
    const target = report.targets[0]!;
    expect(target.unread).toBeGreaterThan(0);
    expect(target.recipients).toHaveLength(40 - target.unread!);
    expect(target.notes.some((n) => n.startsWith("cancelled after reading"))).toBe(true);
  });
});

describe("a failing recipients stream", () => {
  it("sends and reports what was read, and says where the stream stopped", async () => {
    async function* broken() {
      yield "u1";
      yield "u2";
      yield "u3";
      throw new Error("cursor closed");
    }
    const report = await client().send(
      { text: "x" },
      { to: { platform: "echo", recipients: broken() } },
    );
    const target = report.targets[0]!;
    expect(target.status).toBe("failed");
    expect(target.error?.message).toContain("after 3 recipients: cursor closed");
    expect(target.counts.sent).toBe(3);
    expect(seen.flatMap((s) => (s.body as { to: string[] }).to).sort()).toEqual(["u1", "u2", "u3"]);
  });
});
