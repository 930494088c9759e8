import { describe, expect, it } from "vitest";
import { countXLength, findXUrls, splitForThread } from "../../src/adapters/x/length.js";

// Expected values: twitter-text's conformance suite (conformance/validate.yml,
// WeightedTweetsWithDiscountedEmojiCounterTest, config v3) where a case comes from it, else
// computed by hand from the v3 configuration (weights 1 and 2, URLs 23, emoji 2).
const TABLE: Array<[string, string, number]> = [
  ["plain ASCII", "This is a test.", 15],
  ["text and a URL (conformance)", "Hi http://test.co", 26],
  ["a URL alone (conformance)", "http://test.co", 23],
  ["a long URL counts 23", `https://example.com/${"a".repeat(200)}`, 23],
  ["a URL without protocol (conformance)", "test.com", 23],
  ["several URLs (conformance)", "Test https://test.com test https://test.com test.com test", 86],
  ["ten URLs (conformance)", "https://www.twitter.com/aloha ".repeat(10), 240],
  ["trailing punctuation is not in the URL", "see https://example.com/a.", 4 + 23 + 1],
  ["a ccTLD with two labels is a URL", "foo.co.jp", 23],
  ["a single name under a ccTLD is too (twitter-text 3: foo.jp)", "example.jp", 23],
  ["a name under no known TLD is not", "file.txt", 8],
  ["a URL followed by CJK stops before it", "https://example.com日本語", 23 + 6],
  ["a URL after CJK is found", "日本語https://example.com", 6 + 23],
  ["t.co is", "t.co", 23],
  ["a ccTLD with a path is", "example.jp/sale", 23],
  ["CJK counts 2 each", "故人西辞黄鹤楼", 14],
  ["Hangul counts 2 each", "저찀쯿쿿", 8],
  ["kana and Latin mixed", "the日本", 3 + 4],
  ["emoji outside the BMP (conformance)", "😷👾😡🔥💩", 10],
  ["emoji with a skin tone modifier and a ZWJ profession (conformance)", "🙋🏽👨‍🎤", 4],
  ["a ZWJ family is one emoji (conformance)", "H🐱☺👨‍👩‍👧‍👦", 7],
  ["a flag is one emoji", "🇯🇵🇫🇷", 4],
  ["a keycap is one emoji", "1️⃣#️⃣", 4],
  ["a tag-sequence flag is one emoji", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", 2],
  ["❤️‍🔥 (emoji, VS16, ZWJ) is one emoji", "❤️‍🔥", 2],
  ["© without VS16 is a letter, with it an emoji", "© ©️", 1 + 1 + 2],
  [
    "general punctuation in the weight-1 ranges (conformance)",
    "\u2000\u200A\u2010\u201F\u2032\u2037",
    6,
  ],
  ["punctuation outside them counts 2", "\u2030\u203C", 4],
  ["astral non-emoji counts 2", "\u{10000}\u{1D400}", 4],
  ["NFC: precomposed Á (conformance)", "ÁB", 2],
  ["NFD: A + combining acute normalizes to Á", "A\u0301B", 2],
  ["NFD Hangul jamo compose to one syllable", "\u1100\u1161", 2],
  ["Hebrew with points stays 3 code points (conformance: שּׁ)", "Aשּׁ", 4],
];

describe("countXLength (twitter-text v3)", () => {
  it.each(TABLE)("%s", (_name, text, expected) => {
    expect(countXLength(text)).toBe(expected);
  });

  it("counts NFC and NFD spellings of a text alike", () => {
    const nfc = "Café naïve résumé Ångström".normalize("NFC");
    const nfd = nfc.normalize("NFD");
    expect(nfd.length).toBeGreaterThan(nfc.length);
    expect(countXLength(nfd)).toBe(countXLength(nfc));
    expect(countXLength(nfc)).toBe(26);
  });

  it("matches the conformance overflow cases", () => {
    const cjk160 = "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。".repeat(5);
    expect(cjk160).toHaveLength(160);
    expect(countXLength(cjk160)).toBe(320);
    expect(countXLength("😷".repeat(160))).toBe(320);
  });
});

describe("findXUrls", () => {
  it("finds bare domains under known TLDs only; 's, - and directional marks end no URL", () => {
    const urls = (t: string) => findXUrls(t).map((u) => u.url);
    expect(urls("example.com x.tv it.so foo.jp file.txt")).toEqual([
      "example.com",
      "x.tv",
      "it.so",
      "foo.jp",
    ]);
    // a domain directly followed by `-` is no URL at all: counted as its characters
    expect(urls("https://example.com's https://example.com- https://example.com\u200E!")).toEqual([
      "https://example.com",
      "https://example.com",
    ]);
    expect(countXLength("https://example.com-")).toBe(20);
    expect(urls(`http://${"a".repeat(64)}.com http://${"a".repeat(63)}.com`)).toEqual([
      `http://${"a".repeat(63)}.com`,
    ]);
  });
});

describe("splitForThread", () => {
  it("cuts at white space, never inside a word or URL, each part within 280", () => {
    const url = "https://herald.example/a/very/long/path/that/counts/as/23";
    const text = `${"lorem ipsum dolor sit amet ".repeat(20)}${url} ${"end ".repeat(30)}`;
    const parts = splitForThread(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(countXLength(part)).toBeLessThanOrEqual(280);
    expect(parts.join(" ")).toBe(text.trim());
    expect(parts.some((p) => p.includes(url))).toBe(true);
    expect(parts[0]!.length).toBeGreaterThan(250);
  });

  it("cuts text without spaces between graphemes, keeping emoji whole", () => {
    const parts = splitForThread(`${"故".repeat(150)}${"👨‍👩‍👧‍👦".repeat(20)}`);
    expect(parts.map(countXLength)).toEqual([280, 60]);
    expect(parts[1]).toBe(`${"故".repeat(10)}${"👨‍👩‍👧‍👦".repeat(20)}`);
  });

  it("leaves a text that fits alone", () => {
    expect(splitForThread("  short  ")).toEqual(["short"]);
  });
});
