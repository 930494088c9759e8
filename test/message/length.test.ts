import { describe, expect, it } from "vitest";
import {
  countGraphemes,
  countWeightedLength,
  findUrls,
  rewriteEntities,
} from "../../src/message/text/length.js";

describe("countGraphemes", () => {
  it("counts an emoji ZWJ sequence, a flag and a skin tone modifier as one each", () => {
    expect(countGraphemes("👩‍👩‍👧‍👦")).toBe(1);
    expect(countGraphemes("🇯🇵")).toBe(1);
    expect(countGraphemes("👍🏽")).toBe(1);
    expect(countGraphemes("a👩‍👩‍👧‍👦b")).toBe(3);
  });

  it("counts a letter with combining marks as one", () => {
    expect(countGraphemes("e\u0301")).toBe(1); // é decomposed
    expect(countGraphemes("Z\u0351\u036b\u0343")).toBe(1);
    expect(countGraphemes("cafe\u0301")).toBe(4);
  });

  it("stays exact and fast across long texts (pieces carry clusters over)", () => {
    expect(countGraphemes("👩‍👩‍👧‍👦".repeat(1000))).toBe(1000);
    expect(countGraphemes("e\u0301".repeat(5000))).toBe(5000);
    expect(countGraphemes("🇯🇵🇺🇸".repeat(3000))).toBe(6000);
    expect(countGraphemes("a\r\nb".repeat(1000))).toBe(3000);
    const started = performance.now();
    expect(countGraphemes("日本語👍🏽e\u0301".repeat(20000))).toBe(100000);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("counts CJK and plain text per character", () => {
    expect(countGraphemes("日本語")).toBe(3);
    expect(countGraphemes("")).toBe(0);
  });
});

describe("findUrls", () => {
  it("finds http and https URLs with path and query", () => {
    const text = "go https://shop.example.com/bf?x=1&y=2 and http://a.io now";
    expect(findUrls(text).map((u) => u.url)).toEqual([
      "https://shop.example.com/bf?x=1&y=2",
      "http://a.io",
    ]);
  });

  it("leaves trailing punctuation out and keeps balanced parentheses", () => {
    expect(findUrls("see https://example.com/a.")[0]?.url).toBe("https://example.com/a");
    expect(findUrls("(https://example.com/x)")[0]?.url).toBe("https://example.com/x");
    expect(findUrls("https://en.wikipedia.org/wiki/Foo_(bar), ok")[0]?.url).toBe(
      "https://en.wikipedia.org/wiki/Foo_(bar)",
    );
    expect(findUrls("really? https://example.com/?")[0]?.url).toBe("https://example.com/");
  });

  it("gives UTF-16 offsets", () => {
    const text = "👍 https://a.io/x";
    const [url] = findUrls(text);
    expect(url).toEqual({ start: 3, end: text.length, url: "https://a.io/x" });
  });

  it("ignores URLs without protocol, other schemes and glued prefixes", () => {
    expect(findUrls("example.com ftp://example.com xhttps://example.com")).toEqual([]);
  });
});

describe("countWeightedLength", () => {
  it("counts every URL as the weight, long or short", () => {
    const long = `https://example.com/${"a".repeat(100)}`;
    expect(countWeightedLength(`hi ${long}`, { urlWeight: 23 })).toBe(3 + 23);
    expect(countWeightedLength("hi http://a.io", { urlWeight: 23 })).toBe(3 + 23);
    expect(countWeightedLength("a https://a.io b https://b.io", { urlWeight: 23 })).toBe(
      2 + 23 + 3 + 23,
    );
  });

  it("combines URLs and graphemes", () => {
    expect(countWeightedLength("🇯🇵 e\u0301 https://example.com/日本", { urlWeight: 23 })).toBe(
      1 + 1 + 1 + 1 + 23,
    );
  });

  it("applies extra entities, the earliest of overlapping ones winning", () => {
    const text = "hi @alice@example.social https://a.io";
    const entities = [{ start: 3, end: 24, replacement: "@alice" }];
    expect(countWeightedLength(text, { urlWeight: 23, entities })).toBe(3 + 6 + 1 + 23);
    expect(
      rewriteEntities("abcdef", [
        { start: 1, end: 4, replacement: "X" },
        { start: 2, end: 5, replacement: "Y" },
      ]),
    ).toBe("aXef");
  });
});
