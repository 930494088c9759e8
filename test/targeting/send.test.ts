// Through herald.send and preview against the simulator: native, emulated and impossible
// targeting; personalization with fallbacks, missing variables and per-recipient lengths.
import { describe, expect, it } from "vitest";
import { line } from "../../src/adapters/line/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import { createHerald, type SendOptions, ValidationError } from "../../src/index.js";
import { heraldFor, instantWaits, TOKENS } from "../integration/helpers.js";
import { useSimulator } from "./simulated.js";

const sim = useSimulator();

const herald = heraldFor();
const lineId = (i: number) => `U${i.toString(16).padStart(32, "0")}`;

async function refusal(message: { text: string }, options: SendOptions): Promise<ValidationError> {
  const error = await herald.send(message, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect(() => herald.preview(message, options)).toThrow(ValidationError);
  expect(sim.requests).toHaveLength(0);
  return error as ValidationError;
}

describe("native targeting", () => {
  it("narrowcasts a LINE segment, checked against LINE's schema, and preview says so", async () => {
    const segment = {
      or: [{ age: { gte: 20, lt: 40 } }, { region: ["JP-13"] }],
      not: { appType: "android" as const },
    };
    const preview = herald.preview({ text: "Sale" }, { to: { platform: "line", segment } });
    expect(preview.targets[0]).toMatchObject({
      targeting: "native",
      targetingReason: "LINE narrowcast filter.demographic",
      destination: "segment",
    });
    const report = await herald.send({ text: "Sale" }, { to: { platform: "line", segment } });
    expect(report.targets[0]?.status).toBe("sent");
    const narrowcast = sim.requests.find((r) => r.operation === "narrowcast");
    expect(narrowcast?.schemaErrors).toEqual([]);
    expect(narrowcast?.body).toEqual(preview.targets[0]?.requests[0]?.body);
  });
});

describe("impossible targeting is refused before any request", () => {
  it("names the condition LINE cannot express and says how to emulate it", async () => {
    const error = await refusal(
      { text: "x" },
      {
        to: [
          "telegram:@shopnews",
          { platform: "line", segment: { gender: "female", or: [{ tags: ["vip"] }] } },
        ],
      },
    );
    expect(error.field).toBe("to[1].segment.or[0].tags");
    expect(error.platform).toBe("line");
    expect(error.rule).toBe("LINE narrowcast cannot filter by tags");
    expect(error.hint).toMatch(
      /give the target `recipients` with attributes along with the segment/,
    );
  });

  it("refuses a segment on a platform without targeting, with the way out", async () => {
    const telegramError = await refusal(
      { text: "x" },
      { to: { platform: "telegram", segment: { gender: "male" } } },
    );
    expect(telegramError).toMatchObject({
      field: "to[0].segment",
      rule: "telegram has no targeting of its own",
    });
    expect(telegramError.hint).toMatch(/recipients/);
    const mastodonError = await refusal(
      { text: "x" },
      { to: { platform: "mastodon", segment: { language: ["de"] } } },
    );
    expect(mastodonError.hint).toMatch(/mastodon takes no recipients to filter either/);
  });

  it("refuses a segment with a chat, and an emulated segment with a bad time zone", async () => {
    const chat = await refusal(
      { text: "x" },
      { to: { platform: "telegram", chat: "@shopnews", segment: { gender: "male" } } },
    );
    expect(chat.message).toMatch(/a segment may go with recipients/);
    const zone = await refusal(
      { text: "x" },
      {
        to: {
          platform: "telegram",
          recipients: [{ id: "1", attributes: {} }],
          segment: { timezone: ["Europe/Berln"] },
        },
      },
    );
    expect(zone.field).toBe("to[0].segment.timezone[0]");
  });
});

describe("emulated targeting in preview", () => {
  it("says emulated, with the reason, for recipients with a segment", () => {
    const preview = herald.preview(
      { text: "x" },
      {
        to: {
          platform: "line",
          recipients: [{ id: lineId(1), attributes: { tags: ["vip"] } }],
          segment: { tags: ["vip"] },
        },
      },
    );
    expect(preview.targets[0]).toMatchObject({
      targeting: "emulated",
      targetingReason: "Herald filters the recipients by their attributes",
      destination: "recipients",
    });
  });
});

describe("personalization", () => {
  const people = [
    { id: "1001", attributes: { firstName: "Ada", city: { name: "Oslo" } } },
    { id: "1002", attributes: { firstName: "Bob" } },
    { id: "1003", attributes: { lastName: "Nofirst" } },
    "1004",
  ];

  it("fills each recipient's text, with fallbacks; a missing variable fails that recipient only", async () => {
    const report = await herald.send(
      { text: 'Hi {{ firstName | "there" }} from {{ city.name }}' },
      { to: { platform: "telegram", recipients: people.slice(0, 2) } },
    );
    // 1002 has no city and no fallback for it: not sent
    expect(sim.telegram.messages.map((m) => [m.chatId, m.text])).toEqual([
      ["1001", "Hi Ada from Oslo"],
    ]);
    const failed = report.targets[0]?.recipients?.find((r) => r.recipient === "1002");
    expect(failed?.status).toBe("failed");
    expect(failed?.error).toBeInstanceOf(ValidationError);
    expect(failed?.error).toMatchObject({ field: "attributes.city.name" });
    expect(failed?.error?.message).toMatch(
      /\{\{city\.name\}\} in text has no value and no fallback/,
    );
  });

  it("uses fallbacks for plain ids and missing attributes, and never sends a literal {{", async () => {
    const report = await herald.send(
      { text: 'Hi {{ firstName | "there" }}! \\{{ not a variable }}' },
      { to: { platform: "telegram", recipients: people } },
    );
    expect(report.counts.sent).toBe(4);
    expect(sim.telegram.messages.map((m) => m.text).sort()).toEqual([
      "Hi Ada! {{ not a variable }}",
      "Hi Bob! {{ not a variable }}",
      "Hi there! {{ not a variable }}",
      "Hi there! {{ not a variable }}",
    ]);
    expect(sim.requests.every((r) => r.schemaErrors.length === 0)).toBe(true);
  });

  it("escapes values for Telegram's parse mode", async () => {
    const markdown = createHerald({
      adapters: [telegram({ botToken: TOKENS.telegram, parseMode: "MarkdownV2" })],
      clock: instantWaits,
    });
    await markdown.send(
      { text: "*Hi* {{ firstName }}\\!" },
      {
        to: {
          platform: "telegram",
          recipients: [{ id: "1001", attributes: { firstName: "Jean-Luc (JL)." } }],
        },
      },
    );
    expect(sim.requests[0]?.body).toMatchObject({ text: "*Hi* Jean\\-Luc \\(JL\\)\\.\\!" });
    expect(sim.telegram.messages[0]?.text).toBe("Hi Jean-Luc (JL).!");
  });

  it("groups LINE multicasts by rendered text; each recipient gets their own", async () => {
    const names = ["Ada", "Bob", "Chloé", undefined];
    const recipients = Array.from({ length: 1_300 }, (_, i) => ({
      id: lineId(i),
      attributes: names[i % 4] === undefined ? {} : { firstName: names[i % 4] },
    }));
    const report = await herald.send(
      { text: 'Hi {{ firstName | "friend" }}' },
      { to: { platform: "line", recipients } },
    );
    expect(report.counts.sent).toBe(1_300);
    const byUser = new Map(
      sim.line.deliveries.map((d) => [d.to, (d.messages[0] as { text: string }).text] as const),
    );
    expect(byUser.size).toBe(1_300);
    recipients.forEach((r, i) => {
      expect(byUser.get(r.id)).toBe(`Hi ${names[i % 4] ?? "friend"}`);
    });
    const bodies = sim.requests.map(
      (r) => r.body as { to: string[]; messages: Array<{ text: string }> },
    );
    // four texts of 325 recipients each: one multicast per text, no mixed batch
    expect(bodies.map((b) => b.to.length).sort()).toEqual([325, 325, 325, 325]);
    for (const body of bodies) {
      const texts = new Set(body.to.map((id) => byUser.get(id)));
      expect([...texts]).toEqual([body.messages[0]?.text]);
    }
  });

  it("keeps 500-recipient multicasts for a message without variables", async () => {
    const recipients = Array.from({ length: 1_000 }, (_, i) => lineId(i));
    await herald.send({ text: "Hi all" }, { to: { platform: "line", recipients } });
    expect(sim.requests.map((r) => (r.body as { to: string[] }).to.length)).toEqual([500, 500]);
  });

  it("measures each personalized text: a recipient whose text gets too long fails, the rest go", async () => {
    const base = "x".repeat(4_990); // LINE: 5000 UTF-16 code units
    const recipients = [
      { id: lineId(1), attributes: { firstName: "Ada" } },
      { id: lineId(2), attributes: { firstName: "Maximiliane-Josephine" } },
      { id: lineId(3), attributes: { firstName: "Bob" } },
    ];
    const report = await herald.send(
      { text: `${base}{{firstName}}` },
      { to: { platform: "line", recipients } },
    );
    expect(report.targets[0]?.counts).toMatchObject({ sent: 2, failed: 1 });
    const failed = report.targets[0]?.recipients?.find((r) => r.status === "failed");
    expect(failed?.recipient).toBe(lineId(2));
    expect(failed?.error).toMatchObject({ field: "text" });
    expect(failed?.error?.message).toMatch(/at most 5000 UTF-16 code units \(got 5011\)/);
    expect(sim.line.deliveries.map((d) => d.to).sort()).toEqual([lineId(1), lineId(3)]);
  });

  it("refuses before sending what would fail for every recipient", async () => {
    const error = await refusal(
      { text: `${"x".repeat(5_000)}{{firstName}}` },
      { to: { platform: "line", recipients: [{ id: lineId(1), attributes: { firstName: "A" } }] } },
    );
    expect(error.field).toBe("text");
  });

  it("refuses variables for a channel, a feed, a broadcast or a native segment", async () => {
    for (const [to, kind] of [
      ["telegram:@shopnews", "chat"],
      ["mastodon", "feed"],
      [{ platform: "line", broadcast: true }, "broadcast"],
      [{ platform: "line", segment: { gender: "male" } }, "segment"],
    ] as const) {
      const error = await refusal(
        { text: 'Hi {{ firstName | "all" }}' },
        { to: [{ platform: "telegram", recipients: ["1"] }, to] },
      );
      expect(error.field).toBe("to[1]");
      expect(error.rule).toBe(`{{firstName}} needs a recipient's attributes; a ${kind} has none`);
    }
  });

  it("refuses a malformed variable", async () => {
    const error = await refusal(
      { text: "Hi {{first name}}" },
      { to: { platform: "telegram", recipients: ["1"] } },
    );
    expect(error).toMatchObject({ field: "text" });
    expect(error.hint).toMatch(/\\\{\{/);
  });

  it("previews a sample rendering with placeholders and lists the variables", () => {
    const preview = herald.preview(
      {
        text: 'Hi {{ firstName | "there" }}',
        media: [{ url: "https://cdn.example/a.jpg", alt: "for {{firstName}}" }],
      },
      { to: { platform: "telegram", recipients: ["1"] } },
    );
    expect(preview.targets[0]?.personalization?.variables).toEqual([
      { name: "firstName", fallback: "there" },
      { name: "firstName" },
    ]);
    expect(preview.targets[0]?.requests[0]?.body).toMatchObject({ caption: "Hi {{firstName}}" });
  });
});

describe("emulated segment and personalization together", () => {
  it("filters first, then personalizes only those selected", async () => {
    const lineHerald = createHerald({
      adapters: [line({ channelAccessToken: TOKENS.line })],
      clock: instantWaits,
    });
    const recipients = [
      { id: lineId(1), attributes: { plan: "pro", firstName: "Ada" } },
      { id: lineId(2), attributes: { plan: "free" } }, // no name, but filtered out: no failure
      { id: lineId(3), attributes: { plan: "pro" } }, // selected, no name: fails
    ];
    const report = await lineHerald.send(
      { text: "Hi {{firstName}}" },
      { to: { platform: "line", recipients, segment: { attributes: { plan: "pro" } } } },
    );
    expect(report.targets[0]).toMatchObject({ filtered: 1, counts: { sent: 1, failed: 1 } });
    expect(
      sim.line.deliveries.map((d) => [d.to, (d.messages[0] as { text: string }).text]),
    ).toEqual([[lineId(1), "Hi Ada"]]);
  });
});
