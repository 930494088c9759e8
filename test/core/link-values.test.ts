// The UTM values of link tracking per target: a record's most specific key wins (label, then
// platform@account, platform, `*`), optional ones are left out without a match, and bad values
// are refused by the message schema. Through `preview`: no network.
import { describe, expect, it } from "vitest";
import { line } from "../../src/adapters/line/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import { createHerald, ValidationError } from "../../src/index.js";

const h = createHerald({
  adapters: [
    telegram({ botToken: "123:DEFAULT-TOKEN" }),
    telegram({ botToken: "456:JAPAN-TOKEN", account: "jp" }),
    line({ channelAccessToken: "line-token" }),
  ],
});

/** The text of each target's first request in a preview. */
function texts(message: Parameters<typeof h.preview>[0], to: string[]): string[] {
  return h
    .preview(message, { to })
    .targets.map((t) => (t.requests[0]!.body as { text: string }).text);
}

describe("per-target UTM values", () => {
  it("takes the target's label, then platform@account, then the platform, then *", () => {
    const medium = {
      "telegram:@vipclub": "vip",
      "telegram@jp": "japan",
      telegram: "chat",
      "*": "other",
    };
    const content = { "telegram@jp:@bshop": "b-only" };
    const out = texts(
      { text: "https://shop.example", links: { utm: { campaign: "c", medium, content } } },
      ["telegram:@vipclub", "telegram@jp:@bshop", "telegram@jp:@cshop", "telegram:@dshop"],
    );
    expect(out).toEqual([
      "https://shop.example?utm_source=telegram&utm_medium=vip&utm_campaign=c",
      "https://shop.example?utm_source=telegram&utm_medium=japan&utm_campaign=c&utm_content=b-only",
      "https://shop.example?utm_source=telegram&utm_medium=japan&utm_campaign=c",
      "https://shop.example?utm_source=telegram&utm_medium=chat&utm_campaign=c",
    ]);
  });

  it("tags the link field too, the same way as the text's copy of it", () => {
    const links = { utm: { campaign: "c", medium: "m" } };
    const tagged = "https://shop.example/bf?utm_source=line&utm_medium=m&utm_campaign=c";
    const to = [`line:U${"b".repeat(32)}`];
    const messages = (message: Parameters<typeof h.preview>[0]) =>
      (h.preview(message, { to }).targets[0]!.requests[0]!.body as { messages: unknown[] })
        .messages;
    // LINE adds the link under the text, unless the text has it already
    expect(messages({ text: "Sale", link: "https://shop.example/bf", links })).toEqual([
      { type: "text", text: `Sale\n${tagged}` },
    ]);
    expect(
      messages({ text: "Sale https://shop.example/bf", link: "https://shop.example/bf", links }),
    ).toEqual([{ type: "text", text: `Sale ${tagged}` }]);
  });

  it("tags personalized texts once, each recipient's filled in after", () => {
    const preview = h.preview(
      {
        text: "Hi {{name}}: https://shop.example/bf",
        links: { utm: { campaign: "c", medium: "dm" } },
      },
      { to: { platform: "telegram", recipients: [{ id: "1", attributes: { name: "Ann" } }] } },
    );
    expect((preview.targets[0]!.requests[0]!.body as { text: string }).text).toBe(
      "Hi {{name}}: https://shop.example/bf?utm_source=telegram&utm_medium=dm&utm_campaign=c",
    );
  });

  it("refuses empty values, a tracking with nothing to do, and unknown shapes", () => {
    const refused = [
      { utm: { campaign: " ", medium: "m" } },
      { utm: { campaign: "c", medium: { x: "" } } },
      { utm: { campaign: "c" } },
      { utm: { campaign: "c", medium: "m", term: "t".repeat(201) } },
      {},
      { shorten: false },
    ];
    for (const links of refused) {
      let error: unknown;
      try {
        h.preview({ text: "https://a.io", links: links as never }, { to: "telegram:@ashop" });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toMatch(/^links/);
    }
  });
});
