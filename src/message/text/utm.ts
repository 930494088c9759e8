/**
 * UTM tagging of the links of a text: pure string work, so `preview` shows exactly what is sent.
 * Links are found with {@link findUrls}, the recognizer the length counting of Mastodon and X
 * uses, so a tagged link is still one link to the rules that count it.
 */
import { findUrls } from "./length.js";

/** The UTM parameters added to a link, by name, in the order they are appended. */
export interface UtmParameters {
  /** `utm_source`: the platform name (`x`, `telegram`). */
  utm_source: string;
  /** `utm_medium` (`social`, `messaging`). */
  utm_medium: string;
  /** `utm_campaign`. */
  utm_campaign: string;
  /** `utm_content`, when given. */
  utm_content?: string;
  /** `utm_term`, when given. */
  utm_term?: string;
}

/** One link of a text and what tagging made of it. */
export interface TaggedLink {
  /** Start offset of the link in the original text (UTF-16 code units, inclusive). */
  start: number;
  /** End offset in the original text (exclusive). */
  end: number;
  /** The link as written. */
  url: string;
  /** The link with its parameters (the same as `url` when it already had `utm_` ones). */
  tagged: string;
}

/** A text with its links tagged. */
export interface TaggedText {
  /** The text with every link replaced by its tagged form. */
  text: string;
  /** The links found, in order. */
  links: TaggedLink[];
}

/** Names in the order they are appended. */
const ORDER = ["utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"] as const;

/**
 * Percent-encodes a parameter value strictly: only `A-Z a-z 0-9 - _` stay as they are (RFC 3986
 * section 2.3 unreserved, less `.` and `~`), so a value never ends with a character that the
 * URL recognizers leave out of a link (twitter-text's valid_url_query_ending_chars).
 */
export function encodeUtmValue(value: string): string {
  return encodeURIComponent(value).replace(
    /[.~!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The query string of the parameters (`utm_source=x&utm_medium=social&...`), not escaped. */
export function utmQuery(params: UtmParameters): string {
  return ORDER.filter((name) => params[name] !== undefined)
    .map((name) => `${name}=${encodeUtmValue(params[name]!)}`)
    .join("&");
}

/** Adds links' parameters: the query written once for a whole text. */
interface Tagger {
  /** The parameters as the markup writes them. */
  added: string;
  /** `&` as the markup writes it. */
  amp: string;
  /** Finds a `utm_` parameter in a query. */
  hasUtm: RegExp;
}

function taggerOf(params: UtmParameters, inMarkup: (text: string) => string): Tagger {
  const amp = inMarkup("&");
  const separator = amp.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return {
    added: inMarkup(utmQuery(params)),
    amp,
    hasUtm: new RegExp(`(?:^|${separator})utm_`, "i"),
  };
}

function tagWith(url: string, tagger: Tagger): string {
  const hash = url.indexOf("#");
  const beforeHash = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? "" : url.slice(hash);
  const mark = beforeHash.indexOf("?");
  const query = mark === -1 ? "" : beforeHash.slice(mark + 1);
  const { amp } = tagger;
  if (tagger.hasUtm.test(query)) return url;
  const joiner = mark === -1 ? "?" : query === "" || query.endsWith(amp) ? "" : amp;
  return `${beforeHash}${joiner}${tagger.added}${fragment}`;
}

/**
 * Adds the parameters to one link, keeping its query (the new ones go after it) and its fragment
 * (after them). A link whose query already has a `utm_` parameter is left as written: the user's
 * tags win, none are merged. `inMarkup` writes the added text in the text's markup (`&` as
 * `&amp;` in HTML), and an existing query is read with `&` written so.
 *
 * @example tagUrl("https://shop.example/a?x=1#top", q) // "https://shop.example/a?x=1&utm_source=...#top"
 */
export function tagUrl(
  url: string,
  params: UtmParameters,
  inMarkup: (text: string) => string = (text) => text,
): string {
  return tagWith(url, taggerOf(params, inMarkup));
}

/**
 * Tags every http(s) link of `text` (as {@link findUrls} finds them: protocol required,
 * trailing punctuation and unbalanced parentheses left out), then reads the result again to
 * check each tagged link is still exactly one link, so every length rule counts it as the link
 * it is. Linear in the text.
 *
 * @throws RangeError naming the link when a tagged link would not be read as itself: its
 *   fragment ends in a character a query may not end with (`#a+`), or the text after it
 *   (`)more`) would join its query.
 */
export function tagLinks(
  text: string,
  params: UtmParameters,
  inMarkup: (text: string) => string = (text) => text,
): TaggedText {
  const tagger = taggerOf(params, inMarkup);
  const links: TaggedLink[] = [];
  const expected = new Map<number, { end: number; link: TaggedLink }>();
  let out = "";
  let cursor = 0;
  for (const found of findUrls(text)) {
    const tagged = tagWith(found.url, tagger);
    const link = { start: found.start, end: found.end, url: found.url, tagged };
    links.push(link);
    out += text.slice(cursor, found.start);
    expected.set(out.length, { end: out.length + tagged.length, link });
    out += tagged;
    cursor = found.end;
  }
  out += text.slice(cursor);
  if (links.length === 0) return { text, links };
  for (const again of findUrls(out)) {
    const wanted = expected.get(again.start);
    if (wanted === undefined) continue;
    if (wanted.end !== again.end)
      throw new RangeError(misread(wanted.link, again.end - wanted.end));
    expected.delete(again.start);
  }
  const [lost] = expected.values();
  if (lost !== undefined) throw new RangeError(misread(lost.link, 0));
  return { text: out, links };
}

/** Why a tagged link is not read as itself; `extra` > 0: it took text after it, < 0: lost some. */
function misread(link: TaggedLink, extra: number): string {
  const why =
    extra > 0
      ? "the text right after it would be read as part of its query"
      : "with a query before its fragment it would no longer be read as one link";
  return `${link.url}: tagged, ${why}`;
}

/** `text` with each link's span replaced by `replace(link)`; `links` in order, not overlapping. */
export function replaceLinks<L extends { start: number; end: number }>(
  text: string,
  links: readonly L[],
  replace: (link: L) => string,
): string {
  let out = "";
  let cursor = 0;
  for (const link of links) {
    out += text.slice(cursor, link.start) + replace(link);
    cursor = link.end;
  }
  return out + text.slice(cursor);
}
