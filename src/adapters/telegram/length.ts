import { htmlPlainText } from "./html.js";
import { markdownV2PlainText } from "./markdown.js";

/**
 * The length Telegram checks: UTF-16 code units of the text after entity parsing
 * (https://core.telegram.org/bots/api#sendmessage, "characters after entities parsing";
 * entity offsets and lengths are in UTF-16 code units, https://core.telegram.org/api/entities).
 * Unknown parse modes are measured as plain text.
 */
export function telegramLength(text: string, parseMode: unknown): number {
  if (parseMode === "MarkdownV2") return markdownV2PlainText(text).length;
  if (parseMode === "HTML") return htmlPlainText(text).length;
  return text.length;
}
