// UTM tagging of a text's links: queries and fragments kept, the user's own utm_ tags left as
// written, trailing punctuation and parentheses outside the link, IDNs as written, and a
// hostile megabyte read in linear time.
import { describe, expect, it } from "vitest";
import { countXLength } from "../../src/adapters/x/length.js";
import { findUrls } from "../../src/message/text/length.js";
import {
  encodeUtmValue,
  tagLinks,
  tagUrl,
  type UtmParameters,
} from "../../src/message/text/utm.js";
import { expectLinear } from "../helpers/linear.js";

const P: UtmParameters = { utm_source: "x", utm_medium: "social", utm_campaign: "bf" };
const Q = "utm_source=x&utm_medium=social&utm_campaign=bf";

describe("tagUrl", () => {
  it("adds a query, or extends the one there is, before the fragment", () => {
    expect(tagUrl("https://shop.example/a", P)).toBe(`https://shop.example/a?${Q}`);
    expect(tagUrl("https://shop.example", P)).toBe(`https://shop.example?${Q}`);
    expect(tagUrl("https://shop.example/a?x=1&y=2", P)).toBe(`https://shop.example/a?x=1&y=2&${Q}`);
    expect(tagUrl("https://shop.example/a?x=1&", P)).toBe(`https://shop.example/a?x=1&${Q}`);
    expect(tagUrl("https://shop.example/a?", P)).toBe(`https://shop.example/a?${Q}`);
    expect(tagUrl("https://shop.example/a#top", P)).toBe(`https://shop.example/a?${Q}#top`);
    expect(tagUrl("https://shop.example/a?x=1#top", P)).toBe(`https://shop.example/a?x=1&${Q}#top`);
    // a fragment route keeps its own `?`: the query goes before the `#`
    expect(tagUrl("https://app.example/#/page?x=1", P)).toBe(`https://app.example/?${Q}#/page?x=1`);
  });

  it("leaves a link that already has utm_ parameters as written (any case), merging none", () => {
    for (const url of [
      "https://shop.example/a?utm_source=newsletter",
      "https://shop.example/a?x=1&UTM_Campaign=spring#top",
    ]) {
      expect(tagUrl(url, P)).toBe(url);
    }
    // not a utm_ parameter: tagged
    expect(tagUrl("https://shop.example/a?xutm_source=1", P)).toBe(
      `https://shop.example/a?xutm_source=1&${Q}`,
    );
  });

  it("adds the optional parameters in order and encodes values strictly", () => {
    const all = { ...P, utm_content: "hero banner", utm_term: "shoes & bags" };
    expect(tagUrl("https://a.io/", all)).toBe(
      `https://a.io/?${Q}&utm_content=hero%20banner&utm_term=shoes%20%26%20bags`,
    );
    expect(encodeUtmValue("v1.2~(x)!*'")).toBe("v1%2E2%7E%28x%29%21%2A%27");
    expect(encodeUtmValue("日本")).toBe("%E6%97%A5%E6%9C%AC");
  });

  it("writes the added `&` as the markup writes it and reads an existing query in it", () => {
    const html = (t: string) => t.replace(/&/g, "&amp;");
    expect(tagUrl("https://a.io/x?b=1", P, html)).toBe(
      "https://a.io/x?b=1&amp;utm_source=x&amp;utm_medium=social&amp;utm_campaign=bf",
    );
    expect(tagUrl("https://a.io/x?b=1&amp;utm_term=t", P, html)).toBe(
      "https://a.io/x?b=1&amp;utm_term=t",
    );
  });
});

describe("tagLinks", () => {
  it("tags every link, leaving trailing punctuation outside", () => {
    const text = "New: https://shop.example/bf. Also http://a.io/x?y=1, and https://b.io!";
    const tagged = tagLinks(text, P);
    expect(tagged.text).toBe(
      `New: https://shop.example/bf?${Q}. Also http://a.io/x?y=1&${Q}, and https://b.io?${Q}!`,
    );
    expect(tagged.links.map((l) => l.url)).toEqual([
      "https://shop.example/bf",
      "http://a.io/x?y=1",
      "https://b.io",
    ]);
    expect(text.slice(tagged.links[1]!.start, tagged.links[1]!.end)).toBe("http://a.io/x?y=1");
  });

  it("keeps balanced parentheses in the link and the enclosing ones outside", () => {
    const text = "(see https://en.wikipedia.org/wiki/Foo_(bar)).";
    expect(tagLinks(text, P).text).toBe(`(see https://en.wikipedia.org/wiki/Foo_(bar)?${Q}).`);
  });

  it("keeps internationalized domains and paths as written", () => {
    const text = "https://bücher.example/katalog/größe and https://例え.テスト/パス";
    expect(tagLinks(text, P).text).toBe(
      `https://bücher.example/katalog/größe?${Q} and https://例え.テスト/パス?${Q}`,
    );
    expect(tagLinks("https://xn--bcher-kva.example/k", P).text).toBe(
      `https://xn--bcher-kva.example/k?${Q}`,
    );
  });

  it("reads every tagged link back as exactly one link (the length rules count it so)", () => {
    const text =
      "a https://a.io/x#top. b (https://b.io/y) c https://c.io/?q=1&r=%20! d https://d.io/a;b,c?";
    const tagged = tagLinks(text, { ...P, utm_term: "end." });
    expect(findUrls(tagged.text).map((u) => u.url)).toEqual(tagged.links.map((l) => l.tagged));
    // X counts each as 23 whatever its length
    expect(countXLength(tagged.text)).toBe(countXLength(text));
  });

  it("refuses a link that tagging would change into another link", () => {
    // `+` may end a fragment but not a query: the link would lose it
    expect(() => tagLinks("go https://a.io/a#x+ now", P)).toThrow(
      /https:\/\/a\.io\/a#x\+.*one link/,
    );
    // the text glued after the link would join its query
    expect(() => tagLinks("(https://a.io/x)more", P)).toThrow(/text right after it/);
  });

  it("leaves a text without links, other schemes and bare domains alone", () => {
    const text = "no links: shop.example/bf ftp://a.io mailto:a@b.io";
    expect(tagLinks(text, P)).toEqual({ text, links: [] });
  });

  it("stays linear on a hostile megabyte", () => {
    const hostile = [
      (n: number) => `https://a.io/${"(".repeat(n)}`,
      (n: number) => "https://a.io/x ".repeat(n / 15),
      (n: number) => `https://a.io/x?${"!".repeat(n)}`,
      (n: number) => `https://a.io/x#${"+".repeat(n)}`.slice(0, n),
    ];
    for (const make of hostile) {
      const tag = (text: string) => tagLinks(text, P);
      // plus 50 ms: our allowance for a GC pause in a run of 4 MB of output on a shared machine
      expectLinear(make, tag, 125_000, 50);
    }
  });
});
