// The public helpers: verification functions per platform, the signing helpers of
// herald/testing, the node:crypto entry, and the types of handlers.
import { describe, expect, expectTypeOf, it } from "vitest";
import { type LineFollowEvent, line, verifyLineSignature } from "../../src/adapters/line/index.js";
import { type MastodonStatus, verifyMastodonSignature } from "../../src/adapters/mastodon/index.js";
import {
  type TelegramMessageReactionUpdated,
  telegram,
  verifyTelegramSecret,
} from "../../src/adapters/telegram/index.js";
import {
  createHerald,
  type MessageEvent,
  type PlatformEvent,
  type UnknownEvent,
} from "../../src/index.js";
import { createHerald as createNodeHerald } from "../../src/index-node.js";
import { lineSignature, mastodonSignature, signWebhook } from "../../src/testing/index.js";
import { createNodeCrypto } from "../../src/webhooks/node.js";
import { lineBodies, mastodonPayload, mastodonReply, telegramUpdates } from "./fixtures.js";
import { lineHeaders, mastodonHeaders, type Platform, SECRETS, webhookHerald } from "./helpers.js";

const lineBody = JSON.stringify(lineBodies.message);
const mastodonBody = JSON.stringify(mastodonPayload("status.created", mastodonReply));

describe("verification helpers", () => {
  it("verifyLineSignature: the documented signature, any secret of a rotation, raw bytes too", async () => {
    const signature = lineHeaders(lineBody, SECRETS.line[1])["x-line-signature"];
    expect(await verifyLineSignature(lineBody, signature, [...SECRETS.line])).toBe(true);
    expect(
      await verifyLineSignature(new TextEncoder().encode(lineBody), signature, SECRETS.line[1]),
    ).toBe(true);
    expect(await verifyLineSignature(`${lineBody} `, signature, [...SECRETS.line])).toBe(false);
    expect(await verifyLineSignature(lineBody, signature, SECRETS.line[0])).toBe(false);
    expect(await verifyLineSignature(lineBody, undefined, SECRETS.line[0])).toBe(false);
    expect(
      await verifyLineSignature(lineBody, signature, SECRETS.line[1], createNodeCrypto()),
    ).toBe(true);
  });

  it("verifyMastodonSignature: sha256=<hex>", async () => {
    const signature = mastodonHeaders(mastodonBody, SECRETS.mastodon[0])["x-hub-signature"];
    expect(await verifyMastodonSignature(mastodonBody, signature, SECRETS.mastodon[0])).toBe(true);
    expect(
      await verifyMastodonSignature(mastodonBody, signature?.slice(7), SECRETS.mastodon[0]),
    ).toBe(false);
    expect(
      await verifyMastodonSignature(mastodonBody.slice(1), signature, SECRETS.mastodon[0]),
    ).toBe(false);
  });

  it("verifyTelegramSecret: equality with one of the secrets", async () => {
    expect(await verifyTelegramSecret(SECRETS.telegram[1], [...SECRETS.telegram])).toBe(true);
    expect(await verifyTelegramSecret(`${SECRETS.telegram[0]}x`, [...SECRETS.telegram])).toBe(
      false,
    );
    expect(await verifyTelegramSecret(null, SECRETS.telegram[0])).toBe(false);
  });
});

describe("herald/testing signing helpers", () => {
  it("sign exactly as the platforms do (the same bytes as node:crypto)", async () => {
    expect(await lineSignature(lineBody, "s3cret")).toBe(
      lineHeaders(lineBody, "s3cret")["x-line-signature"],
    );
    expect(await mastodonSignature(mastodonBody, "s3cret")).toBe(
      mastodonHeaders(mastodonBody, "s3cret")["x-hub-signature"],
    );
  });

  it.each([
    ["telegram", telegramUpdates.message],
    ["line", lineBodies.message],
    ["mastodon", mastodonPayload("status.created", mastodonReply)],
  ] as const)("%s: a signed Request that herald.webhooks accepts", async (platform, body) => {
    const herald = webhookHerald();
    const request = await signWebhook(platform as Platform, body, SECRETS[platform][0]);
    expect(request.url).toBe(`https://herald.test/webhooks/${platform}`);
    expect((await herald.webhooks.handle(request)).status).toBe(200);
    const forged = await signWebhook(platform as Platform, body, "not-the-secret");
    expect((await herald.webhooks.handle(forged)).status).toBe(401);
  });
});

describe("the node entry", () => {
  it("createHerald from the node build verifies with node:crypto, with the same results", async () => {
    const herald = createNodeHerald({
      adapters: [line({ channelAccessToken: "t", channelSecret: SECRETS.line[0] })],
    });
    const good = await signWebhook("line", lineBodies.message, SECRETS.line[0]);
    const bad = await signWebhook("line", lineBodies.message, SECRETS.line[1]);
    expect((await herald.webhooks.handle(good)).status).toBe(200);
    expect((await herald.webhooks.handle(bad)).status).toBe(401);
  });
});

describe("types", () => {
  it("event names and payloads are inferred from the adapters", () => {
    const herald = createHerald({
      adapters: [
        telegram({ botToken: "1:t", webhookSecret: "s1" }),
        line({ channelAccessToken: "t", channelSecret: "s" }),
      ],
    });
    herald.webhooks.on("line.follow", (e) => {
      expectTypeOf(e).toEqualTypeOf<PlatformEvent<"line.follow", LineFollowEvent>>();
      expectTypeOf(e.payload.follow.isUnblocked).toEqualTypeOf<boolean>();
    });
    herald.webhooks.on("telegram.message_reaction", (e) => {
      expectTypeOf(e.payload).toEqualTypeOf<TelegramMessageReactionUpdated>();
    });
    herald.webhooks.on("message", (e) => expectTypeOf(e).toEqualTypeOf<MessageEvent>());
    herald.webhooks.on("unknown", (e) => expectTypeOf(e).toEqualTypeOf<UnknownEvent>());
    // @ts-expect-error Mastodon is not among the adapters
    herald.webhooks.on("mastodon.status.created", () => {});
    // @ts-expect-error no such LINE event
    herald.webhooks.on("line.nope", () => {});
    expectTypeOf<MastodonStatus["in_reply_to_id"]>().toEqualTypeOf<string | null | undefined>();
  });
});
