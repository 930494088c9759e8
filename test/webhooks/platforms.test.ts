// The webhook contract, per platform: every case of the "done when" list, with the
// signature computed in the test (helpers.ts) and handlers that count what reaches them.
import { describe, expect, it, vi } from "vitest";
import {
  lineBodies,
  lineFutureBody,
  mastodonPayload,
  mastodonReply,
  telegramFutureUpdate,
  telegramUpdates,
} from "./fixtures.js";
import {
  type Platform,
  SECRETS,
  signatureHeaders,
  signed,
  webhookHerald,
  webhookRequest,
} from "./helpers.js";

interface Case {
  platform: Platform;
  /** A valid delivery and the platform event it holds. */
  body: string;
  event: string;
  /** A delivery of an event type the adapter does not know, and that type. */
  unknownBody: string;
  unknownType: string;
}

const cases: Case[] = [
  {
    platform: "telegram",
    body: JSON.stringify(telegramUpdates.message),
    event: "telegram.message",
    unknownBody: JSON.stringify(telegramFutureUpdate),
    unknownType: "story_reaction",
  },
  {
    platform: "line",
    body: JSON.stringify(lineBodies.message),
    event: "line.message",
    unknownBody: JSON.stringify(lineFutureBody),
    unknownType: "things",
  },
  {
    platform: "mastodon",
    body: JSON.stringify(mastodonPayload("status.created", mastodonReply)),
    event: "mastodon.status.created",
    unknownBody: JSON.stringify(mastodonPayload("account.deleted", { id: "7" })),
    unknownType: "account.deleted",
  },
];

/** A client whose handlers record every event name they get. */
function recording(options: Parameters<typeof webhookHerald>[0] = {}) {
  const herald = webhookHerald(options);
  const seen: string[] = [];
  const record = (name: string) => () => {
    seen.push(name);
  };
  for (const name of [
    "message",
    "comment",
    "reaction",
    "follow",
    "unfollow",
    "postback",
    "mention",
    "share",
    "unknown",
    ...cases.map((c) => c.event),
  ]) {
    herald.webhooks.on(name as "message", record(name));
  }
  return { herald, seen };
}

describe.each(cases)(
  "$platform webhooks",
  ({ platform, body, event, unknownBody, unknownType }) => {
    const [newSecret, oldSecret] = SECRETS[platform];

    it("a valid signed request: 200, and the platform event reaches its handler", async () => {
      const { herald, seen } = recording();
      const response = await herald.webhooks.handle(signed(platform, body));
      expect(response.status).toBe(200);
      expect(seen).toContain(event);
    });

    it("the old secret of a rotation is still accepted", async () => {
      const { herald, seen } = recording();
      const response = await herald.webhooks.handle(signed(platform, body, oldSecret));
      expect(response.status).toBe(200);
      expect(seen).toContain(event);
    });

    it("a wrong secret: 401, nothing reaches a handler", async () => {
      const { herald, seen } = recording();
      const response = await herald.webhooks.handle(signed(platform, body, `${newSecret}x`));
      expect(response.status).toBe(401);
      expect(seen).toEqual([]);
    });

    it("no signature header: 401", async () => {
      const { herald, seen } = recording();
      const response = await herald.webhooks.handle(webhookRequest(platform, body, {}));
      expect(response.status).toBe(401);
      expect(seen).toEqual([]);
    });

    it("a replay of the same event: answered 200 but dispatched once", async () => {
      const { herald, seen } = recording();
      expect((await herald.webhooks.handle(signed(platform, body))).status).toBe(200);
      expect((await herald.webhooks.handle(signed(platform, body))).status).toBe(200);
      expect(seen.filter((name) => name === event)).toHaveLength(1);
    });

    it("a body over the limit: 413 before any verification", async () => {
      const { herald, seen } = recording({ webhooks: { maxBodyBytes: 1024 } });
      const big = JSON.stringify({ ...JSON.parse(body), padding: "x".repeat(2000) });
      const response = await herald.webhooks.handle(signed(platform, big));
      expect(response.status).toBe(413);
      expect(seen).toEqual([]);
    });

    it("the default limit is 1 MB", async () => {
      const { herald } = recording();
      const big = JSON.stringify({ ...JSON.parse(body), padding: "x".repeat(1024 * 1024) });
      expect((await herald.webhooks.handle(signed(platform, big))).status).toBe(413);
    });

    it("malformed JSON, correctly signed: 400", async () => {
      const { herald, seen } = recording();
      const broken = body.slice(0, -3);
      const response = await herald.webhooks.handle(signed(platform, broken));
      expect(response.status).toBe(400);
      expect(seen).toEqual([]);
    });

    it("a wrong method: 405 with Allow", async () => {
      const { herald, seen } = recording();
      for (const method of ["GET", "PUT", "DELETE"]) {
        const request = webhookRequest(
          platform,
          body,
          signatureHeaders(platform, body, newSecret),
          {
            method,
          },
        );
        const response = await herald.webhooks.handle(request);
        expect(response.status, method).toBe(405);
        expect(response.headers.get("allow")).toBe("POST");
      }
      expect(seen).toEqual([]);
    });

    it("an event type the SDK does not know reaches `unknown`", async () => {
      const herald = webhookHerald();
      const unknown = vi.fn();
      herald.webhooks.on("unknown", unknown);
      expect((await herald.webhooks.handle(signed(platform, unknownBody))).status).toBe(200);
      expect(unknown).toHaveBeenCalledTimes(1);
      expect(unknown.mock.calls[0]?.[0]).toMatchObject({
        platform,
        type: unknownType,
        account: "default",
      });
    });

    it("a handler that throws: reported to `error`, the platform still gets 200", async () => {
      const herald = webhookHerald();
      const boom = new Error("handler bug");
      herald.webhooks.on(event as "message", () => {
        throw boom;
      });
      herald.webhooks.on(event as "message", async () => {
        throw new Error("async handler bug");
      });
      const errors = vi.fn();
      herald.webhooks.on("error", errors);
      expect((await herald.webhooks.handle(signed(platform, body))).status).toBe(200);
      expect(errors).toHaveBeenCalledTimes(2);
      expect(errors.mock.calls.map((c) => c[0].error.message).sort()).toEqual([
        "async handler bug",
        "handler bug",
      ]);
      expect(errors.mock.calls[0]?.[0]).toMatchObject({
        name: event,
        event: { platform, name: event },
      });
    });
  },
);

describe("tampering", () => {
  it("LINE: one changed byte of the body fails the signature", async () => {
    const { herald, seen } = recording();
    const body = JSON.stringify(lineBodies.message);
    const headers = signatureHeaders("line", body, SECRETS.line[0]);
    const tampered = body.replace("Is the sale", "Is the SALE");
    expect((await herald.webhooks.handle(webhookRequest("line", tampered, headers))).status).toBe(
      401,
    );
    expect(seen).toEqual([]);
  });

  it("Mastodon: one changed byte of the body fails the signature", async () => {
    const { herald, seen } = recording();
    const body = JSON.stringify(mastodonPayload("status.created", mastodonReply));
    const headers = signatureHeaders("mastodon", body, SECRETS.mastodon[0]);
    const tampered = body.replace('"1101"', '"1102"');
    const response = await herald.webhooks.handle(webhookRequest("mastodon", tampered, headers));
    expect(response.status).toBe(401);
    expect(seen).toEqual([]);
  });

  it("Mastodon: a signature in the wrong format (no sha256= prefix) is refused", async () => {
    const { herald } = recording();
    const body = JSON.stringify(mastodonPayload("status.created", mastodonReply));
    const bare = signatureHeaders("mastodon", body, SECRETS.mastodon[0])["x-hub-signature"]!.slice(
      7,
    );
    const request = webhookRequest("mastodon", body, { "x-hub-signature": bare });
    expect((await herald.webhooks.handle(request)).status).toBe(401);
  });

  it("Telegram signs nothing: only the secret token authenticates, so a changed token fails", async () => {
    // Telegram sends the secret_token as is, with no signature over the body
    // (https://core.telegram.org/bots/api#setwebhook): a tampered token is all that can be caught.
    const { herald, seen } = recording();
    const body = JSON.stringify(telegramUpdates.message);
    const token = SECRETS.telegram[0];
    const tampered = `${token.slice(0, -1)}${token.endsWith("6") ? "7" : "6"}`;
    const request = webhookRequest("telegram", body, {
      "x-telegram-bot-api-secret-token": tampered,
    });
    expect((await herald.webhooks.handle(request)).status).toBe(401);
    expect(seen).toEqual([]);
  });
});
