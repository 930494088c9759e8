// The WeChat adapter end to end against the simulator (msw): tokens from stable_token, mass sends
// with clientmsgid and mass/get, previews, template and customer-service messages, uploads, and
// WeChat's errcode answers meeting the core's auth renewal, retries and typed errors.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WECHAT_ERRORS, wechat } from "../../src/adapters/wechat/index.js";
import {
  type Clock,
  createHerald,
  PlatformError,
  RateLimitError,
  type Segment,
  ValidationError,
} from "../../src/index.js";
import { createSimulator, type WechatSimOptions } from "../../src/testing/index.js";

const APP = { appId: "wx1234567890abcdef", appSecret: "wechat-app-secret-123" };
const START = Date.UTC(2026, 10, 27, 1); // 09:00 in Beijing
let now = START;
/** Simulated time: waits (backoff, mass/get polling) move it forward at once. */
const clock: Clock = {
  now: () => now,
  sleep: async (ms, signal) => {
    if (signal?.aborted) throw signal.reason;
    now += ms;
    await new Promise((resolve) => setImmediate(resolve));
  },
};
const FOLLOWERS = Array.from({ length: 50 }, (_, i) => `o-follower-${i}`);
const OPTIONS: WechatSimOptions = {
  apps: [APP],
  followers: Object.fromEntries([
    ...FOLLOWERS.map((f) => [f, START]),
    ["o-silent", START - 3 * 86_400_000],
  ]),
  tags: { 101: ["o-follower-1"] },
  templates: ["tpl-order-shipped"],
  clientMsgIdRetrySpacingMs: 0,
};
const sim = createSimulator({ clock, wechat: OPTIONS });
const server = setupServer(...sim.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  sim.reset();
  now = START;
});
afterAll(() => server.close());

function herald(options: Partial<Parameters<typeof wechat>[0]> = {}, retry = {}) {
  return createHerald({
    adapters: [wechat({ ...APP, tags: { vip: 101 }, now: () => now, ...options })],
    clock,
    retry: { retries: 4, minDelayMs: 1, maxDelayMs: 2, ...retry },
  });
}

const png = new Uint8Array(2000).fill(9);
const massRequests = () => sim.requests.filter((r) => r.operation?.startsWith("message/mass/send"));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("WeChat access tokens", () => {
  it("fetches one token for 50 concurrent sends and sends it in the query, never in a report", async () => {
    const h = herald();
    const report = await h.send(
      { text: "您的订单已发货" },
      { to: FOLLOWERS.map((chat) => ({ platform: "wechat", chat })) },
    );
    expect(report.counts.sent).toBe(50);
    expect(sim.wechat.tokenGrants).toHaveLength(1);
    expect(sim.wechat.messages.map((m) => m.touser).sort()).toEqual([...FOLLOWERS].sort());
    const sends = sim.requests.filter((r) => r.operation === "message/custom/send");
    expect(sends.every((r) => r.query.access_token === "<redacted>")).toBe(true);
    expect(JSON.stringify(report)).not.toMatch(/wx-sim-token|wechat-app-secret/);
    await h.close();
  });

  it("renews once when WeChat answers 40001, and sends again", async () => {
    const h = herald();
    await h.send({ text: "one" }, { to: "wechat:o-follower-0" });
    sim.wechat.invalidateTokens();
    const report = await h.send(
      { text: "two" },
      { to: FOLLOWERS.slice(0, 10).map((chat) => ({ platform: "wechat", chat })) },
    );
    expect(report.counts.sent).toBe(10);
    expect(sim.wechat.tokenGrants).toHaveLength(2);
    expect(
      sim.requests.filter((r) => r.operation === "message/custom/send").length,
    ).toBeGreaterThanOrEqual(12);
    await h.close();
  });

  it("renews a minute before the 7200 s expire", async () => {
    const h = herald();
    await h.send({ text: "one" }, { to: "wechat:o-follower-0" });
    now += 7_200_000 - 30_000;
    sim.wechat.interact("o-follower-0", now);
    await h.send({ text: "two" }, { to: "wechat:o-follower-0" });
    expect(sim.wechat.tokenGrants.map((g) => g.time)).toEqual([START, now]);
    await h.close();
  });

  it("reports a wrong AppSecret as an AuthError without the secret", async () => {
    const h = herald({ appSecret: "wrong-secret-xyz" });
    const report = await h.send({ text: "x" }, { to: "wechat:o-follower-0" });
    expect(report.targets[0]?.error?.code).toBe("auth");
    expect(report.targets[0]?.error?.message).toContain("40125");
    expect(report.targets[0]?.error?.message).not.toContain("wrong-secret-xyz");
    await h.close();
  });
});

describe("WeChat mass sends", () => {
  it("sends 25,000 openids as three mass/send batches with three distinct clientmsgids", async () => {
    const h = herald();
    const recipients = Array.from({ length: 25_000 }, (_, i) => `o-user-${i}`);
    const report = await h.send(
      { text: "双十一 5折 https://shop.example/1111" },
      { to: [{ platform: "wechat", recipients }] },
    );
    expect(report.counts.sent).toBe(25_000);
    const jobs = sim.wechat.massSends;
    expect(jobs.map((j) => ("openids" in j.to ? j.to.openids.length : 0))).toEqual([
      10_000, 10_000, 5_000,
    ]);
    expect(new Set(jobs.flatMap((j) => ("openids" in j.to ? j.to.openids : []))).size).toBe(25_000);
    const ids = jobs.map((j) => j.clientMsgId);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(UUID);
    // each job followed with mass/get until SEND_SUCCESS (SENDING once first)
    expect(sim.requests.filter((r) => r.operation === "message/mass/get")).toHaveLength(6);
    await h.close();
  });

  it("resends a batch after a timeout with the same clientmsgid, and WeChat sends it once", async () => {
    const h = herald({}, { retries: 3 });
    const httpTimeout = createHerald({
      adapters: [wechat({ ...APP, now: () => now })],
      clock,
      timeoutMs: 30,
      retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 },
    });
    await httpTimeout.send({ text: "warm the token" }, { to: "wechat:o-follower-0" });
    sim.faults.set({
      rate: 1,
      kinds: ["timeout"],
      when: "after",
      hangMs: 200,
      platforms: ["wechat"],
    });
    const delivery = httpTimeout.send(
      { text: "限时优惠" },
      { to: [{ platform: "wechat", recipients: ["o-a", "o-b", "o-c"] }] },
    );
    delivery.on("retry", () => sim.faults.clear());
    const report = await delivery;
    expect(report.counts.sent).toBe(3);
    expect(sim.wechat.massSends).toHaveLength(1);
    const sent = massRequests().map((r) => (r.body as { clientmsgid: string }).clientmsgid);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(sent[1]);
    expect(sim.requests.filter((r) => r.operation === "message/mass/get").length).toBeGreaterThan(
      0,
    );
    await Promise.all([h.close(), httpTimeout.close()]);
  });

  it("sends a tag segment with mass/sendall filter.tag_id, and every follower with is_to_all", async () => {
    const h = herald();
    const report = await h.send(
      { text: "VIP 专享" },
      {
        to: [
          { platform: "wechat", segment: { tags: ["vip"] } },
          { platform: "wechat", broadcast: true },
        ],
      },
    );
    expect(report.counts.sent).toBe(2);
    expect(sim.wechat.massSends.map((j) => j.to)).toEqual(
      expect.arrayContaining([{ tagId: 101 }, { all: true }]),
    );
    const preview = h.preview(
      { text: "VIP" },
      { to: [{ platform: "wechat", segment: { tags: ["vip"] } }] },
    );
    expect(preview.targets[0]?.targeting).toBe("native");
    expect(preview.targets[0]?.requests[0]?.body).toMatchObject({
      filter: { is_to_all: false, tag_id: 101 },
      clientmsgid: "{{idempotency-key}}",
    });
    await h.close();
  });

  it("refuses what a tag filter cannot express, before any request", async () => {
    const h = herald();
    const cases: Array<[Segment, string]> = [
      [{ tags: ["vip"], country: ["CN"] }, "to[0].segment.country"],
      [{ tags: ["vip", "new"] }, "to[0].segment.tags"],
      [{ tags: ["unknown-tag"] }, "to[0].segment.tags[0]"],
    ];
    for (const [segment, field] of cases) {
      const error = (() => {
        try {
          h.preview({ text: "x" }, { to: [{ platform: "wechat", segment }] });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
    expect(sim.requests).toHaveLength(0);
    await h.close();
  });

  it("uploads an image as permanent material and mass-sends it by media_id", async () => {
    const h = herald();
    const report = await h.send(
      { media: [{ data: png, mimeType: "image/png" }] },
      { to: [{ platform: "wechat", recipients: ["o-a", "o-b"] }] },
    );
    expect(report.counts.sent).toBe(2);
    const [job] = sim.wechat.massSends;
    const mediaId = (job!.body.images as { media_ids: string[] }).media_ids[0] ?? "";
    expect(sim.wechat.media.get(mediaId)).toMatchObject({
      kind: "material",
      type: "image/png",
      size: 2000,
    });
    await h.close();
  });

  it("sends a news article by media_id, a preview to one follower, and refuses a lone openid", async () => {
    const h = herald();
    await h.send(
      { text: "news", overrides: { wechat: { mpnews: "news-media-1", send_ignore_reprint: 1 } } },
      { to: [{ platform: "wechat", recipients: ["o-a", "o-b"] }] },
    );
    expect(sim.wechat.massSends[0]?.body).toMatchObject({
      msgtype: "mpnews",
      mpnews: { media_id: "news-media-1" },
      send_ignore_reprint: 1,
    });
    await h.send(
      { text: "draft", overrides: { wechat: { preview: true } } },
      { to: "wechat:o-editor" },
    );
    expect(sim.wechat.messages).toEqual([
      expect.objectContaining({ kind: "preview", touser: "o-editor" }),
    ]);
    const lone = await h.send(
      { text: "x" },
      { to: [{ platform: "wechat", recipients: ["o-only"] }] },
    );
    expect(lone.targets[0]?.recipients?.[0]?.error).toBeInstanceOf(ValidationError);
    expect(sim.wechat.massSends).toHaveLength(1);
    await h.close();
  });
});

describe("WeChat messages to one follower and errors", () => {
  it("sends a template message with client_msg_id; a resend of the same message is not a duplicate", async () => {
    const h = herald();
    const message = {
      text: "ignored",
      idempotencyKey: "order-1001-shipped",
      overrides: {
        wechat: {
          template: { template_id: "tpl-order-shipped", data: { first: { value: "已发货" } } },
        },
      },
    };
    const first = await h.send(message, { to: "wechat:o-silent" });
    const second = await h.send(message, { to: "wechat:o-silent" });
    expect(first.targets[0]?.ids).toEqual(second.targets[0]?.ids);
    expect(sim.wechat.messages.filter((m) => m.kind === "template")).toHaveLength(1);
    expect(first.targets[0]?.notes).toContain(
      "a template message carries only its data: the text is not sent",
    );
    await h.close();
  });

  it("reports 45015 (outside the 48 h window) as a PlatformError with that code", async () => {
    const h = herald();
    const report = await h.send({ text: "hello again" }, { to: "wechat:o-silent" });
    const error = report.targets[0]?.error;
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).platformCode).toBe(WECHAT_ERRORS.outsideWindow);
    expect(sim.wechat.messages).toHaveLength(0);
    await h.close();
  });

  it("fails fast on 45011 when a minute is too long to wait, and 45009 waits until midnight in Beijing", async () => {
    const limited = createSimulator({
      clock,
      wechat: {
        ...OPTIONS,
        limits: {
          massPerMinute: { limit: 1, windowMs: 60_000 },
          dailyPerApi: { limit: 3, windowMs: 86_400_000 },
        },
      },
    });
    server.use(...limited.handlers());
    const h = herald({ massStatus: false }, { maxWaitMs: 1_000 });
    const to = [{ platform: "wechat", recipients: ["o-a", "o-b"] }];
    expect((await h.send({ text: "1" }, { to })).counts.sent).toBe(2);
    const minute = await h.send({ text: "2" }, { to });
    expect(minute.targets[0]?.recipients?.[0]?.error).toBeInstanceOf(RateLimitError);
    expect((minute.targets[0]!.recipients![0]!.error as RateLimitError).retryAfter).toBe(60_000);
    await h.send({ text: "c" }, { to: "wechat:o-follower-0" });
    await h.send({ text: "c" }, { to: "wechat:o-follower-0" });
    await h.send({ text: "c" }, { to: "wechat:o-follower-0" });
    const daily = await h.send({ text: "c" }, { to: "wechat:o-follower-0" });
    expect(daily.targets[0]?.error).toBeInstanceOf(RateLimitError);
    // 09:00 in Beijing: 15 hours until the quota's day ends
    expect((daily.targets[0]!.error as RateLimitError).retryAfter).toBe(15 * 3_600_000);
    server.resetHandlers();
    await h.close();
  });
});
