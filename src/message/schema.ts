import * as z from "zod/mini";
import { LinkTrackingSchema } from "./links.js";

/**
 * Media bytes: any `Uint8Array`, whatever buffer backs it (a Node `Buffer` too). An interface, so
 * that Herald's declarations name it: `z.instanceof(Uint8Array)` would write them as
 * `Uint8Array<ArrayBuffer>`, which TypeScript before 5.7 can not read (its `Uint8Array` is not
 * generic), and which a `Buffer` is not.
 */
export interface MediaBytes extends Uint8Array {}

/**
 * One piece of media attached to a message: either a public URL or the bytes themselves.
 * Adapters say which of the two their platform accepts.
 */
export const MediaSchema = z
  .object({
    /** Public http(s) URL the platform fetches the media from. */
    url: z.optional(z.url({ protocol: /^https?$/ })),
    /** The media bytes, uploaded by the adapter: any `Uint8Array` (a Node `Buffer` too). */
    data: z.optional(z.instanceof(Uint8Array) as z.ZodMiniCustom<MediaBytes, MediaBytes>),
    /** Alternative text for screen readers. */
    alt: z.optional(z.string()),
    /** MIME type, e.g. `image/png`. Required with `data`. */
    mimeType: z.optional(z.string().check(z.regex(/^[\w.+-]+\/[\w.+-]+$/))),
    /** File name sent with uploaded bytes. */
    filename: z.optional(z.string()),
  })
  .check(
    z.refine((m) => m.url !== undefined || m.data !== undefined, {
      message: "media needs a url or data (bytes)",
    }),
    z.refine((m) => m.data === undefined || m.mimeType !== undefined, {
      message: "media with data needs a mimeType",
    }),
  );

/** A piece of media attached to a message. */
export type Media = z.infer<typeof MediaSchema>;

/** The message every adapter renders: the common fields plus per-platform overrides. */
export const MessageSchema = z
  .object({
    /** The text (or caption) of the message. */
    text: z.optional(z.string()),
    /** Images or videos, in order. */
    media: z.optional(z.array(MediaSchema)),
    /** A link the platform may preview. */
    link: z.optional(z.url({ protocol: /^https?$/ })),
    /** The platform id of the message or post this one answers. */
    replyTo: z.optional(z.string().check(z.minLength(1))),
    /**
     * Per-platform fields merged into what the adapter builds, keyed by platform name
     * (e.g. `{ telegram: { parse_mode: "HTML" }, mastodon: { visibility: "unlisted" } }`).
     */
    overrides: z.optional(z.record(z.string(), z.record(z.string(), z.unknown()))),
    /**
     * A key that makes the send idempotent: the same key yields the same platform idempotency
     * keys (LINE `X-Line-Retry-Key`, Mastodon `Idempotency-Key`), so a resend is not a duplicate.
     * At most 200 characters: our bound; the key is hashed into the platform keys, so any length
     * would work, but it also appears in logs.
     */
    idempotencyKey: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    /** UTM tagging and shortening of the message's links, per platform and target (docs/links.md). */
    links: z.optional(LinkTrackingSchema),
  })
  .check(
    z.refine(
      (m) => (m.text !== undefined && m.text.trim().length > 0) || (m.media?.length ?? 0) > 0,
      { message: "a message needs text or media", path: ["text"] },
    ),
  );

/** The message every adapter renders. */
export type Message = z.infer<typeof MessageSchema>;

/** The input form of {@link Message} accepted by `send` and `preview`. */
export type MessageInput = z.input<typeof MessageSchema>;
