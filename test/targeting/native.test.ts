// Native targeting: any segment LINE can express becomes a narrowcast whose body validates
// against LINE's official schema (src/generated/schemas, extracted from ../shared/specs/line and
// checked against it by `npm run specs:extract -- --check`), and LINE's filter means what the
// segment means: an interpreter of the filter written here agrees with Herald's evaluator.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { line } from "../../src/adapters/line/index.js";
import type { LineDemographicFilter } from "../../src/adapters/line/types.js";
import type { Segment } from "../../src/message/segment.js";
import { compileSegment } from "../../src/targeting/evaluate.js";
import { validateRequest } from "../../src/testing/validate.js";

const adapter = line({ channelAccessToken: "t" });
const AGES = [15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70];
const DAYS = [7, 30, 90, 180, 365];
const NOW = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

const range = (buckets: number[]) =>
  fc
    .tuple(fc.option(fc.constantFrom(...buckets)), fc.option(fc.constantFrom(...buckets)))
    .filter(
      ([gte, lt]) => (gte !== null || lt !== null) && (gte === null || lt === null || gte < lt),
    )
    .map(([gte, lt]) => ({ ...(gte !== null && { gte }), ...(lt !== null && { lt }) }));

const prefecture = fc.integer({ min: 1, max: 47 }).map((n) => `JP-${String(n).padStart(2, "0")}`);

/** One condition LINE can express. */
const atom: fc.Arbitrary<Segment> = fc.oneof(
  range(AGES).map((age) => ({ age })),
  fc.constantFrom("male", "female").map((gender) => ({ gender }) as Segment),
  fc.constantFrom("ios", "android").map((appType) => ({ appType }) as Segment),
  fc.uniqueArray(prefecture, { minLength: 1, maxLength: 4 }).map((region) => ({ region })),
  fc.constantFrom<string[]>(["JP"], ["TW"], ["TH", "JP"]).map((country) => ({ country })),
  range(DAYS).map((subscribedDays) => ({ subscribedDays })),
);

const { segment } = fc.letrec<{ segment: Segment }>((tie) => ({
  segment: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.tuple(atom, atom).map(([a, b]) => ({ ...a, ...b })),
    fc.array(tie("segment"), { minLength: 1, maxLength: 3 }).map((and) => ({ and })),
    fc.array(tie("segment"), { minLength: 1, maxLength: 3 }).map((or) => ({ or })),
    tie("segment").map((not) => ({ not })),
  ),
}));

/** A recipient with every attribute LINE filters by (no unknowns). */
const person = fc.record({
  age: fc.integer({ min: 10, max: 80 }),
  gender: fc.constantFrom("male", "female"),
  appType: fc.constantFrom("ios", "android"),
  region: prefecture,
  days: fc.integer({ min: 0, max: 500 }),
});
type PersonT = typeof person extends fc.Arbitrary<infer T> ? T : never;

const bucket = (value: string | undefined) =>
  value === undefined ? undefined : Number(value.split("_")[1]);
const within = (n: number, f: { gte?: string; lt?: string }) =>
  (bucket(f.gte) === undefined || n >= bucket(f.gte)!) &&
  (bucket(f.lt) === undefined || n < bucket(f.lt)!);

/** LINE's filter as its reference describes it, applied to one person. */
function lineSelects(f: LineDemographicFilter, p: PersonT): boolean {
  switch (f.type) {
    case "age":
      return within(p.age, f);
    case "subscriptionPeriod":
      return within(p.days, f);
    case "gender":
      return f.oneOf.includes(p.gender as "male");
    case "appType":
      return f.oneOf.includes(p.appType as "ios");
    case "area":
      return f.oneOf.includes(`jp_${p.region.slice(3)}` as "jp_01");
    case "operator":
      if (f.and) return f.and.every((x) => lineSelects(x, p));
      if (f.or) return f.or.some((x) => lineSelects(x, p));
      return !lineSelects(f.not!, p);
  }
}

function narrowcastBody(s: Segment) {
  const op = adapter.render({ text: "x" }, { kind: "segment", segment: s }, { now: NOW })
    .operations[0]!;
  return (op.body as { json: { filter?: { demographic: LineDemographicFilter } } }).json;
}

describe("LINE native targeting, property-based", () => {
  it("every expressible segment is native and its narrowcast validates against LINE's schema", () => {
    fc.assert(
      fc.property(segment, (s) => {
        expect(adapter.nativeTargeting?.(s)).toMatchObject({ native: true });
        expect(validateRequest("line", "narrowcast", narrowcastBody(s))).toEqual([]);
      }),
      { numRuns: 300, seed: 4 },
    );
  });

  it("LINE's filter selects exactly whom Herald's evaluator selects", () => {
    fc.assert(
      fc.property(segment, fc.array(person, { minLength: 20, maxLength: 20 }), (s, people) => {
        const filter = narrowcastBody(s).filter?.demographic;
        const test = compileSegment(s);
        for (const p of people) {
          const attributes = {
            age: p.age,
            gender: p.gender,
            appType: p.appType,
            region: p.region,
            subscribedAt: NOW - p.days * DAY,
          };
          expect(test(attributes, NOW)).toBe(filter === undefined ? true : lineSelects(filter, p));
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
