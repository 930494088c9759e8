import type { Media } from "../../message/schema.js";
import { ValidationError } from "../../transport/errors.js";
import { MAX_FILE_BYTES, MAX_PHOTO_BYTES, TELEGRAM } from "./types.js";

/** What Telegram sends a media item as. */
export type TelegramMediaKind = "photo" | "video";

/** URL file extensions read as photos or videos when no MIME type is given. */
const PHOTO_EXTENSIONS = new Set(["jpg", "jpeg", "png", "webp", "gif", "bmp"]);
const VIDEO_EXTENSIONS = new Set(["mp4", "m4v", "mov", "webm"]);

/** File extensions for uploads without a file name. */
const EXTENSION_BY_MIME: Record<string, string> = {
  "image/jpeg": "jpg",
  "video/quicktime": "mov",
};

function urlExtension(url: string): string | undefined {
  const path = new URL(url).pathname;
  const dot = path.lastIndexOf(".");
  return dot === -1 ? undefined : path.slice(dot + 1).toLowerCase();
}

/**
 * Decides whether media item `index` is a photo or a video: by MIME type when given, else by
 * the URL's extension, else a photo (with a warning). Throws for other MIME types and for
 * uploads over Telegram's size limits.
 */
export function classifyMedia(
  media: Media,
  index: number,
): { kind: TelegramMediaKind; warning?: string } {
  const field = `media[${index}]`;
  let kind: TelegramMediaKind;
  let warning: string | undefined;
  if (media.mimeType !== undefined) {
    const type = media.mimeType.toLowerCase();
    if (type.startsWith("image/")) kind = "photo";
    else if (type.startsWith("video/")) kind = "video";
    else {
      throw new ValidationError(`${field}.mimeType`, "an image/* or video/* type", {
        platform: TELEGRAM,
        hint: `Telegram messages here carry photos and videos; ${media.mimeType} is neither`,
      });
    }
  } else {
    const ext = media.url === undefined ? undefined : urlExtension(media.url);
    if (ext !== undefined && VIDEO_EXTENSIONS.has(ext)) kind = "video";
    else {
      kind = "photo";
      if (ext === undefined || !PHOTO_EXTENSIONS.has(ext)) {
        warning = `${field}: no mimeType and no known file extension in the URL, sent as a photo (set mimeType to send a video)`;
      }
    }
  }
  if (media.data !== undefined) {
    const max = kind === "photo" ? MAX_PHOTO_BYTES : MAX_FILE_BYTES;
    if (media.data.byteLength > max) {
      throw new ValidationError(`${field}.data`, `at most ${max} bytes for a ${kind} upload`, {
        platform: TELEGRAM,
        hint: "https://core.telegram.org/bots/api#sending-files; give a URL or a smaller file",
      });
    }
  }
  return warning === undefined ? { kind } : { kind, warning };
}

/** A file name for uploaded bytes: the media's own, else `file<index>.<extension>`. */
export function uploadFilename(media: Media, index: number): string {
  if (media.filename !== undefined && media.filename.length > 0) return media.filename;
  const mime = (media.mimeType ?? "application/octet-stream").toLowerCase();
  const ext = EXTENSION_BY_MIME[mime] ?? mime.split("/")[1]?.replace(/[^a-z0-9]/g, "") ?? "bin";
  return `file${index}.${ext}`;
}
