import type { Media } from "../../message/schema.js";
import { ValidationError } from "../../transport/errors.js";
import { type Operation, stepRef } from "../contract.js";
import { CHUNK_BYTES, MAX_ALT_TEXT, MAX_MEDIA_BYTES, MEDIA_POLL } from "./limits.js";

const PLATFORM = "x";

/** What X calls the kind of an upload (InitializeMediaUploadRequest.media_category). */
type Kind = "image" | "gif" | "video";

function kindOf(mimeType: string): Kind | undefined {
  if (mimeType === "image/gif") return "gif";
  if (/^image\/(jpeg|pjpeg|png|webp|bmp|tiff)$/.test(mimeType)) return "image";
  if (/^video\/(mp4|webm|quicktime|mp2t)$/.test(mimeType)) return "video";
  return undefined;
}

/**
 * The requests that upload one medium through X's chunked upload
 * (https://docs.x.com/x-api/media/quickstart/media-upload-chunked): initialize, one append per
 * 4 MiB segment (multipart, `segment_index`), finalize (polled with `command=STATUS` while
 * `processing_info` says pending), then the alt text (`POST /2/media/metadata`). The step
 * `media-<i>` is the finalize, whose id is the media id the post references.
 *
 * Every step is `safe`: an upload is invisible until a post uses it, a repeated append rewrites
 * the same segment, and an unused upload expires by itself (`expires_after_secs`).
 */
export function uploadOperations(media: Media, index: number, dm: boolean): Operation[] {
  const field = `media[${index}]`;
  const fail = (suffix: string, rule: string, hint: string): never => {
    throw new ValidationError(`${field}${suffix}`, rule, { platform: PLATFORM, hint });
  };
  if (media.data === undefined || media.mimeType === undefined) {
    return fail(".data", "bytes and mimeType required", "X uploads files, it does not fetch URLs");
  }
  const kind = kindOf(media.mimeType);
  if (kind === undefined) {
    return fail(".mimeType", `${media.mimeType} not supported`, "JPEG, PNG, WebP, GIF, MP4 or MOV");
  }
  if (media.data.byteLength === 0 || media.data.byteLength > MAX_MEDIA_BYTES[kind]) {
    return fail(
      ".data",
      `1 to ${MAX_MEDIA_BYTES[kind]} bytes for ${kind}`,
      "docs.x.com/x-api/media",
    );
  }
  if (media.alt !== undefined && [...media.alt].length > MAX_ALT_TEXT) {
    return fail(".alt", `max ${MAX_ALT_TEXT} characters`, "shorten the alt text");
  }
  const step = `media-${index}`;
  const init = `${step}-init`;
  const upload = `/2/media/upload/${stepRef(init)}`;
  const ops: Operation[] = [
    {
      step: init,
      route: "media",
      method: "POST",
      path: "/2/media/upload/initialize",
      body: {
        json: {
          media_type: media.mimeType,
          total_bytes: media.data.byteLength,
          media_category: `${dm ? "dm" : "tweet"}_${kind}`,
        },
      },
      idempotency: "safe",
    },
  ];
  const filename = media.filename ?? `${step}.${media.mimeType.split("/")[1] ?? "bin"}`;
  for (let offset = 0, i = 0; offset < media.data.byteLength; offset += CHUNK_BYTES, i++) {
    ops.push({
      step: `${step}-append-${i}`,
      route: "media",
      method: "POST",
      path: `${upload}/append`,
      body: {
        form: [
          { name: "segment_index", value: String(i) },
          {
            name: "media",
            data: media.data.subarray(offset, offset + CHUNK_BYTES),
            filename,
            mimeType: media.mimeType,
          },
        ],
      },
      idempotency: "safe",
    });
  }
  ops.push({
    step,
    route: "media",
    method: "POST",
    path: `${upload}/finalize`,
    idempotency: "safe",
    poll: {
      request: {
        step: `${step}-status`,
        route: "media",
        method: "GET",
        path: "/2/media/upload",
        query: { command: "STATUS", media_id: stepRef(step) },
        idempotency: "safe",
      },
      ...MEDIA_POLL,
    },
  });
  if (media.alt !== undefined && media.alt !== "") {
    ops.push({
      step: `${step}-alt`,
      route: "media",
      method: "POST",
      path: "/2/media/metadata",
      body: { json: { id: stepRef(step), metadata: { alt_text: { text: media.alt } } } },
      idempotency: "safe",
    });
  }
  return ops;
}
