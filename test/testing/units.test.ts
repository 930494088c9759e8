import { describe, expect, it } from "vitest";
import { nestFields } from "../../src/testing/body.js";
import { createSimulator } from "../../src/testing/index.js";
import { statusLength } from "../../src/testing/platforms/mastodon/text.js";
import { visibleText } from "../../src/testing/platforms/telegram/text.js";
import { SlidingWindow } from "../../src/testing/window.js";
import { manualClock, postJson, TG_TOKEN } from "./helpers.js";

describe("simulator building blocks", () => {
  it("sliding windows hold in every window, not only aligned ones", () => {
    const w = new SlidingWindow({ limit: 2, windowMs: 1_000 });
    w.hit("k", 900);
    w.hit("k", 1_100);
    expect(w.wait("k", 1_500)).toBe(400); // the hit at 900 leaves at 1900
    expect(w.remaining("k", 1_900)).toBe(1);
    expect(w.resetAt("k", 1_900)).toBe(2_100);
    expect(w.wait("other", 1_500)).toBe(0);
  });

  it("nests bracketed form fields", () => {
    expect(
      nestFields([
        ["status", "hi"],
        ["media_ids[]", "1"],
        ["media_ids[]", "2"],
        ["poll[options][]", "a"],
        ["poll[expires_in]", "300"],
      ]),
    ).toEqual({ status: "hi", media_ids: ["1", "2"], poll: { options: ["a"], expires_in: "300" } });
  });

  it("counts Mastodon length with graphemes, 23 per URL and local mentions", () => {
    expect(statusLength("👩‍👩‍👧 ok")).toBe(4);
    expect(statusLength(`see https://example.com/${"x".repeat(100)}.`)).toBe(4 + 23 + 1);
    expect(statusLength("hi @alice@social.example")).toBe("hi @alice".length);
  });

  it("measures Telegram text after parsing markup", () => {
    expect(visibleText("<b>a</b> &lt;b&gt;", "HTML")).toBe("a <b>");
    expect(visibleText("*bold* \\. [link](https://x.example)", "MarkdownV2")).toBe("bold . link");
    expect(visibleText("*raw*", undefined)).toBe("*raw*");
  });

  it("keeps only about the last maxRecordedRequests", async () => {
    const clock = manualClock();
    const sim = createSimulator({
      clock,
      telegram: { botTokens: [TG_TOKEN] },
      maxRecordedRequests: 10,
      validate: false,
    });
    for (let i = 0; i < 1_100; i++) {
      clock.advance(100); // stay under 30 messages per second per bot
      await sim.handle(
        postJson(`https://api.telegram.org/bot${TG_TOKEN}/sendMessage`, {
          chat_id: i + 1,
          text: "x",
        }),
        "telegram",
      );
    }
    expect(sim.requests.length).toBeLessThan(1_034);
    expect(sim.stats().requests).toBe(1_100);
    expect(sim.telegram.messages).toHaveLength(1_100);
  });
});
