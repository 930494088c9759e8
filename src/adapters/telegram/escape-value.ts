import type { Message } from "../../message/schema.js";
import { escapeHtml } from "./html.js";
import { escapeMarkdownV2 } from "./markdown.js";
import { TELEGRAM, type TelegramParseMode } from "./types.js";

/** Characters legacy Markdown needs escaped outside entities (https://core.telegram.org/bots/api#markdown-style). */
const LEGACY_MARKDOWN_SPECIAL = /[_*`[]/g;

/**
 * Escapes a personalization value inserted into a message's text for the parse mode the text
 * is sent with: `overrides.telegram.parse_mode`, else none when the overrides give entities,
 * else the adapter's `parseMode`. The value is escaped as plain text: one inserted inside a
 * `code` span or a link URL needs that context's rules, which a template cannot know.
 */
export function escapeTelegramValue(
  value: string,
  message: Message,
  defaultMode: TelegramParseMode | undefined,
): string {
  const overrides = message.overrides?.[TELEGRAM] ?? {};
  const explicit = overrides.entities !== undefined || overrides.caption_entities !== undefined;
  const mode =
    typeof overrides.parse_mode === "string"
      ? overrides.parse_mode
      : explicit
        ? undefined
        : defaultMode;
  switch (mode?.toLowerCase()) {
    case "markdownv2":
      return escapeMarkdownV2(value);
    case "html":
      return escapeHtml(value);
    case "markdown":
      return value.replace(LEGACY_MARKDOWN_SPECIAL, "\\$&");
    default:
      return value;
  }
}
