// examples/brand-monitor.ts, run as a user runs it: its monitor hears what is published into
// the simulated Mastodon and Telegram and tallies it per platform and kind.
import { describe, expect, it } from "vitest";
import { monitorBrand } from "../../examples/brand-monitor.js";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import { drive, listenFixture } from "../listening/fixture.js";

const MASTODON = "brand-example-mastodon";
const BOT = "654321:brand-example";
const { clock, sim, herald } = listenFixture({
  mastodon: { accessTokens: [MASTODON] },
  telegram: { botTokens: [BOT] },
});

describe("examples/brand-monitor.ts", () => {
  it("tallies mentions and keywords per platform, each item once", async () => {
    const h = herald([
      mastodon({ accessToken: MASTODON, instanceUrl: "https://mastodon.example" }),
      telegram({ botToken: BOT, botUsername: "acme_bot" }),
    ]);
    const printed: string[] = [];
    const { tally } = monitorBrand(h, "acme", ["mastodon", "telegram"], (l) => printed.push(l));
    sim.mastodon.listen.mention(sim.mastodon.accountIdOf(MASTODON), "@herald_sim_1 acme?");
    sim.mastodon.listen.publish("#acme rocks");
    sim.telegram.listen.message("654321", { text: "@acme_bot hello", from: "cy" });
    sim.telegram.listen.message("654321", { text: "not about us", from: "dee" });
    await drive(clock, () => printed.length >= 3);
    const asked = sim.requests.length;
    await drive(clock, () => sim.requests.length >= asked + 6);
    await h.close();
    expect(Object.fromEntries(tally)).toEqual({
      "mastodon mention": 1,
      "mastodon keyword": 1,
      "telegram mention": 1,
    });
    expect(printed).toContain("[telegram mention] @cy: @acme_bot hello");
  });
});
