// End to end against the simulator through msw: every request the three adapters build is
// checked by the simulator against the official schema, and the platforms' signals (429, 409,
// Idempotency-Key, faults) meet the core's limits, retries and idempotency.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { telegram } from "../../src/adapters/telegram/index.js";
import { AuthError, createHerald, ValidationError } from "../../src/index.js";
import { heraldFor, instantWaits, simulator, TOKENS } from "./helpers.js";

const sim = simulator();
const server = setupServer(...sim.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => sim.reset());
afterAll(() => server.close());

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

function expectAllValid() {
  expect(sim.requests.length).toBeGreaterThan(0);
  for (const r of sim.requests) {
    expect({ path: r.path, errors: r.schemaErrors, status: r.status }).toMatchObject({
      errors: [],
    });
    expect(r.status, `${r.method} ${r.path}`).toBeLessThan(300);
  }
}

describe("every request validates against the official schema", () => {
  it("Telegram: text, photo upload, media group, mass DM", async () => {
    const herald = heraldFor();
    const report = await herald.send(
      {
        text: "Sale *today* https://shop.example",
        media: [{ data: png, mimeType: "image/png", alt: "logo" }],
      },
      {
        to: ["telegram:@shopnews", { platform: "telegram", recipients: ["1001", "1002", "1003"] }],
      },
    );
    await herald.send(
      {
        text: "Album",
        media: [{ url: "https://cdn.example/a.jpg" }, { data: png, mimeType: "image/png" }],
      },
      { to: "telegram:-100123456" },
    );
    await herald.send(
      { text: "Plain", replyTo: "12", link: "https://shop.example" },
      { to: "telegram:1001" },
    );
    expect(report.counts.sent).toBe(4);
    expect(sim.requests.map((r) => r.operation)).toEqual(
      expect.arrayContaining(["sendPhoto", "sendMediaGroup", "sendMessage"]),
    );
    expectAllValid();
  });

  it("LINE: push, multicast in batches of 500, broadcast, narrowcast with progress", async () => {
    const herald = heraldFor();
    const users = Array.from({ length: 1_200 }, (_, i) => `U${i.toString(16).padStart(32, "0")}`);
    const report = await herald.send(
      { text: "Sale", media: [{ url: "https://cdn.example/a.jpg", mimeType: "image/jpeg" }] },
      {
        to: [
          `line:${users[0]}`,
          { platform: "line", recipients: users },
          { platform: "line", broadcast: true },
          {
            platform: "line",
            segment: { age: { gte: 20, lt: 40 }, region: ["JP-13"], appType: "ios" },
          },
        ],
      },
    );
    expect(report.targets.map((t) => t.status)).toEqual(["sent", "sent", "sent", "sent"]);
    expect(
      sim.requests
        .filter((r) => r.operation === "multicast")
        .map((r) => (r.body as { to: string[] }).to.length),
    ).toEqual(expect.arrayContaining([500, 500, 200]));
    expect(
      new Set(sim.line.deliveries.filter((d) => d.operation === "multicast").map((d) => d.to)).size,
    ).toBe(1_200);
    const keys = sim.requests
      .filter((r) => r.method === "POST")
      .map((r) => r.headers["x-line-retry-key"]);
    expect(keys.every((k) => /^[0-9a-f-]{36}$/.test(k ?? ""))).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
    expect(report.targets[3]?.notes.join(" ")).toMatch(/succeeded/);
    expectAllValid();
  });

  it("Mastodon: status with two uploaded images, reply, visibility, native schedule", async () => {
    const herald = heraldFor();
    const report = await herald.send(
      {
        text: "New arrivals https://shop.example/new",
        media: [
          { data: png, mimeType: "image/png", alt: "a shoe" },
          { data: png, mimeType: "image/png", alt: "a bag" },
        ],
        overrides: { mastodon: { visibility: "unlisted" } },
      },
      { to: "mastodon" },
    );
    const scheduled = await herald.send(
      { text: "Later" },
      { to: "mastodon", at: new Date(Date.now() + 3_600_000) },
    );
    expect(report.targets[0]?.status).toBe("sent");
    expect(scheduled.targets[0]?.status).toBe("sent");
    expect(sim.mastodon.statuses).toHaveLength(1);
    expect(sim.mastodon.scheduled).toHaveLength(1);
    expect(sim.requests.filter((r) => r.operation === "createMedia")).toHaveLength(2);
    expectAllValid();
  });
});

describe("bad input is refused with a typed error before any request", () => {
  const herald = heraldFor();
  const cases: Array<[string, Parameters<typeof herald.send>, string]> = [
    ["empty message", [{ text: "" }, { to: "telegram:@shopnews" }], "text"],
    ["unknown platform", [{ text: "x" }, { to: "myspace:@tom" }], "to[0].platform"],
    ["unknown account", [{ text: "x" }, { to: "telegram@other:@shopnews" }], "to[0].account"],
    ["Telegram text over 4096", [{ text: "x".repeat(4097) }, { to: "telegram:@shopnews" }], "text"],
    [
      "LINE text over 5000",
      [{ text: "x".repeat(5001) }, { to: { platform: "line", broadcast: true } }],
      "text",
    ],
    ["Mastodon text over 500", [{ text: "x".repeat(501) }, { to: "mastodon" }], "text"],
    [
      "media with neither URL nor bytes",
      [{ text: "x", media: [{ alt: "?" }] }, { to: "telegram:@shopnews" }],
      "media[0]",
    ],
    [
      "a segment LINE cannot express",
      [{ text: "x" }, { to: { platform: "line", segment: { language: ["ja"] } } }],
      "to[0].segment.language",
    ],
    [
      "a mass send where only one target is bad",
      [
        { text: "x".repeat(4097) },
        { to: ["mastodon", { platform: "telegram", recipients: ["1"] }] },
      ],
      "text",
    ],
  ];
  it.each(cases)("%s", async (_name, args, field) => {
    const error = await herald.send(...args).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(sim.requests).toHaveLength(0);
  });
});

describe("platform signals", () => {
  it("paces one Telegram chat at its limit: the simulator sends no 429", async () => {
    const herald = heraldFor();
    const sends = [1, 2, 3].map((n) => herald.send({ text: `n${n}` }, { to: "telegram:1001" }));
    const reports = await Promise.all(sends);
    expect(reports.every((r) => r.targets[0]?.status === "sent")).toBe(true);
    expect(sim.stats().rateLimited).toBe(0);
    const times = sim.requests.map((r) => r.time).sort((a, b) => a - b);
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(1_990);
  });

  it("honors Telegram's retry_after when the client's limit is set too high", async () => {
    const eager = createHerald({
      adapters: [
        telegram({
          botToken: TOKENS.telegram,
          limits: [
            {
              scope: "chat",
              chatKind: "private",
              max: 10,
              perMs: 1_000,
              source: "test: wrong on purpose",
            },
          ],
        }),
      ],
      // real waits: the retry must really wait out retry_after
      clock: { now: instantWaits.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    });
    const delivery = eager.send({ text: "x" }, { to: "telegram:1001" });
    const second = eager.send({ text: "y" }, { to: "telegram:1001" });
    const limited: Array<number | undefined> = [];
    second.on("rate-limited", (e) => limited.push(e.retryAfterMs));
    const [a, b] = await Promise.all([delivery, second]);
    expect([a.targets[0]?.status, b.targets[0]?.status]).toEqual(["sent", "sent"]);
    expect(sim.stats().rateLimited).toBe(1);
    expect(limited).toEqual([1_000]);
    expect(sim.telegram.messages).toHaveLength(2);
  });

  it("LINE under faults: every recipient sent once, retries carry the same key (409 = accepted)", async () => {
    sim.faults.set({ rate: 0.3, kinds: ["5xx", "reset", "timeout"], hangMs: 200 });
    const herald = heraldFor({}, { timeoutMs: 100 });
    const users = Array.from({ length: 50 }, (_, i) => `U${i.toString(16).padStart(32, "0")}`);
    const report = await herald.send(
      { text: "x" },
      { to: users.map((u) => `line:${u}`) }, // 50 pushes
    );
    expect(report.counts.sent).toBe(50);
    const perUser = new Map<string, number>();
    for (const d of sim.line.deliveries)
      perUser.set(d.to ?? "", (perUser.get(d.to ?? "") ?? 0) + 1);
    expect([...perUser.values()].every((n) => n === 1)).toBe(true);
    expect(perUser.size).toBe(50);
    expect(sim.stats().faults).toBeGreaterThan(0);
  });

  it("Mastodon under faults: each status created exactly once (Idempotency-Key)", async () => {
    sim.faults.set({ rate: 0.3, kinds: ["5xx", "reset"], platforms: ["mastodon"] });
    const herald = heraldFor();
    const reports = await Promise.all(
      Array.from({ length: 20 }, (_, i) => herald.send({ text: `post ${i}` }, { to: "mastodon" })),
    );
    expect(reports.every((r) => r.targets[0]?.status === "sent")).toBe(true);
    const texts = sim.mastodon.statuses.map((s) => s.text);
    expect(texts).toHaveLength(20);
    expect(new Set(texts).size).toBe(20);
  });

  it("Telegram under faults: nobody is lost, unknown only where a fault struck", async () => {
    sim.faults.set({ rate: 0.2, kinds: ["5xx", "reset"], platforms: ["telegram"] });
    const herald = heraldFor();
    const chats = Array.from({ length: 60 }, (_, i) => String(2_000 + i));
    const report = await herald.send(
      { text: "x" },
      { to: { platform: "telegram", recipients: chats } },
    );
    const c = report.counts;
    expect(c.sent + c.failed + c.unknown + c.skipped).toBe(60);
    expect(c.unknown).toBe(sim.stats().faults);
    expect(sim.requests).toHaveLength(60); // nothing resent
    const delivered = new Set(sim.telegram.messages.map((m) => m.chatId));
    for (const r of report.targets[0]?.recipients ?? []) {
      if (r.status === "sent") expect(delivered.has(r.recipient)).toBe(true);
    }
  });
});

describe("preview", () => {
  it("shows exactly the requests that are then sent, secrets redacted", async () => {
    const herald = heraldFor();
    const message = { text: "Preview me https://shop.example", idempotencyKey: "p-1" };
    const to = [
      "telegram:@shopnews",
      "mastodon",
      { platform: "line" as const, broadcast: true as const },
    ];
    const preview = herald.preview(message, { to });
    await herald.send(message, { to });
    for (const target of preview.targets) {
      const [request] = target.requests;
      const sent = sim.requests.find((r) => r.platform === target.platform);
      expect(request?.body).toEqual(sent?.body);
      expect(request?.method).toBe(sent?.method);
      expect(new URL(request!.url).pathname.replace("[redacted]", "<token>")).toMatch(
        new RegExp(`${sent!.path.replace(/[<>]/g, ".").replace(/\//g, "\\/")}$`),
      );
    }
    const text = JSON.stringify(preview);
    for (const secret of Object.values(TOKENS)) expect(text).not.toContain(secret);
    expect(preview.targets.find((t) => t.platform === "mastodon")?.lengths[0]).toMatchObject({
      length: 34, // 11 characters + the URL counted as 23
      max: 500,
    });
  });

  it("says which targeting and scheduling is native", () => {
    const herald = heraldFor();
    const later = new Date(Date.now() + 3_600_000);
    const scheduled = herald.preview({ text: "x" }, { to: "mastodon", at: later });
    const segmented = herald.preview(
      { text: "x" },
      { to: [{ platform: "line", segment: { gender: "female" } }, "mastodon"] },
    );
    expect(scheduled.targets[0]).toMatchObject({ scheduling: "native", targeting: "none" });
    expect(scheduled.targets[0]?.requests.at(-1)?.body).toMatchObject({
      scheduled_at: later.toISOString(),
    });
    expect(segmented.targets.map((t) => [t.scheduling, t.targeting])).toEqual([
      ["none", "native"],
      ["none", "none"],
    ]);
    // Telegram cannot schedule: Herald's scheduler keeps it; Mastodon too when told never to go native
    const held = herald.preview(
      { text: "x" },
      { to: ["telegram:@shopnews", "mastodon"], at: later, native: "never" },
    );
    expect(held.targets.map((t) => t.scheduling)).toEqual(["herald", "herald"]);
    expect(held.targets[1]?.requests.at(-1)?.body).not.toHaveProperty("scheduled_at");
  });
});

describe("credentials", () => {
  it("a wrong token is an AuthError that does not show the token", async () => {
    const herald = createHerald({
      adapters: [telegram({ botToken: "999:WRONG-TOKEN-VALUE" })],
      clock: instantWaits,
    });
    const report = await herald.send({ text: "x" }, { to: "telegram:@shopnews" });
    const error = report.targets[0]?.error;
    expect(error).toBeInstanceOf(AuthError);
    expect(JSON.stringify(report) + String(error?.message)).not.toContain("WRONG-TOKEN-VALUE");
    expect(sim.requests).toHaveLength(1);
  });
});
