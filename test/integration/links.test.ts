// Link tracking end to end against the simulator (msw) on X, Mastodon, Telegram and LINE: the
// sent text carries the UTM tags per platform and target, preview shows the same, and the length
// checks see the final text: a longer link costs nothing where a URL counts 23 (X, Mastodon) and
// counts in full where characters are counted (Telegram, LINE), at the limit and one past it.
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/index.js";
import {
  allAccepted,
  linksHerald as herald,
  LINE_USER,
  linksSimulator,
  TO,
  sentTexts as texts,
} from "./links-fixture.js";

const sim = linksSimulator();

const sentTexts = () => texts(sim);
const expectAllValid = () => expect(allAccepted(sim)).toBe(true);

const utm = { campaign: "bf-2026", medium: { x: "social", mastodon: "social", "*": "messaging" } };
const tags = (source: string, medium: string) =>
  `utm_source=${source}&utm_medium=${medium}&utm_campaign=bf-2026`;

describe("link tracking on X, Mastodon, Telegram and LINE", () => {
  it("sends every link tagged per platform and target, and preview shows the same", async () => {
    const h = herald();
    const message = {
      text: "Black Friday: https://shop.example/bf?ref=a#deals. More (https://shop.example/faq).",
      links: { utm: { ...utm, content: { "telegram:@shopnews": "channel" } } },
    };
    const preview = h.preview(message, { to: TO });
    const report = await h.send(message, { to: TO });
    expect(report.targets.map((t) => t.status)).toEqual(["sent", "sent", "sent", "sent"]);
    expectAllValid();
    const expected = (source: string, medium: string, content = "") =>
      `Black Friday: https://shop.example/bf?ref=a&${tags(source, medium)}${content}#deals. More (https://shop.example/faq?${tags(source, medium)}${content}).`;
    expect(sentTexts()).toEqual({
      x: [expected("x", "social")],
      mastodon: [expected("mastodon", "social")],
      telegram: [expected("telegram", "messaging", "&utm_content=channel")],
      line: [expected("line", "messaging")],
    });
    // preview's requests carry the text that was sent, and list the same links
    for (const [i, target] of preview.targets.entries()) {
      expect(JSON.stringify(target.requests[0]?.body)).toContain(
        JSON.stringify(Object.values(sentTexts())[i]![0]).slice(1, -1),
      );
      expect(target.links).toEqual(report.targets[i]!.links);
    }
    expect(report.targets[2]!.links).toEqual([
      {
        url: "https://shop.example/bf?ref=a#deals",
        tagged: `https://shop.example/bf?ref=a&${tags("telegram", "messaging")}&utm_content=channel#deals`,
        sent: `https://shop.example/bf?ref=a&${tags("telegram", "messaging")}&utm_content=channel#deals`,
      },
      {
        url: "https://shop.example/faq",
        tagged: `https://shop.example/faq?${tags("telegram", "messaging")}&utm_content=channel`,
        sent: `https://shop.example/faq?${tags("telegram", "messaging")}&utm_content=channel`,
      },
    ]);
  });

  it("X and Mastodon: a post at the limit stays at it once tagged (every URL counts 23)", async () => {
    // a real top-level domain: twitter-text (and X) count `.example` links as plain text
    const link = "https://shop.com/bf";
    const postAt = (limit: number) => `${"a".repeat(limit - 24)} ${link}`; // 23 for the link
    const h = herald();
    const xPreview = h.preview({ text: postAt(280), links: { utm } }, { to: "x" });
    expect(xPreview.targets[0]!.lengths[0]).toMatchObject({ length: 280, max: 280 });
    const report = await h.send({ text: postAt(280), links: { utm } }, { to: "x" });
    const masto = await h.send({ text: postAt(500), links: { utm } }, { to: "mastodon" });
    expect([report.targets[0]!.status, masto.targets[0]!.status]).toEqual(["sent", "sent"]);
    expect(sim.x.posts[0]!.text).toBe(`${postAt(280)}?${tags("x", "social")}`);
    expect(sim.mastodon.statuses[0]!.text).toBe(`${postAt(500)}?${tags("mastodon", "social")}`);
    expectAllValid();
    // one more character is over, tagged or not
    expect(() => h.preview({ text: `a${postAt(280)}`, links: { utm } }, { to: "x" })).toThrow(
      ValidationError,
    );
    await expect(
      h.send({ text: `a${postAt(500)}`, links: { utm } }, { to: "mastodon" }),
    ).rejects.toThrow(ValidationError);
  });

  it("Telegram and LINE: the longer link counts, exactly at the limit and one past it", async () => {
    const link = "https://shop.example/bf";
    const added = `?${tags("telegram", "messaging")}`.length;
    // LINE's source name is one character shorter than Telegram's
    const fill = (limit: number, platform: "telegram" | "line") =>
      `${"a".repeat(limit - link.length - 1 - added + (platform === "line" ? 4 : 0))} ${link}`;
    const h = herald();
    const tg = fill(4096, "telegram");
    const ln = fill(5000, "line");
    const preview = h.preview({ text: tg, links: { utm } }, { to: "telegram:@shopnews" });
    expect(preview.targets[0]!.lengths[0]).toMatchObject({ length: 4096, max: 4096 });
    const report = await h.send({ text: tg, links: { utm } }, { to: "telegram:@shopnews" });
    const lineReport = await h.send({ text: ln, links: { utm } }, { to: `line:${LINE_USER}` });
    expect([report.targets[0]!.status, lineReport.targets[0]!.status]).toEqual(["sent", "sent"]);
    expect(sim.telegram.messages[0]!.text).toHaveLength(4096);
    expect(sentTexts().line[0]).toHaveLength(5000);
    expectAllValid();
    sim.reset();
    // one more character: refused before any request, naming the tagged length
    await expect(
      h.send({ text: `a${tg}`, links: { utm } }, { to: "telegram:@shopnews" }),
    ).rejects.toThrow(/got 4097/);
    await expect(
      h.send({ text: `a${ln}`, links: { utm } }, { to: `line:${LINE_USER}` }),
    ).rejects.toThrow(/got 5001/);
    // untagged, the same texts fit: the tags are what is counted
    await h.send({ text: `a${tg}` }, { to: "telegram:@shopnews" });
    expect(sim.telegram.messages[0]!.text).toHaveLength(4097 - added);
    expect(sim.requests).toHaveLength(1);
  });

  it("a personalized mass send: every recipient's text is filled in around the tagged link", async () => {
    const report = await herald().send(
      { text: "Hi {{name}}, https://shop.example/bf", links: { utm } },
      {
        to: {
          platform: "telegram",
          recipients: [
            { id: "1001", attributes: { name: "Ann" } },
            { id: "1002", attributes: { name: "Bo" } },
          ],
        },
      },
    );
    expect(report.counts.sent).toBe(2);
    expect(sentTexts().telegram).toEqual([
      `Hi Ann, https://shop.example/bf?${tags("telegram", "messaging")}`,
      `Hi Bo, https://shop.example/bf?${tags("telegram", "messaging")}`,
    ]);
  });

  it("Telegram HTML: the added `&` is written `&amp;` and Telegram reads the link back", async () => {
    const h = herald();
    const report = await h.send(
      {
        text: '<b>Sale</b> <a href="https://shop.example/bf?a=1&amp;b=2">here</a> https://shop.example/x',
        links: { utm },
        overrides: { telegram: { parse_mode: "HTML" } },
      },
      { to: "telegram:@shopnews" },
    );
    expectAllValid();
    const sent = sim.telegram.messages[0]!;
    expect(sent.text).toBe(`Sale here https://shop.example/x?${tags("telegram", "messaging")}`);
    expect(report.targets[0]!.links![0]).toMatchObject({
      url: "https://shop.example/bf?a=1&b=2",
      tagged: `https://shop.example/bf?a=1&b=2&${tags("telegram", "messaging")}`,
    });
    const html = tags("telegram", "messaging").replaceAll("&", "&amp;");
    expect((sim.requests[0]!.body as { text: string }).text).toContain(
      `<a href="https://shop.example/bf?a=1&amp;b=2&amp;${html}">here</a>`,
    );
  });

  it("refuses markup that cannot carry the tags, and a record without a value", () => {
    const h = herald();
    expect(() =>
      h.preview(
        {
          text: "[Shop](https://shop.example/bf)",
          links: { utm },
          overrides: { telegram: { parse_mode: "MarkdownV2" } },
        },
        { to: "telegram:@shopnews" },
      ),
    ).toThrow(/to\[0\]\.links: links cannot be tagged in this text's markup/);
    expect(() =>
      h.preview(
        {
          text: "https://shop.example",
          links: { utm: { campaign: "c", medium: { x: "social" } } },
        },
        { to: ["x", "mastodon"] },
      ),
    ).toThrow(/links\.utm\.medium: no value for mastodon/);
  });
});
