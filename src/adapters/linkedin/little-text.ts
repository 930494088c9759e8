/**
 * LinkedIn's "little text" format of post commentary
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format):
 * `| { } @ [ ] ( ) < > # * _ ~` and `\` are reserved and must be escaped with a backslash;
 * an unescaped one starts a template, and text LinkedIn cannot parse is cut off without an error.
 * Hashtags are written as templates: `{hashtag|\#|sale}`.
 */

/** The reserved characters (PLATFORMS.md, LinkedIn row). */
const RESERVED = /[|{}@[\]()<>#*_~\\]/g;

/**
 * A hashtag as LinkedIn links it: `#` at the start or after a character that is not a letter,
 * digit, `_` or `&` (so `a#b` and `&#38;` are not), then letters, digits and `_` holding at least
 * one letter (`#1` is not a hashtag).
 */
const HASHTAG = /(^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;

/** Escapes every reserved character, so LinkedIn shows `text` exactly as given. */
export function escapeLittleText(text: string): string {
  return text.replace(RESERVED, (char) => `\\${char}`);
}

/**
 * Commentary for a post: reserved characters escaped, and with `hashtags` each `#word` turned
 * into a hashtag template (`{hashtag|\#|word}`) so it stays a link.
 */
export function toLittleText(text: string, hashtags = true): string {
  if (!hashtags) return escapeLittleText(text);
  let out = "";
  let last = 0;
  for (const match of text.matchAll(HASHTAG)) {
    const lead = match[1] ?? "";
    const start = (match.index ?? 0) + lead.length;
    out += escapeLittleText(text.slice(last, start));
    out += `{hashtag|\\#|${escapeLittleText(match[2] ?? "")}}`;
    last = (match.index ?? 0) + match[0].length;
  }
  return out + escapeLittleText(text.slice(last));
}
