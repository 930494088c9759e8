import {
  countRangeWeighted,
  type RangeWeights,
  type UrlMatch,
  type WeightedSpan,
} from "../../message/text/length.js";
import { createUrlFinder, INVALID_CHARS } from "./urls.js";

/**
 * twitter-text's configuration v3, which X counts posts with
 * (https://github.com/twitter/twitter-text/blob/master/config/v3.json, PLATFORMS.md "X" row):
 * 280 weighted characters; weight 100 for U+0000–10FF, U+2000–200D, U+2010–201F, U+2032–2037,
 * 200 for every other code point (scale 100); every URL counts 23 characters; every emoji 2.
 */
export const TWITTER_TEXT_V3 = {
  maxWeightedTweetLength: 280,
  scale: 100,
  defaultWeight: 200,
  transformedURLLength: 23,
  ranges: [
    { start: 0x0000, end: 0x10ff, weight: 100 },
    { start: 0x2000, end: 0x200d, weight: 100 },
    { start: 0x2010, end: 0x201f, weight: 100 },
    { start: 0x2032, end: 0x2037, weight: 100 },
  ],
} as const satisfies RangeWeights & Record<string, unknown>;

/*
 * One emoji as twemoji-parser (which twitter-text v3 uses) finds it, written with Unicode
 * properties: a flag (two regional indicators, or a tag sequence), a keycap, or elements joined
 * by ZWJ, each an emoji with a skin tone modifier, an emoji shown as one by default, or a
 * text-default one followed by VS16 (so `©` alone is a letter, `©️` an emoji).
 */
const ELEMENT =
  "(?:\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}|\\p{Emoji_Presentation}\\uFE0F?|\\p{Emoji}\\uFE0F)";
const EMOJI = new RegExp(
  `\\p{Regional_Indicator}{2}|\\u{1F3F4}[\\u{E0061}-\\u{E007A}]+\\u{E007F}|[#*0-9]\\uFE0F?\\u20E3|${ELEMENT}(?:\\u200D${ELEMENT})*`,
  "gu",
);

const finder = createUrlFinder();

/**
 * The URLs X counts in a text (twitter-text 3 extractUrlsWithIndices): with or without
 * `http(s)://`, under one of the top-level domains twitter-text knows, each counting 23.
 * Offsets are UTF-16 code units; give the text in NFC, as X counts it.
 *
 * @example findXUrls("日本語example.com/a 日本語") // [{ start: 3, end: 16, url: "example.com/a" }]
 */
export function findXUrls(text: string): UrlMatch[] {
  return finder(text);
}

/** twitter-text's invalid characters: a post holding one is refused. */
const INVALID = new RegExp(`[${INVALID_CHARS}]`);

/**
 * The first character X refuses in a post (U+FFFE, U+FEFF, U+FFFF: twitter-text
 * hasInvalidCharacters), or `undefined` when there is none.
 */
export function invalidXCharacter(text: string): string | undefined {
  return INVALID.exec(text.normalize("NFC"))?.[0];
}

/** The spans X counts as a whole: URLs (23 each) and emoji (2 each). */
function countedSpans(text: string): WeightedSpan[] {
  const { scale, defaultWeight, transformedURLLength } = TWITTER_TEXT_V3;
  const spans: WeightedSpan[] = findXUrls(text).map((u) => ({
    start: u.start,
    end: u.end,
    weight: transformedURLLength * scale,
  }));
  for (const m of text.matchAll(EMOJI)) {
    spans.push({ start: m.index, end: m.index + m[0].length, weight: defaultWeight });
  }
  return spans;
}

/**
 * The length of a post as X counts it (twitter-text v3 parseTweet): the text in NFC, every URL
 * (with or without protocol) 23, every emoji (with its modifiers, or a whole ZWJ sequence) 2,
 * every other code point 1 or 2 by its range ({@link TWITTER_TEXT_V3}).
 *
 * @example countXLength("Hi https://example.com/a/long/path 👋🏽") // 3 + 23 + 1 + 2 = 29
 */
export function countXLength(text: string): number {
  const normalized = text.normalize("NFC");
  return countRangeWeighted(normalized, TWITTER_TEXT_V3, countedSpans(normalized));
}

/** Offsets of the white space runs of `text` from `from` on: where a thread part may end. */
function spaceOffsets(text: string, from: number): number[] {
  const spaces: number[] = [];
  for (const m of text.slice(from).matchAll(/\s+/gu)) spaces.push(from + m.index);
  return spaces;
}

/** The longest prefix of `text` (ending on a grapheme boundary) within `max`, at least one cluster. */
function clusterPrefix(text: string, max: number): number {
  const ends: number[] = [];
  let pos = 0;
  const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const { segment } of segmenter.segment(text)) {
    pos += segment.length;
    ends.push(pos);
  }
  let best = ends[0] ?? text.length;
  let lo = 0;
  let hi = ends.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const end = ends[mid] ?? 0;
    if (countXLength(text.slice(0, end)) <= max) {
      best = end;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

/**
 * Splits a text into posts of at most `max` weighted characters for a thread: each part ends at
 * the last white space that fits (a word, URL or emoji is never cut); a single word longer than
 * a post (CJK text has no spaces) is cut between grapheme clusters. Parts are trimmed.
 */
export function splitForThread(
  text: string,
  max = TWITTER_TEXT_V3.maxWeightedTweetLength,
): string[] {
  const parts: string[] = [];
  let rest = text.normalize("NFC").trim();
  while (rest !== "") {
    if (countXLength(rest) <= max) {
      parts.push(rest);
      break;
    }
    const spaces = spaceOffsets(rest, 1);
    // The weighted length grows with the prefix, so the last fitting break is found by bisection.
    let lo = 0;
    let hi = spaces.length - 1;
    let cut = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = spaces[mid] ?? 0;
      if (countXLength(rest.slice(0, at)) <= max) {
        cut = at;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (cut <= 0) cut = clusterPrefix(rest, max);
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  return parts;
}
