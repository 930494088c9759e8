import { describe, expect, it } from "vitest";
import { telegram } from "../../src/adapters/telegram/index.js";

const token = "123456:TEST";
const value = "Jean-Luc <b>_*[x].";

describe("escapeText: personalization values in Telegram markup", () => {
  it("follows the adapter's parse mode", () => {
    expect(telegram({ botToken: token }).escapeText?.(value, { text: "x" })).toBe(value);
    expect(
      telegram({ botToken: token, parseMode: "MarkdownV2" }).escapeText?.(value, { text: "x" }),
    ).toBe("Jean\\-Luc <b\\>\\_\\*\\[x\\]\\.");
    expect(
      telegram({ botToken: token, parseMode: "HTML" }).escapeText?.(value, { text: "x" }),
    ).toBe("Jean-Luc &lt;b&gt;_*[x].");
  });

  it("follows the message's own parse_mode or entities", () => {
    const adapter = telegram({ botToken: token, parseMode: "MarkdownV2" });
    const html = { text: "x", overrides: { telegram: { parse_mode: "HTML" } } };
    const legacy = { text: "x", overrides: { telegram: { parse_mode: "Markdown" } } };
    const entities = { text: "x", overrides: { telegram: { entities: [] } } };
    expect(adapter.escapeText?.("a<b", html)).toBe("a&lt;b");
    expect(adapter.escapeText?.(value, legacy)).toBe("Jean-Luc <b>\\_\\*\\[x].");
    expect(adapter.escapeText?.(value, entities)).toBe(value);
  });
});
