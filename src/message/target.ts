import * as z from "zod/mini";
import { type Segment, SegmentSchema } from "./segment.js";

/** A recipient: a platform user or chat id, or the id with attributes for targeting. */
export type Recipient = string | { id: string; attributes?: Record<string, unknown> };

/**
 * What a message answers, carried by a target (the `replyTo` of a webhook event). Each adapter
 * uses what its platform takes: Telegram and Mastodon the `messageId`; LINE the reply `token`
 * while it is valid (before `tokenExpiresAt`), a push to the chat after.
 */
export interface ReplyContext {
  /** The platform id of the message or post answered (Telegram message id, Mastodon status id). */
  messageId?: string;
  /** A one-time reply token (LINE `replyToken`). */
  token?: string;
  /** When `token` stops being usable, in ms since the epoch. */
  tokenExpiresAt?: number;
}

/** A target in object form. Exactly one of `chat`, `recipients`, `segment`, `broadcast` may be set; none means the account's own feed. */
export interface TargetObject {
  /** Platform name, as the adapter declares it (`telegram`, `line`, `mastodon`, ...). */
  platform: string;
  /** Account name given to the adapter; the platform's only (or `default`) account when omitted. */
  account?: string;
  /** A channel, group or user id (`@shopnews`, `-1001234`, `U4af4980629...`). */
  chat?: string;
  /** Many recipients, one message each (mass DM); an AsyncIterable streams them. */
  recipients?: Iterable<Recipient> | AsyncIterable<Recipient>;
  /** Everyone who matches this segment (native platform targeting where it exists). */
  segment?: Segment;
  /** Every follower of the account (LINE broadcast). */
  broadcast?: true;
  /** What the message answers (with `chat`, or alone for a reply on the feed); see {@link ReplyContext}. */
  reply?: ReplyContext;
}

/** Where a message goes: `"platform:chat"`, `"platform@account:chat"`, `"platform"` (the feed), or an object. */
export type Target = string | TargetObject;

const isIterable = (v: unknown): boolean =>
  v !== null &&
  typeof v === "object" &&
  (Symbol.iterator in v || Symbol.asyncIterator in v) &&
  typeof v !== "string";

/** Validates the object form of a target. */
export const TargetObjectSchema = z
  .strictObject({
    platform: z.string().check(z.minLength(1)),
    account: z.optional(z.string().check(z.minLength(1))),
    chat: z.optional(z.string().check(z.minLength(1))),
    recipients: z.optional(
      z.custom<TargetObject["recipients"]>(isIterable, {
        message: "recipients must be an Iterable or AsyncIterable",
      }),
    ),
    segment: z.optional(SegmentSchema),
    broadcast: z.optional(z.literal(true)),
    reply: z.optional(
      z.strictObject({
        messageId: z.optional(z.string().check(z.minLength(1))),
        token: z.optional(z.string().check(z.minLength(1))),
        tokenExpiresAt: z.optional(z.number()),
      }),
    ),
  })
  .check(
    z.refine(
      (t) =>
        [t.chat, t.recipients, t.segment, t.broadcast].filter((v) => v !== undefined).length <= 1,
      { message: "give at most one of chat, recipients, segment, broadcast" },
    ),
  );
