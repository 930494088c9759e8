/**
 * The URLs X counts in a post, found as twitter-text 3 finds them (extractUrlsWithIndices, the
 * grammar of https://github.com/twitter/twitter-text/tree/master/js/src/regexp): a domain of
 * any letters ending in a known top-level domain, with or without `http(s)://`, then a port,
 * path and query by the same character classes. Checked against twitter-text's conformance
 * suite and against the `twitter-text` package itself (test/adapters/x-conformance.test.ts).
 *
 * The expressions are built without the `u` flag, as twitter-text's are: a code point beyond
 * U+FFFF is two code units to them, and case-insensitive matching stays ASCII-like.
 *
 * @packageDocumentation
 */

import type { UrlMatch } from "../../message/text/length.js";
import { topLevelDomains } from "../../message/text/tlds.js";

/** U+FFFE, U+FEFF, U+FFFF: twitter-text's invalid characters (invalidCharsGroup). */
export const INVALID_CHARS = "\\uFFFE\\uFEFF\\uFFFF";
/** Directional marks (directionalMarkersGroup): never part of a domain. */
const DIRECTIONAL = "\\u202A-\\u202E\\u061C\\u200E\\u200F\\u2066-\\u2069";
/** ASCII punctuation (punct). */
const PUNCT = "!'#%&'()*+,\\\\\\-./:;<=>?@\\[\\]^_{|}~$";
/** White space (spacesGroup). */
const SPACES =
  "\\x09-\\x0D\\x20\\x85\\xA0\\u1680\\u180E\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";
/** Latin letters with accents (latinAccentChars). */
const LATIN_ACCENTS =
  "\\xC0-\\xD6\\xD8-\\xF6\\xF8-\\xFF\\u0100-\\u024F\\u0253\\u0254\\u0256\\u0257\\u0259\\u025B\\u0263\\u0268\\u026F\\u0272\\u0289\\u028B\\u02BB\\u0300-\\u036F\\u1E00-\\u1EFF";
/** Cyrillic letters and marks (cyrillicLettersAndMarks). */
const CYRILLIC = "\\u0400-\\u04FF";

/** A character a domain label may hold: anything but punctuation, space, invalid, directional. */
const DOMAIN_CHAR = `[^${PUNCT}${SPACES}${INVALID_CHARS}${DIRECTIONAL}]`;
/** A subdomain label may hold `_`; the registered name only `-` (validSubdomain, validDomainName). */
const SUBDOMAIN = `(?:(?:${DOMAIN_CHAR}(?:[_-]|${DOMAIN_CHAR})*)?${DOMAIN_CHAR}\\.)`;
const DOMAIN_NAME = `(?:(?:${DOMAIN_CHAR}(?:-|${DOMAIN_CHAR})*)?${DOMAIN_CHAR}\\.)`;
const PUNYCODE = "(?:xn--[\\-0-9a-z]+)";

/** Path characters (validGeneralUrlPathChars), balanced parentheses, path ending characters. */
const PATH_CHAR = `[a-z${CYRILLIC}0-9!*';:=+,.$/%#[\\]\\-\\u2013_~@|&${LATIN_ACCENTS}]`;
const BALANCED_PARENS = `\\((?:${PATH_CHAR}+|(?:${PATH_CHAR}*\\(${PATH_CHAR}+\\)${PATH_CHAR}*))\\)`;
const PATH_END = `[+\\-a-z${CYRILLIC}0-9=_#/${LATIN_ACCENTS}]|(?:${BALANCED_PARENS})`;
const PATH = `(?:(?:${PATH_CHAR}*(?:${BALANCED_PARENS}${PATH_CHAR}*)*(?:${PATH_END}))|(?:@${PATH_CHAR}+/))`;
/** Query characters and the characters a query may end with (validUrlQueryChars, ...EndingChars). */
const QUERY = "(?:\\?[a-z0-9!?*'@();:&=+$/%#[\\]\\-_.,~|]*[a-z0-9\\-_&=#/])";
/** What may come before a URL (validUrlPrecedingChars). */
const PRECEDING = `(?:[^A-Za-z0-9@＠$#＃${INVALID_CHARS}]|[${DIRECTIONAL}]|^)`;

/** Characters before a URL without protocol that make it no URL (invalidUrlWithoutProtocolPrecedingChars). */
const BAD_BEFORE_BARE = /[-_./]$/;
/** twitter-text's MAX_URL_LENGTH: a longer URL (protocol included) is none. */
const MAX_URL_LENGTH = 4096;
/** twitter-text's MAX_TCO_SLUG_LENGTH: a t.co URL with a longer slug is none. */
const MAX_TCO_SLUG_LENGTH = 40;
/** RFC 1035 section 2.3.4: a DNS label is at most 63 octets (twitter-text lib/idna.js). */
const MAX_LABEL_LENGTH = 63;

/** The expressions, built once per {@link createUrlFinder}. */
interface Grammar {
  url: RegExp;
  asciiDomain: RegExp;
  tco: RegExp;
}

function grammar(): Grammar {
  // longest first, so that `com` never wins over `comcast` (twitter-text lists them so too)
  const names = topLevelDomains()
    .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))
    .join("|");
  const tld = `(?:(?:${names})(?=[^0-9a-zA-Z@+-]|$))`;
  const domain = `(?:${SUBDOMAIN}*${DOMAIN_NAME}(?:${tld}|${PUNYCODE}))`;
  const url = `(${PRECEDING})((https?:\\/\\/)?(${domain})(?::([0-9]+))?(\\/${PATH}*)?(${QUERY})?)`;
  return {
    url: new RegExp(url, "gi"),
    asciiDomain: new RegExp(`(?:(?:[\\-a-z0-9${LATIN_ACCENTS}]+)\\.)+(?:${tld}|${PUNYCODE})`, "gi"),
    tco: new RegExp(`^https?:\\/\\/t\\.co\\/([a-z0-9]+)${QUERY}?`, "i"),
  };
}

/** Finds the URLs X counts in a text; the same text always gives the same result. */
export type UrlFinder = (text: string) => UrlMatch[];

/**
 * Makes a URL finder (the expressions are compiled once per finder: about 1,500 top-level
 * domains). Offsets are UTF-16 code units of the text as given (count it in NFC, as X does).
 */
export function createUrlFinder(): UrlFinder {
  let compiled: Grammar | undefined;
  return (text) => {
    if (!text.includes(".")) return [];
    compiled ??= grammar();
    return findAll(text, compiled);
  };
}

function findAll(text: string, g: Grammar): UrlMatch[] {
  const found: UrlMatch[] = [];
  const re = new RegExp(g.url.source, g.url.flags);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const [, before = "", url = "", protocol, domain = "", , path] = m;
    const end = re.lastIndex;
    const start = end - url.length;
    if (!validLength(url, protocol ?? "https://", domain, g)) continue;
    if (protocol === undefined) {
      if (BAD_BEFORE_BARE.test(before)) continue;
      found.push(...bareUrls(text, domain, start, end, path !== undefined, g));
      continue;
    }
    const tco = g.tco.exec(url);
    if (tco !== null) {
      if ((tco[1] ?? "").length > MAX_TCO_SLUG_LENGTH) continue;
      // a t.co URL ends after its slug and query: nothing else of a path
      found.push({ start, end: start + tco[0].length, url: tco[0] });
      continue;
    }
    found.push({ start, end, url });
  }
  return found;
}

/**
 * The URLs of a match without protocol: each ASCII domain inside its domain (`日本example.com`
 * holds `example.com`); the last one takes the path and query.
 */
function bareUrls(
  text: string,
  domain: string,
  start: number,
  end: number,
  hasPath: boolean,
  g: Grammar,
): UrlMatch[] {
  const out: UrlMatch[] = [];
  const ascii = new RegExp(g.asciiDomain.source, g.asciiDomain.flags);
  let after = 0;
  for (let m = ascii.exec(domain); m !== null; m = ascii.exec(domain)) {
    // placed where the same text first occurs after the previous one, as twitter-text places it
    // (`domain.indexOf(asciiDomain, asciiEndPosition)`), which X's counting follows
    const s = domain.indexOf(m[0], after);
    after = s + m[0].length;
    out.push({ start: start + s, end: start + after, url: m[0] });
  }
  const last = out.at(-1);
  if (last !== undefined && hasPath) {
    last.end = end;
    last.url = text.slice(last.start, end);
  }
  return out;
}

/**
 * twitter-text's isValidUrl: every label of the domain 1 to 63 characters once punycode
 * encoded, a domain written in punycode (`xn--`) holding an ASCII domain, and the whole URL
 * at most 4,096 characters with the domain encoded.
 */
function validLength(url: string, protocol: string, domain: string, g: Grammar): boolean {
  if (domain.startsWith("xn--")) {
    const ascii = new RegExp(g.asciiDomain.source, "i");
    if (!ascii.test(domain)) return false;
  }
  let encoded = 0;
  const labels = domain.split(".");
  for (const label of labels) {
    const length = punycodeLength(label);
    if (length < 1 || length > MAX_LABEL_LENGTH) return false;
    encoded += length;
  }
  encoded += labels.length - 1;
  return protocol.length + url.length + encoded - domain.length <= MAX_URL_LENGTH;
}

/* RFC 3492 (Punycode) parameters, section 5. */
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;

/** RFC 3492 section 6.1: the bias adaptation. */
function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

/**
 * The length of a label once encoded as IDNA's ToASCII does with punycode (`xn--` and the RFC
 * 3492 encoding, only the length computed), lower-cased first; an ASCII label is itself. Code
 * points are read as UTF-16 code units, as the `punycode` package twitter-text uses reads them
 * after its ucs2 decoding (the same for every BMP character).
 */
export function punycodeLength(label: string): number {
  const points = Array.from(label.toLowerCase(), (c) => c.codePointAt(0) ?? 0);
  const basic = points.filter((p) => p < 0x80).length;
  if (basic === points.length) return points.length;
  let length = 4 + basic + (basic > 0 ? 1 : 0); // "xn--", the basic code points and "-"
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  let handled = basic;
  while (handled < points.length) {
    let m = Number.MAX_SAFE_INTEGER;
    for (const p of points) if (p >= n && p < m) m = p;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const p of points) {
      if (p < n) delta++;
      if (p !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
        length++;
        if (q < t) break;
        q = Math.floor((q - t) / (BASE - t));
      }
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return length;
}
