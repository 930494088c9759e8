import { URL_WEIGHT } from "./limits.js";

/** http(s) links as Weibo's composer finds them: up to white space or CJK punctuation. */
const LINK = /https?:\/\/[^\s<>"'\u3000-\u303f\uff00-\uffef]+/giu;

/**
 * A text's length in Chinese characters, counted as Weibo's composer counts it: a character
 * outside ASCII is 1, an ASCII character is half of one, a link is {@link URL_WEIGHT} halves
 * (its `t.cn` short form), and the sum of halves is rounded up. The API docs only say "140
 * Chinese characters" (open.weibo.com/wiki/2/statuses/share) without a rule; this is the
 * composer's rule as widely documented (unconfirmed), and the simulator applies the same one.
 */
export function countWeiboLength(text: string): number {
  let halves = 0;
  const rest = text.replace(LINK, () => {
    halves += URL_WEIGHT;
    return "";
  });
  for (const char of rest) halves += (char.codePointAt(0) ?? 0) < 0x80 ? 1 : 2;
  return Math.ceil(halves / 2);
}

/** The http(s) links in a text. */
export function findWeiboLinks(text: string): string[] {
  return text.match(LINK) ?? [];
}

/** True when `link`'s host is `domain` or one of its subdomains. */
export function inSafeDomain(link: string, domain: string): boolean {
  if (!URL.canParse(link)) return false;
  const host = new URL(link).hostname.toLowerCase();
  const safe = domain.toLowerCase().replace(/^\.+/, "");
  return host === safe || host.endsWith(`.${safe}`);
}
