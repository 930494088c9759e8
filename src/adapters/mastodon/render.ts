import type { Media, Message } from "../../message/schema.js";
import { ValidationError } from "../../transport/errors.js";
import {
  type Destination,
  type FormField,
  type Operation,
  type RenderContext,
  type Rendering,
  stepRef,
} from "../contract.js";
import { countStatusLength } from "./length.js";
import { MIN_SCHEDULE_AHEAD_MS } from "./limits.js";
import type { MastodonSettings, MastodonStatusBody } from "./types.js";

const PLATFORM = "mastodon";

/*
 * Polling a media upload that answered 202 (still processing): GET /api/v1/media/:id answers
 * 206 until done, then 200 (https://docs.joinmastodon.org/methods/media/#get). The docs give
 * no interval; these are ours: every 5 s, for up to 10 minutes (long videos).
 */
const MEDIA_POLL_INTERVAL_MS = 5_000;
const MEDIA_POLL_TIMEOUT_MS = 600_000;

/** The `file` name sent when the media has none: `media-<i>.<subtype>`. */
function defaultFilename(index: number, mimeType: string): string {
  const subtype = mimeType.split("/")[1]?.split("+")[0] ?? "bin";
  return `media-${index}.${subtype}`;
}

/** One upload step: POST /api/v2/media (https://docs.joinmastodon.org/methods/media/#v2). */
function mediaOperation(media: Media, index: number): Operation {
  const step = `media-${index}`;
  if (media.data === undefined) {
    throw new ValidationError(`media[${index}].data`, "bytes required", {
      platform: PLATFORM,
      hint: "Mastodon uploads media as bytes, it does not fetch URLs: fetch the file and pass `data` and `mimeType`",
    });
  }
  if (media.mimeType === undefined) {
    throw new ValidationError(`media[${index}].mimeType`, "required with data", {
      platform: PLATFORM,
      hint: "Mastodon needs the file's MIME type, e.g. image/png",
    });
  }
  const form: FormField[] = [
    {
      name: "file",
      data: media.data,
      filename: media.filename ?? defaultFilename(index, media.mimeType),
      mimeType: media.mimeType,
    },
  ];
  if (media.alt !== undefined) form.push({ name: "description", value: media.alt });
  return {
    step,
    route: "media",
    method: "POST",
    path: "/api/v2/media",
    body: { form },
    // "safe": an upload has no side effect anyone sees; a repeated upload only leaves an
    // unattached attachment, which Mastodon removes by itself (media_remove cleanup of
    // unattached uploads), so retrying cannot publish anything twice.
    idempotency: "safe",
    poll: {
      request: {
        step: `${step}-status`,
        route: "media-status",
        method: "GET",
        path: `/api/v1/media/${stepRef(step)}`,
        idempotency: "safe",
      },
      intervalMs: MEDIA_POLL_INTERVAL_MS,
      timeoutMs: MEDIA_POLL_TIMEOUT_MS,
    },
  };
}

/** The text with the message's link appended (unless the text already holds it). */
function statusText(message: Message): string | undefined {
  const text = message.text?.trim() === "" ? undefined : message.text;
  if (message.link === undefined || text?.includes(message.link)) return text;
  return text === undefined ? message.link : `${text}\n\n${message.link}`;
}

/** Refuses a schedule Mastodon would refuse: less than 5 minutes ahead. */
function scheduledAt(at: Date, now: number, field: string): string {
  if (Number.isNaN(at.getTime())) {
    throw new ValidationError(field, "a valid date", { platform: PLATFORM });
  }
  if (at.getTime() - now < MIN_SCHEDULE_AHEAD_MS) {
    throw new ValidationError(field, "at least 5 minutes in the future", {
      platform: PLATFORM,
      hint: "Mastodon refuses scheduled_at less than 5 minutes ahead; send now or schedule later",
    });
  }
  return at.toISOString();
}

/**
 * Renders a message as a Mastodon status on the account's feed: one upload step per medium,
 * then POST /api/v1/statuses (https://docs.joinmastodon.org/methods/statuses/#create).
 */
export function renderMastodon(
  message: Message,
  destination: Destination,
  context: RenderContext,
  settings: MastodonSettings,
): Rendering {
  if (destination.kind !== "feed") {
    throw new ValidationError("to", `destination "${destination.kind}" not supported`, {
      platform: PLATFORM,
      hint: 'Mastodon posts statuses to the account\'s feed: use the target "mastodon"',
    });
  }
  const media = message.media ?? [];
  if (media.length > settings.maxMediaAttachments) {
    throw new ValidationError("media", `max ${settings.maxMediaAttachments} attachments`, {
      platform: PLATFORM,
      hint: "the instance's configuration.statuses.max_media_attachments; split the post or raise maxMediaAttachments if the instance allows more",
    });
  }
  const uploads = media.map((m, i) => mediaOperation(m, i));

  const overrides = message.overrides?.[PLATFORM] ?? {};
  if (uploads.length > 0 && overrides.poll !== undefined) {
    throw new ValidationError(
      `overrides.${PLATFORM}.poll`,
      "a poll cannot be combined with media",
      {
        platform: PLATFORM,
      },
    );
  }
  const body: MastodonStatusBody = { visibility: "public" };
  const text = statusText(message);
  if (text !== undefined) body.status = text;
  if (uploads.length > 0) body.media_ids = uploads.map((op) => stepRef(op.step));
  if (message.replyTo !== undefined) body.in_reply_to_id = message.replyTo;
  if (context.scheduleAt !== undefined) {
    body.scheduled_at = scheduledAt(context.scheduleAt, context.now, "schedule.at");
  }
  Object.assign(body, overrides);
  if (typeof overrides.scheduled_at === "string") {
    scheduledAt(
      new Date(overrides.scheduled_at),
      context.now,
      `overrides.${PLATFORM}.scheduled_at`,
    );
  }

  const status = typeof body.status === "string" ? body.status : "";
  const spoiler = typeof body.spoiler_text === "string" ? body.spoiler_text : "";
  const length = countStatusLength(status, spoiler, settings.charactersReservedPerUrl);
  const unit = `grapheme clusters of spoiler_text + text, URLs as ${settings.charactersReservedPerUrl}, @user@domain as @user`;
  if (length > settings.maxCharacters) {
    throw new ValidationError(
      "text",
      `max ${settings.maxCharacters} characters (${unit}), got ${length}`,
      {
        platform: PLATFORM,
        hint: "shorten the text, or raise maxCharacters if the instance allows more (GET /api/v2/instance)",
      },
    );
  }

  const statusOperation: Operation = {
    step: "status",
    route: "statuses",
    method: "POST",
    path: "/api/v1/statuses",
    body: { json: body },
    // Mastodon keeps Idempotency-Key values for 1 hour
    // (https://docs.joinmastodon.org/methods/statuses/#create)
    idempotency: "key",
    idempotencyHeader: "Idempotency-Key",
  };
  return {
    operations: [...uploads, statusOperation],
    lengths: [{ field: "text", length, max: settings.maxCharacters, unit }],
  };
}
