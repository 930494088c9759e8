// Thousands of random requests at handle(): no exception escapes, every answer is one of the
// documented statuses, and no request without a valid signature reaches a handler.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineBodies, mastodonPayload, mastodonReply, telegramUpdates } from "./fixtures.js";
import { SECRETS, signatureHeaders, webhookHerald } from "./helpers.js";

const STATUSES = new Set([200, 400, 401, 404, 405, 413]);

const platformPath = fc.oneof(
  fc.constantFrom(
    "/webhooks/telegram",
    "/webhooks/line",
    "/webhooks/mastodon",
    "/webhooks/line/default",
  ),
  fc.webPath(),
  fc.string().map((s) => `/webhooks/${encodeURIComponent(s)}`),
  fc.constant("/webhooks/%E0%A4%A"), // a broken percent-encoding
);
const signatureNames = [
  "x-telegram-bot-api-secret-token",
  "x-line-signature",
  "x-hub-signature",
  "content-length",
  "content-type",
];
const headerValue = fc.oneof(
  fc.string({ unit: "binary-ascii" }).map((s) => s.replace(/[\r\n\0]/g, "")),
  fc.constantFrom("sha256=", "sha256=00", "", "=", SECRETS.telegram[0].toUpperCase()),
  fc.uint8Array({ maxLength: 32 }).map((b) => Buffer.from(b).toString("base64")),
  fc
    .uint8Array({ minLength: 32, maxLength: 32 })
    .map((b) => `sha256=${Buffer.from(b).toString("hex")}`),
);
const headers = fc.dictionary(
  fc.oneof(fc.constantFrom(...signatureNames), fc.stringMatching(/^[a-z-]{1,20}$/)),
  headerValue,
  {
    maxKeys: 6,
  },
);
const fixtures = [
  JSON.stringify(telegramUpdates.message),
  JSON.stringify(lineBodies.followAndPostback),
  JSON.stringify(mastodonPayload("status.created", mastodonReply)),
];
const body = fc.oneof(
  fc.constantFrom(...fixtures),
  fc.json(),
  fc.string(),
  fc.uint8Array({ maxLength: 4096 }),
  fc
    .constantFrom(...fixtures)
    .chain((f) =>
      fc.integer({ min: 0, max: f.length - 1 }).map((i) => f.slice(0, i) + f.slice(i + 1)),
    ),
);
const method = fc.constantFrom(
  "POST",
  "POST",
  "POST",
  "GET",
  "PUT",
  "DELETE",
  "PATCH",
  "HEAD",
  "OPTIONS",
);

function request(
  m: string,
  path: string,
  h: Record<string, string>,
  b: string | Uint8Array,
): Request | undefined {
  try {
    return new Request(`https://shop.example${path}`, {
      method: m,
      headers: h,
      ...(m === "GET" || m === "HEAD"
        ? {}
        : { body: typeof b === "string" ? b : new Uint8Array(b) }),
    });
  } catch {
    return undefined; // a header the Fetch standard itself refuses: nothing to send
  }
}

describe("random requests", () => {
  it("unsigned: never an exception, never a handler", async () => {
    const herald = webhookHerald({ webhooks: { maxBodyBytes: 2048 } });
    let reached = 0;
    for (const name of [
      "message",
      "follow",
      "postback",
      "comment",
      "unknown",
      "telegram.message",
      "line.follow",
    ] as const) {
      herald.webhooks.on(name, () => {
        reached++;
      });
    }
    await fc.assert(
      fc.asyncProperty(method, platformPath, headers, body, async (m, path, h, b) => {
        const req = request(m, path, h, b);
        if (!req) return;
        const response = await herald.webhooks.handle(req);
        expect(STATUSES.has(response.status), `${response.status}`).toBe(true);
        expect(reached).toBe(0);
      }),
      { numRuns: 3000 },
    );
  });

  it("signed with a valid secret: never an exception, 200 or 400, malformed bodies reach nothing", async () => {
    const herald = webhookHerald();
    let reached = 0;
    herald.webhooks.on("message", () => {
      reached++;
    });
    const platform = fc.constantFrom("telegram", "line", "mastodon") as fc.Arbitrary<
      keyof typeof SECRETS
    >;
    await fc.assert(
      fc.asyncProperty(platform, body, async (p, b) => {
        const text = typeof b === "string" ? b : Buffer.from(b).toString("latin1");
        const before = reached;
        const req = new Request(`https://shop.example/webhooks/${p}`, {
          method: "POST",
          headers: signatureHeaders(p, text, SECRETS[p][0]),
          body: Buffer.from(text, "utf8"),
        });
        const response = await herald.webhooks.handle(req);
        expect([200, 400]).toContain(response.status);
        if (response.status === 400) expect(reached).toBe(before);
      }),
      { numRuns: 1500 },
    );
  });
});
