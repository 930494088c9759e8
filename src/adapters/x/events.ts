/**
 * Account Activity API payloads (https://docs.x.com/x-api/enterprise-gnip-2.0/fundamentals/account-activity),
 * as X delivers them to a webhook: one object keyed by `for_user_id` (the subscribed user) with
 * arrays of events. Only the fields Herald reads are typed; the rest stays in the payload.
 *
 * @packageDocumentation
 */

/** A user object (v1.1 format) inside an Account Activity event. */
export interface XActivityUser {
  /** The user id. */
  id_str?: string;
  /** Display name. */
  name?: string;
  /** Handle without `@`. */
  screen_name?: string;
  /** Other fields. */
  [field: string]: unknown;
}

/** A post (v1.1 format) in `tweet_create_events` or `favorite_events[].favorited_status`. */
export interface XActivityTweet {
  /** The post id. */
  id_str: string;
  /** The text (`text`, or `extended_tweet.full_text` for long posts). */
  text?: string;
  /** Extended posts carry the full text here. */
  extended_tweet?: { full_text?: string };
  /** The author. */
  user: XActivityUser;
  /** Milliseconds since the epoch, as a string. */
  timestamp_ms?: string;
  /** The post this one answers. */
  in_reply_to_status_id_str?: string | null;
  /** The author of the post answered. */
  in_reply_to_user_id_str?: string | null;
  /** The post quoted. */
  quoted_status?: XActivityTweet;
  /** The post reposted (a repost has it). */
  retweeted_status?: XActivityTweet;
  /** Mentions, hashtags, URLs. */
  entities?: { user_mentions?: Array<{ id_str?: string; screen_name?: string }> };
  /** Other fields. */
  [field: string]: unknown;
}

/** One of `favorite_events`: a like of a post. */
export interface XFavoriteEvent {
  /** The event id. */
  id: string;
  /** Milliseconds since the epoch. */
  timestamp_ms?: number;
  /** The post liked. */
  favorited_status: XActivityTweet;
  /** Who liked it. */
  user: XActivityUser;
  /** Other fields. */
  [field: string]: unknown;
}

/** One of `follow_events`. */
export interface XFollowEvent {
  /** `follow` or `unfollow`. */
  type: "follow" | "unfollow";
  /** Milliseconds since the epoch, as a string. */
  created_timestamp?: string;
  /** Who was followed. */
  target: XActivityUser;
  /** Who followed. */
  source: XActivityUser;
  /** Other fields. */
  [field: string]: unknown;
}

/** One of `direct_message_events`. */
export interface XDirectMessageEvent {
  /** `message_create`. */
  type: string;
  /** The DM event id. */
  id: string;
  /** Milliseconds since the epoch, as a string. */
  created_timestamp?: string;
  /** The message. */
  message_create?: {
    /** The recipient. */
    target?: { recipient_id?: string };
    /** The sender. */
    sender_id?: string;
    /** Text and entities. */
    message_data?: { text?: string; [field: string]: unknown };
  };
  /** Other fields. */
  [field: string]: unknown;
}

/**
 * A `user_event` delivery: the user revoked the app's access. It comes without `for_user_id`;
 * the user is `revoke.source.user_id`
 * (https://docs.x.com/x-api/enterprise-gnip-2.0/fundamentals/account-activity, "user_event").
 */
export interface XUserEvent {
  /** The revocation. */
  revoke?: {
    /** When, as an ISO 8601 date-time (`2018-05-24T09:48:12+00:00`). */
    date_time?: string;
    /** The app whose access was revoked. */
    target?: { app_id?: string };
    /** The user who revoked it. */
    source?: { user_id?: string };
  };
  /** Other fields. */
  [field: string]: unknown;
}

/**
 * The X platform events a webhook handler can subscribe to (`herald.webhooks.on("x.favorite")`):
 * one event of an Account Activity delivery each, with `for_user_id` added.
 */
export type XWebhookEvents = {
  /** A post by or mentioning the user, a reply to them, a quote or repost of theirs. */
  "x.tweet_create": XActivityTweet & { for_user_id: string };
  /** A like by or of the user. */
  "x.favorite": XFavoriteEvent & { for_user_id: string };
  /** A follow or unfollow by or of the user. */
  "x.follow": XFollowEvent & { for_user_id: string };
  /** A Direct Message sent or received by the user. */
  "x.direct_message": XDirectMessageEvent & { for_user_id: string };
  /** The user revoked the app's access (`for_user_id` is the user who did). */
  "x.user_event": XUserEvent & { for_user_id: string };
};
