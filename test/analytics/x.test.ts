import { describe, expect, it } from "vitest";
import { x } from "../../src/adapters/x/index.js";
import { METRIC_NAMES } from "../../src/contract/metrics.js";
import type { XSimOptions } from "../../src/testing/index.js";
import { analyticsFixture, HOURS, readOf, refusalOf } from "./fixture.js";
import { specProblems } from "./spec.js";

const CLIENT = { clientId: "x-client", clientSecret: "x-client-secret-123" };
const USERS: XSimOptions["users"] = [
  { id: "42", username: "shop", accessToken: "x-access-42" },
  { id: "43", accessToken: "x-access-43" },
];
const { clock, sim, herald } = analyticsFixture({ x: { users: USERS, clients: [CLIENT] } });
const adapter = (accessToken = "x-access-42") => x({ ...CLIENT, tokens: { accessToken } });

/** Each lookup and delete checked against the X OpenAPI spec (its `post.fields` is the docs' `tweet.fields`). */
function expectSpecValid() {
  const calls = sim.requests.filter(
    (r) => r.operation === "getPostsByIds" || r.operation === "deletePosts",
  );
  expect(calls.length).toBeGreaterThan(0);
  for (const r of calls) {
    const { "tweet.fields": fields, ...rest } = r.query;
    const query = fields === undefined ? rest : { ...rest, "post.fields": fields };
    expect(specProblems("x", r.method, r.path, undefined, query)).toEqual([]);
    expect(r.schemaErrors).toEqual([]);
  }
}

describe("x metrics", () => {
  it("reads public and private metrics of the account's own recent posts, growing over time", async () => {
    const h = herald([adapter()]);
    const report = await h.send({ text: "Launch day" }, { to: "x" });
    clock.advance(5 * HOURS);
    const sample = await h.metrics(report);
    const post = sim.x.posts[0]!;
    const pub = sim.x.postApi.publicMetrics(post, clock.now());
    const priv = sim.x.postApi.privateMetrics(post, clock.now());
    const read = readOf(sample.posts[0]);
    expect(read.metrics).toEqual({
      impressions: priv.impression_count,
      likes: pub.like_count,
      replies: pub.reply_count,
      shares: pub.retweet_count! + pub.quote_count!,
      saves: pub.bookmark_count,
      clicks: priv.url_link_clicks,
    });
    expect(pub.like_count).toBeGreaterThan(0);
    // X gives no reach nor views of a post: absent, never 0
    expect(Object.keys(read.metrics).sort()).toEqual(
      METRIC_NAMES.filter((m) => m !== "reach" && m !== "views").sort(),
    );
    expect(read.raw).toMatchObject({ id: post.id, non_public_metrics: priv });
    expect(sim.requests.at(-1)?.query["tweet.fields"]).toBe(
      "public_metrics,non_public_metrics,organic_metrics",
    );
    expectSpecValid();
  });

  it("past 30 days asks public metrics only; another user's post reads without clicks", async () => {
    const h = herald([adapter()]);
    const mine = await h.send({ text: "Old post" }, { to: "x" });
    const theirs = await herald([adapter("x-access-43")]).send({ text: "Theirs" }, { to: "x" });
    const theirId = theirs.targets[0]!.ids[0]!;
    // their post given with a sending time: the private metrics are asked and refused per field
    const both = await h.metrics([...mine.targets[0]!.ids.map((id) => `x:${id}`)]);
    expect(readOf(both.posts[0]).metrics).not.toHaveProperty("clicks"); // no sentAt: public only
    const field = await h.metrics([
      { platform: "x", account: "default", id: theirId, sentAt: clock.now() },
    ]);
    const read = readOf(field.posts[0]);
    expect(read.metrics).not.toHaveProperty("clicks");
    expect(read.metrics.likes).toBe(0);
    clock.advance(31 * 24 * HOURS);
    await h.metrics(mine);
    expect(sim.requests.at(-1)?.query["tweet.fields"]).toBe("public_metrics");
    expectSpecValid();
  });

  it("batches 100 ids a request; a missing id is a not-found refusal", async () => {
    const h = herald([adapter()]);
    const refs = Array.from({ length: 150 }, (_, i) => `x:${9_000_000 + i}`);
    const report = await h.send({ text: "Real one" }, { to: "x" });
    const sample = await h.metrics([...refs, `x:${report.targets[0]!.ids[0]!}`]);
    const lookups = sim.requests.filter((r) => r.operation === "getPostsByIds");
    expect(lookups.map((r) => r.query.ids!.split(",").length)).toEqual([100, 51]);
    expect(refusalOf(sample.posts[0])).toMatchObject({ reason: "not-found" });
    expect(refusalOf(sample.posts[0]).message).toContain("Could not find tweet");
    expect(readOf(sample.posts[150]).metrics.likes).toBe(0);
    expectSpecValid();
  });
});

describe("x delete and edit", () => {
  it("deletes with DELETE /2/tweets/:id; a second delete is not found; another user's is not allowed", async () => {
    const h = herald([adapter()]);
    const report = await h.send({ text: "Delete me" }, { to: "x" });
    const id = report.targets[0]!.ids[0]!;
    await h.delete(`x:${id}`);
    expect(sim.x.postApi.deleted).toEqual([id]);
    await expect(h.delete(`x:${id}`)).rejects.toMatchObject({
      code: "refused",
      reason: "not-found",
    });
    const theirs = await herald([adapter("x-access-43")]).send({ text: "Theirs" }, { to: "x" });
    await expect(h.delete(`x:${theirs.targets[0]!.ids[0]!}`)).rejects.toMatchObject({
      reason: "not-allowed",
    });
    expectSpecValid();
  });

  it("refuses edits as not supported, and recall with a correction lists them", async () => {
    const h = herald([adapter()]);
    const report = await h.send({ text: "Typo" }, { to: "x" });
    const before = sim.requests.length;
    await expect(
      h.edit(`x:${report.targets[0]!.ids[0]!}`, { text: "Fixed" }),
    ).rejects.toMatchObject({
      reason: "not-supported",
      action: "edit",
    });
    const recall = await h.recall(report, { correction: { text: "Fixed" } });
    expect(recall.counts).toMatchObject({ edited: 0, refused: 1 });
    expect(recall.notTakenBack[0]?.error?.message).toContain("delete the post");
    expect(sim.requests.length).toBe(before);
    const deleted = await h.recall(report);
    expect(deleted.counts.deleted).toBe(1);
  });
});
