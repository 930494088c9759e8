import { describe, expect, it } from "vitest";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { RefusedError } from "../../src/analytics/errors.js";
import { analyticsFixture, HOURS, readOf, refusalOf } from "./fixture.js";
import { specProblems } from "./spec.js";

const TOKEN = "mastodon-analytics-token";
const OTHER = "mastodon-other-token";
const { clock, sim, herald } = analyticsFixture({ mastodon: { accessTokens: [TOKEN, OTHER] } });
const adapter = () => mastodon({ accessToken: TOKEN, instanceUrl: "https://mastodon.example" });

describe("mastodon metrics", () => {
  it("reads likes, replies and shares as the status counts them, growing over time", async () => {
    const h = herald([adapter()]);
    const report = await h.send({ text: "Black Friday" }, { to: "mastodon" });
    const id = report.targets[0]!.ids[0]!;
    const fresh = await h.metrics(report);
    expect(fresh.posts[0]).toMatchObject({
      ok: true,
      metrics: { likes: 0, replies: 0, shares: 0 },
    });

    clock.advance(6 * HOURS);
    const later = await h.metrics(report);
    const counts = sim.mastodon.posts.counts(id, clock.now());
    const post = readOf(later.posts[0]);
    expect(post.metrics).toEqual({
      likes: counts.favourites_count,
      replies: counts.replies_count,
      shares: counts.reblogs_count! + counts.quotes_count!,
    });
    expect(counts.favourites_count).toBeGreaterThan(0);
    // what Mastodon does not report is absent, never 0
    expect("impressions" in post.metrics).toBe(false);
    expect(post.raw).toMatchObject({ id, favourites_count: counts.favourites_count });
    expect(later.totals).toEqual(post.metrics);
    const gets = sim.requests.filter((r) => r.operation === "getStatus");
    expect(gets.map((r) => r.path)).toEqual([`/api/v1/statuses/${id}`, `/api/v1/statuses/${id}`]);
    for (const r of gets) expect(specProblems("mastodon", r.method, r.path)).toEqual([]);
  });

  it("a status that is gone is a not-found refusal, the others still read", async () => {
    const h = herald([adapter()]);
    const report = await h.send({ text: "One" }, { to: "mastodon" });
    const sample = await h.metrics([
      "mastodon:404404",
      ...report.targets[0]!.ids.map((id) => `mastodon:${id}`),
    ]);
    const [gone, found] = sample.posts;
    expect(refusalOf(gone)).toMatchObject({ reason: "not-found", action: "metrics" });
    expect(readOf(found).metrics).toEqual({ likes: 0, replies: 0, shares: 0 });
  });
});

describe("mastodon edit and delete", () => {
  it("edits the text with PUT and deletes with DELETE, requests matching the spec", async () => {
    const h = herald([adapter()]);
    const report = await h.send({ text: "Sale 30%" }, { to: "mastodon" });
    const id = report.targets[0]!.ids[0]!;
    const edit = await h.edit(`mastodon:${id}`, { text: "Sale 20% (corrected)" });
    expect(edit.action).toBe("edit");
    expect(sim.mastodon.posts.edits).toMatchObject([{ id, text: "Sale 20% (corrected)" }]);
    await h.delete({ platform: "mastodon", account: "default", id });
    expect(sim.mastodon.posts.deleted).toEqual([id]);
    const put = sim.requests.find((r) => r.operation === "updateStatus")!;
    expect(put.schemaErrors).toEqual([]);
    expect(specProblems("mastodon", "PUT", `/api/v1/statuses/${id}`, put.body)).toEqual([]);
    const del = sim.requests.find((r) => r.operation === "deleteStatus")!;
    expect(specProblems("mastodon", "DELETE", del.path)).toEqual([]);
    const get = await h.metrics([`mastodon:${id}`]);
    expect(refusalOf(get.posts[0]).reason).toBe("not-found");
  });

  it("not the author, or already deleted: RefusedError not-found from the platform's 404", async () => {
    const h = herald([adapter()]);
    const theirs = herald([
      mastodon({ accessToken: OTHER, instanceUrl: "https://mastodon.example" }),
    ]);
    const report = await theirs.send({ text: "Someone else's" }, { to: "mastodon" });
    const id = report.targets[0]!.ids[0]!;
    const refused = await h.delete(`mastodon:${id}`).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedError);
    expect(refused).toMatchObject({ code: "refused", reason: "not-found", action: "delete" });
    await expect(h.edit(`mastodon:${id}`, { text: "x" })).rejects.toMatchObject({
      reason: "not-found",
    });
    expect(sim.mastodon.posts.deleted).toEqual([]);
  });

  it("an edit longer than the instance allows is a ValidationError before any request", async () => {
    const h = herald([adapter()]);
    const before = sim.requests.length;
    await expect(h.edit("mastodon:1", { text: "a".repeat(501) })).rejects.toMatchObject({
      code: "validation",
      field: "text",
    });
    expect(sim.requests.length).toBe(before);
  });
});

describe("mastodon edit with media", () => {
  it("uploads the new media first and attaches it in the PUT", async () => {
    const h = herald([adapter()]);
    const report = await h.send({ text: "Without a picture" }, { to: "mastodon" });
    const id = report.targets[0]!.ids[0]!;
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    await h.edit(`mastodon:${id}`, {
      text: "With one",
      media: [{ data: png, mimeType: "image/png" }],
    });
    const ops = sim.requests.map((r) => r.operation);
    expect(ops.slice(-2)).toEqual(["createMedia", "updateStatus"]);
    const put = sim.requests.at(-1)!;
    expect(put.body).toMatchObject({
      status: "With one",
      media_ids: [[...sim.mastodon.media.keys()][0]],
    });
    expect(specProblems("mastodon", "PUT", put.path, put.body)).toEqual([]);
  });
});

describe("mastodon recall", () => {
  it("edits a delivery's status to the correction, then deletes it; a second recall finds it gone", async () => {
    const h = herald([adapter()]);
    const report = await h.send({ text: "Wrong date: Friday" }, { to: "mastodon" });
    const id = report.targets[0]!.ids[0]!;
    const fixed = await h.recall(report, { correction: { text: "Right date: Saturday" } });
    expect(fixed).toMatchObject({ mode: "edit", counts: { edited: 1, deleted: 0 } });
    expect(sim.mastodon.posts.edits.at(-1)).toMatchObject({ id, text: "Right date: Saturday" });
    const gone = await h.recall(report);
    expect(gone.counts.deleted).toBe(1);
    const again = await h.recall(report);
    expect(again.counts).toMatchObject({ deleted: 0, refused: 1 });
    expect(again.notTakenBack[0]?.error).toMatchObject({ reason: "not-found" });
  });
});
