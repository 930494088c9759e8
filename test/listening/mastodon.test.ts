// Listening on the simulated Mastodon: mentions (notifications) and hashtag timelines, requests
// checked against the Mastodon OpenAPI spec, every published item heard exactly once.
import { describe, expect, it } from "vitest";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { ValidationError } from "../../src/index.js";
import { specProblems } from "../analytics/spec.js";
import { collect, drive, listenFixture, START } from "./fixture.js";

const TOKEN = "mastodon-listen-token";
const { clock, sim, herald } = listenFixture({ mastodon: { accessTokens: [TOKEN] } });
const adapter = () => mastodon({ accessToken: TOKEN, instanceUrl: "https://mastodon.example" });
const me = () => sim.mastodon.accountIdOf(TOKEN);

describe("mastodon listening", () => {
  it("hears mentions and hashtag posts once each, in order, with the documented requests", async () => {
    const h = herald([adapter()]);
    sim.mastodon.listen.mention(me(), "@herald_sim_1 where is my order?", { username: "ann" });
    sim.mastodon.listen.publish("Loving the #AcmeSale today", { username: "bob" });
    sim.mastodon.listen.publish("nothing to see #other", { username: "cy" });
    const listener = h.listen({ to: "mastodon", mentions: true, keywords: ["#acmesale"] });
    const items = collect(listener);
    await drive(clock, () => items.length >= 2);
    sim.mastodon.listen.mention(me(), "@herald_sim_1 second question", { username: "dee" });
    sim.mastodon.listen.publish("#acmesale again", { username: "eve" });
    await drive(clock, () => items.length >= 4);
    // two more polling rounds hear nothing new
    const before = sim.requests.length;
    await drive(clock, () => sim.requests.length >= before + 4);
    await listener.close();

    expect(items.map((i) => [i.kind, i.author.handle, i.text])).toEqual(
      expect.arrayContaining([
        ["mention", "ann", "@herald_sim_1 where is my order?"],
        ["keyword", "bob", "Loving the #AcmeSale today"],
        ["mention", "dee", "@herald_sim_1 second question"],
        ["keyword", "eve", "#acmesale again"],
      ]),
    );
    expect(items).toHaveLength(4);
    expect(new Set(items.map((i) => i.id)).size).toBe(4);
    const keyword = items.find((i) => i.author.handle === "bob")!;
    expect(keyword).toMatchObject({
      platform: "mastodon",
      account: "default",
      source: "tag:acmesale",
      matched: ["#acmesale"],
      createdAt: START, // published before the clock moved
    });
    expect(keyword.url).toMatch(/^https:\/\/mastodon\.example\/@bob\/\d+$/);
    const polls = sim.requests.filter((r) => r.operation?.startsWith("get"));
    expect(polls.length).toBeGreaterThanOrEqual(6);
    for (const r of polls) {
      expect(r.status).toBe(200);
      // Rails names an array parameter `types[]`; the spec names it `types`
      const query = Object.fromEntries(
        Object.entries(r.query).map(([k, v]) => [k.replace(/\[\]$/, ""), v]),
      );
      expect(specProblems("mastodon", r.method, r.path, undefined, query)).toEqual([]);
    }
    // after the first answer every poll asks for what follows the newest id seen
    const later = polls.filter((r) => r.operation === "getNotifications").slice(1);
    expect(later.every((r) => /^\d+$/.test(r.query.min_id ?? ""))).toBe(true);
  });

  it("reads a full page again at once (more is waiting), without waiting the interval", async () => {
    const h = herald([adapter()]);
    sim.mastodon.listen.publish("#acmesale first");
    const listener = h.listen({ to: "mastodon", keywords: ["acmesale"] });
    const items = collect(listener);
    await drive(clock, () => items.length >= 1);
    for (let i = 0; i < 45; i++) sim.mastodon.listen.publish(`#acmesale number ${i}`);
    const asked = sim.requests.length;
    await drive(clock, () => items.length >= 46);
    await listener.close();
    expect(items.map((i) => i.text)).toEqual([
      "#acmesale first",
      ...Array.from({ length: 45 }, (_, i) => `#acmesale number ${i}`),
    ]);
    const pages = sim.requests.slice(asked);
    expect(pages.map((r) => r.query.limit)).toEqual(["40", "40"]);
    // the second page was asked at the same simulated time as the first: no interval between
    expect(pages[1]!.time).toBe(pages[0]!.time);
  });

  it("refuses a keyword that cannot be a hashtag, before any request", () => {
    const h = herald([adapter()]);
    expect(() => h.listen({ to: "mastodon", keywords: ["two words"] })).toThrow(ValidationError);
    expect(() => h.listen({ to: "mastodon" })).toThrow(ValidationError);
    expect(() => h.listen({ to: "x", mentions: true })).toThrow(/no x adapter/);
    expect(sim.requests).toEqual([]);
  });
});
