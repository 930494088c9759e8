/**
 * The normalized engagement events every adapter maps its platform events to, and the envelope
 * of platform events. Types only.
 *
 * @packageDocumentation
 */
import type { TargetObject } from "../message/target.js";

/** Who caused an event. */
export interface EventAuthor {
  /** The platform's user (or account) id. */
  id: string;
  /** Display name, when the payload carries one. */
  name?: string;
  /** Handle without `@` (`shopnews`, `alice@example.social`), when the payload carries one. */
  username?: string;
}

/** What every normalized event carries. */
export interface NormalizedEventBase<T extends string> {
  /** The normalized type. */
  type: T;
  /** The platform name (`line`). */
  platform: string;
  /** The account (adapter) the delivery was for (`default`, or the adapter's `account`). */
  account: string;
  /** The platform's id of the event (or of the object it is about when the event has none). */
  id: string;
  /** Who caused it, when the platform says. */
  author?: EventAuthor;
  /** The text, where there is one (a message, a comment, a mention). */
  text?: string;
  /** When it happened, by the platform's clock (or when it was received, if the payload has no time). */
  time: Date;
  /**
   * Where an answer goes: a target `herald.send` accepts, so answering is one call:
   * `herald.send({ text }, { to: event.replyTo })`. Absent where no answer is possible.
   */
  replyTo?: TargetObject;
  /** The platform's payload of this event, unchanged. */
  raw: unknown;
}

/** A direct or group message to the account. */
export interface MessageEvent extends NormalizedEventBase<"message"> {
  /** The chat (user, group, room, channel) it was sent in. */
  chatId: string;
  /** The message id. */
  messageId: string;
  /** `true` in a one-to-one chat with the account. */
  direct: boolean;
}

/** A comment or reply on one of the account's posts. */
export interface CommentEvent extends NormalizedEventBase<"comment"> {
  /** The post (status, media, page post) commented on. */
  postId: string;
  /** The comment's own id. */
  commentId: string;
}

/** A reaction (like, emoji) added to or removed from a post or message. */
export interface ReactionEvent extends NormalizedEventBase<"reaction"> {
  /** The post or message reacted to. */
  targetId: string;
  /** The chat it is in, for messages. */
  chatId?: string;
  /** The reaction: an emoji, or the platform's word for it (`like`, `custom:<id>`, `paid`). */
  reaction: string;
  /** `true` when the reaction was taken back. */
  removed: boolean;
}

/** A share (repost, reblog, retweet) of one of the account's posts. */
export interface ShareEvent extends NormalizedEventBase<"share"> {
  /** The post shared. */
  postId: string;
  /** The share's own id, where it has one. */
  shareId?: string;
}

/** A post that mentions the account. */
export interface MentionEvent extends NormalizedEventBase<"mention"> {
  /** The post that holds the mention. */
  postId: string;
}

/** Someone followed, subscribed to, befriended or unblocked the account. */
export interface FollowEvent extends NormalizedEventBase<"follow"> {
  /** The chat or channel followed, where it is not the account itself (a Telegram channel). */
  chatId?: string;
}

/** Someone unfollowed, unsubscribed from or blocked the account. */
export interface UnfollowEvent extends NormalizedEventBase<"unfollow"> {
  /** The chat or channel left, where it is not the account itself. */
  chatId?: string;
}

/** A receipt for a message the account sent. */
export interface DeliveryEvent extends NormalizedEventBase<"delivery"> {
  /** What happened to it. */
  status: "sent" | "delivered" | "read" | "failed";
  /** The id of the message the receipt is for. */
  messageId: string;
  /** The recipient, where the platform says. */
  recipientId?: string;
  /** With `status: "failed"`: the platform's reason. */
  error?: string;
  /**
   * For a receipt of a whole mass send (WeChat `MASSSENDJOBFINISH`): how many it was meant for
   * (`total`), how many it reached (`sent`) or not (`failed`), and how many the platform left
   * out before sending (`filtered`), where the platform says.
   */
  counts?: { total: number; sent: number; failed: number; filtered?: number };
}

/** A button or quick-reply press carrying data the account attached (postback, callback query). */
export interface PostbackEvent extends NormalizedEventBase<"postback"> {
  /** The data attached to the button. */
  data: string;
  /** The chat it happened in, where known. */
  chatId?: string;
  /** The message the button belongs to, where known. */
  messageId?: string;
}

/**
 * A user took back the account's access (X `user_event` revoke): the subscription for that user
 * is gone, and sends on their behalf will fail until they authorize the app again.
 */
export interface RevokeEvent extends NormalizedEventBase<"revoke"> {
  /** The app whose access was revoked, where the platform says. */
  appId?: string;
}

/** Any normalized event. */
export type NormalizedEvent =
  | MessageEvent
  | CommentEvent
  | ReactionEvent
  | ShareEvent
  | MentionEvent
  | FollowEvent
  | UnfollowEvent
  | DeliveryEvent
  | PostbackEvent
  | RevokeEvent;

/** The normalized event names. */
export type NormalizedEventName = NormalizedEvent["type"];

/** Normalized events by name. */
export type NormalizedEventMap = {
  [K in NormalizedEventName]: Extract<NormalizedEvent, { type: K }>;
};

/** What a handler of a platform event (`line.follow`) receives. */
export interface PlatformEvent<N extends string = string, P = unknown> {
  /** The event name (`line.follow`). */
  name: N;
  /** The platform name. */
  platform: string;
  /** The account the delivery was for. */
  account: string;
  /** The platform's event id (LINE `webhookEventId`, Telegram `update_id`), where it has one. */
  id?: string;
  /** When it happened by the platform's clock (or when it was received). */
  time: Date;
  /** The platform says this is a redelivery. */
  redelivery: boolean;
  /** The platform's payload of this one event, typed from the platform's documented schema. */
  payload: P;
}

/** What `unknown` handlers receive: an event of a type the adapter does not know yet. */
export interface UnknownEvent {
  /** The platform name. */
  platform: string;
  /** The account the delivery was for. */
  account: string;
  /** The platform's own type name. */
  type: string;
  /** The platform's event id, where it has one. */
  id?: string;
  /** When it happened (or when it was received). */
  time: Date;
  /** The payload as received. */
  payload: unknown;
}

/** What `error` handlers receive: a handler threw (or rejected) while handling `event`. */
export interface WebhookErrorEvent {
  /** What was thrown. */
  error: unknown;
  /** The name of the event being handled (`message`, `line.follow`, `unknown`). */
  name: string;
  /** The event the handler was given. */
  event: unknown;
}
