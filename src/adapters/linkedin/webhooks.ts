import type {
  AdapterWebhooks,
  WebhookEventOutput,
  WebhookParseResult,
} from "../../webhooks/contract.js";
import { concatBytes, fromHex, toHex, utf8 } from "../../webhooks/encoding.js";
import type { NormalizedEvent } from "../../webhooks/events.js";
import { matchesHmac } from "../../webhooks/signature.js";
import type { LinkedInSocialActionNotification, LinkedInWebhookEvents } from "./types.js";

const PLATFORM = "linkedin";
/** The literal LinkedIn puts before the signed body, and some senders before the hex digest. */
const SIGNATURE_PREFIX = "hmacsha256=";
/** The payload type of organization social action notifications. */
const SOCIAL_ACTIONS = "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS";

/** What the webhook hook needs from the factory. */
export interface LinkedInWebhookSettings {
  /** Client secrets (rotation: the current one first answers challenges; all verify). */
  clientSecrets: readonly string[];
  /** What `X-LI-Signature` signs (see `LinkedInOptions.signatureInput`). */
  signatureInput: "prefixed" | "body" | "either";
  /** The account name events of an organization belong to. */
  accountOf(organization: string): string;
}

type Event = WebhookEventOutput<LinkedInWebhookEvents>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The normalized events of one notification (edits and deletions of comments have none). */
function normalize(n: LinkedInSocialActionNotification, account: string, receivedAt: number) {
  const comment = n.decoratedGeneratedActivity?.comment;
  const share = n.decoratedGeneratedActivity?.share;
  const actor = comment?.owner ?? share?.owner;
  const base = {
    platform: PLATFORM,
    account,
    time: new Date(n.lastModifiedAt ?? receivedAt),
    raw: n,
    ...(actor && { author: { id: actor } }),
  };
  const post = n.sourcePost ?? n.decoratedSourcePost?.entity;
  const created = comment?.entity ?? n.generatedActivity;
  const out: NormalizedEvent[] = [];
  if ((n.action === "COMMENT" || n.action === "ADMIN_COMMENT") && post && created) {
    out.push({
      ...base,
      type: "comment",
      id: created,
      postId: post,
      commentId: created,
      ...(comment?.text !== undefined && { text: comment.text }),
      replyTo: { platform: PLATFORM, account, reply: { messageId: created } },
    });
  } else if (n.action === "LIKE" && post) {
    out.push({
      ...base,
      type: "reaction",
      id: String(n.notificationId),
      targetId: post,
      reaction: "like",
      removed: false,
    });
  } else if (n.action === "SHARE" && post) {
    out.push({
      ...base,
      type: "share",
      id: n.generatedActivity ?? String(n.notificationId),
      postId: post,
      ...(n.generatedActivity && { shareId: n.generatedActivity }),
      ...(share?.text !== undefined && { text: share.text }),
    });
  } else if (n.action === "SHARE_MENTION" && (n.generatedActivity ?? post)) {
    const where = (n.generatedActivity ?? post) as string;
    out.push({
      ...base,
      type: "mention",
      id: where,
      postId: where,
      ...(share?.text !== undefined && { text: share.text }),
      replyTo: { platform: PLATFORM, account, reply: { messageId: where } },
    });
  }
  return out;
}

/**
 * The webhook hook of LinkedIn (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/webhook-validation):
 * the GET `challengeCode` handshake answered with `{ challengeCode, challengeResponse }`
 * (hex HMAC-SHA256 of the code under the client secret); `X-LI-Signature` checked as
 * `signatureInput` says; organization social action notifications as `linkedin.social_action`
 * events (deduplicated by `notificationId`) with their normalized comment, reaction, share and
 * mention events.
 */
export function linkedinWebhooks(
  settings: LinkedInWebhookSettings,
): AdapterWebhooks<LinkedInWebhookEvents> {
  return {
    async handshake(request, { crypto }) {
      const code = request.url.searchParams.get("challengeCode");
      if (request.method !== "GET" || code === null) return undefined;
      const secret = settings.clientSecrets[0] as string;
      const challengeResponse = toHex(await crypto.hmac("SHA-256", secret, code));
      return {
        status: 200,
        body: JSON.stringify({ challengeCode: code, challengeResponse }),
        headers: { "content-type": "application/json" },
      };
    },
    async verify(request, { crypto }) {
      const header = request.headers.get("x-li-signature")?.trim();
      if (header === undefined || header === "") return { ok: false, reason: "missing" };
      const hex = header.toLowerCase().startsWith(SIGNATURE_PREFIX)
        ? header.slice(SIGNATURE_PREFIX.length)
        : header;
      if (fromHex(hex) === undefined) return { ok: false, reason: "malformed" };
      const inputs = [
        ...(settings.signatureInput !== "body"
          ? [concatBytes(utf8(SIGNATURE_PREFIX), request.body)]
          : []),
        ...(settings.signatureInput !== "prefixed" ? [request.body] : []),
      ];
      for (const data of inputs) {
        const check = {
          algorithm: "SHA-256",
          secrets: settings.clientSecrets,
          data,
          encoding: "hex",
        } as const;
        if (await matchesHmac(crypto, { ...check, signature: hex })) return { ok: true };
      }
      return { ok: false, reason: "mismatch" };
    },
    parse(request): WebhookParseResult<LinkedInWebhookEvents> {
      const body: unknown = JSON.parse(request.text());
      if (!isRecord(body) || typeof body.type !== "string") {
        return { ok: false, reason: "not a LinkedIn notification (no type)" };
      }
      if (body.type !== SOCIAL_ACTIONS || !Array.isArray(body.notifications)) {
        return {
          ok: true,
          events: [{ name: null, type: body.type, payload: body, time: request.receivedAt }],
        };
      }
      const events: Event[] = body.notifications.filter(isRecord).map((raw) => {
        const n = raw as LinkedInSocialActionNotification;
        const account = settings.accountOf(n.organizationalEntity);
        return {
          name: "linkedin.social_action",
          payload: n,
          id: String(n.notificationId),
          time: n.lastModifiedAt ?? request.receivedAt,
          normalized: normalize(n, account, request.receivedAt),
        };
      });
      return { ok: true, events };
    },
  };
}
