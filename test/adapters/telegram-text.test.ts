import { describe, expect, it } from "vitest";
import { htmlPlainText } from "../../src/adapters/telegram/html.js";
import {
  escapeHtml,
  escapeMarkdownV2,
  escapeMarkdownV2Code,
  escapeMarkdownV2Url,
  md,
} from "../../src/adapters/telegram/index.js";
import { markdownV2PlainText } from "../../src/adapters/telegram/markdown.js";

// Rules: https://core.telegram.org/bots/api#formatting-options
describe("escapeMarkdownV2", () => {
  it("escapes every character the Bot API lists, and the backslash", () => {
    const special = "_*[]()~`>#+-=|{}.!";
    expect(escapeMarkdownV2(special)).toBe([...special].map((c) => `\\${c}`).join(""));
    expect(escapeMarkdownV2("a\\b")).toBe("a\\\\b");
  });

  it("leaves other characters alone", () => {
    expect(escapeMarkdownV2("Hello, world 30% 👋 @shop $5 ? / : ; ' \" ^ & <")).toBe(
      "Hello, world 30% 👋 @shop $5 ? / : ; ' \" ^ & <",
    );
  });

  it("round-trips through the parser to the original text", () => {
    const text = "1.5 * (2 + 3) = 7.5! [not a link](x) _a_ ~b~ ||c|| `d` > e \\ f";
    expect(markdownV2PlainText(escapeMarkdownV2(text))).toBe(text);
  });
});

describe("escapeMarkdownV2Code and escapeMarkdownV2Url", () => {
  it("escapes only ` and \\ inside code", () => {
    expect(escapeMarkdownV2Code("a`b\\c*d_e.")).toBe("a\\`b\\\\c*d_e.");
  });

  it("escapes only ) and \\ inside a link URL", () => {
    expect(escapeMarkdownV2Url("https://x.example/a_(b)\\")).toBe("https://x.example/a_(b\\)\\\\");
  });
});

describe("md template", () => {
  it("escapes interpolated values and keeps the markup", () => {
    const user = "*Bob* (admin).";
    expect(md`*Sale* for ${user}`).toBe("*Sale* for \\*Bob\\* \\(admin\\)\\.");
  });

  it("stringifies non-string values", () => {
    expect(md`${3.5}% off ${-1}`).toBe("3\\.5% off \\-1");
    expect(md`plain`).toBe("plain");
  });
});

describe("escapeHtml", () => {
  it("escapes <, > and &", () => {
    expect(escapeHtml("Tom & Jerry <3 > 2")).toBe("Tom &amp; Jerry &lt;3 &gt; 2");
    expect(escapeHtml('"quotes" stay')).toBe('"quotes" stay');
  });

  it("round-trips through the parser", () => {
    const text = "<b>&amp;</b> & <i>";
    expect(htmlPlainText(`<b>${escapeHtml(text)}</b>`)).toBe(text);
  });
});

describe("plain text after entity parsing", () => {
  it("drops MarkdownV2 markup, link URLs and pre languages", () => {
    expect(markdownV2PlainText("*bold* _it_ __u__ ~s~ ||sp||")).toBe("bold it u s sp");
    expect(markdownV2PlainText("[shop](https://shop.example/a_\\(b\\))\\!")).toBe("shop!");
    expect(markdownV2PlainText("```python\nprint(1)\n```")).toBe("print(1)\n");
    expect(markdownV2PlainText("`a\\`b`")).toBe("a`b");
    expect(markdownV2PlainText(">quote\n**>expandable||")).toBe("quote\nexpandable");
    expect(markdownV2PlainText("![👍](tg://emoji?id=5368324170671202286)")).toBe("👍");
  });

  it("drops HTML tags and decodes entities", () => {
    expect(
      htmlPlainText('<a href="https://x.example">x</a> &lt;&gt;&amp;&quot; &#128075; &#x41;'),
    ).toBe('x <>&" 👋 A');
  });
});
