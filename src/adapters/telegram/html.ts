/**
 * HTML helpers, following the Bot API "Formatting options" rules
 * (https://core.telegram.org/bots/api#html-style).
 */

const HTML_SPECIAL: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;" };

/**
 * Escapes text for HTML parse mode: every `<`, `>` and `&` that is not part of a tag or an
 * entity must be written `&lt;`, `&gt;`, `&amp;`.
 *
 * @example `<b>${escapeHtml("Tom & Jerry <3")}</b>` // "<b>Tom &amp; Jerry &lt;3</b>"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[<>&]/g, (c) => HTML_SPECIAL[c] ?? c);
}

/** The named entities the Bot API supports ("only &lt;, &gt;, &amp; and &quot;"). */
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/**
 * The text Telegram shows for an HTML message: tags removed and entities decoded. Used to
 * measure lengths "after entities parsing".
 */
export function htmlPlainText(text: string): string {
  return text
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith("#")) {
        const hex = name[1] === "x" || name[1] === "X";
        const code = Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
        // U+10FFFF is the last Unicode code point
        return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return NAMED[name.toLowerCase()] ?? entity;
    });
}
