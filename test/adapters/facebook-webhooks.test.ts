import { describe, expect, it } from "vitest";
import { facebook } from "../../src/adapters/facebook/index.js";
import { hexHmac, tools, webhookRequest } from "../helpers/webhook-request.js";

const PAGE = "44444444";
const SECRET = "app-secret-current";
const OLD_SECRET = "app-secret-previous";
const HOOK = "https://backend.example/webhooks/facebook";

const adapter = facebook({
  pageId: PAGE,
  pageAccessToken: "EAAPage",
  appSecret: [SECRET, OLD_SECRET],
  webhookVerifyToken: "my-verify-token",
  account: "shop",
});
const hook = adapter.webhooks!;

/** A Page delivery with one entry of these changes, shaped as Meta's webhook reference shows. */
function delivery(changes: unknown[], pageId = PAGE) {
  return JSON.stringify({ object: "page", entry: [{ id: pageId, time: 1796544000, changes }] });
}

function signed(body: string, secret = SECRET) {
  return webhookRequest(HOOK, {
    body,
    headers: {
      "x-hub-signature-256": `sha256=${hexHmac(secret, body)}`,
      "content-type": "application/json",
    },
  });
}

const comment = {
  field: "feed",
  value: {
    from: { id: "9001", name: "Cinderella Hoover" },
    item: "comment",
    comment_id: `${PAGE}_555_777`,
    post_id: `${PAGE}_555`,
    parent_id: `${PAGE}_555`,
    verb: "add",
    created_time: 1796544010,
    message: "Is it in stock?",
  },
};

describe("facebook webhooks: handshake", () => {
  it("echoes hub.challenge when the verify token matches", async () => {
    const answer = await hook.handshake?.(
      webhookRequest(
        `${HOOK}?hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=1158201444`,
        {
          method: "GET",
        },
      ),
      tools,
    );
    expect(answer).toEqual({
      status: 200,
      body: "1158201444",
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  });

  it("refuses a wrong verify token and ignores requests that are no handshake", async () => {
    const wrong = await hook.handshake?.(
      webhookRequest(`${HOOK}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`, {
        method: "GET",
      }),
      tools,
    );
    expect(wrong?.status).toBe(403);
    expect(await hook.handshake?.(webhookRequest(HOOK, { method: "GET" }), tools)).toBeUndefined();
    expect(await hook.handshake?.(webhookRequest(HOOK, { body: "{}" }), tools)).toBeUndefined();
  });
});

describe("facebook webhooks: X-Hub-Signature-256", () => {
  const body = delivery([comment]);

  it("accepts the current and the previous app secret", async () => {
    expect(await hook.verify(signed(body), tools)).toEqual({ ok: true });
    expect(await hook.verify(signed(body, OLD_SECRET), tools)).toEqual({ ok: true });
  });

  it("refuses another secret, a changed body, a missing or malformed header", async () => {
    expect(await hook.verify(signed(body, "other"), tools)).toEqual({
      ok: false,
      reason: "mismatch",
    });
    const tampered = signed(body);
    const changed = webhookRequest(HOOK, {
      body: body.replace("Is it", "It is"),
      headers: { "x-hub-signature-256": tampered.headers.get("x-hub-signature-256") ?? "" },
    });
    expect(await hook.verify(changed, tools)).toEqual({ ok: false, reason: "mismatch" });
    expect(await hook.verify(webhookRequest(HOOK, { body }), tools)).toEqual({
      ok: false,
      reason: "missing",
    });
    const sha1 = webhookRequest(HOOK, { body, headers: { "x-hub-signature-256": "sha1=abc" } });
    expect(await hook.verify(sha1, tools)).toEqual({ ok: false, reason: "malformed" });
    const short = webhookRequest(HOOK, { body, headers: { "x-hub-signature-256": "sha256=abcd" } });
    expect(await hook.verify(short, tools)).toEqual({ ok: false, reason: "mismatch" });
  });
});

describe("facebook webhooks: parse", () => {
  async function parse(body: string) {
    const result = await hook.parse(webhookRequest(HOOK, { body }), tools);
    if (!result.ok) throw new Error(result.reason);
    return result.events;
  }

  it("turns a comment into facebook.feed and a normalized comment one can answer", async () => {
    const [event] = await parse(delivery([comment]));
    expect(event).toMatchObject({
      name: "facebook.feed",
      payload: { pageId: PAGE, time: 1796544000, field: "feed", value: comment.value },
      time: 1796544010_000,
    });
    expect(event?.id).toBe(`${PAGE}:feed:comment:add:${PAGE}_555_777:9001:1796544010`);
    expect(event?.normalized).toEqual([
      {
        type: "comment",
        platform: "facebook",
        account: "shop",
        id: `${PAGE}_555_777`,
        postId: `${PAGE}_555`,
        commentId: `${PAGE}_555_777`,
        text: "Is it in stock?",
        author: { id: "9001", name: "Cinderella Hoover" },
        time: new Date(1796544010_000),
        raw: comment.value,
        replyTo: { platform: "facebook", account: "shop", reply: { messageId: `${PAGE}_555_777` } },
      },
    ]);
  });

  it("reads reactions (added, changed, removed) and shares", async () => {
    const reaction = (verb: string, reaction_type: string) => ({
      field: "feed",
      value: {
        item: "reaction",
        verb,
        reaction_type,
        post_id: `${PAGE}_555`,
        from: { id: "9002" },
        created_time: 1,
      },
    });
    const share = {
      field: "feed",
      value: {
        item: "share",
        verb: "add",
        share_id: "9003_1",
        post_id: `${PAGE}_555`,
        from: { id: "9003" },
        message: "look",
      },
    };
    const events = await parse(
      delivery([reaction("add", "love"), reaction("remove", "love"), share]),
    );
    expect(events.map((e) => e.normalized?.[0])).toEqual([
      expect.objectContaining({
        type: "reaction",
        targetId: `${PAGE}_555`,
        reaction: "love",
        removed: false,
      }),
      expect.objectContaining({ type: "reaction", reaction: "love", removed: true }),
      expect.objectContaining({
        type: "share",
        postId: `${PAGE}_555`,
        shareId: "9003_1",
        text: "look",
      }),
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  it("reads mentions, answered on the comment or post that holds them", async () => {
    const mention = {
      field: "mention",
      value: {
        item: "comment",
        verb: "add",
        post_id: "777_1",
        comment_id: "1_2",
        sender_id: "9004",
        sender_name: "Ann",
      },
    };
    const [event] = await parse(delivery([mention]));
    expect(event?.name).toBe("facebook.mention");
    expect(event?.normalized).toEqual([
      expect.objectContaining({
        type: "mention",
        postId: "777_1",
        author: { id: "9004", name: "Ann" },
        replyTo: { platform: "facebook", account: "shop", reply: { messageId: "1_2" } },
      }),
    ]);
  });

  it("gives the Page's own comments no normalized event (no answering oneself)", async () => {
    const own = { ...comment, value: { ...comment.value, from: { id: PAGE, name: "Shop" } } };
    const [event] = await parse(delivery([own]));
    expect(event?.normalized).toEqual([]);
  });

  it("names the Page as the account when tokens come per Page", async () => {
    const many = facebook({ pageTokens: () => "t", appSecret: SECRET }).webhooks!;
    const result = await many.parse(
      webhookRequest(HOOK, { body: delivery([comment], "5555") }),
      tools,
    );
    expect(result.ok && result.events[0]?.normalized?.[0]?.account).toBe("5555");
  });

  it("passes other fields and objects to the unknown handlers, and refuses what is no delivery", async () => {
    const events = await parse(delivery([{ field: "ratings", value: { verb: "add" } }]));
    expect(events[0]).toMatchObject({ name: null, type: "ratings" });
    const instagram = await parse(JSON.stringify({ object: "instagram", entry: [] }));
    expect(instagram[0]).toMatchObject({ name: null, type: "instagram" });
    const bad = await hook.parse(webhookRequest(HOOK, { body: '{"object":"page"}' }), tools);
    expect(bad.ok).toBe(false);
  });

  it("passes a change without a value to the unknown handlers (nothing answered 200 and dropped)", async () => {
    // https://developers.facebook.com/docs/graph-api/webhooks/reference/page/: some fields
    // (`parking`) arrive as a bare change, with no value object
    const events = await parse(delivery([{ field: "parking" }, comment]));
    expect(events.map((e) => e.name ?? `unknown:${e.type}`)).toEqual([
      "unknown:parking",
      "facebook.feed",
    ]);
    expect(events[0]?.payload).toEqual({ field: "parking" });
  });

  it("passes Messenger standby events (handover protocol) to the unknown handlers", async () => {
    // https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/standby:
    // the secondary receiver's copy of a thread it does not own, times in milliseconds
    const item = {
      sender: { id: "6543210987" },
      recipient: { id: PAGE },
      timestamp: 1796544000123,
      message: { mid: "mid.1457764197618:41d102a3e1ae206a38", text: "hello, world!" },
    };
    const body = JSON.stringify({
      object: "page",
      entry: [{ id: PAGE, time: 1796544000123, standby: [item] }],
    });
    const events = await parse(body);
    expect(events).toEqual([{ name: null, type: "standby", payload: item, time: 1796544000123 }]);
  });

  it("passes an entry with nothing it knows, and an empty entry array, to the unknown handlers", async () => {
    const entry = { id: PAGE, time: 1796544000, hop_context: [] };
    const lone = await parse(JSON.stringify({ object: "page", entry: [entry] }));
    expect(lone).toMatchObject([{ name: null, type: "entry", payload: entry }]);
    const body = { object: "page", entry: [] };
    const empty = await parse(JSON.stringify(body));
    expect(empty).toMatchObject([{ name: null, type: "page", payload: body }]);
  });
});
