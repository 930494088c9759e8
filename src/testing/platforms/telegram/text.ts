/** Named HTML entities the Bot API decodes (core.telegram.org/bots/api#html-style). */
const HTML_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/**
 * The text Telegram keeps after parsing `parse_mode` markup (tags, escapes and link targets
 * removed), whose UTF-16 length is what the 4096 / 1024 limits apply to. An approximation of the
 * Bot API parser that is good for lengths, not a validator of the markup.
 */
export function visibleText(text: string, parseMode: string | undefined): string {
  const mode = parseMode?.toLowerCase();
  if (mode === "html") {
    return text
      .replace(/<[^>]*>/g, "")
      .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
        if (name[0] === "#") {
          const code =
            name[1]?.toLowerCase() === "x"
              ? Number.parseInt(name.slice(2), 16)
              : Number(name.slice(1));
          return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
        }
        return HTML_ENTITIES[name.toLowerCase()] ?? whole;
      });
  }
  if (mode === "markdownv2" || mode === "markdown") {
    // Links keep their text: [text](url) -> text; custom emoji ![x](tg://emoji?id=...) -> x.
    let out = text.replace(/!?\[((?:\\.|[^\]\\])*)\]\((?:\\.|[^)\\])*\)/g, "$1");
    // Escaped characters stay (without the backslash); bare markup characters disappear.
    const markup = mode === "markdownv2" ? /\\(.)|```[^\n]*\n?|[*_~|`]/gs : /\\(.)|```|[*_`]/gs;
    out = out.replace(markup, (_whole, escaped: string | undefined) => escaped ?? "");
    return out;
  }
  return text;
}
