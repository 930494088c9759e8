import type { WebhookAnswer, WebhookRequest } from "../../webhooks/contract.js";

/** YouTube's hub (developers.google.com/youtube/v3/guides/push_notifications). */
export const YOUTUBE_HUB = "https://pubsubhubbub.appspot.com/subscribe";

/** The Atom feed of a channel's videos: the topic to subscribe to. */
export function channelTopic(channelId: string): string {
  return `https://www.youtube.com/xml/feeds/videos.xml?channel_id=${encodeURIComponent(channelId)}`;
}

/** A subscription the hub confirmed, as {@link YouTubeOptions.onLease} receives it. */
export interface WebSubLease {
  /** `subscribe` or `unsubscribe`. */
  mode: "subscribe" | "unsubscribe";
  /** The topic URL. */
  topic: string;
  /** The channel id in the topic, when it is a channel feed. */
  channelId?: string;
  /** The lease the hub granted, in seconds (absent for unsubscribe). */
  leaseSeconds?: number;
  /** When the hub confirmed it (ms since the epoch). */
  confirmedAt: number;
  /** When to subscribe again (ms since the epoch), from {@link leaseRenewalAt}; absent for unsubscribe. */
  renewAt?: number;
}

/**
 * When to renew a lease of `leaseSeconds` confirmed at `confirmedAt` (ms): at 90% of the lease,
 * and at least an hour before it ends when the lease is long enough; our choice, so that a
 * failed renewal has time to be retried (WebSub §5.1.3: the subscriber renews before expiry).
 */
export function leaseRenewalAt(confirmedAt: number, leaseSeconds: number): number {
  const leaseMs = leaseSeconds * 1000;
  const margin = Math.max(leaseMs * 0.1, Math.min(3_600_000, leaseMs / 2));
  return confirmedAt + leaseMs - margin;
}

/**
 * The form to POST to {@link YOUTUBE_HUB} (content type `application/x-www-form-urlencoded`) to
 * subscribe `callback` to a channel's uploads (WebSub §5.1: hub.callback, hub.mode, hub.topic,
 * hub.secret, hub.lease_seconds).
 */
export function subscriptionForm(options: {
  callback: string;
  channelId: string;
  secret?: string;
  mode?: "subscribe" | "unsubscribe";
  leaseSeconds?: number;
}): URLSearchParams {
  const form = new URLSearchParams({
    "hub.callback": options.callback,
    "hub.mode": options.mode ?? "subscribe",
    "hub.topic": channelTopic(options.channelId),
    "hub.verify": "async",
  });
  if (options.secret !== undefined) form.set("hub.secret", options.secret);
  if (options.leaseSeconds !== undefined)
    form.set("hub.lease_seconds", String(options.leaseSeconds));
  return form;
}

/**
 * Answers the hub's verification of intent (WebSub §5.3): a GET with `hub.mode`, `hub.topic`,
 * `hub.challenge` and `hub.lease_seconds`, answered 200 with the challenge as the body. A topic
 * outside `channels` (when given) gets 404, as WebSub says a subscriber that did not ask answers.
 * Not a handshake (no `hub.mode`): `undefined`.
 */
export function answerWebSub(
  request: WebhookRequest,
  channels: readonly string[] | undefined,
  onLease: ((lease: WebSubLease) => void) | undefined,
): WebhookAnswer | undefined {
  if (request.method !== "GET") return undefined;
  const params = request.url.searchParams;
  const mode = params.get("hub.mode");
  if (mode === null) return undefined;
  const topic = params.get("hub.topic") ?? "";
  const challenge = params.get("hub.challenge") ?? "";
  if (
    (mode !== "subscribe" && mode !== "unsubscribe") ||
    challenge === "" ||
    !URL.canParse(topic)
  ) {
    return { status: 400 };
  }
  const channelId = new URL(topic).searchParams.get("channel_id") ?? undefined;
  if (channels && (channelId === undefined || !channels.includes(channelId)))
    return { status: 404 };
  const lease = Number(params.get("hub.lease_seconds"));
  const leaseSeconds =
    mode === "subscribe" && Number.isFinite(lease) && lease > 0 ? lease : undefined;
  onLease?.({
    mode,
    topic,
    ...(channelId ? { channelId } : {}),
    confirmedAt: request.receivedAt,
    ...(leaseSeconds
      ? { leaseSeconds, renewAt: leaseRenewalAt(request.receivedAt, leaseSeconds) }
      : {}),
  });
  return { status: 200, body: challenge, headers: { "content-type": "text/plain" } };
}
