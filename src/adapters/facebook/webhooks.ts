import { answerHubChallenge, verifyHubSignature } from "../../families/meta/webhooks.js";
import type {
  AdapterWebhooks,
  WebhookEventOutput,
  WebhookParseResult,
} from "../../webhooks/contract.js";
import type { EventAuthor, NormalizedEvent } from "../../webhooks/events.js";
import type {
  FacebookFeedValue,
  FacebookMentionValue,
  FacebookPageChange,
  FacebookWebhookEvents,
} from "./types.js";

const PLATFORM = "facebook";

/** What the webhook hook needs from the factory. */
export interface FacebookWebhookSettings {
  /** App secrets that may have signed a delivery (rotation: all are tried). */
  appSecrets: readonly string[];
  /** The subscription's verify token; without it handshakes are refused. */
  verifyToken: string | undefined;
  /** The account name events of a Page belong to. */
  accountOf(pageId: string): string;
}

type Event = WebhookEventOutput<FacebookWebhookEvents>;

/** The arrays of Messenger events an entry may carry, each reaching `unknown` under its name. */
const MESSENGER_CHANNELS = ["messaging", "standby"] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

/** Seconds (as Meta sends times) to a Date; the entry's time when the change has none. */
function when(seconds: unknown, fallback: number): Date {
  return new Date((typeof seconds === "number" ? seconds : fallback) * 1000);
}

/** The normalized events of a `feed` change; none for the Page's own actions. */
function feedEvents(change: FacebookPageChange<"feed", FacebookFeedValue>, account: string) {
  const v = change.value;
  const author: EventAuthor | undefined = v.from?.id
    ? { id: v.from.id, ...(v.from.name && { name: v.from.name }) }
    : undefined;
  if (author?.id === change.pageId) return [];
  const base = {
    platform: PLATFORM,
    account,
    time: when(v.created_time, change.time),
    raw: v,
    ...(author && { author }),
  };
  const out: NormalizedEvent[] = [];
  if (v.item === "comment" && v.verb === "add" && v.comment_id && v.post_id) {
    out.push({
      ...base,
      type: "comment",
      id: v.comment_id,
      postId: v.post_id,
      commentId: v.comment_id,
      ...(v.message !== undefined && { text: v.message }),
      replyTo: { platform: PLATFORM, account, reply: { messageId: v.comment_id } },
    });
  } else if ((v.item === "reaction" || v.item === "like") && (v.comment_id || v.post_id)) {
    const target = (v.comment_id ?? v.post_id) as string;
    out.push({
      ...base,
      type: "reaction",
      id: target,
      targetId: target,
      reaction: v.reaction_type ?? "like",
      removed: v.verb === "remove",
    });
  } else if (v.item === "share" && v.verb === "add" && v.post_id) {
    out.push({
      ...base,
      type: "share",
      id: v.share_id ?? v.post_id,
      postId: v.post_id,
      ...(v.share_id && { shareId: v.share_id }),
      ...(v.message !== undefined && { text: v.message }),
    });
  }
  return out;
}

/** The normalized event of a `mention` change (added mentions only). */
function mentionEvents(
  change: FacebookPageChange<"mention", FacebookMentionValue>,
  account: string,
) {
  const v = change.value;
  if (v.verb !== "add" || !v.post_id) return [];
  const where = v.comment_id ?? v.post_id;
  const event: NormalizedEvent = {
    type: "mention",
    platform: PLATFORM,
    account,
    id: where,
    postId: v.post_id,
    time: when(v.created_time, change.time),
    raw: v,
    ...(v.sender_id && {
      author: { id: v.sender_id, ...(v.sender_name && { name: v.sender_name }) },
    }),
    replyTo: { platform: PLATFORM, account, reply: { messageId: where } },
  };
  return [event];
}

/** A stable id of one change for duplicate protection (Meta sends none): what, who, on what, when. */
function changeId(pageId: string, field: string, value: Record<string, unknown>, time: number) {
  const from = isRecord(value.from) ? value.from.id : value.sender_id;
  const object = value.comment_id ?? value.share_id ?? value.post_id ?? "";
  return [pageId, field, value.item, value.verb, object, from, value.created_time ?? time]
    .map((part) => (part === undefined ? "" : String(part)))
    .join(":");
}

/** The platform event (and its normalized ones) of a change of a field the adapter knows. */
function knownChange(
  change: FacebookPageChange<string, Record<string, unknown>>,
  account: string,
): Event | undefined {
  if (change.field === "feed") {
    const payload = change as FacebookPageChange<"feed", FacebookFeedValue>;
    return { name: "facebook.feed", payload, normalized: feedEvents(payload, account) };
  }
  if (change.field === "mention") {
    const payload = change as FacebookPageChange<"mention", FacebookMentionValue>;
    return { name: "facebook.mention", payload, normalized: mentionEvents(payload, account) };
  }
  return undefined;
}

/** Turns one entry's changes into events. */
function entryEvents(entry: Record<string, unknown>, settings: FacebookWebhookSettings): Event[] {
  const pageId = String(entry.id ?? "");
  const time = typeof entry.time === "number" ? entry.time : 0;
  const account = settings.accountOf(pageId);
  const events: Event[] = [];
  for (const change of Array.isArray(entry.changes) ? entry.changes : []) {
    if (!isRecord(change) || !isRecord(change.value) || typeof change.field !== "string") {
      // a change Meta sent without a value object (`{"field":"parking"}`): nothing to read, but
      // not dropped either
      const type = isRecord(change) && typeof change.field === "string" ? change.field : "change";
      events.push({ name: null, type, payload: change, time: time * 1000 });
      continue;
    }
    const common = {
      id: changeId(pageId, change.field, change.value, time),
      time: when(change.value.created_time, time).getTime(),
    };
    const payload = { pageId, time, field: change.field, value: change.value };
    const known = knownChange(payload, account);
    events.push(
      known
        ? { ...known, ...common }
        : { name: null, type: change.field, payload: change, ...common },
    );
  }
  // Messenger deliveries on the same subscription, to the app that owns the thread (`messaging`)
  // or to the other apps of a handover (`standby`,
  // https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/standby):
  // left to the unknown handlers
  for (const channel of MESSENGER_CHANNELS) {
    const items = entry[channel];
    for (const item of Array.isArray(items) ? items : []) {
      // Messenger times are in milliseconds (`timestamp`), unlike the seconds of Page changes
      const at = isRecord(item) && typeof item.timestamp === "number" ? item.timestamp : undefined;
      events.push({
        name: null,
        type: channel,
        payload: item,
        ...(at !== undefined && { time: at }),
      });
    }
  }
  if (events.length === 0)
    events.push({ name: null, type: "entry", payload: entry, time: time * 1000 });
  return events;
}

/**
 * The webhook hook of Page subscriptions
 * (https://developers.facebook.com/docs/graph-api/webhooks/getting-started): the Meta family's
 * `hub.challenge` handshake and `X-Hub-Signature-256` check (src/families/meta/webhooks.ts); `feed` changes
 * (comments, reactions, shares) and `mention`s as `facebook.feed` / `facebook.mention` events
 * with their normalized ones. Everything else (other fields, changes without a value, Messenger
 * `messaging` and `standby` events, other objects, empty entries) reaches the `unknown` handlers.
 */
export function facebookWebhooks(
  settings: FacebookWebhookSettings,
): AdapterWebhooks<FacebookWebhookEvents> {
  return {
    handshake: (request, { crypto }) => answerHubChallenge(request, crypto, settings.verifyToken),
    verify: (request, { crypto }) => verifyHubSignature(request, crypto, settings.appSecrets),
    parse(request): WebhookParseResult<FacebookWebhookEvents> {
      const body: unknown = JSON.parse(request.text());
      if (!isRecord(body) || !Array.isArray(body.entry)) {
        return { ok: false, reason: "not a Graph API webhook delivery (no entry array)" };
      }
      const object = text(body.object) ?? "unknown";
      if (object !== "page") {
        const time = request.receivedAt;
        return { ok: true, events: [{ name: null, type: object, payload: body, time }] };
      }
      const events = body.entry.map((e): Event[] =>
        isRecord(e)
          ? entryEvents(e, settings)
          : [{ name: null, type: "entry", payload: e, time: request.receivedAt }],
      );
      const flat = events.flat();
      // an empty `entry` array still reaches a handler: nothing Meta sends is dropped silently
      if (flat.length === 0)
        flat.push({ name: null, type: object, payload: body, time: request.receivedAt });
      return { ok: true, events: flat };
    },
  };
}
