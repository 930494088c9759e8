import { countGraphemes } from "../../message/text/length.js";
import { ValidationError } from "../../transport/errors.js";
import {
  type Destination,
  type LengthReport,
  type Message,
  type Operation,
  type Rendering,
  stepRef,
} from "../contract.js";
import { countXLength, invalidXCharacter, splitForThread } from "./length.js";
import {
  MAX_DM_LENGTH,
  MAX_MEDIA,
  MAX_POST_LENGTH,
  POLL_MINUTES,
  POLL_OPTION_LENGTH,
  POLL_OPTIONS,
} from "./limits.js";
import { uploadOperations } from "./media.js";
import type { XOverrides, XPostBody } from "./types.js";

const PLATFORM = "x";
/** X ids are decimal snowflakes (`^[0-9]{1,19}$` throughout the X OpenAPI spec). */
const ID = /^[0-9]{1,19}$/;
const UNIT = "twitter-text v3 weighted: URLs 23, emoji 2, CJK 2";

function fail(field: string, rule: string, hint?: string): never {
  throw new ValidationError(
    field,
    rule,
    hint === undefined ? { platform: PLATFORM } : { platform: PLATFORM, hint },
  );
}

function checkId(field: string, value: string): string {
  if (!ID.test(value))
    fail(field, "an X id (digits)", "a post or user id such as 1460323737035677698");
  return value;
}

/** The text with the message's link appended (unless the text already holds it). */
function postText(message: Message): string {
  const text = message.text?.trim() ?? "";
  if (message.link === undefined || text.includes(message.link)) return text;
  return text === "" ? message.link : `${text}\n\n${message.link}`;
}

/** Checks a poll against CreatePostsPoll (2–4 options of 1–25 characters, 5–10,080 minutes). */
function pollOf(raw: unknown): XPostBody["poll"] {
  const field = "overrides.x.poll";
  const poll = (raw ?? {}) as { options?: unknown; duration_minutes?: unknown };
  const options = poll.options;
  if (
    !Array.isArray(options) ||
    options.length < POLL_OPTIONS.min ||
    options.length > POLL_OPTIONS.max
  ) {
    fail(`${field}.options`, `${POLL_OPTIONS.min} to ${POLL_OPTIONS.max} options`);
  }
  options.forEach((option, i) => {
    const n = typeof option === "string" ? countGraphemes(option) : 0;
    if (n < 1 || n > POLL_OPTION_LENGTH) {
      fail(`${field}.options[${i}]`, `1 to ${POLL_OPTION_LENGTH} characters`);
    }
  });
  const minutes = poll.duration_minutes ?? POLL_MINUTES.fallback;
  if (
    !Number.isInteger(minutes) ||
    (minutes as number) < POLL_MINUTES.min ||
    (minutes as number) > POLL_MINUTES.max
  ) {
    fail(`${field}.duration_minutes`, `an integer from ${POLL_MINUTES.min} to ${POLL_MINUTES.max}`);
  }
  return { options: options as string[], duration_minutes: minutes as number };
}

/** Refuses what X does not take in one post: more than 4 media, or a video/GIF with others. */
function checkMedia(message: Message): void {
  const media = message.media ?? [];
  if (media.length > MAX_MEDIA) fail("media", `max ${MAX_MEDIA} per post`);
  const moving = media.filter(
    (m) => m.mimeType === "image/gif" || m.mimeType?.startsWith("video/"),
  );
  if (moving.length > 0 && media.length > 1) {
    fail("media", "one video or GIF alone, or up to 4 images", "X does not mix them in one post");
  }
}

/**
 * A post on the account's timeline (`POST /2/tweets`): media uploaded first, then the post with
 * its media, poll, quote and reply; a text longer than 280 becomes a chain of replies when
 * `overrides.x.thread` allows it.
 */
function renderPost(message: Message, replyTo: string | undefined): Rendering {
  const { thread, ...extra } = (message.overrides?.[PLATFORM] ?? {}) as XOverrides;
  checkMedia(message);
  const uploads = (message.media ?? []).flatMap((m, i) => uploadOperations(m, i, false));
  const text = postText(message);
  const invalid = invalidXCharacter(text);
  if (invalid !== undefined) {
    const code = invalid.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0");
    fail(
      "text",
      `X refuses a post holding U+${code} (twitter-text's invalid characters)`,
      "remove it",
    );
  }
  const length = countXLength(text);
  if (length > MAX_POST_LENGTH && thread !== true) {
    fail(
      "text",
      `max ${MAX_POST_LENGTH} weighted characters (${UNIT}), got ${length}`,
      "shorten it, or allow a thread with overrides: { x: { thread: true } }",
    );
  }
  const parts = length > MAX_POST_LENGTH ? splitForThread(text) : [text];
  const first: XPostBody = { text: parts[0] ?? "" };
  if (uploads.length > 0) {
    first.media = { media_ids: (message.media ?? []).map((_m, i) => stepRef(`media-${i}`)) };
  }
  if (replyTo !== undefined) first.reply = { in_reply_to_tweet_id: checkId("replyTo", replyTo) };
  if (extra.poll !== undefined) {
    if (uploads.length > 0) fail("overrides.x.poll", "a poll cannot be combined with media");
    extra.poll = pollOf(extra.poll);
  }
  if (typeof extra.quote_tweet_id === "string")
    checkId("overrides.x.quote_tweet_id", extra.quote_tweet_id);
  Object.assign(first, extra);
  const posts: Operation[] = parts.map((part, i) => ({
    step: `post-${i}`,
    route: "tweets",
    method: "POST",
    path: "/2/tweets",
    body: {
      json:
        i === 0 ? first : { text: part, reply: { in_reply_to_tweet_id: stepRef(`post-${i - 1}`) } },
    },
    // X takes no idempotency key: an ambiguous failure of a post ends `unknown`, never resent.
    idempotency: "none",
  }));
  const lengths: LengthReport[] = parts.map((part, i) => ({
    field: parts.length > 1 ? `thread[${i}]` : "text",
    length: countXLength(part),
    max: MAX_POST_LENGTH,
    unit: UNIT,
  }));
  return {
    operations: [...uploads, ...posts],
    lengths,
    ...(parts.length > 1
      ? { warnings: [`text split into a thread of ${parts.length} posts`] }
      : {}),
  };
}

/**
 * A Direct Message to one user (`POST /2/dm_conversations/with/:participant_id/messages`), with
 * at most one medium (uploaded with a `dm_*` category).
 */
function renderDm(message: Message, to: string, sample: boolean): Rendering {
  const media = message.media ?? [];
  if (media.length > 1) fail("media", "at most 1 per Direct Message");
  const participant = sample ? to : checkId("to.chat", to);
  const text = postText(message);
  const length = [...text].length;
  if (length > MAX_DM_LENGTH) fail("text", `max ${MAX_DM_LENGTH} characters in a Direct Message`);
  const uploads = media.flatMap((m, i) => uploadOperations(m, i, true));
  const body: { text?: string; attachments?: Array<{ media_id: string }> } = {};
  if (text !== "") body.text = text;
  if (uploads.length > 0) body.attachments = [{ media_id: stepRef("media-0") }];
  return {
    operations: [
      ...uploads,
      {
        step: "dm",
        route: "dm",
        method: "POST",
        path: `/2/dm_conversations/with/${participant}/messages`,
        body: { json: body },
        chat: participant,
        idempotency: "none",
      },
    ],
    lengths: [{ field: "text", length, max: MAX_DM_LENGTH, unit: "code points" }],
  };
}

/**
 * Renders a message for X: a post (or thread) on the account's timeline for `feed`, a Direct
 * Message for `chat` (a user id) and for each of `recipients`.
 */
export function renderX(message: Message, destination: Destination): Rendering {
  switch (destination.kind) {
    case "feed":
      return renderPost(message, destination.reply?.messageId ?? message.replyTo);
    case "chat":
      return renderDm(message, destination.chat, false);
    case "recipients":
      return renderDm(message, destination.recipients[0]?.id ?? "", destination.sample === true);
    default:
      return fail(
        "to",
        `destination "${destination.kind}" not supported`,
        'X posts to the timeline ("x") or sends Direct Messages ("x:<user id>")',
      );
  }
}
