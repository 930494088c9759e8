// Emulated targeting end to end: a segment given with recipients selects exactly the recipients
// an independent, plainly written predicate selects, through herald.send against the simulator.
import { describe, expect, it } from "vitest";
import { line } from "../../src/adapters/line/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import { type Clock, createHerald, type Segment } from "../../src/index.js";
import { instantWaits, TOKENS } from "../integration/helpers.js";
import { NOW, type Person, population } from "./population.js";
import { useSimulator } from "./simulated.js";

const sim = useSimulator();

/** Real waits pass at once, and "now" is fixed so that subscription ages are exact. */
const clock: Clock = { now: () => NOW, sleep: instantWaits.sleep };
const herald = createHerald({
  adapters: [
    // paid broadcast: 1000 msg/s, so that hundreds of DMs take no time
    telegram({ botToken: TOKENS.telegram, paidBroadcast: true }),
    line({ channelAccessToken: TOKENS.line }),
  ],
  clock,
});

const DAY = 86_400_000;
const num = (p: Person, key: string) => p.attributes[key] as number | undefined;
const str = (p: Person, key: string) => p.attributes[key] as string | undefined;
const list = (p: Person, key: string) => (p.attributes[key] as string[] | undefined) ?? [];

/** Each segment with the predicate it must equal, written without Herald's evaluator. */
const CASES: Array<[string, Segment, (p: Person) => boolean]> = [
  [
    "age range and gender",
    { age: { gte: 20, lt: 40 }, gender: "female" },
    (p) => {
      const age = num(p, "age");
      return (
        age !== undefined && age >= 20 && age < 40 && str(p, "gender")?.toLowerCase() === "female"
      );
    },
  ],
  [
    "language or tag, and not a country (unknown country is left out)",
    { or: [{ language: ["ja"] }, { tags: ["vip"] }], not: { country: ["US"] } },
    (p) => {
      const lang = str(p, "language")?.replace("_", "-").toLowerCase();
      const ja = lang === "ja" || (lang?.startsWith("ja-") ?? false);
      const country = str(p, "country");
      return (
        (ja || list(p, "tags").includes("vip")) &&
        country !== undefined &&
        country.toUpperCase() !== "US"
      );
    },
  ],
  [
    "subscription age, time zone and custom attributes",
    {
      subscribedDays: { gte: 30, lt: 365 },
      timezone: ["Asia/Tokyo", "Europe/Berlin"],
      attributes: { plan: { in: ["pro", "team"] }, spent: { gte: 100 } },
    },
    (p) => {
      const since = str(p, "subscribedAt");
      const days = since === undefined ? -1 : Math.floor((NOW - Date.parse(since)) / DAY);
      const spent = num(p, "spent");
      return (
        days >= 30 &&
        days < 365 &&
        ["Asia/Tokyo", "Europe/Berlin"].includes(str(p, "timezone") ?? "") &&
        ["pro", "team"].includes(str(p, "plan") ?? "") &&
        spent !== undefined &&
        spent >= 100
      );
    },
  ],
];

const lineId = (i: number) => `U${i.toString(16).padStart(32, "0")}`;

describe("emulated segments select exactly the matching recipients", () => {
  it.each(CASES)("LINE multicast, %s", async (_name, segment, predicate) => {
    const people = population(4_000, 7, lineId);
    const expected = people.filter(predicate).map((p) => p.id);
    expect(expected.length).toBeGreaterThan(50); // the case selects someone...
    expect(expected.length).toBeLessThan(people.length / 2); // ...and leaves most out
    const report = await herald.send(
      { text: "Sale" },
      { to: { platform: "line", recipients: people, segment } },
    );
    const delivered = sim.line.deliveries
      .filter((d) => d.operation === "multicast")
      .map((d) => d.to);
    expect(delivered.sort()).toEqual([...expected].sort());
    expect(report.targets[0]).toMatchObject({
      status: "sent",
      counts: { sent: expected.length, failed: 0 },
      filtered: people.length - expected.length,
    });
    // full multicasts of 500, from a stream that was filtered as it was read
    const sizes = sim.requests.map((r) => (r.body as { to: string[] }).to.length);
    expect(sizes.filter((n) => n !== 500)).toHaveLength(expected.length % 500 === 0 ? 0 : 1);
    expect(sim.requests.every((r) => r.schemaErrors.length === 0)).toBe(true);
  });

  it.each(CASES)("Telegram DMs from an async stream, %s", async (_name, segment, predicate) => {
    const people = population(600, 11, (i) => String(10_000 + i));
    const expected = people.filter(predicate).map((p) => p.id);
    async function* stream() {
      yield* people;
    }
    const report = await herald.send(
      { text: "Sale" },
      { to: { platform: "telegram", recipients: stream(), segment } },
    );
    expect(sim.telegram.messages.map((m) => m.chatId).sort()).toEqual([...expected].sort());
    expect(report.targets[0]?.filtered).toBe(people.length - expected.length);
    expect(report.targets[0]?.recipients?.map((r) => r.recipient).sort()).toEqual(
      [...expected].sort(),
    );
  });
});

describe("filtering is lazy", () => {
  it("reads the stream only as fast as it sends: at most a batch in flight and one filling", async () => {
    let matchedRead = 0;
    let sent = 0;
    let maxAhead = 0;
    async function* stream() {
      for (let i = 0; i < 10_000; i++) {
        const vip = i % 2 === 0;
        if (vip) matchedRead++;
        maxAhead = Math.max(maxAhead, matchedRead - sent);
        yield { id: lineId(i), attributes: { tags: vip ? ["vip"] : [] } };
      }
    }
    const delivery = herald.send(
      { text: "Sale" },
      {
        to: { platform: "line", recipients: stream(), segment: { tags: ["vip"] } },
        concurrency: 1,
      },
    );
    delivery.on("sent", () => {
      sent++;
    });
    const report = await delivery;
    expect(report.targets[0]).toMatchObject({ counts: { sent: 5_000 }, filtered: 5_000 });
    // one multicast of 500 in flight while the next 500 fill; reading all first would be 5,000
    expect(maxAhead).toBeLessThanOrEqual(1_001);
    expect(maxAhead).toBeGreaterThan(500);
    expect(sim.requests).toHaveLength(10);
  });
});
