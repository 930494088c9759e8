import { describe, expect, it } from "vitest";
import type { Segment } from "../../src/message/segment.js";
import { compileSegment } from "../../src/targeting/evaluate.js";
import { matchesSegment } from "../../src/targeting/matches.js";
import { ValidationError } from "../../src/transport/errors.js";

const NOW = Date.UTC(2026, 2, 1, 12); // 2026-03-01T12:00Z
const DAY = 86_400_000;

const truth = (segment: Segment, attributes?: Record<string, unknown>) =>
  compileSegment(segment)(attributes, NOW);

describe("built-in conditions", () => {
  const cases: Array<[string, Segment, Record<string, unknown>, boolean | undefined]> = [
    ["age in range", { age: { gte: 20, lt: 40 } }, { age: 20 }, true],
    ["age at the exclusive bound", { age: { gte: 20, lt: 40 } }, { age: 40 }, false],
    ["age as a numeric string", { age: { lt: 40 } }, { age: " 39 " }, true],
    ["age not a number", { age: { lt: 40 } }, { age: "old" }, undefined],
    [
      "birthDate the day before the birthday",
      { age: { gte: 18 } },
      { birthDate: "2008-03-02" },
      false,
    ],
    ["birthDate on the birthday", { age: { gte: 18 } }, { birthDate: "2008-03-01" }, true],
    ["age wins over birthDate", { age: { gte: 18 } }, { age: 17, birthDate: "1970-01-01" }, false],
    ["gender, case-insensitive", { gender: "female" }, { gender: "Female" }, true],
    ["gender differs", { gender: "female" }, { gender: "male" }, false],
    ["country any of", { country: ["JP", "tw"] }, { country: "tw" }, true],
    ["country from region", { country: ["JP"] }, { region: "jp-13" }, true],
    ["region", { region: ["JP-13"] }, { region: "JP-27" }, false],
    ["language prefix", { language: ["en"] }, { language: "en-GB" }, true],
    ["language from locale with _", { language: ["pt-BR"] }, { locale: "pt_br" }, true],
    ["a longer tag does not match its prefix", { language: ["pt-BR"] }, { language: "pt" }, false],
    ["language is not a prefix of another", { language: ["en"] }, { language: "eng" }, false],
    ["time zone", { timezone: ["Asia/Tokyo"] }, { timezone: "asia/tokyo" }, true],
    ["tags any of", { tags: ["vip", "beta"] }, { tags: ["x", "beta"] }, true],
    ["tags none", { tags: ["vip"] }, { tags: ["VIP"] }, false],
    ["a single tag string", { interests: ["golf"] }, { interests: "golf" }, true],
    ["app type", { appType: "ios" }, { appType: "iOS" }, true],
    [
      "subscribedDays from ISO",
      { subscribedDays: { gte: 7 } },
      { subscribedAt: new Date(NOW - 7 * DAY).toISOString() },
      true,
    ],
    [
      "subscribedDays from a Date, not yet",
      { subscribedDays: { gte: 7 } },
      { subscribedAt: new Date(NOW - 7 * DAY + 1) },
      false,
    ],
    [
      "subscribedDays from ms",
      { subscribedDays: { lt: 30 } },
      { subscribedAt: NOW - 29 * DAY },
      true,
    ],
    [
      "subscribedAt unreadable",
      { subscribedDays: { lt: 30 } },
      { subscribedAt: "soon" },
      undefined,
    ],
    ["missing attribute", { gender: "male" }, {}, undefined],
    ["blank attribute counts as missing", { gender: "male" }, { gender: "  " }, undefined],
  ];
  it.each(cases)("%s", (_name, segment, attributes, expected) => {
    expect(truth(segment, attributes)).toBe(expected);
  });

  it("an empty segment matches everyone", () => {
    expect(truth({}, undefined)).toBe(true);
  });
});

describe("custom attributes", () => {
  const cases: Array<
    [string, Segment["attributes"], Record<string, unknown>, boolean | undefined]
  > = [
    ["plain value is eq", { plan: "pro" }, { plan: "pro" }, true],
    ["eq is strict", { seats: 5 }, { seats: "5" }, false],
    ["ne", { plan: { ne: "free" } }, { plan: "pro" }, true],
    ["ne on a missing attribute is unknown", { plan: { ne: "free" } }, {}, undefined],
    ["in", { plan: { in: ["pro", "team"] } }, { plan: "team" }, true],
    ["notIn", { plan: { notIn: ["pro", "team"] } }, { plan: "team" }, false],
    ["gte and lt together", { spent: { gte: 100, lt: 500 } }, { spent: 499.99 }, true],
    ["gt", { spent: { gt: 100 } }, { spent: 100 }, false],
    ["lte", { spent: { lte: 100 } }, { spent: 100 }, true],
    [
      "ISO dates order as strings",
      { lastOrder: { gte: "2026-01-01" } },
      { lastOrder: "2026-02-14" },
      true,
    ],
    ["ordering across types never matches", { spent: { gt: 100 } }, { spent: "900" }, false],
    ["contains in an array", { roles: { contains: "admin" } }, { roles: ["user", "admin"] }, true],
    ["contains in a string", { email: { contains: "@shop." } }, { email: "a@shop.example" }, true],
    ["exists", { phone: { exists: true } }, { phone: "+49" }, true],
    ["exists false on absent", { phone: { exists: false } }, {}, true],
    ["exists false on null", { phone: { exists: false } }, { phone: null }, true],
    ["exists false on present", { phone: { exists: false } }, { phone: "+49" }, false],
    ["nested path", { "address.city": "Berlin" }, { address: { city: "Berlin" } }, true],
    ["array index in a path", { "children.0.name": "Ada" }, { children: [{ name: "Ada" }] }, true],
    [
      "a dotted key wins",
      { "address.city": "Bonn" },
      { "address.city": "Bonn", address: { city: "Berlin" } },
      true,
    ],
    ["path through a missing object", { "address.city": "Berlin" }, { address: "none" }, undefined],
  ];
  it.each(cases)("%s", (_name, attributes, values, expected) => {
    expect(truth({ attributes }, values)).toBe(expected);
  });
});

describe("and / or / not with unknowns (three-valued)", () => {
  const male = { gender: "male" } as const;
  const adult = { age: { gte: 18 } };
  it("and: false wins over unknown, unknown over true", () => {
    expect(truth({ and: [male, adult] }, { gender: "female" })).toBe(false);
    expect(truth({ and: [male, adult] }, { gender: "male" })).toBe(undefined);
    expect(truth({ ...male, ...adult }, { gender: "male", age: 30 })).toBe(true);
  });
  it("or: true wins over unknown, unknown over false", () => {
    expect(truth({ or: [male, adult] }, { age: 30 })).toBe(true);
    expect(truth({ or: [male, adult] }, { age: 12 })).toBe(undefined);
    expect(truth({ or: [male, adult] }, { gender: "female", age: 12 })).toBe(false);
  });
  it("not keeps unknown unknown, so it does not select recipients lacking the attribute", () => {
    expect(truth({ not: male }, { gender: "female" })).toBe(true);
    expect(truth({ not: male }, {})).toBe(undefined);
    expect(matchesSegment({ not: male }, { id: "1", attributes: {} })).toBe(false);
    expect(matchesSegment({ not: male }, "1")).toBe(false);
  });
});

describe("checks before filtering", () => {
  it.each([
    [{ language: ["en", "not a tag!"] }, "to[0].segment.language[1]"],
    [{ timezone: ["Europe/Berln"] }, "to[0].segment.timezone[0]"],
    [
      { or: [{ gender: "male" }, { timezone: ["Mars/Olympus"] }] },
      "to[0].segment.or[1].timezone[0]",
    ],
  ] as Array<[Segment, string]>)("refuses %j", (segment, field) => {
    expect(() => compileSegment(segment, "to[0].segment")).toThrow(
      expect.objectContaining({ field }),
    );
  });

  it("matchesSegment validates the segment", () => {
    expect(() => matchesSegment({ age: { gte: 40, lt: 20 } }, "1")).toThrow(ValidationError);
    expect(() => matchesSegment({ attributes: { plan: {} } }, "1")).toThrow(
      /at least one operator/,
    );
    expect(() =>
      matchesSegment({ attributes: { plan: { eq: "a", like: "b" } as never } }, "1"),
    ).toThrow(/segment\.attributes\.plan: unknown operator like: use eq, ne/);
    expect(() => matchesSegment({ attributes: { plan: [1] as never } }, "1")).toThrow(
      /a string, number or boolean to equal, or an object of operators/,
    );
  });

  it("matchesSegment uses the given time", () => {
    const recipient = { id: "1", attributes: { subscribedAt: "2026-01-01T00:00:00Z" } };
    expect(matchesSegment({ subscribedDays: { gte: 30 } }, recipient, { now: NOW })).toBe(true);
    expect(
      matchesSegment({ subscribedDays: { gte: 30 } }, recipient, { now: Date.UTC(2026, 0, 20) }),
    ).toBe(false);
  });
});
