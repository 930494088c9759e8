/**
 * YouTube push notifications (developers.google.com/youtube/v3/guides/push_notifications):
 * WebSub (PubSubHubbub 0.4) through `pubsubhubbub.appspot.com`. The hub verifies a subscription
 * with a GET echoing `hub.challenge`, then POSTs an Atom feed when a channel uploads a video or
 * changes its title or description, and a deleted-entry when one is deleted. With a `hub.secret`
 * the hub signs each POST: `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body>` (WebSub
 * §8; PLATFORMS.md marks YouTube's use of it unconfirmed).
 */
import type { AdapterWebhooks, WebhookEventOutput } from "../../webhooks/contract.js";
import type { NormalizedEvent } from "../../webhooks/events.js";
import { verifyHmacHeader } from "../../webhooks/signature.js";
import { parseYouTubeFeed, type YouTubeDeletedEntry, type YouTubeFeedEntry } from "./atom.js";
import { answerWebSub, type WebSubLease } from "./websub.js";

/** YouTube webhook events by name. */
export type YouTubeWebhookEvents = {
  /** A video was uploaded, or its title or description changed. */
  "youtube.video": YouTubeFeedEntry;
  /** A video was deleted. */
  "youtube.video.deleted": YouTubeDeletedEntry;
};

/** The header of the hub's signature. */
export const YOUTUBE_SIGNATURE_HEADER = "x-hub-signature";

function isoMs(iso: string | undefined): number | undefined {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A video entry as a normalized `delivery` (status `sent`, `messageId` the video id): the
 * channel's feed now carries the video, which for your own channel confirms that an upload (or
 * a scheduled video at its `publishAt`) is out. Updates of title or description arrive too;
 * the event id (`videoId@updated`) tells them apart.
 */
function normalizeEntry(entry: YouTubeFeedEntry, account: string, time: number): NormalizedEvent {
  return {
    type: "delivery",
    platform: "youtube",
    account,
    id: entry.videoId,
    status: "sent",
    messageId: entry.videoId,
    author: { id: entry.channelId, ...(entry.author?.name ? { name: entry.author.name } : {}) },
    text: entry.title,
    time: new Date(time),
    // a comment on the video: herald.send({ text }, { to: event.replyTo })
    replyTo: { platform: "youtube", account, reply: { messageId: entry.videoId } },
    raw: entry,
  };
}

/** Builds the webhook hook. */
export function youtubeWebhooks(options: {
  secrets: readonly string[];
  account: string;
  channels?: readonly string[];
  onLease?: (lease: WebSubLease) => void;
}): AdapterWebhooks<YouTubeWebhookEvents> {
  return {
    methods: ["POST"],
    handshake: (request) => answerWebSub(request, options.channels, options.onLease),
    verify: (request, { crypto }) =>
      verifyHmacHeader(crypto, request.headers.get(YOUTUBE_SIGNATURE_HEADER), {
        algorithm: "SHA-1",
        secrets: options.secrets,
        data: request.body,
        encoding: "hex",
        prefix: "sha1=",
      }),
    parse(request) {
      const feed = parseYouTubeFeed(request.text());
      const events: Array<WebhookEventOutput<YouTubeWebhookEvents>> = [];
      for (const entry of feed.entries) {
        const time = isoMs(entry.updated) ?? isoMs(entry.published) ?? request.receivedAt;
        events.push({
          name: "youtube.video",
          payload: entry,
          id: `${entry.videoId}@${entry.updated ?? entry.published ?? ""}`,
          time,
          normalized: [normalizeEntry(entry, options.account, time)],
        });
      }
      for (const entry of feed.deleted) {
        const time = isoMs(entry.when) ?? request.receivedAt;
        events.push({
          name: "youtube.video.deleted",
          payload: entry,
          id: `${entry.videoId}@deleted`,
          time,
        });
      }
      return { ok: true, events };
    },
  };
}
