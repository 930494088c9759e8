// Payload readers of the other adapters against hostile (signed, but large) bodies: Mastodon's
// status HTML to text (its `<[^>]*>` searched the rest of the text again from every `<`) and
// Telegram's reaction changes (`includes` per reaction), both quadratic before; now linear, and
// the same output as before on any input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { statusPlainText } from "../../src/adapters/mastodon/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import type { NormalizedEvent } from "../../src/webhooks/events.js";
import { expectLinear } from "../helpers/linear.js";
import { tools, webhookRequest } from "../helpers/webhook-request.js";

/**
 * The regex chain statusPlainText was, as the reference of its output; with own keys only in
 * the entity lookup (the old chain turned `&constructor;` into a function's source text).
 */
function regexPlainText(html: string): string {
  const entities: Record<string, string> = {
    amp: "&",
    lt: "<",
    gt: ">",
    quot: '"',
    "#39": "'",
    apos: "'",
    nbsp: " ",
  };
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/p>\s*<p[^>]*>/gi, "\n\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#39|[a-z]+);/gi, (whole, name: string) =>
      Object.hasOwn(entities, name.toLowerCase())
        ? (entities[name.toLowerCase()] as string)
        : whole,
    )
    .trim();
}

describe("Mastodon statusPlainText", () => {
  it("gives what the regex chain gave, on any mix of tags, breaks and entities (fuzz)", () => {
    const token = fc.constantFrom(
      "<",
      ">",
      "</p>",
      "</P>",
      "<p>",
      '<p class="x">',
      "<pre>",
      "<br>",
      "<BR />",
      "<br/",
      "<a href='u'>",
      "</a>",
      " ",
      "\n",
      "\u00a0",
      "&",
      "&amp;",
      "&AMP;",
      "&#39;",
      "&#39",
      "&nbsp;",
      "&foo;",
      "&constructor;",
      ";",
      "x",
      "日本",
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        const html = tokens.join("");
        expect(statusPlainText(html)).toBe(regexPlainText(html));
      }),
      { numRuns: 2_000 },
    );
  });

  const N = 125_000; // measured at 500 KB at least (test/helpers/linear.ts)
  const shapes: Record<string, (bytes: number) => string> = {
    "a run of < with no >": (n) => "<".repeat(n),
    "</p> and <p with no >": (n) => "</p><p ".repeat(n / 7),
    "</p> then spaces": (n) => "</p>    ".repeat(n / 8),
    "<br then spaces": (n) => "<br    ".repeat(n / 7),
    "many entities": (n) => "&amp;&#39;&lt;".repeat(n / 14),
    "a run of & and letters": (n) => `&${"a".repeat(n)}`,
    "a status of paragraphs": (n) =>
      '<p>Hello <a href="https://x.example">x</a><br>y</p>'.repeat(n / 52),
  };
  it.each(Object.entries(shapes))("%s: 8x the input, under 24x the time", (_name, make) => {
    // the old chain was quadratic and more here (5 s for 64 KB of `<`)
    expectLinear(make, statusPlainText, N);
  });
});

describe("Telegram reaction changes", () => {
  const SECRET = "tg-secret";
  const hooks = telegram({ botToken: "123456:TEST", webhookSecret: SECRET }).webhooks;
  if (!hooks) throw new Error("the Telegram adapter has no webhook hook");

  /**
   * A message_reaction update whose old and new lists each hold `count` distinct reactions, all
   * but one in common: the work is in comparing the lists, not in the two changes found.
   */
  function update(count: number): string {
    const emoji = (from: number) =>
      Array.from({ length: count }, (_, i) => ({
        type: "custom_emoji",
        custom_emoji_id: `${from + i}`,
      }));
    return JSON.stringify({
      update_id: 1,
      message_reaction: {
        chat: { id: -100, type: "supergroup", title: "Shop" },
        message_id: 77,
        user: { id: 42, is_bot: false, first_name: "Ada" },
        date: 1_772_366_400,
        old_reaction: emoji(0),
        new_reaction: emoji(1),
      },
    });
  }

  const parse = (body: string) => {
    const request = webhookRequest("https://herald.test/webhooks/telegram", {
      body,
      headers: { "x-telegram-bot-api-secret-token": SECRET },
    });
    return hooks.parse(request, tools);
  };

  it("reads added and removed reactions", async () => {
    const result = await parse(update(4));
    if (!result.ok) throw new Error(result.reason);
    const reactions = (result.events[0]?.normalized ?? []) as Array<
      NormalizedEvent & { reaction?: string; removed?: boolean }
    >;
    expect(reactions.map((r) => [r.reaction, r.removed])).toEqual([
      ["custom:4", false],
      ["custom:0", true],
    ]);
  });

  it("takes under 24x the time for 8x the reactions", () => {
    // bytes of the update ~ 50 per reaction: 2,500 and 20,000 reactions a list
    // the old `includes` per reaction was quadratic: 64x
    expectLinear((n) => update(n / 50), parse, 125_000);
  });
});
