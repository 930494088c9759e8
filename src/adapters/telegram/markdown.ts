/**
 * MarkdownV2 helpers, following the Bot API "Formatting options" rules
 * (https://core.telegram.org/bots/api#markdownv2-style).
 */

/** Characters that must be escaped in MarkdownV2 text, plus `\` itself. */
const SPECIAL = /[_*[\]()~`>#+\-=|{}.!\\]/g;

/** Characters that must be escaped inside `pre` and `code` entities. */
const CODE_SPECIAL = /[`\\]/g;

/** Characters that must be escaped inside the `(...)` part of an inline link. */
const LINK_URL_SPECIAL = /[)\\]/g;

/**
 * Escapes text for MarkdownV2 outside code: every `_ * [ ] ( ) ~ \` > # + - = | { } . !` and
 * `\` gets a preceding `\`, so Telegram shows the text exactly as given.
 *
 * @example escapeMarkdownV2("30% off (today).") // "30% off \\(today\\)\\."
 */
export function escapeMarkdownV2(text: string): string {
  return text.replace(SPECIAL, "\\$&");
}

/**
 * Escapes text for use inside a MarkdownV2 `code` or `pre` entity, where only `` ` `` and `\`
 * must be escaped.
 *
 * @example `\`${escapeMarkdownV2Code("a`b")}\`` // "`a\\`b`"
 */
export function escapeMarkdownV2Code(text: string): string {
  return text.replace(CODE_SPECIAL, "\\$&");
}

/**
 * Escapes a URL for the `(...)` part of a MarkdownV2 inline link, where `)` and `\` must be
 * escaped.
 *
 * @example `[shop](${escapeMarkdownV2Url("https://x.example/a_(b)")})`
 */
export function escapeMarkdownV2Url(url: string): string {
  return url.replace(LINK_URL_SPECIAL, "\\$&");
}

/**
 * A tagged template for MarkdownV2: the literal parts are kept as written (they are the
 * markup, so escape their own special characters), and every interpolated value is escaped
 * with {@link escapeMarkdownV2}.
 *
 * @example md`*Sale* for ${userName}\\!` // user input cannot break the formatting
 */
export function md(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += escapeMarkdownV2(String(value)) + (strings[i + 1] ?? "");
  });
  return out;
}

/** Reads from `start` (after an opening delimiter) to the unescaped `close`, unescaping. */
function readUntil(text: string, start: number, close: string): { content: string; end: number } {
  let content = "";
  let i = start;
  while (i < text.length) {
    if (text[i] === "\\" && i + 1 < text.length) {
      content += text[i + 1];
      i += 2;
    } else if (text.startsWith(close, i)) {
      return { content, end: i + close.length };
    } else {
      content += text[i];
      i += 1;
    }
  }
  return { content, end: i };
}

/**
 * The text Telegram shows for a MarkdownV2 message: markup removed, escapes resolved, link
 * URLs and the language of `pre` blocks dropped. Used to measure lengths "after entities
 * parsing"; markup Telegram would reject is counted as text, so valid input is never refused.
 */
export function markdownV2PlainText(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? "";
    if (c === "\\" && i + 1 < text.length) {
      out += text[i + 1];
      i += 2;
    } else if (text.startsWith("```", i)) {
      let start = i + 3;
      const newline = text.indexOf("\n", start);
      // "```python\ncode```": the first line names the language and is not shown
      if (newline !== -1 && /^\S*$/.test(text.slice(start, newline))) start = newline + 1;
      const block = readUntil(text, start, "```");
      out += block.content;
      i = block.end;
    } else if (c === "`") {
      const code = readUntil(text, i + 1, "`");
      out += code.content;
      i = code.end;
    } else if (c === "]" && text[i + 1] === "(") {
      // the URL of an inline link or custom emoji is not shown
      i = readUntil(text, i + 2, ")").end;
    } else if (c === "!" && text[i + 1] === "[") {
      i += 1;
    } else if ("*_~|[>".includes(c)) {
      i += 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}
