import type { Media, Message } from "../../message/schema.js";
import { ValidationError } from "../../transport/errors.js";
import type {
  Destination,
  FormField,
  LengthReport,
  Operation,
  RenderContext,
  Rendering,
} from "../contract.js";
import { telegramLength } from "./length.js";
import { classifyMedia, uploadFilename } from "./media.js";
import {
  LENGTH_UNIT,
  MAX_CAPTION_LENGTH,
  MAX_MEDIA_GROUP,
  MAX_TEXT_LENGTH,
  TELEGRAM,
  type TelegramMethod,
  type TelegramParseMode,
} from "./types.js";

/** What `render` needs from the factory options. */
export interface RenderSettings {
  /** The bot token, which goes into the path. */
  token: string;
  /** The default parse mode, if any. */
  parseMode: TelegramParseMode | undefined;
  /** Whether to set `allow_paid_broadcast: true`. */
  paidBroadcast: boolean;
}

/** Bytes uploaded as a multipart form field. */
interface Upload {
  name: string;
  data: Uint8Array;
  filename: string;
  mimeType: string;
}

/** One message rendered for any chat: the method, its fields without `chat_id`, and uploads. */
interface Plan {
  method: TelegramMethod;
  fields: Record<string, unknown>;
  uploads: Upload[];
  lengths: LengthReport[];
  warnings: string[];
}

/** Which per-chat limit applies (see limits.ts). */
type ChatKind = "private" | "group";

/** Override keys that belong on the first item of an album, next to its caption. */
const CAPTION_KEYS = new Set([
  "caption",
  "parse_mode",
  "caption_entities",
  "show_caption_above_media",
]);

type Fields = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Sets `key` to `value`, merging one level deep when both are objects (`reply_parameters`). */
function mergeField(target: Fields, key: string, value: unknown): void {
  if (value === undefined) return;
  const current = target[key];
  target[key] = isPlainObject(current) && isPlainObject(value) ? { ...current, ...value } : value;
}

/** Reads a chat id or `@username` and which per-chat limit applies to it (edits use it too). */
export function resolveChat(
  chat: string,
  field: string,
): { chatId: number | string; kind: ChatKind } {
  // chat ids are integers of at most 52 significant bits (https://core.telegram.org/bots/api#chat)
  if (/^-?\d{1,20}$/.test(chat)) {
    const id = Number(chat);
    return { chatId: Number.isSafeInteger(id) ? id : chat, kind: id > 0 ? "private" : "group" };
  }
  // public usernames: 4-32 letters, digits and underscores (https://telegram.org/faq#q-what-can-i-use-as-my-username)
  if (/^@[A-Za-z0-9_]{4,32}$/.test(chat)) return { chatId: chat, kind: "group" };
  throw new ValidationError(field, "a chat id (an integer such as -1001234567890) or @username", {
    platform: TELEGRAM,
    hint: "write a public channel or group as @name, not as a t.me link; users only by numeric id",
  });
}

function destinationChats(destination: Destination): Array<{ chat: string; field: string }> {
  switch (destination.kind) {
    case "chat":
      return [{ chat: destination.chat, field: "chat" }];
    case "recipients":
      return destination.recipients.map((r, i) => ({ chat: r.id, field: `recipients[${i}]` }));
    default:
      throw new ValidationError("to", `Telegram cannot send to a ${destination.kind} destination`, {
        platform: TELEGRAM,
        hint: "send to a chat (@channel or a chat id) or to recipients (user ids)",
      });
  }
}

function messageId(replyTo: string): number {
  const id = Number(replyTo);
  if (!/^\d+$/.test(replyTo) || !Number.isSafeInteger(id) || id <= 0) {
    throw new ValidationError("replyTo", "a Telegram message id (a positive integer)", {
      platform: TELEGRAM,
      hint: "use the message_id Telegram returned for the message in the same chat",
    });
  }
  return id;
}

/** Measures `value` by Telegram's rule and throws past `max`; the error's field is `text`. */
export function measure(
  value: unknown,
  parseMode: unknown,
  field: "text" | "caption",
  max: number,
): LengthReport | undefined {
  if (typeof value !== "string") return undefined;
  const length = telegramLength(value, parseMode);
  if (length > max) {
    throw new ValidationError(
      "text",
      `max ${max} ${LENGTH_UNIT}${field === "caption" ? " in a caption" : ""} (got ${length})`,
      {
        platform: TELEGRAM,
        hint:
          field === "caption"
            ? "with media the text is the caption: shorten it, or send the text as a message of its own"
            : "shorten the text or split it into several messages",
      },
    );
  }
  if (length === 0 && field === "text") {
    throw new ValidationError("text", `at least 1 ${LENGTH_UNIT}`, { platform: TELEGRAM });
  }
  return { field, length, max, unit: LENGTH_UNIT };
}

/** The `overrides.telegram` fields, without `chat_id` (the target decides the chat). */
function readOverrides(message: Message, warnings: string[]): Fields {
  const overrides: Fields = { ...(message.overrides?.[TELEGRAM] ?? {}) };
  if ("chat_id" in overrides) {
    delete overrides.chat_id;
    warnings.push("overrides.telegram.chat_id was ignored: the target decides the chat");
  }
  return overrides;
}

/** For a caption, `entities` means `caption_entities`. */
function captionOverrides(overrides: Fields): Fields {
  const { entities, ...rest } = overrides;
  if (entities !== undefined && rest.caption_entities === undefined)
    rest.caption_entities = entities;
  return rest;
}

interface PlanInput {
  text: string | undefined;
  media: Media[];
  common: Fields;
  overrides: Fields;
  parseMode: TelegramParseMode | undefined;
  warnings: string[];
}

function planText(input: PlanInput, link: string | undefined): Plan {
  if (input.text === undefined) {
    throw new ValidationError("text", "text or media required", { platform: TELEGRAM });
  }
  const fields: Fields = { text: input.text };
  if (input.parseMode !== undefined) fields.parse_mode = input.parseMode;
  if (link !== undefined) fields.link_preview_options = { url: link };
  Object.assign(fields, input.common);
  for (const [key, value] of Object.entries(input.overrides)) mergeField(fields, key, value);
  const length = measure(fields.text, fields.parse_mode, "text", MAX_TEXT_LENGTH);
  return {
    method: "sendMessage",
    fields,
    uploads: [],
    lengths: length ? [length] : [],
    warnings: input.warnings,
  };
}

function planSingle(input: PlanInput, item: Media): Plan {
  const { kind, warning } = classifyMedia(item, 0);
  if (warning !== undefined) input.warnings.push(warning);
  const fields: Fields = {};
  const uploads: Upload[] = [];
  if (item.data !== undefined) {
    const mimeType = item.mimeType ?? "application/octet-stream";
    uploads.push({ name: kind, data: item.data, filename: uploadFilename(item, 0), mimeType });
  } else {
    fields[kind] = item.url;
  }
  if (input.text !== undefined) {
    fields.caption = input.text;
    if (input.parseMode !== undefined) fields.parse_mode = input.parseMode;
  }
  Object.assign(fields, input.common);
  for (const [key, value] of Object.entries(captionOverrides(input.overrides))) {
    mergeField(fields, key, value);
  }
  const length = measure(fields.caption, fields.parse_mode, "caption", MAX_CAPTION_LENGTH);
  return {
    method: kind === "photo" ? "sendPhoto" : "sendVideo",
    fields,
    uploads,
    lengths: length ? [length] : [],
    warnings: input.warnings,
  };
}

function planGroup(input: PlanInput): Plan {
  const uploads: Upload[] = [];
  const items: Fields[] = input.media.map((item, i) => {
    const { kind, warning } = classifyMedia(item, i);
    if (warning !== undefined) input.warnings.push(warning);
    if (item.data === undefined) return { type: kind, media: item.url };
    const mimeType = item.mimeType ?? "application/octet-stream";
    const name = `file${i}`;
    uploads.push({ name, data: item.data, filename: uploadFilename(item, i), mimeType });
    // https://core.telegram.org/bots/api#inputmediaphoto: "attach://<file_attach_name>"
    return { type: kind, media: `attach://${name}` };
  });
  const first = items[0] ?? {};
  if (input.text !== undefined) {
    first.caption = input.text;
    if (input.parseMode !== undefined) first.parse_mode = input.parseMode;
  }
  const fields: Fields = { media: items, ...input.common };
  for (const [key, value] of Object.entries(captionOverrides(input.overrides))) {
    if (CAPTION_KEYS.has(key)) mergeField(first, key, value);
    else if (key === "has_spoiler") for (const item of items) mergeField(item, key, value);
    else mergeField(fields, key, value);
  }
  const length = measure(first.caption, first.parse_mode, "caption", MAX_CAPTION_LENGTH);
  return {
    method: "sendMediaGroup",
    fields,
    uploads,
    lengths: length ? [length] : [],
    warnings: input.warnings,
  };
}

/** Plans the message once; every chat of the destination then gets the same fields. */
function planMessage(settings: RenderSettings, message: Message, context: RenderContext): Plan {
  const media = message.media ?? [];
  if (media.length > MAX_MEDIA_GROUP) {
    throw new ValidationError("media", `at most ${MAX_MEDIA_GROUP} items (got ${media.length})`, {
      platform: TELEGRAM,
      hint: "Telegram albums hold 2-10 photos or videos: split the media over several messages",
    });
  }
  const warnings: string[] = [];
  const overrides = readOverrides(message, warnings);
  if (context.scheduleAt !== undefined) {
    warnings.push("Telegram bots cannot schedule messages: the platform was not asked to");
  }
  if (media.some((m) => m.alt !== undefined)) {
    warnings.push(
      "media alt text: Telegram has no alt text for photos and videos; it was not sent",
    );
  }
  const common: Fields = {};
  if (message.replyTo !== undefined) {
    common.reply_parameters = { message_id: messageId(message.replyTo) };
  }
  // https://core.telegram.org/bots/api#sendmessage: allow_paid_broadcast
  if (settings.paidBroadcast) common.allow_paid_broadcast = true;
  const explicitEntities =
    overrides.entities !== undefined || overrides.caption_entities !== undefined;
  const input: PlanInput = {
    text: message.text !== undefined && message.text.length > 0 ? message.text : undefined,
    media,
    common,
    overrides,
    parseMode: explicitEntities ? undefined : settings.parseMode,
    warnings,
  };
  if (media.length === 0) return planText(input, message.link);
  if (message.link !== undefined && !(input.text ?? "").includes(message.link)) {
    warnings.push(
      "link: Telegram previews links only on text messages, and the caption does not contain it: it was not sent",
    );
  }
  const [single] = media;
  return media.length === 1 && single !== undefined ? planSingle(input, single) : planGroup(input);
}

/** A form field value: strings as they are, everything else JSON-serialized (Bot API rule). */
function formValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function toOperation(
  settings: RenderSettings,
  plan: Plan,
  step: string,
  chat: string,
  resolved: { chatId: number | string; kind: ChatKind },
): Operation {
  const fields: Fields = { chat_id: resolved.chatId, ...plan.fields };
  const body =
    plan.uploads.length === 0
      ? { json: fields }
      : {
          form: [
            ...Object.entries(fields).map(
              ([name, value]): FormField => ({ name, value: formValue(value) }),
            ),
            ...plan.uploads.map(
              (u): FormField => ({
                name: u.name,
                data: u.data,
                filename: u.filename,
                mimeType: u.mimeType,
              }),
            ),
          ],
        };
  return {
    step,
    route: plan.method,
    method: "POST",
    // https://core.telegram.org/bots/api#making-requests: https://api.telegram.org/bot<token>/METHOD_NAME
    path: `/bot${settings.token}/${plan.method}`,
    body,
    // Telegram has no idempotency key: an ambiguous failure is reported as unknown, not resent
    idempotency: "none",
    chat,
    chatKind: resolved.kind,
  };
}

/**
 * Renders a message for a chat or a batch of recipients: one `sendMessage`, `sendPhoto`,
 * `sendVideo` or `sendMediaGroup` per chat. Pure; throws a `ValidationError` for what
 * Telegram cannot take.
 */
export function renderTelegram(
  settings: RenderSettings,
  message: Message,
  destination: Destination,
  context: RenderContext,
): Rendering {
  const sample = destination.kind === "recipients" && destination.sample === true;
  const chats = destinationChats(destination).map((c) => ({
    chat: c.chat,
    // a sample batch holds placeholder ids: everything else is still checked
    resolved: sample ? { chatId: c.chat, kind: "private" as const } : resolveChat(c.chat, c.field),
  }));
  const plan = planMessage(settings, message, context);
  const operations = chats.map((c, i) =>
    toOperation(
      settings,
      plan,
      destination.kind === "chat" ? plan.method : `${plan.method}-${i}`,
      c.chat,
      c.resolved,
    ),
  );
  const rendering: Rendering = { operations, lengths: plan.lengths };
  if (plan.warnings.length > 0) rendering.warnings = plan.warnings;
  return rendering;
}
