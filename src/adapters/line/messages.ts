import type { Media, Message } from "../../message/schema.js";
import { ValidationError } from "../../transport/errors.js";
import type { LengthReport } from "../contract.js";
import { LINE_MEDIA_URL_MAX, LINE_MESSAGES_PER_REQUEST, LINE_TEXT_MAX } from "./limits.js";
import type { LineMediaMessage, LineMessage, LineOverrides, LineRawMessage } from "./types.js";

/** The LINE message objects of one message, with what `preview` shows. */
export interface LineMessages {
  /** 1 to 5 LINE message objects. */
  messages: LineMessage[];
  /** `notificationDisabled` from the overrides, if given. */
  notificationDisabled?: boolean;
  /** Lengths measured. */
  lengths: LengthReport[];
  /** Things the caller should know. */
  warnings: string[];
}

const KNOWN_OVERRIDES = new Set(["messages", "notificationDisabled", "previewImageUrl"]);

/** MIME types LINE accepts (https://developers.line.biz/en/reference/messaging-api/#image-message, #video-message). */
const KIND_BY_MIME: Readonly<Record<string, "image" | "video">> = {
  "image/jpeg": "image",
  "image/png": "image",
  "video/mp4": "video",
};

const KIND_BY_EXTENSION: Readonly<Record<string, "image" | "video">> = {
  jpg: "image",
  jpeg: "image",
  png: "image",
  mp4: "video",
};

function fail(field: string, rule: string, hint?: string): never {
  throw new ValidationError(
    field,
    rule,
    hint === undefined ? { platform: "line" } : { platform: "line", hint },
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkHttpsUrl(url: string, field: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail(field, "must be a valid URL");
  }
  if (parsed.protocol !== "https:") {
    fail(field, "must be an https URL", "LINE fetches media only over HTTPS");
  }
  if (url.length > LINE_MEDIA_URL_MAX) {
    fail(field, `at most ${LINE_MEDIA_URL_MAX} characters (got ${url.length})`);
  }
}

/** Reads and checks `overrides.line`. */
function readOverrides(message: Message, warnings: string[]): LineOverrides {
  const raw = message.overrides?.line;
  if (raw === undefined) return {};
  const out: LineOverrides = {};
  for (const key of Object.keys(raw)) {
    if (!KNOWN_OVERRIDES.has(key)) {
      warnings.push(
        `overrides.line.${key} is ignored: LINE overrides are messages, notificationDisabled, previewImageUrl`,
      );
    }
  }
  if (raw.notificationDisabled !== undefined) {
    if (typeof raw.notificationDisabled !== "boolean") {
      fail("overrides.line.notificationDisabled", "must be a boolean");
    }
    out.notificationDisabled = raw.notificationDisabled;
  }
  const preview = raw.previewImageUrl;
  if (preview !== undefined) {
    if (typeof preview === "string") {
      checkHttpsUrl(preview, "overrides.line.previewImageUrl");
      out.previewImageUrl = preview;
    } else if (Array.isArray(preview)) {
      out.previewImageUrl = preview.map((url: unknown, i) => {
        if (url === null || url === undefined) return null;
        if (typeof url !== "string")
          fail(`overrides.line.previewImageUrl[${i}]`, "must be a string or null");
        checkHttpsUrl(url, `overrides.line.previewImageUrl[${i}]`);
        return url;
      });
    } else {
      fail("overrides.line.previewImageUrl", "must be an https URL or an array of them");
    }
  }
  if (raw.messages !== undefined) {
    const list = raw.messages;
    if (!Array.isArray(list) || list.length === 0) {
      fail("overrides.line.messages", "must be a non-empty array of LINE message objects");
    }
    if (list.length > LINE_MESSAGES_PER_REQUEST) {
      fail(
        "overrides.line.messages",
        `at most ${LINE_MESSAGES_PER_REQUEST} message objects per request (got ${list.length})`,
      );
    }
    out.messages = list.map((m: unknown, i): LineRawMessage => {
      if (!isRecord(m) || typeof m.type !== "string") {
        fail(`overrides.line.messages[${i}]`, "must be a LINE message object with a string `type`");
      }
      return { ...m, type: m.type };
    });
  }
  return out;
}

function mediaKind(media: Media, field: string): "image" | "video" {
  if (media.mimeType !== undefined) {
    const kind = KIND_BY_MIME[media.mimeType.toLowerCase()];
    if (kind === undefined) {
      fail(
        `${field}.mimeType`,
        `LINE accepts JPEG or PNG images and MP4 videos, not ${media.mimeType}`,
      );
    }
    return kind;
  }
  const extension = new URL(media.url ?? "").pathname.split(".").pop()?.toLowerCase() ?? "";
  const kind = KIND_BY_EXTENSION[extension];
  if (kind === undefined) {
    fail(
      `${field}.mimeType`,
      "required when the URL does not end in .jpg, .jpeg, .png or .mp4",
      "set mimeType to image/jpeg, image/png or video/mp4",
    );
  }
  return kind;
}

function renderMedia(
  media: Media,
  index: number,
  overrides: LineOverrides,
  warnings: string[],
): LineMediaMessage {
  const field = `media[${index}]`;
  if (media.url === undefined) {
    fail(
      `${field}.data`,
      "LINE fetches media from HTTPS URLs; bytes cannot be uploaded",
      "host the file and give its https url",
    );
  }
  checkHttpsUrl(media.url, `${field}.url`);
  if (media.data !== undefined) warnings.push(`${field}.data is ignored: LINE fetches the url`);
  if (media.alt !== undefined)
    warnings.push(`${field}.alt is dropped: LINE media messages have no alt text`);
  const type = mediaKind(media, field);
  const given = overrides.previewImageUrl;
  const preview =
    (typeof given === "string" ? given : given?.[index]) ??
    (type === "image" ? media.url : undefined);
  if (preview === undefined) {
    fail(
      field,
      "a LINE video needs a preview image",
      "set overrides.line.previewImageUrl to an https JPEG or PNG URL",
    );
  }
  return { type, originalContentUrl: media.url, previewImageUrl: preview };
}

/**
 * Turns a message into LINE message objects: the text (with `link` appended unless the text
 * already holds it) first, then one image or video message per media item, at most 5 in all;
 * `overrides.line.messages` replaces them. Throws a `ValidationError` for what LINE refuses.
 */
export function renderLineMessages(message: Message): LineMessages {
  const warnings: string[] = [];
  const overrides = readOverrides(message, warnings);
  const result = (messages: LineMessage[], lengths: LengthReport[]): LineMessages => ({
    messages,
    ...(overrides.notificationDisabled !== undefined && {
      notificationDisabled: overrides.notificationDisabled,
    }),
    lengths,
    warnings,
  });
  if (overrides.messages !== undefined) {
    if (message.text !== undefined || message.media !== undefined || message.link !== undefined) {
      warnings.push("overrides.line.messages replaces the text, link and media on LINE");
    }
    return result(overrides.messages, []);
  }

  const messages: LineMessage[] = [];
  const lengths: LengthReport[] = [];
  const base = message.text?.trim() ? message.text : undefined;
  const link =
    message.link !== undefined && !base?.includes(message.link) ? message.link : undefined;
  const text = [base, link].filter((part) => part !== undefined).join("\n");
  if (text.length > 0) {
    lengths.push({
      field: "text",
      length: text.length,
      max: LINE_TEXT_MAX,
      unit: "UTF-16 code units",
    });
    if (text.length > LINE_TEXT_MAX) {
      fail(
        "text",
        `at most ${LINE_TEXT_MAX} UTF-16 code units (got ${text.length}${link ? ", link included" : ""})`,
        "shorten the text or send it as two messages",
      );
    }
    messages.push({ type: "text", text });
  }
  const media = message.media ?? [];
  if (messages.length + media.length > LINE_MESSAGES_PER_REQUEST) {
    fail(
      "media",
      `at most ${LINE_MESSAGES_PER_REQUEST} message objects per request (${messages.length} text + ${media.length} media)`,
      "send the remaining media in another message",
    );
  }
  media.forEach((item, i) => {
    messages.push(renderMedia(item, i, overrides, warnings));
  });
  return result(messages, lengths);
}
