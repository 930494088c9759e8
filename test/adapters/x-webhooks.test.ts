import { createHmac, timingSafeEqual } from "node:crypto";
import { describe, expect, it } from "vitest";
import { x } from "../../src/adapters/x/index.js";
import type { WebhookCrypto, WebhookRequest, WebhookTools } from "../../src/webhooks/contract.js";

const SECRET = "consumer-secret-xyz";
const OLD_SECRET = "consumer-secret-old";

// WebhookCrypto from node:crypto, as the core injects one (only what X uses is needed here).
const crypto = {
  hmac: async (_algorithm, key, data) =>
    new Uint8Array(createHmac("sha256", key).update(data).digest()),
  timingSafeEqual: (a, b) => a.byteLength === b.byteLength && timingSafeEqual(a, b),
} as Pick<WebhookCrypto, "hmac" | "timingSafeEqual"> as WebhookCrypto;
const tools: WebhookTools = { crypto };

const NOW = Date.UTC(2026, 10, 27, 9);

function request(
  method: string,
  url: string,
  body = "",
  headers: Record<string, string> = {},
): WebhookRequest {
  const bytes = new TextEncoder().encode(body);
  return {
    method,
    url: new URL(url),
    headers: new Headers(headers),
    body: bytes,
    text: () => body,
    receivedAt: NOW,
  };
}

function signed(payload: unknown, secret = SECRET): WebhookRequest {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("base64")}`;
  return request("POST", "https://backend.example/webhooks/x", body, {
    "x-twitter-webhooks-signature": signature,
  });
}

const hook = x({
  clientId: "c",
  tokens: { accessToken: "t" },
  consumerSecret: [SECRET, OLD_SECRET],
  account: "shop",
}).webhooks!;
const me = { id_str: "42", name: "Shop", screen_name: "shop" };
const alice = { id_str: "7", name: "Alice", screen_name: "alice" };

describe("X webhooks: CRC and signatures", () => {
  it("answers the CRC check with the HMAC of crc_token under the consumer secret", async () => {
    const answer = await hook.handshake?.(
      request("GET", "https://backend.example/webhooks/x?crc_token=abc123"),
      tools,
    );
    const expected = `sha256=${createHmac("sha256", SECRET).update("abc123").digest("base64")}`;
    expect(answer?.status).toBe(200);
    expect(JSON.parse(String(answer?.body))).toEqual({ response_token: expected });
    expect(
      await hook.handshake?.(request("POST", "https://backend.example/webhooks/x", "{}"), tools),
    ).toBeUndefined();
    expect(
      (await hook.handshake?.(request("GET", "https://backend.example/webhooks/x"), tools))?.status,
    ).toBe(400);
  });

  it("verifies the signature on the raw body under every secret, and refuses the rest", async () => {
    const payload = { for_user_id: "42", favorite_events: [] };
    expect(await hook.verify(signed(payload), tools)).toEqual({ ok: true });
    expect(await hook.verify(signed(payload, OLD_SECRET), tools)).toEqual({ ok: true });
    expect(await hook.verify(signed(payload, "another"), tools)).toEqual({
      ok: false,
      reason: "mismatch",
    });
    const tampered = {
      ...signed(payload),
      body: new TextEncoder().encode(JSON.stringify({ ...payload, x: 1 })),
    };
    expect(await hook.verify(tampered, tools)).toEqual({ ok: false, reason: "mismatch" });
    expect(await hook.verify(request("POST", "https://b.example/", "{}"), tools)).toEqual({
      ok: false,
      reason: "missing",
    });
    const bad = request("POST", "https://b.example/", "{}", {
      "x-twitter-webhooks-signature": "md5=abc",
    });
    expect(await hook.verify(bad, tools)).toEqual({ ok: false, reason: "malformed" });
  });
});

describe("X webhooks: Account Activity events", () => {
  it("turns a reply, a mention, a repost and the account's own post into events", async () => {
    const tweets = [
      {
        id_str: "1001",
        text: "@shop love it",
        user: alice,
        timestamp_ms: String(NOW - 5000),
        in_reply_to_status_id_str: "900",
        in_reply_to_user_id_str: "42",
      },
      {
        id_str: "1002",
        text: "ask @shop",
        user: alice,
        timestamp_ms: String(NOW),
        entities: { user_mentions: [{ id_str: "42", screen_name: "shop" }] },
      },
      {
        id_str: "1003",
        text: "RT @shop: sale",
        user: alice,
        retweeted_status: { id_str: "901", user: me },
      },
      { id_str: "1004", text: "our own post", user: me },
    ];
    const result = await hook.parse(
      signed({ for_user_id: "42", tweet_create_events: tweets }),
      tools,
    );
    if (!result.ok) throw new Error(result.reason);
    expect(result.events.map((e) => e.name)).toEqual(Array(4).fill("x.tweet_create"));
    expect(result.events.map((e) => e.id)).toEqual([
      "tweet:42:1001",
      "tweet:42:1002",
      "tweet:42:1003",
      "tweet:42:1004",
    ]);
    const normalized = result.events.flatMap((e) => e.normalized ?? []);
    expect(normalized.map((n) => n.type)).toEqual(["comment", "mention", "share"]);
    expect(normalized[0]).toMatchObject({
      platform: "x",
      account: "shop",
      id: "1001",
      postId: "900",
      commentId: "1001",
      text: "@shop love it",
      author: { id: "7", name: "Alice", username: "alice" },
      time: new Date(NOW - 5000),
      replyTo: { platform: "x", account: "shop", reply: { messageId: "1001" } },
    });
    expect(normalized[2]).toMatchObject({ postId: "901", shareId: "1003" });
    expect(result.events[0]?.payload).toMatchObject({ for_user_id: "42", id_str: "1001" });
  });

  it("turns likes, follows, unfollows and DMs into events, and unknown keys into unknown", async () => {
    const payload = {
      for_user_id: "42",
      favorite_events: [
        {
          id: "fav1",
          timestamp_ms: NOW,
          favorited_status: { id_str: "900", user: me },
          user: alice,
        },
      ],
      follow_events: [
        { type: "follow", created_timestamp: String(NOW), source: alice, target: me },
        { type: "unfollow", created_timestamp: String(NOW + 1), source: alice, target: me },
        { type: "follow", created_timestamp: String(NOW), source: me, target: alice },
      ],
      direct_message_events: [
        {
          type: "message_create",
          id: "dm1",
          created_timestamp: String(NOW),
          message_create: {
            target: { recipient_id: "42" },
            sender_id: "7",
            message_data: { text: "Is it in stock?" },
          },
        },
        {
          type: "message_create",
          id: "dm2",
          created_timestamp: String(NOW),
          message_create: {
            target: { recipient_id: "7" },
            sender_id: "42",
            message_data: { text: "Yes" },
          },
        },
      ],
      users: { "7": alice },
      tweet_delete_events: [{ status: { id: "1", user_id: "7" } }],
    };
    const result = await hook.parse(signed(payload), tools);
    if (!result.ok) throw new Error(result.reason);
    expect(result.events.map((e) => e.name)).toEqual([
      "x.favorite",
      "x.follow",
      "x.follow",
      "x.follow",
      "x.direct_message",
      "x.direct_message",
      null,
    ]);
    const unknown = result.events.at(-1);
    expect(unknown).toMatchObject({ name: null, type: "tweet_delete" });
    const normalized = result.events.flatMap((e) => e.normalized ?? []);
    expect(normalized.map((n) => n.type)).toEqual(["reaction", "follow", "unfollow", "message"]);
    expect(normalized[0]).toMatchObject({
      targetId: "900",
      reaction: "like",
      removed: false,
      author: { id: "7" },
    });
    expect(normalized[1]).toMatchObject({ replyTo: { platform: "x", account: "shop", chat: "7" } });
    expect(normalized[3]).toMatchObject({
      chatId: "7",
      messageId: "dm1",
      direct: true,
      text: "Is it in stock?",
      author: { id: "7", username: "alice" },
      replyTo: { platform: "x", account: "shop", chat: "7" },
    });
  });

  it("names the account by for_user_id for an adapter that serves any account", async () => {
    const any = x({ clientId: "c", tokens: () => ({ accessToken: "t" }), consumerSecret: SECRET })
      .webhooks!;
    const mapped = x({
      clientId: "c",
      tokens: () => ({ accessToken: "t" }),
      consumerSecret: SECRET,
      webhookAccount: (id) => `user-of-${id}`,
    }).webhooks!;
    const payload = {
      for_user_id: "42",
      follow_events: [{ type: "follow", source: alice, target: me }],
    };
    const [a, b] = await Promise.all([
      any.parse(signed(payload), tools),
      mapped.parse(signed(payload), tools),
    ]);
    if (!a.ok || !b.ok) throw new Error("parse failed");
    expect(a.events[0]?.normalized?.[0]?.account).toBe("42");
    expect(b.events[0]?.normalized?.[0]?.account).toBe("user-of-42");
    expect(a.events[0]?.normalized?.[0]?.time).toEqual(new Date(NOW));
  });

  it("refuses a body that is not an Account Activity delivery", async () => {
    expect(
      await hook.parse(request("POST", "https://b.example/", "not json"), tools),
    ).toMatchObject({ ok: false });
    expect(await hook.parse(request("POST", "https://b.example/", "{}"), tools)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/for_user_id/),
    });
  });

  it("turns a user_event revoke (no for_user_id) into x.user_event and a normalized revoke", async () => {
    // https://docs.x.com/x-api/enterprise-gnip-2.0/fundamentals/account-activity ("user_event"):
    // sent when the user revokes the app's access; the only user id is revoke.source.user_id
    const payload = {
      user_event: {
        revoke: {
          date_time: "2018-05-24T09:48:12+00:00",
          target: { app_id: "13090192" },
          source: { user_id: "63046977" },
        },
      },
    };
    const mapped = x({
      clientId: "c",
      tokens: () => ({ accessToken: "t" }),
      consumerSecret: SECRET,
      webhookAccount: (id) => `user-of-${id}`,
    }).webhooks!;
    const result = await mapped.parse(signed(payload), tools);
    if (!result.ok) throw new Error(result.reason);
    const when = Date.parse("2018-05-24T09:48:12+00:00");
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({
      name: "x.user_event",
      time: when,
      payload: { ...payload.user_event, for_user_id: "63046977" },
    });
    expect(result.events[0]?.normalized).toEqual([
      {
        type: "revoke",
        platform: "x",
        account: "user-of-63046977",
        id: `revoke:63046977:13090192:${when}`,
        author: { id: "63046977" },
        time: new Date(when),
        raw: payload.user_event,
        appId: "13090192",
      },
    ]);
  });

  it("passes a delivery with nothing it reads, and items that are no objects, to unknown", async () => {
    const only = await hook.parse(signed({ for_user_id: "42", users: {} }), tools);
    expect(only).toMatchObject({
      ok: true,
      events: [{ name: null, type: "account_activity", payload: { for_user_id: "42", users: {} } }],
    });
    const odd = await hook.parse(signed({ for_user_id: "42", favorite_events: [7] }), tools);
    expect(odd).toMatchObject({ ok: true, events: [{ name: null, type: "favorite", payload: 7 }] });
  });
});
