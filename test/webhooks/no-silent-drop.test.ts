// "Nothing is dropped" (docs/webhooks.md): every well-formed delivery of each adapter's webhook
// parser (the platform's envelope holding at least one event, each a JSON object of any content)
// becomes at least one platform or `unknown` event. The parsers run as the core runs them after
// verification; the envelopes are the platforms' documented ones (cited beside each).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { facebook } from "../../src/adapters/facebook/index.js";
import { line } from "../../src/adapters/line/index.js";
import { type LinkedInOptions, linkedin } from "../../src/adapters/linkedin/index.js";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import { x } from "../../src/adapters/x/index.js";
import type { AdapterWebhooks } from "../../src/webhooks/contract.js";
import { tools, webhookRequest } from "../helpers/webhook-request.js";

const hooks: Record<string, AdapterWebhooks> = {
  telegram: telegram({ botToken: "1:T", webhookSecret: "tg-secret" }).webhooks!,
  line: line({ channelAccessToken: "t", channelSecret: "line-secret" }).webhooks!,
  mastodon: mastodon({
    accessToken: "t",
    instanceUrl: "https://shop.example",
    webhookSecret: "masto-secret",
  }).webhooks!,
  x: x({ clientId: "c", tokens: { accessToken: "t" }, consumerSecret: "x-secret" }).webhooks!,
  facebook: facebook({
    pageId: "4444",
    pageAccessToken: "EAA",
    appSecret: "fb-secret",
    webhookVerifyToken: "v",
  }).webhooks!,
  linkedin: linkedin({
    accessToken: "AQV",
    author: "urn:li:organization:1",
    clientSecret: "li-secret",
  } as LinkedInOptions).webhooks!,
};

const item = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), {
  maxKeys: 6,
});
const items = fc.array(item, { minLength: 1, maxLength: 4 });
const name = fc.oneof(
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.constantFrom("message", "feed"),
);

const envelopes: Record<string, fc.Arbitrary<unknown>> = {
  // https://core.telegram.org/bots/api#update: update_id and one optional field
  telegram: fc
    .tuple(
      fc.nat(),
      fc.oneof(name, fc.constantFrom("message", "channel_post", "callback_query")),
      item,
    )
    .map(([id, kind, payload]) => ({ update_id: id, [kind]: payload })),
  // https://developers.line.biz/en/reference/messaging-api/#request-body: destination, events
  line: items.map((events) => ({ destination: "U0", events })),
  // https://docs.joinmastodon.org/methods/admin/webhooks/: event, created_at, object
  mastodon: fc
    .tuple(fc.oneof(name, fc.constantFrom("status.created", "report.created")), fc.jsonValue())
    .map(([event, object]) => ({ event, created_at: "2026-03-01T12:00:00Z", object })),
  // https://docs.x.com/x-api/enterprise-gnip-2.0/fundamentals/account-activity: for_user_id and
  // arrays of events, or a user_event
  x: fc.oneof(
    fc
      .tuple(fc.oneof(name, fc.constantFrom("tweet_create", "favorite", "follow")), items)
      .map(([key, events]) => ({ for_user_id: "42", [`${key}_events`]: events })),
    item.map((revoke) => ({ user_event: { revoke: { ...revoke, source: { user_id: "42" } } } })),
  ),
  // https://developers.facebook.com/docs/graph-api/webhooks/getting-started: object, entry[]
  // with changes, messaging or standby arrays
  facebook: fc
    .tuple(fc.constantFrom("changes", "messaging", "standby", "other"), items)
    .map(([key, list]) => ({ object: "page", entry: [{ id: "4444", time: 1, [key]: list }] })),
  // https://learn.microsoft.com/linkedin/marketing/community-management/organization-social-action-notifications
  linkedin: items.map((notifications) => ({
    type: "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS",
    notifications,
  })),
};

describe("no silent drop", () => {
  it.each(Object.keys(hooks))(
    "%s: every well-formed delivery dispatches at least one event",
    async (platform) => {
      const hook = hooks[platform]!;
      await fc.assert(
        fc.asyncProperty(envelopes[platform]!, async (body) => {
          const request = webhookRequest("https://backend.example/webhooks", {
            body: JSON.stringify(body),
          });
          const result = await hook.parse(request, tools);
          expect(result.ok).toBe(true);
          if (result.ok) expect(result.events.length).toBeGreaterThan(0);
        }),
        { seed: 19, numRuns: 300 },
      );
    },
  );
});
