import { describe, expect, it } from "vitest";
import { facebook } from "../../src/adapters/facebook/index.js";
import { analyticsFixture, HOURS, readOf, refusalOf } from "./fixture.js";

const PAGE = "1000000001";
const OTHER = "1000000002";
const TOKENS: Record<string, string> = { [PAGE]: "EAAPageOneToken", [OTHER]: "EAAPageTwoToken" };
const { clock, sim, herald } = analyticsFixture({
  facebook: {
    pages: [
      { id: PAGE, accessToken: TOKENS[PAGE]! },
      { id: OTHER, accessToken: TOKENS[OTHER]! },
    ],
  },
});
const page = (id: string = PAGE) => facebook({ pageId: id, pageAccessToken: TOKENS[id]! });

describe("facebook metrics", () => {
  it("reads reactions, comments, shares and the post's insights, growing over time", async () => {
    const h = herald([page()]);
    const report = await h.send({ text: "New collection" }, { to: "facebook" });
    const id = report.targets[0]!.ids[0]!;
    sim.facebook.addComment(id, "Love it");
    clock.advance(10 * HOURS);
    const sample = await h.metrics(report);
    const counts = sim.facebook.postApi.counts(id, clock.now());
    const read = readOf(sample.posts[0]);
    expect(read.metrics).toEqual({
      impressions: counts.post_impressions,
      reach: counts.post_impressions_unique,
      clicks: counts.post_clicks,
      likes: counts.reactions,
      replies: counts.comments,
      shares: counts.shares,
    });
    expect(counts.comments).toBeGreaterThan(0);
    expect(read.metrics).not.toHaveProperty("views");
    expect(read.metrics).not.toHaveProperty("saves");
    expect(read.raw).toMatchObject({ post: { id }, insights: { data: expect.any(Array) } });
    const reads = sim.requests.filter(
      (r) => r.operation === "getPost" || r.operation === "getPostInsights",
    );
    expect(reads.map((r) => r.operation)).toEqual(["getPost", "getPostInsights"]);
    expect(reads.every((r) => r.schemaErrors.length === 0 && r.status === 200)).toBe(true);
    // the Page token never shows in what Herald hands back
    expect(JSON.stringify(sample)).not.toContain(TOKENS[PAGE]);
  });

  it("a post that is gone is a not-found refusal", async () => {
    const h = herald([page()]);
    const sample = await h.metrics([`facebook:${PAGE}_999`]);
    expect(refusalOf(sample.posts[0])).toMatchObject({ reason: "not-found" });
  });
});

describe("facebook edit and delete", () => {
  it("edits the message and deletes the post; another Page's post is not allowed", async () => {
    const h = herald([page()]);
    const report = await h.send({ text: "Price: 30" }, { to: "facebook" });
    const id = report.targets[0]!.ids[0]!;
    await h.edit(`facebook:${id}`, { text: "Price: 20" });
    expect(sim.facebook.posts[0]?.message).toBe("Price: 20");
    const theirs = await herald([page(OTHER)]).send({ text: "Other Page" }, { to: "facebook" });
    const theirId = theirs.targets[0]!.ids[0]!;
    await expect(h.edit(`facebook:${theirId}`, { text: "x" })).rejects.toMatchObject({
      reason: "not-allowed",
    });
    await expect(h.delete(`facebook:${theirId}`)).rejects.toMatchObject({ reason: "not-allowed" });
    const recall = await h.recall(report);
    expect(recall.counts.deleted).toBe(1);
    expect(sim.facebook.postApi.deleted).toEqual([id]);
    await expect(h.delete(`facebook:${id}`)).rejects.toMatchObject({
      code: "refused",
      reason: "not-found",
    });
    const edits = sim.requests.filter((r) => r.operation === "updatePost" && r.status === 200);
    expect(edits).toHaveLength(1);
    expect(edits[0]?.body).toMatchObject({ message: "Price: 20" });
    expect(edits[0]?.schemaErrors).toEqual([]);
  });
});
