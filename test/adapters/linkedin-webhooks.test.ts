import { describe, expect, it } from "vitest";
import { type LinkedInOptions, linkedin } from "../../src/adapters/linkedin/index.js";
import { hexHmac, tools, webhookRequest } from "../helpers/webhook-request.js";

const ORG = "urn:li:organization:96072893";
const SECRET = "li-client-secret";
const HOOK = "https://backend.example/webhooks/linkedin";

function hookOf(extra: Partial<LinkedInOptions> = {}) {
  return linkedin({
    accessToken: "AQV",
    author: ORG,
    clientSecret: [SECRET, "li-old-secret"],
    account: "brand",
    ...extra,
  } as LinkedInOptions).webhooks!;
}
const hook = hookOf();

/** A notification shaped as LinkedIn's organization social action notifications document it. */
const commentNotification = {
  subscriber: "urn:li:person:zLqTygBP8S",
  lastModifiedAt: 1691574506310,
  decoratedSourcePost: {
    owner: ORG,
    mediaCategory: "NONE",
    text: "This is my post 0008",
    entity: "urn:li:share:7094637247487995904",
  },
  sourcePost: "urn:li:activity:7094637247890620418",
  decoratedGeneratedActivity: {
    comment: {
      owner: "urn:li:person:zLqTygBP8S",
      text: "Commenting as a member",
      entity: "urn:li:comment:(urn:li:activity:7094637247890620418,7094977717598625792)",
      object: "urn:li:activity:7094637247890620418",
    },
  },
  action: "COMMENT",
  notificationId: 5603453321,
  organizationalEntity: ORG,
  generatedActivity: "urn:li:comment:(activity:7094637247890620418,7094977717598625792)",
};

function delivery(notifications: unknown[]) {
  return JSON.stringify({ type: "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS", notifications });
}

describe("linkedin webhooks: challengeCode", () => {
  it("answers with the hex HMAC-SHA256 of the code under the current client secret", async () => {
    const code = "890e4d2a-9e3c-4a39-bd3b-1d7f0e6f5c11";
    const answer = await hook.handshake?.(
      webhookRequest(`${HOOK}?challengeCode=${code}`, { method: "GET" }),
      tools,
    );
    expect(answer?.status).toBe(200);
    expect(answer?.headers).toEqual({ "content-type": "application/json" });
    expect(JSON.parse(String(answer?.body))).toEqual({
      challengeCode: code,
      challengeResponse: hexHmac(SECRET, code),
    });
    expect(await hook.handshake?.(webhookRequest(HOOK, { method: "GET" }), tools)).toBeUndefined();
  });
});

describe("linkedin webhooks: X-LI-Signature", () => {
  const body = delivery([commentNotification]);
  const sign = (signature: string) =>
    webhookRequest(HOOK, { body, headers: { "x-li-signature": signature } });
  const prefixedInput = hexHmac(SECRET, `hmacsha256=${body}`);
  const bodyInput = hexHmac(SECRET, body);

  it("accepts the HMAC of 'hmacsha256=' + body and of the body, bare or prefixed, by default", async () => {
    expect(await hook.verify(sign(prefixedInput), tools)).toEqual({ ok: true });
    expect(await hook.verify(sign(`hmacsha256=${bodyInput}`), tools)).toEqual({ ok: true });
    expect(await hook.verify(sign(hexHmac("li-old-secret", `hmacsha256=${body}`)), tools)).toEqual({
      ok: true,
    });
  });

  it("accepts only the chosen input when one is pinned", async () => {
    const prefixedOnly = hookOf({ signatureInput: "prefixed" });
    expect(await prefixedOnly.verify(sign(prefixedInput), tools)).toEqual({ ok: true });
    expect(await prefixedOnly.verify(sign(bodyInput), tools)).toEqual({
      ok: false,
      reason: "mismatch",
    });
    const bodyOnly = hookOf({ signatureInput: "body" });
    expect(await bodyOnly.verify(sign(bodyInput), tools)).toEqual({ ok: true });
    expect(await bodyOnly.verify(sign(prefixedInput), tools)).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });

  it("refuses another secret, a missing and a malformed signature", async () => {
    expect(await hook.verify(sign(hexHmac("guess", body)), tools)).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(await hook.verify(webhookRequest(HOOK, { body }), tools)).toEqual({
      ok: false,
      reason: "missing",
    });
    expect(await hook.verify(sign("not-hex!"), tools)).toEqual({ ok: false, reason: "malformed" });
  });
});

describe("linkedin webhooks: organization social actions", () => {
  async function parse(body: string) {
    const result = await hook.parse(webhookRequest(HOOK, { body }), tools);
    if (!result.ok) throw new Error(result.reason);
    return result.events;
  }

  it("turns a comment into linkedin.social_action and a normalized comment one can answer", async () => {
    const [event] = await parse(delivery([commentNotification]));
    const comment = commentNotification.decoratedGeneratedActivity.comment.entity;
    expect(event).toMatchObject({
      name: "linkedin.social_action",
      id: "5603453321",
      time: 1691574506310,
      payload: commentNotification,
    });
    expect(event?.normalized).toEqual([
      {
        type: "comment",
        platform: "linkedin",
        account: "brand",
        id: comment,
        postId: "urn:li:activity:7094637247890620418",
        commentId: comment,
        text: "Commenting as a member",
        author: { id: "urn:li:person:zLqTygBP8S" },
        time: new Date(1691574506310),
        raw: commentNotification,
        replyTo: { platform: "linkedin", account: "brand", reply: { messageId: comment } },
      },
    ]);
  });

  it("reads likes, shares and mentions; edits and deletions stay platform events", async () => {
    const base = { organizationalEntity: ORG, sourcePost: "urn:li:share:1", lastModifiedAt: 1 };
    const events = await parse(
      delivery([
        { ...base, notificationId: 1, action: "LIKE" },
        { ...base, notificationId: 2, action: "SHARE", generatedActivity: "urn:li:share:2" },
        {
          ...base,
          notificationId: 3,
          action: "SHARE_MENTION",
          generatedActivity: "urn:li:share:3",
        },
        { ...base, notificationId: 4, action: "COMMENT_DELETE" },
      ]),
    );
    expect(events.map((e) => e.normalized?.map((n) => n.type))).toEqual([
      ["reaction"],
      ["share"],
      ["mention"],
      [],
    ]);
    expect(events[1]?.normalized?.[0]).toMatchObject({
      postId: "urn:li:share:1",
      shareId: "urn:li:share:2",
    });
    expect(events.map((e) => e.id)).toEqual(["1", "2", "3", "4"]);
  });

  it("names the organization as the account of other organizations' notifications", async () => {
    const other = { ...commentNotification, organizationalEntity: "urn:li:organization:1" };
    const [event] = await parse(delivery([other]));
    expect(event?.normalized?.[0]?.account).toBe("urn:li:organization:1");
  });

  it("passes other notification types to the unknown handlers, and refuses what is none", async () => {
    const [lead] = await parse(JSON.stringify({ type: "LEAD_ACTION", leadAction: "CREATED" }));
    expect(lead).toMatchObject({ name: null, type: "LEAD_ACTION" });
    expect((await hook.parse(webhookRequest(HOOK, { body: "[]" }), tools)).ok).toBe(false);
  });
});
