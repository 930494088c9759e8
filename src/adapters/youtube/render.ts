import {
  type Destination,
  type Message,
  type Operation,
  type RenderContext,
  type Rendering,
  stepRef,
} from "../contract.js";
import { type Refuse, refuser } from "../refuse.js";
import { withReplyContext } from "../reply.js";
import { MAX_COMMENT, YOUTUBE_COSTS } from "./limits.js";
import { checkMetadata } from "./metadata.js";
import type { YouTubeOverrides, YouTubePrivacy, YouTubeVideoResource } from "./types.js";

const PLATFORM = "youtube";
/** Video ids are 11 characters of the URL-safe base64 alphabet (youtube.com/watch?v=...). */
const VIDEO_ID = /^[\w-]{11}$/;
const PRIVACY: readonly YouTubePrivacy[] = ["public", "unlisted", "private"];
/** The upload path of videos.insert (developers.google.com/youtube/v3/docs/videos/insert). */
export const UPLOAD_PATH = "/upload/youtube/v3/videos";

const fail: Refuse = refuser(PLATFORM);

/** Settings of the adapter that rendering reads. */
export interface YouTubeRenderSettings {
  /** Default privacy. */
  privacyStatus: YouTubePrivacy;
  /** Bytes per upload piece. */
  chunkBytes: number;
}

/**
 * A reply to a video (`commentThreads.insert`, a top-level comment) or to a comment
 * (`comments.insert` with `parentId`; a reply id `<parent>.<reply>` answers its thread's parent).
 */
function renderComment(message: Message, replyTo: string): Rendering {
  const text = message.text?.trim() ?? "";
  if (text === "") fail("text", "required for a comment");
  if ((message.media?.length ?? 0) > 0) fail("media", "a comment takes no media");
  const length = [...text].length;
  if (length > MAX_COMMENT)
    fail("text", `at most ${MAX_COMMENT} characters in a comment (got ${length})`);
  const base = {
    route: "comment",
    method: "POST",
    idempotency: "none",
    quota: YOUTUBE_COSTS.comment,
  } as const;
  const lengths = [{ field: "text", length, max: MAX_COMMENT, unit: "code points" }];
  if (VIDEO_ID.test(replyTo)) {
    const operation: Operation = {
      ...base,
      step: "comment",
      path: "/youtube/v3/commentThreads",
      query: { part: "snippet" },
      body: {
        json: {
          snippet: { videoId: replyTo, topLevelComment: { snippet: { textOriginal: text } } },
        },
      },
    };
    return { operations: [operation], lengths };
  }
  const parentId = replyTo.split(".")[0] ?? replyTo;
  const operation: Operation = {
    ...base,
    step: "comment",
    path: "/youtube/v3/comments",
    query: { part: "snippet" },
    body: { json: { snippet: { parentId, textOriginal: text } } },
  };
  return { operations: [operation], lengths };
}

function videoResource(
  message: Message,
  overrides: YouTubeOverrides,
  settings: YouTubeRenderSettings,
  context: RenderContext,
): { resource: YouTubeVideoResource; lengths: Rendering["lengths"] } {
  const text = message.text?.trim() ?? "";
  const [firstLine = "", ...rest] = text.split("\n");
  const title = overrides.title ?? firstLine.trim();
  const bodyText = overrides.title === undefined ? rest.join("\n").trim() : text;
  const withLink =
    message.link && !bodyText.includes(message.link)
      ? `${bodyText}\n\n${message.link}`.trim()
      : bodyText;
  const description = overrides.description ?? (withLink === "" ? undefined : withLink);
  const lengths = checkMetadata(title, description, overrides.tags, {
    title: overrides.title === undefined ? "text" : "overrides.youtube.title",
    description: overrides.description === undefined ? "text" : "overrides.youtube.description",
    tags: "overrides.youtube.tags",
  });
  let privacyStatus = overrides.privacyStatus ?? settings.privacyStatus;
  if (!PRIVACY.includes(privacyStatus))
    fail("overrides.youtube.privacyStatus", `one of ${PRIVACY.join(", ")}`);
  let publishAt: string | undefined;
  if (context.scheduleAt) {
    // status.publishAt: "can only be set if the privacy status of the video is private"; the
    // video becomes public then (developers.google.com/youtube/v3/docs/videos#status.publishAt)
    if (overrides.privacyStatus !== undefined && overrides.privacyStatus !== "private") {
      fail(
        "overrides.youtube.privacyStatus",
        "private for a scheduled video",
        "YouTube makes it public at publishAt",
      );
    }
    if (context.scheduleAt.getTime() <= context.now)
      fail("at", "in the future for YouTube's publishAt");
    privacyStatus = "private";
    publishAt = context.scheduleAt.toISOString();
  }
  const resource: YouTubeVideoResource = {
    snippet: {
      title,
      ...(description !== undefined ? { description } : {}),
      ...(overrides.tags ? { tags: [...overrides.tags] } : {}),
      ...(overrides.categoryId ? { categoryId: overrides.categoryId } : {}),
    },
    status: {
      privacyStatus,
      ...(publishAt ? { publishAt } : {}),
      ...(overrides.selfDeclaredMadeForKids !== undefined
        ? { selfDeclaredMadeForKids: overrides.selfDeclaredMadeForKids }
        : {}),
    },
  };
  return { resource, lengths };
}

/**
 * An upload by the resumable protocol (developers.google.com/youtube/v3/guides/using_resumable_upload_protocol):
 * `session` starts it with the metadata and gets the session URI (`Location`); `upload` sends
 * the file in pieces with `Content-Range`, resuming after an interruption from the byte count
 * YouTube gives for `Content-Range: bytes *\/<total>`.
 */
function renderUpload(
  message: Message,
  settings: YouTubeRenderSettings,
  context: RenderContext,
): Rendering {
  const media = message.media ?? [];
  if (media.length !== 1) fail("media", "exactly one video to upload", "YouTube posts are videos");
  const video = media[0];
  if (!video?.data || !video.mimeType) {
    fail(
      "media[0]",
      "video bytes (data) with a mimeType",
      "the resumable upload sends bytes; fetch the URL first",
    );
  }
  if (!/^(video\/|application\/octet-stream$)/.test(video.mimeType))
    fail("media[0].mimeType", "video/* or application/octet-stream");
  if (video.data.byteLength === 0) fail("media[0].data", "not empty");
  const overrides = (message.overrides?.[PLATFORM] ?? {}) as YouTubeOverrides;
  const { resource, lengths } = videoResource(message, overrides, settings, context);
  const total = video.data.byteLength;
  // the session URI is UPLOAD_PATH?uploadType=resumable&upload_id=... (the guide's "Step 2")
  const sessionPath = UPLOAD_PATH;
  const sessionQuery = { uploadType: "resumable", upload_id: stepRef("session", "uploadId") };
  const session: Operation = {
    step: "session",
    route: "upload",
    method: "POST",
    path: UPLOAD_PATH,
    query: { uploadType: "resumable", part: "snippet,status" },
    headers: { "X-Upload-Content-Length": String(total), "X-Upload-Content-Type": video.mimeType },
    body: { json: resource },
    // a session publishes nothing: an unused one just expires, so starting another is harmless
    idempotency: "safe",
    quota: YOUTUBE_COSTS.upload,
  };
  const upload: Operation = {
    step: "upload",
    route: "upload",
    method: "PUT",
    path: sessionPath,
    query: sessionQuery,
    idempotency: "none",
    upload: {
      data: video.data,
      chunkBytes: settings.chunkBytes,
      contentType: video.mimeType,
      status: {
        step: "upload-status",
        route: "upload",
        method: "PUT",
        path: sessionPath,
        query: sessionQuery,
        headers: { "Content-Range": `bytes */${total}` },
        idempotency: "safe",
      },
    },
  };
  const warnings = context.scheduleAt
    ? [`private until ${context.scheduleAt.toISOString()}, then public (status.publishAt)`]
    : [];
  return { operations: [session, upload], lengths: lengths ?? [], warnings };
}

/** Renders an upload to the channel, or a comment for a reply. Pure. */
export function renderYouTube(
  message: Message,
  destination: Destination,
  context: RenderContext,
  settings: YouTubeRenderSettings,
): Rendering {
  if (destination.kind !== "feed")
    fail("to", "the channel (feed) only", 'target "youtube" to upload, with reply to comment');
  const replyTo = withReplyContext(message, destination).replyTo;
  if (replyTo !== undefined) {
    if (context.scheduleAt) fail("at", "comments cannot be scheduled on YouTube");
    return renderComment(message, replyTo);
  }
  return renderUpload(message, settings, context);
}
