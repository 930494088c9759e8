/**
 * Mastodon admin webhooks (https://docs.joinmastodon.org/admin/webhooks/, Mastodon's
 * app/workers/webhooks/delivery_worker.rb): a POST of `{ event, created_at, object }` with
 * `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body under the webhook's secret>`.
 * Herald reads the default payload; a webhook with a custom template is not supported.
 */

import type {
  MastodonAdminAccount,
  MastodonAdminReport,
  MastodonStatus,
} from "../../generated/mastodon/webhook-types.js";
import type { AdapterWebhooks, WebhookEventOutput } from "../../webhooks/contract.js";
import type { EventAuthor, NormalizedEvent } from "../../webhooks/events.js";
import { isJsonObject, type JsonObject, parseJsonObject } from "../../webhooks/json.js";
import { idOf, isoToMs, listOf, obj, strOf } from "../../webhooks/read.js";
import { verifyHmacHeader } from "../../webhooks/signature.js";
import { statusPlainText } from "./plain-text.js";

/** Mastodon admin webhook events by name, with their `object` typed from the Mastodon API spec. */
export type MastodonWebhookEvents = {
  "mastodon.account.approved": MastodonAdminAccount;
  "mastodon.account.created": MastodonAdminAccount;
  "mastodon.account.updated": MastodonAdminAccount;
  "mastodon.report.created": MastodonAdminReport;
  "mastodon.report.updated": MastodonAdminReport;
  "mastodon.status.created": MastodonStatus;
  "mastodon.status.updated": MastodonStatus;
};

/** The event names Mastodon sends (Webhook::EVENTS in app/models/webhook.rb, Mastodon 4.x). */
export const MASTODON_WEBHOOK_EVENTS = [
  "account.approved",
  "account.created",
  "account.updated",
  "report.created",
  "report.updated",
  "status.created",
  "status.updated",
] as const;

/** The signature header and its prefix (https://docs.joinmastodon.org/admin/webhooks/). */
export const MASTODON_SIGNATURE_HEADER = "x-hub-signature";

const EVENTS: ReadonlySet<string> = new Set(MASTODON_WEBHOOK_EVENTS);

function authorOf(account: unknown): EventAuthor | undefined {
  const a = obj(account);
  const id = idOf(a.id);
  if (id === undefined) return undefined;
  const name = strOf(a.display_name);
  const username = strOf(a.acct);
  return { id, ...(name ? { name } : {}), ...(username ? { username } : {}) };
}

/**
 * The engagement a new status stands for: a boost is a `share`, a reply a `comment`, a status
 * mentioning someone a `mention`. With `accountId`, only engagement with that account counts.
 */
function normalizeStatus(
  status: JsonObject,
  context: { account: string; accountId: string | undefined; time: number },
): NormalizedEvent[] {
  const id = idOf(status.id);
  if (id === undefined) return [];
  const html = strOf(status.content);
  const base = {
    platform: "mastodon",
    account: context.account,
    id,
    time: new Date(isoToMs(status.created_at) ?? context.time),
    author: authorOf(status.account),
    raw: status,
    ...(html ? { text: statusPlainText(html) } : {}),
    replyTo: { platform: "mastodon", account: context.account, reply: { messageId: id } },
  };
  const ours = (accountId: unknown) =>
    context.accountId === undefined || idOf(accountId) === context.accountId;
  const reblog = obj(status.reblog);
  const reblogged = idOf(reblog.id);
  if (reblogged !== undefined) {
    if (!ours(obj(reblog.account).id)) return [];
    const { text: _, ...share } = base;
    return [{ ...share, type: "share", postId: reblogged, shareId: id }];
  }
  const parent = idOf(status.in_reply_to_id);
  if (parent !== undefined && ours(status.in_reply_to_account_id)) {
    return [{ ...base, type: "comment", postId: parent, commentId: id }];
  }
  const mentions = listOf(status.mentions).map((m) => obj(m).id);
  if (mentions.length > 0 && (context.accountId === undefined || mentions.some(ours))) {
    return [{ ...base, type: "mention", postId: id }];
  }
  return [];
}

/** Creates the webhook hook of a Mastodon adapter accepting any of the webhook `secrets`. */
export function mastodonWebhooks(
  account: string,
  secrets: readonly string[],
  accountId: string | undefined,
): AdapterWebhooks<MastodonWebhookEvents> {
  return {
    verify: (request, { crypto }) =>
      verifyHmacHeader(crypto, request.headers.get(MASTODON_SIGNATURE_HEADER), {
        algorithm: "SHA-256",
        secrets,
        data: request.body,
        encoding: "hex",
        prefix: "sha256=",
      }),
    parse(request) {
      const body = parseJsonObject(request.text());
      const event = strOf(body?.event);
      if (body === undefined || event === undefined) {
        return { ok: false, reason: "not a Mastodon webhook body ({ event, created_at, object })" };
      }
      const object = body.object;
      const time = isoToMs(body.created_at);
      // no event id in the payload: a redelivery repeats the same body, so event, object and
      // time together identify it
      const objectId = idOf(obj(object).id);
      const common = {
        ...(objectId !== undefined
          ? { id: `${event}:${objectId}:${String(body.created_at)}` }
          : {}),
        ...(time !== undefined ? { time } : {}),
      };
      if (!EVENTS.has(event) || !isJsonObject(object)) {
        return { ok: true, events: [{ name: null, type: event, payload: body, ...common }] };
      }
      const normalized =
        event === "status.created"
          ? normalizeStatus(object, { account, accountId, time: time ?? request.receivedAt })
          : [];
      // typed by the Mastodon API spec; at runtime checked to be an object, normalized defensively
      const output = {
        name: `mastodon.${event}`,
        payload: object,
        ...common,
        normalized,
      } as unknown as WebhookEventOutput<MastodonWebhookEvents>;
      return { ok: true, events: [output] };
    },
  };
}
