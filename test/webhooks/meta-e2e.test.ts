// Facebook and LinkedIn webhooks end to end through herald.webhooks.handle: the handshakes, signed
// deliveries (signatures computed here with node:crypto from the documented algorithms), typed
// platform events, normalized events, duplicates dropped, and answering with one herald.send
// against the simulator.
import { createHmac } from "node:crypto";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { facebook } from "../../src/adapters/facebook/index.js";
import { linkedin } from "../../src/adapters/linkedin/index.js";
import { createHerald, type NormalizedEvent } from "../../src/index.js";
import {
  createSimulator,
  signFacebookWebhook,
  signLinkedInWebhook,
} from "../../src/testing/index.js";

const PAGE = "1000000001";
const ORG = "urn:li:organization:5515715";
const FB_SECRET = "fb-app-secret";
const LI_SECRET = "li-client-secret";
const sim = createSimulator({
  facebook: { pages: [{ id: PAGE, accessToken: "EAAPage" }] },
  linkedin: {
    members: [{ accessToken: "AQVmember", personId: "abc", organizations: ["5515715"] }],
  },
});
const server = setupServer(...sim.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: "bypass" }));
afterAll(() => server.close());

function client() {
  return createHerald({
    adapters: [
      facebook({
        pageId: PAGE,
        pageAccessToken: "EAAPage",
        appSecret: FB_SECRET,
        webhookVerifyToken: "vt-1",
      }),
      linkedin({ accessToken: "AQVmember", author: ORG, clientSecret: LI_SECRET }),
    ],
  });
}

const hex = (secret: string, data: string) =>
  createHmac("sha256", secret).update(data).digest("hex");

describe("Facebook webhooks through herald.webhooks.handle", () => {
  it("answers the subscription handshake and refuses a wrong verify token", async () => {
    const herald = client();
    const ok = await herald.webhooks.handle(
      new Request(
        "https://shop.example/webhooks/facebook?hub.mode=subscribe&hub.verify_token=vt-1&hub.challenge=8841",
      ),
    );
    expect([ok.status, await ok.text()]).toEqual([200, "8841"]);
    const wrong = await herald.webhooks.handle(
      new Request(
        "https://shop.example/webhooks/facebook?hub.mode=subscribe&hub.verify_token=no&hub.challenge=1",
      ),
    );
    expect(wrong.status).toBe(403);
  });

  it("dispatches a signed comment once, and the answer lands on the simulated Page", async () => {
    const herald = client();
    const post = await herald.send({ text: "New drop" }, { to: "facebook" });
    const fan = sim.facebook.addComment(post.targets[0]?.ids[0] ?? "", "Price?");
    const body = JSON.stringify({
      object: "page",
      entry: [
        {
          id: PAGE,
          time: 1796544000,
          changes: [
            {
              field: "feed",
              value: {
                item: "comment",
                verb: "add",
                comment_id: fan,
                post_id: post.targets[0]?.ids[0],
                from: { id: "9001", name: "Ann" },
                message: "Price?",
                created_time: 1796544000,
              },
            },
          ],
        },
      ],
    });
    const comments: NormalizedEvent[] = [];
    const feed: string[] = [];
    herald.webhooks.on("comment", (e) => void comments.push(e));
    herald.webhooks.on("facebook.feed", (e) => void feed.push(e.payload.value.item));
    const request = () =>
      new Request("https://shop.example/webhooks/facebook", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-hub-signature-256": `sha256=${hex(FB_SECRET, body)}`,
        },
        body,
      });
    expect((await herald.webhooks.handle(request())).status).toBe(200);
    expect((await herald.webhooks.handle(request())).status).toBe(200); // Meta's redelivery
    expect(feed).toEqual(["comment"]);
    expect(comments).toHaveLength(1);
    const answer = await herald.send({ text: "€30" }, { to: comments[0]!.replyTo! });
    expect(answer.targets[0]?.status).toBe("sent");
    expect(sim.facebook.comments.at(-1)).toMatchObject({ parentId: fan, message: "€30" });

    const forged = await herald.webhooks.handle(
      new Request("https://shop.example/webhooks/facebook", {
        method: "POST",
        headers: { "x-hub-signature-256": `sha256=${hex("guess", body)}` },
        body,
      }),
    );
    expect(forged.status).toBe(401);
    await herald.close();
  });

  it("accepts what signFacebookWebhook from herald/testing signs", async () => {
    const herald = client();
    const mentions: string[] = [];
    herald.webhooks.on("mention", (e) => void mentions.push(e.postId));
    const payload = {
      object: "page",
      entry: [
        {
          id: PAGE,
          time: 1,
          changes: [
            {
              field: "mention",
              value: { item: "post", verb: "add", post_id: "777_1", sender_id: "9" },
            },
          ],
        },
      ],
    };
    const response = await herald.webhooks.handle(
      await signFacebookWebhook(payload, FB_SECRET, {
        url: "https://shop.example/webhooks/facebook",
      }),
    );
    expect(response.status).toBe(200);
    expect(mentions).toEqual(["777_1"]);
  });
});

describe("LinkedIn webhooks through herald.webhooks.handle", () => {
  it("answers the challengeCode validation", async () => {
    const herald = client();
    const response = await herald.webhooks.handle(
      new Request(
        "https://shop.example/webhooks/linkedin?challengeCode=0b8d3e0c-1d2a-4c3b-9f1e-5a6b7c8d9e0f",
      ),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      challengeCode: "0b8d3e0c-1d2a-4c3b-9f1e-5a6b7c8d9e0f",
      challengeResponse: hex(LI_SECRET, "0b8d3e0c-1d2a-4c3b-9f1e-5a6b7c8d9e0f"),
    });
  });

  it("dispatches a signed comment notification and answers it with a reply comment", async () => {
    const herald = client();
    const post = await herald.send({ text: "Launch" }, { to: "linkedin" });
    const postUrn = post.targets[0]?.ids[0] ?? "";
    const commentUrn = `urn:li:comment:(${postUrn},7094977717598625792)`;
    const payload = {
      type: "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS",
      notifications: [
        {
          notificationId: 5603453321,
          organizationalEntity: ORG,
          action: "COMMENT",
          sourcePost: postUrn,
          generatedActivity: commentUrn,
          decoratedGeneratedActivity: {
            comment: {
              entity: commentUrn,
              owner: "urn:li:person:xyz",
              text: "When?",
              object: postUrn,
            },
          },
          lastModifiedAt: 1691574506310,
        },
      ],
    };
    const actions: string[] = [];
    const comments: NormalizedEvent[] = [];
    herald.webhooks.on("linkedin.social_action", (e) => void actions.push(e.payload.action));
    herald.webhooks.on("comment", (e) => void comments.push(e));
    const response = await herald.webhooks.handle(
      await signLinkedInWebhook(payload, LI_SECRET, {
        url: "https://shop.example/webhooks/linkedin",
      }),
    );
    expect(response.status).toBe(200);
    expect(actions).toEqual(["COMMENT"]);
    const answer = await herald.send({ text: "Tomorrow (9am)" }, { to: comments[0]!.replyTo! });
    expect(answer.targets[0]?.status).toBe("sent");
    expect(sim.linkedin.comments.at(-1)).toMatchObject({
      object: postUrn,
      parentComment: commentUrn,
      text: "Tomorrow (9am)",
    });
    await herald.close();
  });
});
