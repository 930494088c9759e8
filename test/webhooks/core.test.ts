// The Request→Response core: routing, statuses, fast acknowledgement, dedupe stores, and the
// typed emitter (on/once/off, error reporting).
import { Redis } from "ioredis";
import { describe, expect, it, vi } from "vitest";
import { line } from "../../src/adapters/line/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import { createHerald, memoryDedupe, type RedisSetClient, redisDedupe } from "../../src/index.js";
import { lineBodies, T0, telegramUpdates } from "./fixtures.js";
import {
  fakeClock,
  SECRETS,
  signatureHeaders,
  signed,
  webhookHerald,
  webhookRequest,
} from "./helpers.js";

const tgBody = JSON.stringify(telegramUpdates.message);
const tgHeaders = signatureHeaders("telegram", tgBody, SECRETS.telegram[0]);

describe("routing", () => {
  it("by path: /webhooks/:platform/:account?, under any prefix", async () => {
    const herald = createHerald({
      adapters: [
        line({ channelAccessToken: "t1", channelSecret: "secret-default" }),
        line({ channelAccessToken: "t2", channelSecret: "secret-shop", account: "shop" }),
      ],
    });
    const accounts: string[] = [];
    herald.webhooks.on("line.message", (e) => void accounts.push(e.account));
    const body = JSON.stringify(lineBodies.message);
    const to = (path: string, secret: string) =>
      herald.webhooks.handle(
        webhookRequest("line", body, signatureHeaders("line", body, secret), { path }),
      );
    expect((await to("/webhooks/line", "secret-default")).status).toBe(200);
    expect((await to("/api/v1/webhooks/line/shop/", "secret-shop")).status).toBe(200);
    // the shop account's secret does not open the default account
    expect((await to("/webhooks/line/default", "secret-shop")).status).toBe(401);
    expect(accounts).toEqual(["default", "shop"]);
  });

  it("404 for an unknown platform, account, path, or a platform without a webhook secret", async () => {
    const herald = createHerald({
      adapters: [
        telegram({ botToken: "1:tok", webhookSecret: "s1" }),
        line({ channelAccessToken: "x" }),
      ],
    });
    for (const path of [
      "/webhooks/x",
      "/webhooks/telegram/nope",
      "/hooks/telegram",
      "/webhooks",
      "/webhooks/line",
    ]) {
      const response = await herald.webhooks.handle(
        webhookRequest("telegram", tgBody, tgHeaders, { path }),
      );
      expect(response.status, path).toBe(404);
    }
  });

  it("explicit: the platform and account given to handle()", async () => {
    const herald = webhookHerald();
    const handler = vi.fn();
    herald.webhooks.on("telegram.message", handler);
    const request = webhookRequest("telegram", tgBody, tgHeaders, { path: "/my/own/route" });
    const response = await herald.webhooks.handle(request, {
      platform: "telegram",
      account: "default",
    });
    expect(response.status).toBe(200);
    expect(handler).toHaveBeenCalledOnce();
  });

  it("a body streamed without content-length is capped while reading", async () => {
    const herald = webhookHerald({ webhooks: { maxBodyBytes: 100 } });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64));
      },
    });
    const request = new Request("https://shop.example/webhooks/telegram", {
      method: "POST",
      headers: tgHeaders,
      body: endless,
      duplex: "half",
    } as RequestInit);
    expect((await herald.webhooks.handle(request)).status).toBe(413);
    expect(pulled).toBeLessThan(5);
  });

  it("a declared content-length over the limit is refused unread", async () => {
    const herald = webhookHerald({ webhooks: { maxBodyBytes: 100 } });
    const request = webhookRequest("telegram", tgBody, {
      ...tgHeaders,
      "content-length": "5000000",
    });
    expect((await herald.webhooks.handle(request)).status).toBe(413);
  });

  it("bad options are refused when the client is created", () => {
    expect(() => webhookHerald({ webhooks: { maxBodyBytes: 0 } })).toThrow(/webhooks.maxBodyBytes/);
    expect(() => webhookHerald({ webhooks: { ackTimeoutMs: -1 } })).toThrow(
      /webhooks.ackTimeoutMs/,
    );
    expect(() => telegram({ botToken: "1:t", webhookSecret: "has space" })).toThrow(
      /webhookSecret/,
    );
    expect(() => line({ channelAccessToken: "t", channelSecret: [] })).toThrow(/channelSecret/);
  });
});

describe("fast acknowledgement", () => {
  it("with waitUntil: answered before the handlers finish, which go on in waitUntil", async () => {
    const herald = webhookHerald();
    let release!: () => void;
    let finished = false;
    herald.webhooks.on("message", async () => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      finished = true;
    });
    const pending: Array<Promise<unknown>> = [];
    const response = await herald.webhooks.handle(signed("telegram", tgBody), {
      waitUntil: (p) => void pending.push(p),
    });
    expect(response.status).toBe(200);
    expect(finished).toBe(false);
    expect(pending).toHaveLength(1);
    release();
    await pending[0];
    expect(finished).toBe(true);
  });

  it("without waitUntil: the answer waits for the handlers, at most ackTimeoutMs", async () => {
    const clock = fakeClock(T0);
    const herald = webhookHerald({ clock, webhooks: { ackTimeoutMs: 300 } });
    herald.webhooks.on("message", () => new Promise(() => {})); // never settles
    let answered = false;
    const answer = herald.webhooks.handle(signed("telegram", tgBody)).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(answered).toBe(false);
    clock.advance(299);
    await new Promise((r) => setTimeout(r, 10));
    expect(answered).toBe(false);
    clock.advance(1);
    expect((await answer).status).toBe(200);
  });

  it("handlers that finish in time are awaited before the answer", async () => {
    const herald = webhookHerald();
    const order: string[] = [];
    herald.webhooks.on("message", async () => {
      await Promise.resolve();
      order.push("handler");
    });
    const response = await herald.webhooks.handle(signed("telegram", tgBody));
    order.push("answered");
    expect(response.status).toBe(200);
    expect(order).toEqual(["handler", "answered"]);
  });
});

describe("dedupe stores", () => {
  it("memory: an id is forgotten after its TTL", async () => {
    const clock = fakeClock(T0);
    const store = memoryDedupe({ clock });
    expect(store.claim("a", 1000)).toBe(true);
    expect(store.claim("a", 1000)).toBe(false);
    clock.advance(1000);
    expect(store.claim("a", 1000)).toBe(true);
  });

  it("memory: past maxEntries the oldest ids are dropped", () => {
    const store = memoryDedupe({ maxEntries: 2 });
    store.claim("a", 60_000);
    store.claim("b", 60_000);
    store.claim("c", 60_000);
    expect(store.claim("a", 60_000)).toBe(true);
    expect(store.claim("c", 60_000)).toBe(false);
  });

  it("redis: SET NX PX per event, shared by two clients (two processes)", async () => {
    const keys = new Map<string, number>();
    const calls: unknown[][] = [];
    const fake: RedisSetClient = {
      async set(key, _value, _px, ms, _nx) {
        calls.push([key, ms]);
        if (keys.has(key)) return null;
        keys.set(key, ms);
        return "OK";
      },
    };
    const a = webhookHerald({ webhooks: { redis: fake } });
    const b = webhookHerald({ webhooks: { dedupe: redisDedupe(fake) } });
    const seen = vi.fn();
    a.webhooks.on("message", seen);
    b.webhooks.on("message", seen);
    await a.webhooks.handle(signed("telegram", tgBody));
    await b.webhooks.handle(signed("telegram", tgBody));
    expect(seen).toHaveBeenCalledOnce();
    expect(calls[0]).toEqual(["herald:webhooks:seen:telegram:default:700001", 24 * 60 * 60 * 1000]);
  });

  it("redis: an ioredis client fits (type check; no connection is made)", () => {
    const client = new Redis({ lazyConnect: true });
    expect(typeof redisDedupe(client).claim).toBe("function");
    client.disconnect();
  });

  it("a failing store: 503 so the platform redelivers, and no handler runs", async () => {
    const warn = vi.fn();
    const herald = webhookHerald({
      logger: { warn },
      webhooks: { dedupe: { claim: () => Promise.reject(new Error("redis down")) } },
    });
    const handler = vi.fn();
    herald.webhooks.on("message", handler);
    expect((await herald.webhooks.handle(signed("telegram", tgBody))).status).toBe(503);
    expect(handler).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/dedupe store failed/), {
      error: "redis down",
    });
  });
});

describe("handlers", () => {
  it("once runs for one event; off removes one handler or all", async () => {
    const herald = webhookHerald();
    const once = vi.fn();
    const kept = vi.fn();
    const removed = vi.fn();
    herald.webhooks
      .once("message", once)
      .on("message", kept)
      .on("message", removed)
      .off("message", removed);
    const update = (id: number) => JSON.stringify({ ...telegramUpdates.message, update_id: id });
    await herald.webhooks.handle(signed("telegram", update(1)));
    await herald.webhooks.handle(signed("telegram", update(2)));
    expect([once.mock.calls.length, kept.mock.calls.length, removed.mock.calls.length]).toEqual([
      1, 2, 0,
    ]);
    herald.webhooks.off("message");
    await herald.webhooks.handle(signed("telegram", update(3)));
    expect(kept).toHaveBeenCalledTimes(2);
  });

  it("the same handler on two events is removed from one only", async () => {
    const herald = webhookHerald();
    const handler = vi.fn();
    herald.webhooks.on("message", handler).on("telegram.message", handler).off("message", handler);
    await herald.webhooks.handle(signed("telegram", tgBody));
    expect(handler).toHaveBeenCalledOnce();
    expect(handler.mock.calls[0]?.[0]).toMatchObject({ name: "telegram.message" });
  });

  it("a failure nobody listens to goes to the logger, redacted", async () => {
    const warn = vi.fn();
    const herald = webhookHerald({ logger: { warn } });
    herald.webhooks.on("message", () => {
      throw new Error(`cannot use ${SECRETS.telegram[0]}`);
    });
    expect((await herald.webhooks.handle(signed("telegram", tgBody))).status).toBe(200);
    expect(warn).toHaveBeenCalledOnce();
    expect(JSON.stringify(warn.mock.calls[0])).not.toContain(SECRETS.telegram[0]);
    expect(warn.mock.calls[0]?.[1]).toEqual({ error: "cannot use [redacted]" });
  });

  it("an error handler that throws is reported too, and never escapes", async () => {
    const warn = vi.fn();
    const herald = webhookHerald({ logger: { warn } });
    herald.webhooks.on("message", () => {
      throw new Error("first");
    });
    herald.webhooks.on("error", () => {
      throw new Error("second");
    });
    expect((await herald.webhooks.handle(signed("telegram", tgBody))).status).toBe(200);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/"error" webhook handler threw/), {
      error: "second",
    });
  });
});
