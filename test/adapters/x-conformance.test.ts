// twitter-text's conformance suite (test/fixtures/twitter-text, vendored from
// github.com/twitter/twitter-text conformance/, Apache-2.0) run against Herald's X counting,
// and the `twitter-text` package (3.1, a dev dependency, never shipped) as an oracle: the URL
// texts of extract.yml are counted by both.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import twitter from "twitter-text";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { countXLength, findXUrls, invalidXCharacter } from "../../src/adapters/x/length.js";

interface Case<E> {
  description: string;
  text: string;
  expected: E;
}
type Weighted = Case<{ weightedLength: number; valid: boolean }>;

function suite(file: string): Record<string, Array<Case<unknown>>> {
  const url = new URL(`../fixtures/twitter-text/${file}`, import.meta.url);
  return (parse(readFileSync(url, "utf8")) as { tests: Record<string, Array<Case<unknown>>> })
    .tests;
}
const validate = suite("validate.yml");
const extract = suite("extract.yml");
const cases = <E>(section: Array<Case<unknown>> | undefined) =>
  (section ?? []).map((c) => [c.description, c as Case<E>] as const);

/** What X's parseTweet says is valid: not empty, within 280, no invalid character. */
const valid = (text: string) => {
  const length = countXLength(text);
  return length > 0 && length <= 280 && invalidXCharacter(text) === undefined;
};

/** UTF-16 offsets to code point offsets, as the suite's indices are. */
function codePointIndex(text: string, offset: number): number {
  return Array.from(text.slice(0, offset)).length;
}

describe("twitter-text conformance: weighted length (validate.yml)", () => {
  it.each(cases<Weighted["expected"]>(validate.WeightedTweetsWithDiscountedEmojiCounterTest))(
    "v3: %s",
    (_, c) => {
      expect(countXLength(c.text)).toBe(c.expected.weightedLength);
      expect(valid(c.text)).toBe(c.expected.valid);
    },
  );

  it.each(cases<Weighted["expected"]>(validate.UnicodeDirectionalMarkerCounterTest))(
    "directional marks and invalid characters: %s",
    (_, c) => {
      expect(countXLength(c.text)).toBe(c.expected.weightedLength);
      expect(valid(c.text)).toBe(c.expected.valid);
    },
  );

  // configuration v2 (emoji not discounted): where v3 counts the text alike (no emoji), the
  // expected value holds for Herald's v3 counting too; elsewhere the v3 oracle decides
  it.each(cases<Weighted["expected"]>(validate.WeightedTweetsCounterTest))("v2: %s", (_, c) => {
    const v3 = twitter.parseTweet(
      c.text,
      (twitter as unknown as { configs: { version3: twitter.ParseTweetOptions } }).configs.version3,
    ).weightedLength;
    const expected = v3 === c.expected.weightedLength ? c.expected.weightedLength : v3;
    expect(countXLength(c.text)).toBe(expected);
  });

  it("refuses U+FFFE and U+FFFF, as X does", () => {
    expect(invalidXCharacter("ABC\uFFFFABC")).toBe("\uFFFF");
    expect(invalidXCharacter("\uFFFE")).toBe("\uFFFE");
    expect(invalidXCharacter("ABC \u202A ok")).toBeUndefined();
  });
});

describe("twitter-text conformance: URLs (extract.yml, validate.yml)", () => {
  const lists = [
    ...cases<string[]>(extract.urls),
    ...cases<string[]>(extract.tco_urls_with_params),
  ];
  it.each(lists)("extracts: %s", (_, c) => {
    expect(findXUrls(c.text.normalize("NFC")).map((u) => u.url)).toEqual(c.expected);
  });

  const indexed = [
    ...cases<Array<{ url: string; indices: [number, number] }>>(extract.urls_with_indices),
    ...cases<Array<{ url: string; indices: [number, number] }>>(
      extract.urls_with_directional_markers,
    ),
  ];
  it.each(indexed)("extracts with indices: %s", (_, c) => {
    const found = findXUrls(c.text).map((u) => ({
      url: u.url,
      indices: [codePointIndex(c.text, u.start), codePointIndex(c.text, u.end)],
    }));
    expect(found).toEqual(c.expected);
  });

  it.each(cases<boolean>(validate.urls_without_protocol))("without protocol: %s", (_, c) => {
    expect(findXUrls(c.text).map((u) => u.url)).toEqual(c.expected ? [c.text] : []);
  });

  const texts = [...lists, ...indexed].map(([d, c]) => [d, c.text] as const);
  it.each(texts)("counts as twitter-text 3 does: %s", (_, text) => {
    expect(countXLength(text)).toBe(twitter.parseTweet(text).weightedLength);
  });
});

describe("oracle: twitter-text 3 on generated mixed-script texts", () => {
  // pieces that meet at URL boundaries: scripts, URLs with and without protocol, ccTLDs,
  // punctuation, directional marks, emoji, long labels and slugs, underscores
  const piece = fc.oneof(
    fc.constantFrom(
      "https://example.com",
      "http://t.co/abc123",
      `https://t.co/${"a".repeat(41)}`,
      "example.com/path?q=1",
      "foo.jp",
      "it.so",
      "www.example.co.uk",
      "✪df.ws",
      "ELPAÍS.com",
      "http://xn--80ak6aa92e.com",
      "http://xn--abc.com",
      `http://${"a".repeat(64)}.com`,
      "http://sub_domain.example.com",
      "http://under_score.com",
      "日本語",
      "한국어",
      "русский",
      "العربية",
      "👨‍👩‍👧",
      "🇯🇵",
      "'s",
      "-",
      "\u200E",
      "\u202A",
      "\u2066",
      ".",
      "/",
      "@",
      "#",
      "(",
      ")",
      " ",
      "\n",
      "\uFFFF",
    ),
    fc.stringMatching(/^[a-z]{1,8}(\.[a-z]{2,6}){0,2}$/),
    fc.string({ unit: "grapheme", maxLength: 6 }),
  );
  const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(""));

  it("counts every text as twitter-text does", () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(countXLength(t)).toBe(twitter.parseTweet(t).weightedLength);
      }),
      { seed: 19, numRuns: 3000 },
    );
  });

  it("finds the URLs twitter-text finds", () => {
    fc.assert(
      fc.property(text, (t) => {
        const nfc = t.normalize("NFC");
        expect(findXUrls(nfc).map((u) => [u.url, u.start, u.end])).toEqual(
          twitter.extractUrlsWithIndices(nfc).map((u) => [u.url, ...u.indices]),
        );
      }),
      { seed: 19, numRuns: 3000 },
    );
  });
});
