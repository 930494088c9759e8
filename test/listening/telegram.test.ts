// Listening on the simulated Telegram with getUpdates: mentions of the bot and keywords, the
// offset as the cursor, requests checked against the Bot API's method table, and the 409 a
// webhook causes named in the error.
import { describe, expect, it } from "vitest";
import { telegram } from "../../src/adapters/telegram/index.js";
import { type ListenErrorEvent, memoryCheckpoints } from "../../src/index.js";
import { telegramProblems } from "../analytics/spec.js";
import { collect, drive, listenFixture, settle } from "./fixture.js";

const TOKEN = "123456:listen-token";
const BOT = "123456";
const { clock, sim, herald } = listenFixture({ telegram: { botTokens: [TOKEN] } });
const adapter = () => telegram({ botToken: TOKEN, botUsername: "shop_bot" });

describe("telegram listening", () => {
  it("hears mentions and keywords once each, skips the rest, and resumes at the offset", async () => {
    const store = memoryCheckpoints();
    sim.telegram.listen.message(BOT, { text: "hi @shop_bot, is it open?", from: "ann" });
    sim.telegram.listen.message(BOT, { text: "unrelated chatter" });
    sim.telegram.listen.message(BOT, {
      text: "ACME sale today",
      channel: true,
      chatId: 77,
      chatUsername: "news",
    });
    const first = herald([adapter()], { checkpoints: store });
    const a = first.listen({ to: "telegram", mentions: true, keywords: ["acme"] });
    const heardA = collect(a);
    await drive(clock, () => heardA.length >= 2);
    await first.close();
    sim.telegram.listen.message(BOT, { text: "@shop_bot again", from: "bob" });
    const second = herald([adapter()], { checkpoints: store });
    const b = second.listen({ to: "telegram", mentions: true, keywords: ["acme"] });
    const heardB = collect(b);
    await drive(clock, () => heardB.length >= 1);
    const asked = sim.requests.length;
    await drive(clock, () => sim.requests.length >= asked + 2);
    await second.close();

    expect(heardA.map((i) => [i.kind, i.text])).toEqual([
      ["mention", "hi @shop_bot, is it open?"],
      ["keyword", "ACME sale today"],
    ]);
    expect(heardA[1]).toMatchObject({ matched: ["acme"], url: "https://t.me/news/3" });
    expect(heardB.map((i) => i.text)).toEqual(["@shop_bot again"]);
    const polls = sim.requests.filter((r) => r.operation === "getUpdates");
    for (const r of polls) {
      expect(r.schemaErrors).toEqual([]);
      expect(telegramProblems("getUpdates", r.body as Record<string, unknown>)).toEqual([]);
    }
    // the restarted listener asked from the offset after the last update the first one read
    const restart = polls.find((r) => (r.body as { offset?: number }).offset === 4);
    expect(restart).toBeDefined();
    expect(JSON.stringify(sim.requests)).not.toContain("listen-token");
  });

  it("a webhook in the way: getUpdates' 409 is a fatal error that says so", async () => {
    sim.telegram.listen.setWebhook(BOT);
    const h = herald([adapter()]);
    const listener = h.listen({ to: "telegram", keywords: ["acme"] });
    const errors: ListenErrorEvent[] = [];
    listener.on("error", (e) => errors.push(e));
    for (let i = 0; i < 200 && errors.length === 0; i++) await settle(2);
    await listener.close();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.fatal).toBe(true);
    expect(errors[0]!.error.message).toMatch(/webhook is active/);
    expect(errors[0]!.error.message).toMatch(
      /deleteWebhook, or take updates through herald\.webhooks/,
    );
    expect(errors[0]!.error.message).not.toContain("listen-token");
  });

  it("mentions without the bot's username are refused before any request", () => {
    const h = herald([telegram({ botToken: TOKEN })]);
    expect(() => h.listen({ to: "telegram", mentions: true })).toThrow(/botUsername/);
  });
});
