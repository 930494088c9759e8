import { describe, expect, it } from "vitest";
import { line, toLineNarrowcastFilter } from "../../src/adapters/line/index.js";
import type { Segment } from "../../src/message/segment.js";
import { validateRequest } from "../../src/testing/validate.js";
import { ValidationError } from "../../src/transport/errors.js";

const adapter = line({ channelAccessToken: "t" });

const jp = (n: number) => `jp_${String(n).padStart(2, "0")}`;
const tw = (n: number) => `tw_${String(n).padStart(2, "0")}`;

const TABLE: Array<[string, Segment, unknown]> = [
  ["gender", { gender: "male" }, { type: "gender", oneOf: ["male"] }],
  ["age lower bound", { age: { gte: 70 } }, { type: "age", gte: "age_70" }],
  ["age upper bound", { age: { lt: 15 } }, { type: "age", lt: "age_15" }],
  [
    "age and gender",
    { age: { gte: 20, lt: 40 }, gender: "female" },
    {
      type: "operator",
      and: [
        { type: "age", gte: "age_20", lt: "age_40" },
        { type: "gender", oneOf: ["female"] },
      ],
    },
  ],
  ["app type", { appType: "ios" }, { type: "appType", oneOf: ["ios"] }],
  ["JP prefectures", { region: ["JP-13", "jp-27"] }, { type: "area", oneOf: ["jp_13", "jp_27"] }],
  [
    "TW, TH, ID regions",
    { region: ["TW-TPE", "TW-LIE", "TH-10", "TH-S", "ID-BA"] },
    { type: "area", oneOf: ["tw_01", "tw_22", "th_01", "th_02", "id_01"] },
  ],
  [
    "LINE area codes as is",
    { region: ["th_03", "id_04"] },
    { type: "area", oneOf: ["th_03", "id_04"] },
  ],
  [
    "countries",
    { country: ["JP", "tw"] },
    {
      type: "area",
      oneOf: [
        ...Array.from({ length: 47 }, (_, i) => jp(i + 1)),
        ...Array.from({ length: 22 }, (_, i) => tw(i + 1)),
      ],
    },
  ],
  [
    "friendship length",
    { subscribedDays: { gte: 7, lt: 365 } },
    { type: "subscriptionPeriod", gte: "day_7", lt: "day_365" },
  ],
  [
    "or",
    { or: [{ gender: "male" }, { age: { lt: 20 } }] },
    {
      type: "operator",
      or: [
        { type: "gender", oneOf: ["male"] },
        { type: "age", lt: "age_20" },
      ],
    },
  ],
  [
    "not",
    { not: { appType: "android" } },
    { type: "operator", not: { type: "appType", oneOf: ["android"] } },
  ],
  [
    "and with other conditions",
    { appType: "ios", and: [{ region: ["JP-01"] }, { not: { gender: "male" } }] },
    {
      type: "operator",
      and: [
        { type: "appType", oneOf: ["ios"] },
        { type: "area", oneOf: ["jp_01"] },
        { type: "operator", not: { type: "gender", oneOf: ["male"] } },
      ],
    },
  ],
];

describe("toLineNarrowcastFilter", () => {
  it.each(TABLE)("translates %s", (_name, segment, expected) => {
    expect(toLineNarrowcastFilter(segment)).toEqual(expected);
    const op = adapter.render({ text: "x" }, { kind: "segment", segment }, { now: 0 })
      .operations[0]!;
    const body = op.body && "json" in op.body ? op.body.json : undefined;
    expect(body).toEqual({
      messages: [{ type: "text", text: "x" }],
      filter: { demographic: expected },
    });
    expect(validateRequest("line", "narrowcast", body)).toEqual([]);
  });

  it("returns undefined for an empty segment", () => {
    expect(toLineNarrowcastFilter({})).toBeUndefined();
  });
});

const REFUSED: Array<[string, Segment, string, RegExp]> = [
  ["language", { language: ["ja"] }, "segment.language", /language/],
  ["timezone", { timezone: ["Asia/Tokyo"] }, "segment.timezone", /time zone/],
  ["tags", { tags: ["vip"] }, "segment.tags", /tags/],
  ["interests", { interests: ["golf"] }, "segment.interests", /interests/],
  ["attributes", { attributes: { plan: "pro" } }, "segment.attributes", /attributes/],
  ["unmapped country", { country: ["JP", "US"] }, "segment.country[1]", /US/],
  ["unmapped region", { region: ["US-CA"] }, "segment.region[0]", /US-CA/],
  ["region wider on LINE", { region: ["ID-JK"] }, "segment.region[0]", /ID-JK/],
  ["off-bucket age", { age: { gte: 18, lt: 30 } }, "segment.age", /15, 20, 25/],
  ["off-bucket upper age", { age: { lt: 75 } }, "segment.age", /age_70/],
  [
    "off-bucket days",
    { subscribedDays: { lt: 60 } },
    "segment.subscribedDays",
    /7, 30, 90, 180, 365/,
  ],
  [
    "nested",
    { or: [{ gender: "male" }, { language: ["th"] }] },
    "segment.or[1].language",
    /language/,
  ],
  ["nested not", { not: { tags: ["x"] } }, "segment.not.tags", /tags/],
  ["empty sub-segment", { and: [{}] }, "segment.and[0]", /empty/],
];

describe("segment conditions LINE cannot express", () => {
  it.each(REFUSED)("refuses %s", (_name, segment, field, rule) => {
    let error: unknown;
    try {
      toLineNarrowcastFilter(segment);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.field).toBe(field);
    expect(v.message).toMatch(rule);
    expect(v.platform).toBe("line");
  });

  it("hints at emulating with recipients", () => {
    expect(() => toLineNarrowcastFilter({ language: ["ja"] })).toThrow(
      /age, gender, area, app type and friendship length; to target by language, give the target `recipients` with attributes along with the segment/,
    );
  });

  it("answers the planner: native, or the condition it cannot express", () => {
    expect(adapter.nativeTargeting?.({ gender: "male" })).toEqual({
      native: true,
      via: "LINE narrowcast filter.demographic",
    });
    expect(adapter.nativeTargeting?.({ or: [{ gender: "male" }, { age: { gte: 18 } }] })).toEqual({
      native: false,
      condition: "segment.or[1].age",
      rule: expect.stringMatching(/gte 18 is not a LINE bucket/),
      hint: expect.stringMatching(/LINE narrowcast filters by age/),
    });
  });

  it("refuses through render too", () => {
    expect(() =>
      adapter.render({ text: "x" }, { kind: "segment", segment: { tags: ["a"] } }, { now: 0 }),
    ).toThrow(ValidationError);
  });
});
