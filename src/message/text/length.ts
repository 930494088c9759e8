/**
 * Text length counting shared by adapters: grapheme clusters (what a reader sees as one
 * character) with every URL counted as a fixed weight, as Mastodon and X do.
 *
 * Indices in this module are UTF-16 code unit offsets into the string (JavaScript's own).
 */

/** A span of a text that counts as a replacement string instead of itself. */
export interface TextEntity {
  /** Start offset (UTF-16 code units, inclusive). */
  start: number;
  /** End offset (UTF-16 code units, exclusive). */
  end: number;
  /** What the span counts as (e.g. 23 `x` for a URL, `@user` for `@user@domain`). */
  replacement: string;
}

/** A URL found in a text. */
export interface UrlMatch {
  /** Start offset (UTF-16 code units, inclusive). */
  start: number;
  /** End offset (UTF-16 code units, exclusive). */
  end: number;
  /** The URL as written. */
  url: string;
}

/** Options of {@link countWeightedLength}. */
export interface WeightedLengthOptions {
  /** How many characters every URL counts as, whatever its length (Mastodon and X: 23). */
  urlWeight: number;
  /**
   * Other spans that count as a replacement (e.g. Mastodon mentions). Where spans overlap,
   * the one that starts first wins, URLs included (as twitter-text's remove_overlapping_entities).
   */
  entities?: readonly TextEntity[];
}

/*
 * The URL grammar follows twitter-text's valid_url as patched by Mastodon
 * (https://github.com/mastodon/mastodon/blob/main/config/initializers/twitter_regex.rb),
 * restricted to http and https with the protocol required (Mastodon counts only those:
 * extract_url_without_protocol: false). Deviation: twitter-text also requires a known TLD;
 * here any alphabetic or punycode TLD of 2+ letters is accepted.
 */

/** Protocol, domain and port; the lookbehind is twitter-text's valid_url_preceding_chars. */
const URL_HEAD =
  /(?<![A-Za-z0-9@＠$#＃])https?:\/\/(?:[\p{L}\p{N}_](?:[\p{L}\p{N}_-]*[\p{L}\p{N}_])?\.)+(?:xn--[a-z0-9-]+|\p{L}{2,})(?![\p{L}\p{N}_-])(?::[0-9]+)?/giu;

/** valid_general_url_path_chars: anything but white space, `<`, `>`, parentheses and `?`. */
const PATH_CHAR = /[^\p{White_Space}<>()?]/u;
/** Characters a path may not end with (valid_url_path_ending_chars excludes them). */
const BAD_PATH_END = /[\p{White_Space}()?!*"'「」<>;:=,.$%[\]~&|@]/u;
/** valid_url_query_chars (UCHARS: non-ASCII letters and symbols). */
const QUERY_CHAR =
  /[a-z0-9!?*'();:&=+$/%#[\]\-_.,~|@^\u{A0}-\u{D7FF}\u{F900}-\u{FDCF}\u{FDF0}-\u{FFEF}\u{10000}-\u{10FFFD}]/iu;
/** valid_url_query_ending_chars. */
const QUERY_END =
  /[a-z0-9_&=#/\-\u{A0}-\u{D7FF}\u{F900}-\u{FDCF}\u{FDF0}-\u{FFEF}\u{10000}-\u{10FFFD}]/iu;

/** One code point (not code unit) at `index`. */
function charAt(text: string, index: number): string {
  const cp = text.codePointAt(index);
  return cp === undefined ? "" : String.fromCodePoint(cp);
}

/**
 * Reads a path starting at `start` (on a `/`): path characters and balanced parentheses (one
 * nesting level, as valid_url_balanced_parens), then backs off characters a URL cannot end
 * with, except a closing parenthesis of a balanced group. Returns the end offset.
 */
function readPath(text: string, start: number): number {
  let i = start + 1;
  let depth = 0;
  let lastGood = start + 1; // the leading `/` alone is a valid path
  while (i < text.length) {
    const ch = charAt(text, i);
    if (ch === "(") {
      if (depth >= 2) break;
      depth += 1;
    } else if (ch === ")") {
      if (depth === 0) break;
      depth -= 1;
      if (depth === 0) lastGood = i + 1; // a balanced group may end a URL
    } else if (!PATH_CHAR.test(ch)) {
      break;
    } else if (depth === 0 && !BAD_PATH_END.test(ch)) {
      lastGood = i + ch.length;
    }
    i += ch.length;
  }
  return lastGood;
}

/** Reads a query starting at `start` (on a `?`); returns its end, or `start` when none. */
function readQuery(text: string, start: number): number {
  let i = start + 1;
  let lastGood = start;
  while (i < text.length) {
    const ch = charAt(text, i);
    if (!QUERY_CHAR.test(ch)) break;
    i += ch.length;
    if (QUERY_END.test(ch)) lastGood = i;
  }
  return lastGood;
}

/** Extends a URL head ending at `end` with its path and query. */
function urlEnd(text: string, end: number): number {
  let out = end;
  if (text[out] === "/") out = readPath(text, out);
  if (text[out] === "?") out = readQuery(text, out);
  return out;
}

/**
 * Finds the http(s) URLs of a text the way Mastodon does (twitter-text's extractor with
 * Mastodon's path rules): trailing punctuation such as `.` `,` `!` `?` is not part of a URL,
 * balanced parentheses are. (X finds URLs by twitter-text's own rules: src/adapters/x/urls.ts.)
 *
 * @example findUrls("see https://example.com/a.") // [{ start: 4, end: 25, url: "https://example.com/a" }]
 */
export function findUrls(text: string): UrlMatch[] {
  const found: UrlMatch[] = [];
  const head = new RegExp(URL_HEAD.source, URL_HEAD.flags);
  for (let m = head.exec(text); m !== null; m = head.exec(text)) {
    const end = urlEnd(text, m.index + m[0].length);
    found.push({ start: m.index, end, url: text.slice(m.index, end) });
    head.lastIndex = end;
  }
  return found;
}

/*
 * Node 20's Intl.Segmenter costs time proportional to the whole input for every segment
 * (each segment object carries the input), so a long text took seconds (measured here: 2.2 s
 * for 120,000 characters). Texts are segmented in pieces of this many UTF-16 code units; our
 * choice, measured linear.
 */
const SEGMENT_PIECE = 512;

/** True for a UTF-16 high (leading) surrogate. */
function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Counts grapheme clusters (an emoji with modifiers or a letter with combining marks is one)
 * with `Intl.Segmenter`; where a runtime lacks it, counts code points instead.
 */
export function countGraphemes(text: string): number {
  // ASCII only: every character is one cluster, except CR LF which is one (UAX #29, GB3)
  if (!/[^\p{ASCII}]/u.test(text)) return text.length - (text.match(/\r\n/g)?.length ?? 0);
  if (typeof Intl === "undefined" || typeof Intl.Segmenter !== "function") {
    return [...text].length;
  }
  const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  // Piece by piece; the last cluster of a piece may continue in the next one, so it is
  // carried over and counted with it (cluster boundaries depend only on the cluster's own
  // characters and the next one, so restarting at a true boundary is exact).
  let count = 0;
  let carry = "";
  let pos = 0;
  while (pos < text.length) {
    let end = Math.min(pos + SEGMENT_PIECE, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end += 1;
    const piece = carry + text.slice(pos, end);
    pos = end;
    let n = 0;
    for (const { segment } of segmenter.segment(piece)) {
      n += 1;
      carry = segment;
    }
    count += pos < text.length ? n - 1 : n;
  }
  return count;
}

/**
 * Rewrites a text with each entity replaced by its replacement. Overlapping entities: the one
 * that starts first wins (later ones overlapping it are dropped).
 */
export function rewriteEntities(text: string, entities: readonly TextEntity[]): string {
  const sorted = [...entities].sort((a, b) => a.start - b.start);
  let out = "";
  let cursor = 0;
  for (const entity of sorted) {
    if (entity.start < cursor) continue;
    out += text.slice(cursor, entity.start) + entity.replacement;
    cursor = entity.end;
  }
  return out + text.slice(cursor);
}

/**
 * The length of a text in grapheme clusters where every http(s) URL counts as `urlWeight`
 * characters, and other given entities count as their replacement.
 *
 * @example countWeightedLength("hi https://example.com/a/very/long/path", { urlWeight: 23 }) // 26
 */
export function countWeightedLength(text: string, options: WeightedLengthOptions): number {
  const placeholder = "x".repeat(options.urlWeight);
  const urls: TextEntity[] = findUrls(text).map((u) => ({
    start: u.start,
    end: u.end,
    replacement: placeholder,
  }));
  return countGraphemes(rewriteEntities(text, [...urls, ...(options.entities ?? [])]));
}

/** A span of a text that counts as a fixed weight instead of its characters. */
export interface WeightedSpan {
  /** Start offset (UTF-16 code units, inclusive). */
  start: number;
  /** End offset (UTF-16 code units, exclusive). */
  end: number;
  /** The weight of the whole span, in the configuration's scaled units. */
  weight: number;
}

/**
 * Weights by code point range, in twitter-text's configuration format
 * (https://github.com/twitter/twitter-text/blob/master/config/README.md): a code point weighs
 * the weight of the first range that holds it, else `defaultWeight`; the length is the sum over
 * `scale`.
 */
export interface RangeWeights {
  /** The length is the weighted sum divided by this. */
  scale: number;
  /** Weight of a code point in no range. */
  defaultWeight: number;
  /** Code point ranges (inclusive) and their weights. */
  ranges: ReadonlyArray<{ start: number; end: number; weight: number }>;
}

/**
 * The weighted length of a text: every span counts its own weight (where spans overlap, the one
 * that starts first wins), every other code point the weight of its range. Astral code points
 * weigh `defaultWeight` when no range goes beyond U+FFFF, as twitter-text weighs a surrogate
 * pair by its low surrogate.
 */
export function countRangeWeighted(
  text: string,
  weights: RangeWeights,
  spans: readonly WeightedSpan[],
): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let next = 0;
  for (let i = 0; i < text.length; ) {
    while (next < sorted.length && (sorted[next]?.start ?? 0) < i) next++;
    const span = sorted[next];
    if (span !== undefined && span.start === i) {
      total += span.weight;
      i = span.end;
      next++;
      continue;
    }
    const cp = text.codePointAt(i) ?? 0;
    const unit = cp > 0xffff ? text.charCodeAt(i + 1) : cp; // a surrogate pair: its low half
    total +=
      weights.ranges.find((r) => unit >= r.start && unit <= r.end)?.weight ?? weights.defaultWeight;
    i += cp > 0xffff ? 2 : 1;
  }
  return total / weights.scale;
}
