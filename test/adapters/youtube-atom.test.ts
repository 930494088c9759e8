// YouTube's Atom reader against hostile bodies: linear in its input (the old regex reader
// rescanned the rest of the body from every unclosed tag: 91 s of CPU for a 900 KB signed
// body), and what it reads from well-formed notifications, CDATA, comments and references.
import { describe, expect, it } from "vitest";
import { parseYouTubeFeed, youtube } from "../../src/adapters/youtube/index.js";
import { createHerald } from "../../src/index.js";
import { signYouTubeWebhook } from "../../src/testing/index.js";
import { expectLinear, GROWTH, LINEAR_RATIO } from "../helpers/linear.js";

const FEED =
  '<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:at="http://purl.org/atompub/tombstones/1.0" xmlns="http://www.w3.org/2005/Atom">';
const CHANNEL = "UCshop00000000000000000a";

const entry = (i: number) =>
  `<entry><id>yt:video:v${i}</id><yt:videoId>v${i}</yt:videoId><yt:channelId>${CHANNEL}</yt:channelId><title>Sale &amp; ${i}</title><link rel="alternate" href="https://www.youtube.com/watch?v=v${i}&amp;t=1"/><author><name>Shop</name><uri>https://www.youtube.com/channel/${CHANNEL}</uri></author><published>2026-11-27T09:00:00+00:00</published><updated>2026-11-27T09:00:01+00:00</updated></entry>`;
const deleted = (i: number, batch = "v") =>
  `<at:deleted-entry ref="yt:video:${batch}${i}" when="2026-11-28T10:00:00+00:00"/>`;

/** Pieces of `piece(i)` up to about `bytes`. */
function fill(bytes: number, piece: (i: number) => string): string {
  const parts: string[] = [];
  for (let i = 0, length = 0; length < bytes; i++) {
    const part = piece(i);
    parts.push(part);
    length += part.length;
  }
  return parts.join("");
}

describe("parseYouTubeFeed is linear", () => {
  const N = 125_000;
  // the worst cases of the old reader (an unclosed tag made it search the rest of the body
  // again from each one), and large well-formed bodies
  const shapes: Record<string, (bytes: number) => string> = {
    "unclosed entries": (n) => `${FEED}${"<entry>".repeat(n / 7)}</feed>`,
    "unclosed deleted entries": (n) =>
      `${FEED}${'<at:deleted-entry ref="yt:video:v"'.repeat(n / 34)}`,
    "unclosed tags in an entry": (n) =>
      `${FEED}<entry><yt:videoId>v</yt:videoId><yt:channelId>c</yt:channelId>${"<title ".repeat(n / 7)}</entry></feed>`,
    "an unterminated attribute": (n) =>
      `${FEED}<entry><link rel="alternate" href="${"x".repeat(n)}`,
    "self-closing deleted entries": (n) => `${FEED}${fill(n, deleted)}</feed>`,
    "many entries": (n) => `${FEED}${fill(n, entry)}</feed>`,
    "a huge attribute run": (n) =>
      `${FEED}<entry ${fill(n, (i) => `a${i}="x" `)}>${entry(0).slice("<entry>".length)}</feed>`,
    "a run of & in a title": (n) =>
      `${FEED}<entry><yt:videoId>v</yt:videoId><yt:channelId>c</yt:channelId><title>${"&".repeat(n)}</title></entry></feed>`,
    "many comments and CDATA": (n) =>
      `${FEED}<entry><yt:videoId>v</yt:videoId><yt:channelId>c</yt:channelId><title>${"<!-- c --><![CDATA[x]]>".repeat(n / 23)}</title></entry></feed>`,
  };
  it.each(Object.entries(shapes))("%s: 8x the input, under 24x the time", (_name, make) => {
    // the old reader was quadratic: 64x
    expectLinear(make, parseYouTubeFeed, N);
  });

  it("answers a signed 1 MB notification of 12,000 deletions, at a cost per byte like a small one's", async () => {
    const herald = createHerald({
      adapters: [youtube({ clientId: "c", tokens: { accessToken: "t" }, hubSecret: "s" })],
      // a real sleep: the answer waits for the handlers (up to ackTimeoutMs) on it
      clock: {
        now: () => Date.UTC(2026, 10, 28),
        sleep: (ms, signal) =>
          new Promise((resolve) => {
            const timer = setTimeout(resolve, ms);
            signal?.addEventListener("abort", () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      },
    });
    let count = 0;
    herald.webhooks.on("youtube.video.deleted", () => {
      count++;
    });
    const time = async (bytes: number) => {
      // ids of their own per body, so that none is a duplicate of an earlier one
      const body = `${FEED}${fill(bytes, (i) => deleted(i, `b${bytes}-`))}</feed>`;
      const request = await signYouTubeWebhook(body, "s");
      const started = performance.now();
      const response = await herald.webhooks.handle(request);
      expect(response.status).toBe(200);
      return performance.now() - started;
    };
    await time(50_000); // warm-up
    const small = await time(125_000);
    count = 0;
    const large = await time(GROWTH * 125_000);
    expect(count).toBeGreaterThan(12_000);
    expect(large).toBeLessThan(LINEAR_RATIO * small + 20);
  });
});

describe("parseYouTubeFeed reads", () => {
  it("entries and deletions with CDATA, comments, references and a declaration", () => {
    const feed = `<?xml version="1.0" encoding="UTF-8"?>
<!-- pushed by the hub -->
${FEED}
  <entry>
    <yt:videoId>dQw4w9WgXcQ</yt:videoId>
    <yt:channelId>${CHANNEL}</yt:channelId>
    <title><![CDATA[Black <Friday>]]> &amp; &#x41;&#66; &unknown; & more</title>
    <link rel="self" href="https://self.example"/>
    <link rel='alternate' href='https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=1'/>
    <author><name> Shop </name></author>
  </entry>
  <at:deleted-entry ref="yt:video:gone1" when="2026-11-28T10:00:00+00:00">
    <at:by><name>Shop</name><uri>https://www.youtube.com/channel/${CHANNEL}</uri></at:by>
  </at:deleted-entry>
</feed>
`;
    expect(parseYouTubeFeed(feed)).toEqual({
      entries: [
        {
          videoId: "dQw4w9WgXcQ",
          channelId: CHANNEL,
          title: "Black <Friday> & AB &unknown; & more",
          link: "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1",
          author: { name: "Shop" },
        },
      ],
      deleted: [
        {
          videoId: "gone1",
          when: "2026-11-28T10:00:00+00:00",
          channelUri: `https://www.youtube.com/channel/${CHANNEL}`,
        },
      ],
    });
  });

  it.each([
    ["not a feed", "<html><body/></html>"],
    ["an unclosed element", `${FEED}<entry>`],
    ["a mismatched end tag", `${FEED}<entry></feed></entry>`],
    ["a DOCTYPE", `<!DOCTYPE feed [<!ENTITY a "b">]>${FEED}</feed>`],
    ["an unterminated comment", `${FEED}<!-- `],
    ["an attribute without quotes", `${FEED}<entry a=1></entry></feed>`],
    ["an entry without ids", `${FEED}<entry><title>x</title></entry></feed>`],
    ["a deleted entry without ref", `${FEED}<at:deleted-entry when="x"/></feed>`],
    ["a second root", `${FEED}</feed><feed></feed>`],
  ])("refuses %s", (_name, body) => {
    expect(() => parseYouTubeFeed(body)).toThrow();
  });
});
