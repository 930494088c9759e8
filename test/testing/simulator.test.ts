import { describe, expect, it } from "vitest";
import { SIMULATOR_BASE_URLS } from "../../src/testing/index.js";
import {
  LINE_TOKEN,
  MASTO_TOKEN,
  manualClock,
  postJson,
  RETRY_KEY,
  TG_TOKEN,
  testSimulator,
} from "./helpers.js";

const TG = `${SIMULATOR_BASE_URLS.telegram}/bot${TG_TOKEN}`;
const LINE = `${SIMULATOR_BASE_URLS.line}/v2/bot/message`;
const MASTO = SIMULATOR_BASE_URLS.mastodon;
const lineAuth = { authorization: `Bearer ${LINE_TOKEN}` };
const mastoAuth = { authorization: `Bearer ${MASTO_TOKEN}` };

describe("telegram", () => {
  it("rejects an unknown token with the Bot API 401 body and redacts the token", async () => {
    const sim = testSimulator();
    const res = await sim.handle(
      postJson(`${SIMULATOR_BASE_URLS.telegram}/bot999:WRONG/sendMessage`, {
        chat_id: 1,
        text: "x",
      }),
      "telegram",
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    expect(sim.requests[0]?.path).toBe("/bot<token>/sendMessage");
    expect(JSON.stringify(sim.requests)).not.toContain("WRONG");
  });

  it("answers sendMessage with a Message and increasing ids per chat", async () => {
    const clock = manualClock();
    const sim = testSimulator({ clock });
    const first = await sim.handle(
      postJson(`${TG}/sendMessage`, { chat_id: 42, text: "hello" }),
      "telegram",
    );
    clock.advance(1_000);
    const second = await sim.handle(
      postJson(`${TG}/sendMessage`, { chat_id: 42, text: "again" }),
      "telegram",
    );
    const other = await sim.handle(
      postJson(`${TG}/sendMessage`, { chat_id: 7, text: "x" }),
      "telegram",
    );
    const a = (await first.json()) as { ok: boolean; result: Record<string, unknown> };
    const b = (await second.json()) as { result: Record<string, unknown> };
    const c = (await other.json()) as { result: Record<string, unknown> };
    expect(a.ok).toBe(true);
    expect(a.result).toMatchObject({
      message_id: 1,
      chat: { id: 42, type: "private" },
      text: "hello",
      date: Math.floor(Date.UTC(2026, 0, 1) / 1000),
    });
    expect(b.result.message_id).toBe(2);
    expect(c.result.message_id).toBe(1);
    expect(sim.telegram.messages.map((m) => m.text)).toEqual(["hello", "again", "x"]);
    expect(sim.requests[0]).toMatchObject({
      operation: "sendMessage",
      status: 200,
      schemaErrors: [],
    });
  });

  it("rejects an invalid body with 400 Bad Request and records the schema errors", async () => {
    const sim = testSimulator();
    const res = await sim.handle(postJson(`${TG}/sendMessage`, { text: "no chat" }), "telegram");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { ok: boolean; error_code: number; description: string };
    expect(body).toMatchObject({ ok: false, error_code: 400 });
    expect(body.description).toMatch(/^Bad Request: .*chat_id/);
    expect(sim.requests[0]?.schemaErrors.join()).toContain("chat_id");
    expect(sim.telegram.messages).toHaveLength(0);
  });

  it("accepts urlencoded and multipart bodies", async () => {
    const sim = testSimulator();
    const form = await sim.handle(
      new Request(`${TG}/sendMessage`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ chat_id: "-1001", text: "<b>bold</b>", parse_mode: "HTML" }),
      }),
      "telegram",
    );
    expect(form.status).toBe(200);
    const data = new FormData();
    data.set("chat_id", "@shopnews");
    data.set("caption", "pic");
    data.set("photo", new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" }), "a.png");
    const multipart = await sim.handle(
      new Request(`${TG}/sendPhoto`, { method: "POST", body: data }),
      "telegram",
    );
    expect(multipart.status).toBe(200);
    const result = ((await multipart.json()) as { result: Record<string, unknown> }).result;
    expect(result).toMatchObject({ caption: "pic", chat: { type: "channel" } });
    expect(sim.telegram.messages[0]?.text).toBe("bold");
    expect(sim.requests[1]?.body).toMatchObject({
      photo: { kind: "file", name: "a.png", size: 3 },
    });
  });

  it("enforces 4096 units of text after parsing and 1024 of caption", async () => {
    const sim = testSimulator();
    const tooLong = await sim.handle(
      postJson(`${TG}/sendMessage`, { chat_id: 1, text: "a".repeat(4097) }),
      "telegram",
    );
    expect(await tooLong.json()).toMatchObject({
      error_code: 400,
      description: "Bad Request: message is too long",
    });
    const markup = `<b>${"a".repeat(4096)}</b>`;
    const fits = await sim.handle(
      postJson(`${TG}/sendMessage`, { chat_id: 2, text: markup, parse_mode: "HTML" }),
      "telegram",
    );
    expect(fits.status).toBe(200);
    const caption = await sim.handle(
      postJson(`${TG}/sendPhoto`, {
        chat_id: 3,
        photo: "https://x.example/a.jpg",
        caption: "c".repeat(1025),
      }),
      "telegram",
    );
    expect(await caption.json()).toMatchObject({
      description: "Bad Request: message caption is too long",
    });
  });

  it("answers 429 with retry_after when a private chat gets more than 1 message per second", async () => {
    const clock = manualClock();
    const sim = testSimulator({ clock });
    const send = () =>
      sim.handle(postJson(`${TG}/sendMessage`, { chat_id: 5, text: "x" }), "telegram");
    expect((await send()).status).toBe(200);
    clock.advance(400);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({
      ok: false,
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    clock.advance(600);
    expect((await send()).status).toBe(200);
    expect(sim.stats()).toMatchObject({
      requests: 3,
      rateLimited: 1,
      byStatus: { 200: 2, 429: 1 },
    });
    expect(sim.telegram.messages).toHaveLength(2);
  });

  it("limits groups per minute and the bot per second, with configurable limits", async () => {
    const clock = manualClock();
    const sim = testSimulator({
      clock,
      telegram: {
        botTokens: [TG_TOKEN],
        limits: { perGroup: { limit: 2, windowMs: 60_000 }, perBot: { limit: 3, windowMs: 1_000 } },
      },
    });
    const send = (chat: number | string) =>
      sim.handle(postJson(`${TG}/sendMessage`, { chat_id: chat, text: "x" }), "telegram");
    expect((await send(-100)).status).toBe(200);
    expect((await send(-100)).status).toBe(200);
    const group = await send(-100);
    expect(
      ((await group.json()) as { parameters: { retry_after: number } }).parameters.retry_after,
    ).toBe(60);
    expect((await send(1)).status).toBe(200);
    expect((await send(2)).status).toBe(429); // 4th message in one second for the bot
  });

  it("answers 403 for a chat that blocked the bot, and sendMediaGroup with an array", async () => {
    const sim = testSimulator();
    const blocked = await sim.handle(
      postJson(`${TG}/sendMessage`, { chat_id: 666, text: "x" }),
      "telegram",
    );
    expect(await blocked.json()).toEqual({
      ok: false,
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
    const group = await sim.handle(
      postJson(`${TG}/sendMediaGroup`, {
        chat_id: 9,
        media: [
          { type: "photo", media: "https://x.example/1.jpg", caption: "one" },
          { type: "photo", media: "https://x.example/2.jpg" },
        ],
      }),
      "telegram",
    );
    const result = (
      (await group.json()) as { result: { message_id: number; media_group_id: string }[] }
    ).result;
    expect(result.map((m) => m.message_id)).toEqual([1, 2]);
    expect(result[0]?.media_group_id).toBe(result[1]?.media_group_id);
    const me = await sim.handle(new Request(`${TG}/getMe`), "telegram");
    expect(await me.json()).toMatchObject({ ok: true, result: { id: 123456, is_bot: true } });
  });
});

describe("line", () => {
  it("rejects a bad token with LINE's 401 and redacts Authorization", async () => {
    const sim = testSimulator();
    const res = await sim.handle(
      postJson(
        `${LINE}/push`,
        { to: "U1", messages: [{ type: "text", text: "x" }] },
        { authorization: "Bearer nope" },
      ),
      "line",
    );
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toMatch(/^Authentication failed/);
    expect(res.headers.get("x-line-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(sim.requests[0]?.headers.authorization).toBe("Bearer <redacted>");
  });

  it("pushes a valid message and rejects an invalid one with details", async () => {
    const sim = testSimulator();
    const ok = await sim.handle(
      postJson(`${LINE}/push`, { to: "U1", messages: [{ type: "text", text: "hi" }] }, lineAuth),
      "line",
    );
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { sentMessages: { id: string; quoteToken: string }[] };
    expect(body.sentMessages).toHaveLength(1);
    expect(body.sentMessages[0]?.id).toMatch(/^\d+$/);
    const bad = await sim.handle(
      postJson(`${LINE}/push`, { to: "U1", messages: [{ type: "text" }] }, lineAuth),
      "line",
    );
    expect(bad.status).toBe(400);
    const error = (await bad.json()) as {
      message: string;
      details: { message: string; property?: string }[];
    };
    expect(error.message).toMatch(/^The request body has \d+ error\(s\)$/);
    expect(error.details.some((d) => d.property?.includes("messages[0]"))).toBe(true);
    expect(sim.line.deliveries).toHaveLength(1);
  });

  it("answers 409 to a repeated retry key and delivers nothing again", async () => {
    const sim = testSimulator();
    const multicast = () =>
      sim.handle(
        postJson(
          `${LINE}/multicast`,
          { to: ["U1", "U2"], messages: [{ type: "text", text: "sale" }] },
          { ...lineAuth, "x-line-retry-key": RETRY_KEY },
        ),
        "line",
      );
    const first = await multicast();
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({});
    const again = await multicast();
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ message: "The retry key is already accepted" });
    expect(again.headers.get("x-line-accepted-request-id")).toBe(
      first.headers.get("x-line-request-id"),
    );
    expect(sim.line.deliveries.map((d) => d.to)).toEqual(["U1", "U2"]);
    const badKey = await sim.handle(
      postJson(
        `${LINE}/broadcast`,
        { messages: [{ type: "text", text: "x" }] },
        { ...lineAuth, "x-line-retry-key": "nope" },
      ),
      "line",
    );
    expect(badKey.status).toBe(400);
  });

  it("reports narrowcast progress waiting, sending, then succeeded", async () => {
    const sim = testSimulator();
    const res = await sim.handle(
      postJson(
        `${LINE}/narrowcast`,
        { messages: [{ type: "text", text: "x" }], limit: { max: 60 } },
        lineAuth,
      ),
      "line",
    );
    expect(res.status).toBe(202);
    const requestId = res.headers.get("x-line-request-id") ?? "";
    const poll = async () =>
      (await (
        await sim.handle(
          new Request(`${LINE}/progress/narrowcast?requestId=${requestId}`, { headers: lineAuth }),
          "line",
        )
      ).json()) as Record<string, unknown>;
    expect((await poll()).phase).toBe("waiting");
    expect((await poll()).phase).toBe("sending");
    const done = await poll();
    expect(done).toMatchObject({
      phase: "succeeded",
      successCount: 60,
      failureCount: 0,
      targetCount: 60,
    });
    expect(typeof done.completedTime).toBe("string");
    expect(typeof done.acceptedTime).toBe("string");
  });

  it("answers a plain 429 without Retry-After over the broadcast limit", async () => {
    const sim = testSimulator({
      line: {
        channelAccessTokens: [LINE_TOKEN],
        limits: { broadcast: { limit: 1, windowMs: 3_600_000 } },
      },
    });
    const broadcast = () =>
      sim.handle(
        postJson(`${LINE}/broadcast`, { messages: [{ type: "text", text: "x" }] }, lineAuth),
        "line",
      );
    expect((await broadcast()).status).toBe(200);
    const limited = await broadcast();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeNull();
    expect(await limited.json()).toEqual({
      message: "The API rate limit has been exceeded. Try again later.",
    });
    expect(sim.stats().rateLimited).toBe(1);
  });
});

describe("mastodon", () => {
  it("rejects a bad token with 401", async () => {
    const sim = testSimulator();
    const res = await sim.handle(
      postJson(`${MASTO}/api/v1/statuses`, { status: "x" }, { authorization: "Bearer x" }),
      "mastodon",
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "The access token is invalid" });
  });

  it("creates a status with HTML content and X-RateLimit headers", async () => {
    const clock = manualClock();
    const sim = testSimulator({ clock });
    const res = await sim.handle(
      postJson(
        `${MASTO}/api/v1/statuses`,
        { status: "Sale at https://shop.example/bf", visibility: "unlisted" },
        mastoAuth,
      ),
      "mastodon",
    );
    expect(res.status).toBe(200);
    const status = (await res.json()) as Record<string, unknown>;
    expect(status).toMatchObject({
      visibility: "unlisted",
      in_reply_to_id: null,
      media_attachments: [],
    });
    expect(status.content).toContain('<a href="https://shop.example/bf"');
    expect(status.created_at).toBe(new Date(clock.now()).toISOString());
    expect(res.headers.get("x-ratelimit-limit")).toBe("300");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("299");
    expect(res.headers.get("x-ratelimit-reset")).toBe(
      new Date(clock.now() + 300_000).toISOString(),
    );
  });

  it("rejects an invalid body and too long text with 422", async () => {
    const sim = testSimulator();
    const bad = await sim.handle(
      postJson(`${MASTO}/api/v1/statuses`, { status: "x", visibility: "secret" }, mastoAuth),
      "mastodon",
    );
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: string }).error).toMatch(
      /^Validation failed: .*visibility/,
    );
    const long = await sim.handle(
      postJson(`${MASTO}/api/v1/statuses`, { status: "a".repeat(501) }, mastoAuth),
      "mastodon",
    );
    expect(await long.json()).toEqual({
      error: "Validation failed: Text character limit of 500 exceeded",
    });
    // A long URL counts 23 and a remote mention counts as its local part.
    const text = `${"a".repeat(460)} @bob@very.long.domain.example https://example.com/${"p".repeat(200)}`;
    const fits = await sim.handle(
      postJson(`${MASTO}/api/v1/statuses`, { status: text }, mastoAuth),
      "mastodon",
    );
    expect(fits.status).toBe(200);
    expect(sim.mastodon.statuses).toHaveLength(1);
  });

  it("returns the first status again for a repeated Idempotency-Key", async () => {
    const sim = testSimulator();
    const post = () =>
      sim.handle(
        postJson(
          `${MASTO}/api/v1/statuses`,
          { status: "once" },
          { ...mastoAuth, "idempotency-key": "k1" },
        ),
        "mastodon",
      );
    const a = (await (await post()).json()) as { id: string };
    const b = (await (await post()).json()) as { id: string };
    expect(b.id).toBe(a.id);
    expect(sim.mastodon.statuses).toHaveLength(1);
  });

  it("schedules a status at least 5 minutes ahead and refuses sooner", async () => {
    const clock = manualClock();
    const sim = testSimulator({ clock });
    const at = (ms: number) => new Date(clock.now() + ms).toISOString();
    const soon = await sim.handle(
      postJson(`${MASTO}/api/v1/statuses`, { status: "x", scheduled_at: at(60_000) }, mastoAuth),
      "mastodon",
    );
    expect(soon.status).toBe(422);
    const later = await sim.handle(
      postJson(`${MASTO}/api/v1/statuses`, { status: "x", scheduled_at: at(600_000) }, mastoAuth),
      "mastodon",
    );
    expect(later.status).toBe(200);
    expect(await later.json()).toMatchObject({ scheduled_at: at(600_000), params: { text: "x" } });
    expect(sim.mastodon.scheduled).toHaveLength(1);
    expect(sim.mastodon.statuses).toHaveLength(0);
  });

  it("processes video uploads asynchronously: 202, then 206, then 200", async () => {
    const sim = testSimulator();
    const upload = (type: string, name: string) => {
      const form = new FormData();
      form.set("file", new Blob([new Uint8Array(16)], { type }), name);
      form.set("description", "alt text");
      return sim.handle(
        new Request(`${MASTO}/api/v2/media`, { method: "POST", headers: mastoAuth, body: form }),
        "mastodon",
      );
    };
    const image = await upload("image/png", "a.png");
    expect(image.status).toBe(200);
    expect(await image.json()).toMatchObject({ type: "image", description: "alt text" });
    const video = await upload("video/mp4", "v.mp4");
    expect(video.status).toBe(202);
    const media = (await video.json()) as { id: string; url: string | null };
    expect(media.url).toBeNull();
    const get = () =>
      sim.handle(
        new Request(`${MASTO}/api/v1/media/${media.id}`, { headers: mastoAuth }),
        "mastodon",
      );
    const early = await sim.handle(
      postJson(`${MASTO}/api/v1/statuses`, { status: "v", media_ids: [media.id] }, mastoAuth),
      "mastodon",
    );
    expect(early.status).toBe(422);
    expect((await get()).status).toBe(206);
    const ready = await get();
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { url: string }).url).toMatch(/^https:\/\/mastodon\.example\//);
    const post = await sim.handle(
      postJson(`${MASTO}/api/v1/statuses`, { status: "v", media_ids: [media.id] }, mastoAuth),
      "mastodon",
    );
    expect(post.status).toBe(200);
  });

  it("reports instance limits and answers 429 over the per-token limit", async () => {
    const sim = testSimulator({
      mastodon: {
        accessTokens: [MASTO_TOKEN],
        maxCharacters: 1000,
        limits: { perToken: { limit: 2, windowMs: 300_000 } },
      },
    });
    const instance = await sim.handle(new Request(`${MASTO}/api/v2/instance`), "mastodon");
    const config = (
      (await instance.json()) as { configuration: { statuses: Record<string, number> } }
    ).configuration;
    expect(config.statuses).toEqual({
      max_characters: 1000,
      characters_reserved_per_url: 23,
      max_media_attachments: 4,
    });
    const post = () =>
      sim.handle(postJson(`${MASTO}/api/v1/statuses`, { status: "x" }, mastoAuth), "mastodon");
    expect((await post()).status).toBe(200);
    const second = await post();
    expect(second.headers.get("x-ratelimit-remaining")).toBe("0");
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: "Too many requests" });
    expect(limited.headers.get("x-ratelimit-limit")).toBe("2");
  });
});

describe("reset and stats", () => {
  it("forgets requests, deliveries and windows", async () => {
    const sim = testSimulator();
    await sim.handle(postJson(`${TG}/sendMessage`, { chat_id: 5, text: "x" }), "telegram");
    sim.faults.set({ rate: 1, kinds: ["5xx"] });
    sim.reset();
    expect(sim.requests).toHaveLength(0);
    expect(sim.telegram.messages).toHaveLength(0);
    expect(sim.faults.options).toBeUndefined();
    const again = await sim.handle(
      postJson(`${TG}/sendMessage`, { chat_id: 5, text: "x" }),
      "telegram",
    );
    expect(again.status).toBe(200);
    expect(sim.stats()).toEqual({ requests: 1, byStatus: { 200: 1 }, rateLimited: 0, faults: 0 });
  });
});
