import type { Message } from "../../message/schema.js";
import { ValidationError } from "../../transport/errors.js";
import { type Operation, stepRef } from "../contract.js";
import { MAX_IMAGE_BYTES } from "./limits.js";
import type { WechatOverrides, WechatTemplate } from "./types.js";

const PLATFORM = "wechat";

/** What one WeChat message carries: one kind only (text, an image, or a news article). */
export type WechatContent =
  | { kind: "text"; content: string }
  | { kind: "image"; mediaId: string }
  | { kind: "mpnews"; mediaId: string };

/** Where an uploaded image goes: permanent material for mass sends, temporary media otherwise. */
export type UploadKind = "material" | "temporary";

const OVERRIDE_KEYS = ["mpnews", "imageMediaId", "template", "preview", "send_ignore_reprint"];

function fail(field: string, rule: string, hint?: string): never {
  throw new ValidationError(field, rule, { platform: PLATFORM, ...(hint && { hint }) });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function checkTemplate(value: unknown): WechatTemplate {
  const field = "overrides.wechat.template";
  if (!isRecord(value) || typeof value.template_id !== "string" || value.template_id === "") {
    fail(`${field}.template_id`, "a template id is required");
  }
  if (!isRecord(value.data)) fail(`${field}.data`, "an object of { value } fields");
  for (const [key, entry] of Object.entries(value.data)) {
    if (!isRecord(entry) || typeof entry.value !== "string") {
      fail(`${field}.data.${key}`, "{ value: string, color?: string }");
    }
  }
  return value as unknown as WechatTemplate;
}

/** `overrides.wechat`, checked: unknown fields and wrong types are refused, not ignored. */
export function wechatOverrides(message: Message): WechatOverrides {
  const raw = message.overrides?.wechat;
  if (raw === undefined) return {};
  const unknown = Object.keys(raw).find((key) => !OVERRIDE_KEYS.includes(key));
  if (unknown !== undefined) {
    fail(`overrides.wechat.${unknown}`, "unknown field", `use ${OVERRIDE_KEYS.join(", ")}`);
  }
  for (const key of ["mpnews", "imageMediaId"] as const) {
    if (raw[key] !== undefined && (typeof raw[key] !== "string" || raw[key] === "")) {
      fail(`overrides.wechat.${key}`, "a media_id string");
    }
  }
  if (raw.preview !== undefined && typeof raw.preview !== "boolean") {
    fail("overrides.wechat.preview", "a boolean");
  }
  const reprint = raw.send_ignore_reprint;
  if (reprint !== undefined && reprint !== 0 && reprint !== 1) {
    fail("overrides.wechat.send_ignore_reprint", "0 or 1");
  }
  if (raw.template !== undefined) checkTemplate(raw.template);
  return raw as WechatOverrides;
}

/** The upload of `message.media[0]` (`POST /cgi-bin/material/add_material` or `/cgi-bin/media/upload`). */
function uploadOperation(message: Message, kind: UploadKind): Operation {
  const media = message.media?.[0];
  if (media?.data === undefined || media.mimeType === undefined) {
    return fail(
      "media[0].url",
      "WeChat does not fetch media from URLs",
      "pass the bytes ({ data, mimeType }), or an uploaded image as overrides.wechat.imageMediaId",
    );
  }
  if (!/^image\/(png|jpeg|gif)$/.test(media.mimeType)) {
    fail("media[0].mimeType", `${media.mimeType} not supported`, "PNG, JPEG or GIF");
  }
  if (media.data.byteLength === 0 || media.data.byteLength > MAX_IMAGE_BYTES) {
    fail("media[0].data", `1 to ${MAX_IMAGE_BYTES} bytes (10 MB)`);
  }
  const extension = media.mimeType.slice("image/".length).replace("jpeg", "jpg");
  return {
    step: "image",
    route: "media",
    method: "POST",
    // mass sends take permanent material (新增永久素材); customer-service messages and previews
    // temporary media (新增临时素材, kept 3 days)
    path: kind === "material" ? "/cgi-bin/material/add_material" : "/cgi-bin/media/upload",
    query: { type: "image" },
    body: {
      form: [
        {
          name: "media",
          data: media.data,
          filename: media.filename ?? `image.${extension}`,
          mimeType: media.mimeType,
        },
      ],
    },
    // a repeated upload adds an unused copy to the account's library; no user ever sees it
    idempotency: "safe",
  };
}

/**
 * The content of a message and the upload it needs first. One kind per WeChat message: a news
 * article (`overrides.wechat.mpnews`), an image (`media[0]` bytes, uploaded, or
 * `overrides.wechat.imageMediaId`), or the text (with `link` appended).
 */
export function wechatContent(
  message: Message,
  overrides: WechatOverrides,
  upload: UploadKind,
): { content: WechatContent; uploads: Operation[] } {
  const media = message.media ?? [];
  const text = [
    message.text?.trim() ?? "",
    message.link && !message.text?.includes(message.link) ? message.link : "",
  ]
    .filter((part) => part !== "")
    .join("\n");
  if (overrides.mpnews !== undefined) {
    if (media.length > 0 || overrides.imageMediaId !== undefined) {
      fail("media", "a news message carries its images itself", "put the images in the article");
    }
    return { content: { kind: "mpnews", mediaId: overrides.mpnews }, uploads: [] };
  }
  const image = media.length > 0 || overrides.imageMediaId !== undefined;
  if (image && text !== "") {
    fail(
      "text",
      "a WeChat message is either text or an image",
      "send the text and the image as two messages, or as a news article (overrides.wechat.mpnews)",
    );
  }
  if (media.length > 1) fail("media", "one image per WeChat message");
  if (overrides.imageMediaId !== undefined) {
    if (media.length > 0) fail("media", "give media or overrides.wechat.imageMediaId, not both");
    return { content: { kind: "image", mediaId: overrides.imageMediaId }, uploads: [] };
  }
  if (media.length === 1) {
    return {
      content: { kind: "image", mediaId: stepRef("image", "media_id") },
      uploads: [uploadOperation(message, upload)],
    };
  }
  return { content: { kind: "text", content: text }, uploads: [] };
}

/** The content as mass sends write it (`mass/sendall`, `mass/send`). */
export function massContent(content: WechatContent): Record<string, unknown> {
  switch (content.kind) {
    case "text":
      return { msgtype: "text", text: { content: content.content } };
    case "image":
      return { msgtype: "image", images: { media_ids: [content.mediaId] } };
    case "mpnews":
      return { msgtype: "mpnews", mpnews: { media_id: content.mediaId } };
  }
}

/** The content as messages to one user write it (`custom/send`, `mass/preview`). */
export function singleContent(content: WechatContent): Record<string, unknown> {
  switch (content.kind) {
    case "text":
      return { msgtype: "text", text: { content: content.content } };
    case "image":
      return { msgtype: "image", image: { media_id: content.mediaId } };
    case "mpnews":
      return { msgtype: "mpnews", mpnews: { media_id: content.mediaId } };
  }
}
