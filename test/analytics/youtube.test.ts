import { describe, expect, it } from "vitest";
import { youtube } from "../../src/adapters/youtube/index.js";
import { analyticsFixture, HOURS, readOf, refusalOf } from "./fixture.js";

const CLIENT = { clientId: "yt-client", clientSecret: "yt-secret-123" };
const CHANNEL = "UCsimChannelAAAAAAAAAAAA";
const OTHER = "UCsimChannelBBBBBBBBBBBB";
const { clock, sim, herald } = analyticsFixture({
  youtube: {
    channels: [
      { id: CHANNEL, accessToken: "yt-access" },
      { id: OTHER, accessToken: "yt-other" },
    ],
    clients: [CLIENT],
    quota: { units: 160 },
  },
});
const channel = (accessToken = "yt-access", units?: number) =>
  youtube({
    ...CLIENT,
    tokens: { accessToken },
    ...(units !== undefined && {
      quotas: [{ bucket: "units", units, timeZone: "America/Los_Angeles", source: "test" }],
    }),
  });
const video = new Uint8Array(1024).fill(7);

async function upload(h: ReturnType<typeof herald>, text = "Launch video\nAll about it") {
  const report = await h.send(
    { text, media: [{ data: video, mimeType: "video/mp4" }] },
    { to: "youtube" },
  );
  expect(report.counts.sent).toBe(1);
  return report;
}

describe("youtube metrics", () => {
  it("reads views, likes and comments from videos.list statistics, 1 unit a call", async () => {
    const h = herald([channel()]);
    const report = await upload(h);
    clock.advance(3 * HOURS);
    const sample = await h.metrics(report);
    const stats = sim.youtube.videoApi.statistics(sim.youtube.videos[0]!, clock.now());
    expect(readOf(sample.posts[0]).metrics).toEqual({
      views: Number(stats.viewCount),
      likes: Number(stats.likeCount),
      replies: Number(stats.commentCount),
    });
    expect(Number(stats.viewCount)).toBeGreaterThan(0);
    const list = sim.requests.find((r) => r.operation === "videos.list")!;
    expect(list.query).toMatchObject({ part: "statistics", id: report.targets[0]!.ids[0] });
    const gone = await h.metrics(["youtube:AAAAAAAAAAA"]);
    expect(refusalOf(gone.posts[0])).toMatchObject({ reason: "not-found" });
  });
});

describe("youtube edit and delete", () => {
  it("edits title and description keeping the category, and deletes; costs go to the quota ledger", async () => {
    const h = herald([channel()]);
    const report = await upload(h);
    const id = report.targets[0]!.ids[0]!;
    await h.edit(`youtube:${id}`, { text: "New title\nNew description" });
    const update = sim.requests.find((r) => r.operation === "videos.update")!;
    expect(update.status).toBe(200);
    expect(update.body).toEqual({
      id,
      snippet: { title: "New title", description: "New description", categoryId: "22" },
    });
    expect(sim.youtube.videos[0]?.snippet).toMatchObject({ title: "New title" });
    await h.delete(`youtube:${id}`);
    expect(sim.youtube.videoApi.deleted).toEqual([id]);
    await expect(h.delete(`youtube:${id}`)).rejects.toMatchObject({ reason: "not-found" });
    await expect(h.edit(`youtube:${id}`, { text: "Again" })).rejects.toMatchObject({
      reason: "not-found",
    });
  });

  it("another channel's video is not allowed", async () => {
    const theirs = await upload(herald([channel("yt-other")]));
    const h = herald([channel()]);
    const id = theirs.targets[0]!.ids[0]!;
    await expect(h.delete(`youtube:${id}`)).rejects.toMatchObject({
      code: "refused",
      reason: "not-allowed",
    });
    await expect(h.edit(`youtube:${id}`, { text: "Mine" })).rejects.toMatchObject({
      reason: "not-allowed",
    });
  });

  it("an edit the day's quota cannot hold is refused by the ledger before any request", async () => {
    // 51 units for an edit (videos.list 1 + videos.update 50): a ledger of 60 holds one edit
    const h = herald([channel("yt-access", 60)]);
    const report = await upload(h);
    const id = report.targets[0]!.ids[0]!;
    await h.edit(`youtube:${id}`, { text: "Once" });
    const before = sim.requests.length;
    await expect(h.edit(`youtube:${id}`, { text: "Twice" })).rejects.toMatchObject({
      code: "rate_limit",
    });
    expect(sim.requests.length).toBe(before);
  });
});

describe("youtube recall", () => {
  it("corrects a video's title and description, then deletes it", async () => {
    const h = herald([channel()]);
    const report = await upload(h, "Wrong title\nWrong description");
    const fixed = await h.recall(report, {
      correction: { text: "Right title\nRight description" },
    });
    expect(fixed).toMatchObject({ mode: "edit", counts: { edited: 1 }, notTakenBack: [] });
    expect(sim.youtube.videos[0]?.snippet).toMatchObject({
      title: "Right title",
      description: "Right description",
    });
    const gone = await h.recall(report);
    expect(gone.counts.deleted).toBe(1);
    expect(sim.youtube.videoApi.deleted).toEqual([report.targets[0]!.ids[0]]);
  });
});
