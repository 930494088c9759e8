// What the simulated Mastodon records of what it created: the types both the simulator (mastodon.ts)
// and its post API (mastodon-posts.ts) hold, below both.

/** A status (or scheduled status) the simulated Mastodon really created. */
export interface MastodonStatusRecord {
  /** Status id (or scheduled status id). */
  id: string;
  /** The `status` text as sent. */
  text: string;
  /** Visibility. */
  visibility: string;
  /** Attached media ids. */
  mediaIds: string[];
  /** Replied-to status id. */
  inReplyToId: string | undefined;
  /** `Idempotency-Key` header, if any. */
  idempotencyKey: string | undefined;
  /** ISO time it is scheduled for, for scheduled statuses. */
  scheduledAt: string | undefined;
  /** Simulator time of creation (ms). */
  time: number;
  /** The entity returned (Status or ScheduledStatus). */
  entity: Record<string, unknown>;
}
