import type { Media, Message } from "../../message/schema.js";
import {
  type Destination,
  type FormField,
  type Operation,
  type RenderContext,
  type Rendering,
  type RequestBody,
  stepRef,
} from "../contract.js";
import { type Refuse, refuser } from "../refuse.js";
import { withReplyContext } from "../reply.js";
import { MAX_SCHEDULE_AHEAD_MS, MIN_SCHEDULE_AHEAD_MS } from "./limits.js";
import { type TargetingSettings, toFacebookTargeting } from "./targeting.js";

const PLATFORM = "facebook";

/** What `render` needs besides the message. */
export interface FacebookRenderSettings {
  /** The Page a render for `account` posts to; throws a `ValidationError` when there is none. */
  pageOf(account: string | undefined): string;
  /** Longest message. */
  maxCharacters: number;
  /** How segments become targeting specs. */
  targeting: TargetingSettings;
}

type Fields = Record<string, unknown>;

const fail: Refuse = refuser(PLATFORM);

/**
 * Graph parameters as a body: URL-encoded fields, objects JSON-encoded as the Graph API reads
 * them (`targeting={...}`, `attached_media=[...]`); a multipart form when a file travels along.
 */
function toBody(fields: Fields, file?: { name: string; media: Media; index: number }): RequestBody {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    text[name] = typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  if (file?.media.data === undefined) return { urlencoded: text };
  const form: FormField[] = Object.entries(text).map(([name, value]) => ({ name, value }));
  const mimeType = file.media.mimeType ?? "application/octet-stream";
  const extension = mimeType.split("/")[1]?.split("+")[0] ?? "bin";
  form.push({
    name: file.name,
    data: file.media.data,
    filename: file.media.filename ?? `media-${file.index}.${extension}`,
    mimeType,
  });
  return { form };
}

/** Videos are told apart by their MIME type; everything else is a photo. */
function isVideo(media: Media): boolean {
  return media.mimeType?.startsWith("video/") === true;
}

/** `published=false` + `scheduled_publish_time` (Unix seconds), checked against the window. */
function schedule(at: Date, now: number, field: string): Fields {
  const ms = at.getTime();
  if (Number.isNaN(ms)) fail(field, "a valid date");
  if (ms - now < MIN_SCHEDULE_AHEAD_MS || ms - now > MAX_SCHEDULE_AHEAD_MS) {
    fail(
      field,
      "between 10 minutes and 30 days ahead",
      "Facebook publishes scheduled Page posts 10 minutes to 30 days after the request",
    );
  }
  return { published: false, scheduled_publish_time: Math.floor(ms / 1000) };
}

/** The text, with the link appended where the request has no `link` field for it. */
function textWith(message: Message, link: boolean): string | undefined {
  const text = message.text?.trim() === "" ? undefined : message.text;
  if (!link || message.link === undefined || text?.includes(message.link)) return text;
  return text === undefined ? message.link : `${text}\n\n${message.link}`;
}

/** The photo source: `url` for a public URL, the bytes as a `source` file. */
function photoFields(media: Media): Fields {
  return {
    ...(media.data === undefined ? { url: media.url } : {}),
    // alt_text_custom: the Photo node's custom alt text (Graph API reference, Photo)
    ...(media.alt !== undefined ? { alt_text_custom: media.alt } : {}),
  };
}

function operation(
  step: string,
  route: string,
  path: string,
  body: RequestBody,
  idempotency: Operation["idempotency"],
): Operation {
  return { step, route, method: "POST", path, body, idempotency };
}

/** A comment on a post or comment (`POST /{object-id}/comments`), with at most one photo. */
function comment(message: Message, objectId: string, overrides: Fields): Operation {
  const media = message.media ?? [];
  if (media.length > 1) fail("media", "a comment takes at most one photo");
  const photo = media[0];
  if (photo && isVideo(photo)) fail("media[0]", "a comment cannot carry a video");
  const fields: Fields = {
    message: textWith(message, true),
    ...(photo?.data === undefined && photo?.url ? { attachment_url: photo.url } : {}),
    ...overrides,
  };
  const file = photo?.data ? { name: "source", media: photo, index: 0 } : undefined;
  // comments cannot be deduplicated: an ambiguous failure is reported unknown, never resent
  return operation("comment", "comments", `/${objectId}/comments`, toBody(fields, file), "none");
}

/**
 * Renders a message for a Page (Graph API, https://developers.facebook.com/docs/pages-api/posts):
 * text and link as `POST /{page-id}/feed`; one photo as `POST /{page-id}/photos`; several photos
 * (or one with targeting) as unpublished uploads attached to a feed post (`attached_media`); a
 * video as `POST /{page-id}/videos`; a reply (`replyTo`, or a target's `reply.messageId`) as
 * `POST /{object-id}/comments`. A schedule becomes `published=false` + `scheduled_publish_time`,
 * a segment a `feed_targeting` (or `targeting`) spec. Pure.
 */
export function renderFacebook(
  message: Message,
  destination: Destination,
  context: RenderContext,
  settings: FacebookRenderSettings,
): Rendering {
  if (destination.kind !== "feed" && destination.kind !== "segment") {
    fail(
      "to",
      `destination "${destination.kind}" not supported`,
      'Facebook Pages post to their feed: target "facebook" (or a segment)',
    );
  }
  const overrides = (message.overrides?.[PLATFORM] ?? {}) as Fields;
  const text = message.text ?? "";
  const lengths = [
    {
      field: "text",
      length: text.length,
      max: settings.maxCharacters,
      unit: "UTF-16 code units (limit unconfirmed)",
    },
  ];
  if (text.length > settings.maxCharacters) {
    fail("text", `max ${settings.maxCharacters} characters, got ${text.length}`);
  }
  const replyTo = withReplyContext(message, destination).replyTo;
  if (replyTo !== undefined) {
    if (destination.kind === "segment") fail("replyTo", "a comment cannot be targeted");
    if (context.scheduleAt) fail("at", "comments cannot be scheduled");
    return { operations: [comment(message, replyTo, overrides)], lengths };
  }

  const page = settings.pageOf(context.account);
  const warnings: string[] = [];
  const when = context.scheduleAt ? schedule(context.scheduleAt, context.now, "at") : {};
  if (typeof overrides.scheduled_publish_time === "number") {
    schedule(
      new Date(overrides.scheduled_publish_time * 1000),
      context.now,
      `overrides.${PLATFORM}.scheduled_publish_time`,
    );
  }
  let targeting: Fields = {};
  if (destination.kind === "segment") {
    const spec = toFacebookTargeting(destination.segment, settings.targeting);
    if (Object.keys(spec).length === 0) {
      warnings.push("the segment has no condition: the post goes to everyone");
    } else {
      targeting = { [settings.targeting.field]: spec };
    }
  }
  const done = (operations: Operation[]): Rendering => ({
    operations,
    lengths,
    ...(warnings.length > 0 && { warnings }),
  });

  const media = message.media ?? [];
  const videos = media.filter(isVideo);
  if (videos.length > 0) {
    if (media.length > 1) fail("media", "a video post holds one video and nothing else");
    if (destination.kind === "segment") {
      fail("to", "video posts are not targeted by this adapter", "post the video to the feed");
    }
    const video = media[0] as Media;
    const fields: Fields = {
      ...(video.data === undefined ? { file_url: video.url } : {}),
      description: textWith(message, true),
      ...when,
      ...overrides,
    };
    const file = video.data ? { name: "source", media: video, index: 0 } : undefined;
    return done([operation("video", "videos", `/${page}/videos`, toBody(fields, file), "none")]);
  }

  if (media.length === 1 && destination.kind !== "segment") {
    const photo = media[0] as Media;
    const fields: Fields = {
      ...photoFields(photo),
      caption: textWith(message, true),
      ...when,
      ...overrides,
    };
    const file = photo.data ? { name: "source", media: photo, index: 0 } : undefined;
    return done([operation("photo", "photos", `/${page}/photos`, toBody(fields, file), "none")]);
  }

  // Several photos (or one with targeting): unpublished uploads, then one feed post attaching
  // them (https://developers.facebook.com/docs/pages-api/posts, "Publish a multi-photo post").
  const uploads = media.map((photo, index) => {
    const fields: Fields = {
      ...photoFields(photo),
      published: false,
      // a scheduled post's photos are uploaded as temporary (Pages API, scheduled multi-photo posts)
      ...(context.scheduleAt ? { temporary: true } : {}),
    };
    const file = photo.data ? { name: "source", media: photo, index } : undefined;
    // "safe": an unpublished photo is seen by no one until a post attaches it, so a repeated
    // upload cannot publish anything twice
    return operation(`photo-${index}`, "photos", `/${page}/photos`, toBody(fields, file), "safe");
  });
  const post: Fields = {
    message: textWith(message, uploads.length > 0),
    ...(uploads.length === 0 && message.link !== undefined ? { link: message.link } : {}),
    ...(uploads.length > 0
      ? { attached_media: uploads.map((u) => ({ media_fbid: stepRef(u.step) })) }
      : {}),
    ...when,
    ...targeting,
    ...overrides,
  };
  // a Page post cannot be deduplicated: an ambiguous failure is reported unknown, never resent
  return done([...uploads, operation("post", "feed", `/${page}/feed`, toBody(post), "none")]);
}
