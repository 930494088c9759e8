/**
 * How the simulated LinkedIn shows a post's commentary: little text read as LinkedIn documents it
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format):
 * `\x` is the character `x`; `{hashtag|\#|word}` is `#word`; `@[Name](urn:li:...)` is `Name`.
 * LinkedIn cuts a post at text it cannot parse without an error (PLATFORMS.md); exactly where is
 * not documented, so the simulator's model is: at the first unescaped reserved character that
 * starts no template.
 */

/** Reserved characters of little text. */
const RESERVED = new Set([..."|{}@[]()<>#*_~\\"]);
const HASHTAG = /^\{hashtag\|\\#\|((?:\\.|[^\\{}|])+)\}/;
const MENTION = /^@\[((?:\\.|[^\\\]])+)\]\((urn:li:[^)]+)\)/;

const unescaped = (text: string): string => text.replace(/\\(.)/g, "$1");

/** The text LinkedIn would show for `commentary`, and whether it was cut. */
export function showLittleText(commentary: string): { text: string; truncated: boolean } {
  let out = "";
  let i = 0;
  while (i < commentary.length) {
    const char = commentary[i] as string;
    if (char === "\\" && i + 1 < commentary.length) {
      out += commentary[i + 1];
      i += 2;
      continue;
    }
    if (!RESERVED.has(char)) {
      out += char;
      i++;
      continue;
    }
    const rest = commentary.slice(i);
    const tag = HASHTAG.exec(rest);
    if (tag) {
      out += `#${unescaped(tag[1] ?? "")}`;
      i += tag[0].length;
      continue;
    }
    const mention = MENTION.exec(rest);
    if (mention) {
      out += unescaped(mention[1] ?? "");
      i += mention[0].length;
      continue;
    }
    return { text: out, truncated: true };
  }
  return { text: out, truncated: false };
}
