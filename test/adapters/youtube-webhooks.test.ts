// YouTube WebSub: the subscription handshake (hub.challenge, lease renewal), signed Atom
// notifications through herald.webhooks.handle, and the Atom reader.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  leaseRenewalAt,
  parseYouTubeFeed,
  subscriptionForm,
  type WebSubLease,
  youtube,
} from "../../src/adapters/youtube/index.js";
import { createHerald } from "../../src/index.js";
import { signYouTubeWebhook } from "../../src/testing/index.js";

const SECRET = "hub-secret-abc";
const CHANNEL = "UCshop00000000000000000a";
const URL_BASE = "https://herald.test/webhooks/youtube";

// the notification as the push notifications guide shows it
const NEW_VIDEO = `<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns="http://www.w3.org/2005/Atom">
  <link rel="hub" href="https://pubsubhubbub.appspot.com"/>
  <link rel="self" href="https://www.youtube.com/xml/feeds/videos.xml?channel_id=${CHANNEL}"/>
  <title>YouTube video feed</title>
  <updated>2026-11-27T09:00:01.552394234+00:00</updated>
  <entry>
    <id>yt:video:dQw4w9WgXcQ</id>
    <yt:videoId>dQw4w9WgXcQ</yt:videoId>
    <yt:channelId>${CHANNEL}</yt:channelId>
    <title>Black Friday &amp; more</title>
    <link rel="alternate" href="http://www.youtube.com/watch?v=dQw4w9WgXcQ"/>
    <author>
     <name>Shop</name>
     <uri>http://www.youtube.com/channel/${CHANNEL}</uri>
    </author>
    <published>2026-11-27T09:00:00+00:00</published>
    <updated>2026-11-27T09:00:01.552394234+00:00</updated>
  </entry>
</feed>`;

const DELETED = `<feed xmlns:at="http://purl.org/atompub/tombstones/1.0" xmlns="http://www.w3.org/2005/Atom">
  <at:deleted-entry ref="yt:video:dQw4w9WgXcQ" when="2026-11-28T10:00:00+00:00">
    <link href="http://www.youtube.com/watch?v=dQw4w9WgXcQ"/>
    <at:by><name>Shop</name><uri>http://www.youtube.com/channel/${CHANNEL}</uri></at:by>
  </at:deleted-entry>
</feed>`;

const NOW = Date.UTC(2026, 10, 27, 9);

function setup(leases: WebSubLease[] = []) {
  return createHerald({
    adapters: [
      youtube({
        clientId: "c",
        tokens: { accessToken: "t" },
        hubSecret: SECRET,
        channels: [CHANNEL],
        onLease: (lease) => leases.push(lease),
      }),
    ],
    clock: { now: () => NOW, sleep: async () => {} },
  });
}

const handshake = (params: Record<string, string>) =>
  new Request(`${URL_BASE}?${new URLSearchParams(params)}`, { method: "GET" });

describe("YouTube WebSub handshake", () => {
  it("echoes hub.challenge and reports when to renew the lease", async () => {
    const leases: WebSubLease[] = [];
    const herald = setup(leases);
    const response = await herald.webhooks.handle(
      handshake({
        "hub.mode": "subscribe",
        "hub.topic": `https://www.youtube.com/xml/feeds/videos.xml?channel_id=${CHANNEL}`,
        "hub.challenge": "challenge-123",
        "hub.lease_seconds": "432000",
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("challenge-123");
    expect(leases).toEqual([
      {
        mode: "subscribe",
        topic: `https://www.youtube.com/xml/feeds/videos.xml?channel_id=${CHANNEL}`,
        channelId: CHANNEL,
        leaseSeconds: 432_000,
        confirmedAt: NOW,
        renewAt: NOW + 432_000_000 - 43_200_000, // 5 days, renewed half a day early
      },
    ]);
  });

  it("refuses a topic it did not subscribe to (404) and a malformed handshake (400)", async () => {
    const herald = setup();
    const other = await herald.webhooks.handle(
      handshake({
        "hub.mode": "subscribe",
        "hub.topic": "https://www.youtube.com/xml/feeds/videos.xml?channel_id=UCother",
        "hub.challenge": "x",
      }),
    );
    expect(other.status).toBe(404);
    const bad = await herald.webhooks.handle(handshake({ "hub.mode": "subscribe" }));
    expect(bad.status).toBe(400);
  });

  it("renews at 90% of a long lease and halfway through a short one", () => {
    expect(leaseRenewalAt(0, 864_000)).toBe(864_000_000 * 0.9);
    expect(leaseRenewalAt(0, 3_600)).toBe(1_800_000);
  });

  it("builds the subscription form the hub takes", () => {
    const form = subscriptionForm({
      callback: URL_BASE,
      channelId: CHANNEL,
      secret: SECRET,
      leaseSeconds: 864_000,
    });
    expect(Object.fromEntries(form)).toEqual({
      "hub.callback": URL_BASE,
      "hub.mode": "subscribe",
      "hub.topic": `https://www.youtube.com/xml/feeds/videos.xml?channel_id=${CHANNEL}`,
      "hub.verify": "async",
      "hub.secret": SECRET,
      "hub.lease_seconds": "864000",
    });
  });
});

describe("YouTube Atom notifications", () => {
  it("dispatches a signed notification as youtube.video and a normalized delivery", async () => {
    const herald = setup();
    const videos: unknown[] = [];
    const deliveries: unknown[] = [];
    herald.webhooks.on("youtube.video", (event) => {
      videos.push(event.payload);
    });
    herald.webhooks.on("delivery", (event) => {
      deliveries.push(event);
    });
    const response = await herald.webhooks.handle(await signYouTubeWebhook(NEW_VIDEO, SECRET));
    expect(response.status).toBe(200);
    expect(videos).toEqual([
      {
        videoId: "dQw4w9WgXcQ",
        channelId: CHANNEL,
        title: "Black Friday & more",
        link: "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
        author: { name: "Shop", uri: `http://www.youtube.com/channel/${CHANNEL}` },
        published: "2026-11-27T09:00:00+00:00",
        updated: "2026-11-27T09:00:01.552394234+00:00",
      },
    ]);
    expect(deliveries).toMatchObject([
      {
        type: "delivery",
        platform: "youtube",
        status: "sent",
        messageId: "dQw4w9WgXcQ",
        author: { id: CHANNEL, name: "Shop" },
        replyTo: { platform: "youtube", reply: { messageId: "dQw4w9WgXcQ" } },
      },
    ]);
    // the same notification again is a duplicate, dropped
    await herald.webhooks.handle(await signYouTubeWebhook(NEW_VIDEO, SECRET));
    expect(videos).toHaveLength(1);
  });

  it("checks X-Hub-Signature (sha1 HMAC of the raw body under hub.secret)", async () => {
    const herald = setup();
    let handled = 0;
    herald.webhooks.on("youtube.video", () => {
      handled++;
    });
    const forged = await signYouTubeWebhook(NEW_VIDEO, "wrong-secret");
    expect((await herald.webhooks.handle(forged)).status).toBe(401);
    const unsigned = new Request(URL_BASE, { method: "POST", body: NEW_VIDEO });
    expect((await herald.webhooks.handle(unsigned)).status).toBe(401);
    // the signature computed independently, by node:crypto
    const signature = `sha1=${createHmac("sha1", SECRET).update(NEW_VIDEO).digest("hex")}`;
    const good = new Request(URL_BASE, {
      method: "POST",
      body: NEW_VIDEO,
      headers: { "x-hub-signature": signature },
    });
    expect((await herald.webhooks.handle(good)).status).toBe(200);
    expect(handled).toBe(1);
  });

  it("reads a deleted entry", async () => {
    expect(parseYouTubeFeed(DELETED)).toEqual({
      entries: [],
      deleted: [
        {
          videoId: "dQw4w9WgXcQ",
          when: "2026-11-28T10:00:00+00:00",
          channelUri: `http://www.youtube.com/channel/${CHANNEL}`,
        },
      ],
    });
    const herald = setup();
    const deleted: string[] = [];
    herald.webhooks.on("youtube.video.deleted", (event) => {
      deleted.push(event.payload.videoId);
    });
    expect((await herald.webhooks.handle(await signYouTubeWebhook(DELETED, SECRET))).status).toBe(
      200,
    );
    expect(deleted).toEqual(["dQw4w9WgXcQ"]);
  });

  it("answers 400 to a body that is not an Atom feed", async () => {
    const response = await setup().webhooks.handle(await signYouTubeWebhook("<html/>", SECRET));
    expect(response.status).toBe(400);
  });
});
