import type { Segment } from "../../message/segment.js";
import { ValidationError } from "../../transport/errors.js";
import type { NativeTargeting } from "../contract.js";
import { lineAreaForRegion, lineAreasForCountry } from "./area-codes.js";
import type {
  LineAgeBucket,
  LineAreaCode,
  LineDemographicFilter,
  LineSubscriptionPeriodBucket,
} from "./types.js";

/** Age bucket bounds in years (spec `AgeDemographic`: age_15..age_70 in steps of 5). */
const AGE_BUCKETS = [15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70] as const;

/** Friendship-length bounds in days (spec `SubscriptionPeriodDemographic`). */
const SUBSCRIPTION_BUCKETS = [7, 30, 90, 180, 365] as const;

/** What LINE narrowcast can filter by, for hints. */
const CAN_FILTER = "LINE narrowcast filters by age, gender, area, app type and friendship length";

/** Segment conditions LINE cannot express at all, with the words used in the hint. */
const UNSUPPORTED: ReadonlyArray<[keyof Segment, string]> = [
  ["language", "language"],
  ["timezone", "time zone"],
  ["tags", "tags"],
  ["interests", "interests"],
  ["attributes", "custom attributes"],
];

function refuse(field: string, rule: string, what: string): never {
  throw new ValidationError(field, rule, {
    platform: "line",
    hint: `${CAN_FILTER}; to target by ${what}, give the target \`recipients\` with attributes along with the segment, and Herald filters them itself`,
  });
}

function bucketRange<B extends string>(
  range: { gte?: number; lt?: number },
  buckets: readonly number[],
  prefix: string,
  field: string,
  what: string,
): { gte?: B; lt?: B } {
  const out: { gte?: B; lt?: B } = {};
  for (const bound of ["gte", "lt"] as const) {
    const value = range[bound];
    if (value === undefined) continue;
    if (!buckets.includes(value)) {
      refuse(
        field,
        `${bound} ${value} is not a LINE bucket; LINE's ${what} buckets are ${buckets.join(", ")} (${prefix}${buckets[0]}..${prefix}${buckets[buckets.length - 1]})`,
        `${what} ${bound} ${value}`,
      );
    }
    out[bound] = `${prefix}${value}` as B;
  }
  return out;
}

function areas(segment: Segment, path: string): LineDemographicFilter[] {
  const filters: LineDemographicFilter[] = [];
  if (segment.country !== undefined) {
    const codes: LineAreaCode[] = [];
    segment.country.forEach((country, i) => {
      const found = lineAreasForCountry(country);
      if (found === undefined) {
        refuse(
          `${path}.country[${i}]`,
          `LINE has no narrowcast areas in ${country}; it has areas in JP, TW, TH and ID`,
          `country ${country}`,
        );
      }
      codes.push(...found);
    });
    filters.push({ type: "area", oneOf: codes });
  }
  if (segment.region !== undefined) {
    const codes = segment.region.map((region, i) => {
      const found = lineAreaForRegion(region);
      if (found === undefined) {
        refuse(
          `${path}.region[${i}]`,
          `${region} is not exactly one LINE area; LINE maps JP-01..JP-47, the 22 TW cities/counties, TH-10, TH-S and ID-BA, and accepts its own area codes (jp_13, th_03, id_04...)`,
          `region ${region}`,
        );
      }
      return found;
    });
    filters.push({ type: "area", oneOf: codes });
  }
  return filters;
}

function translate(segment: Segment, path: string): LineDemographicFilter | undefined {
  for (const [key, what] of UNSUPPORTED) {
    if (segment[key] !== undefined) {
      refuse(`${path}.${key}`, `LINE narrowcast cannot filter by ${what}`, what);
    }
  }
  const filters: LineDemographicFilter[] = [];
  if (segment.age !== undefined) {
    filters.push({
      type: "age",
      ...bucketRange<LineAgeBucket>(segment.age, AGE_BUCKETS, "age_", `${path}.age`, "age"),
    });
  }
  if (segment.gender !== undefined) filters.push({ type: "gender", oneOf: [segment.gender] });
  if (segment.appType !== undefined) filters.push({ type: "appType", oneOf: [segment.appType] });
  filters.push(...areas(segment, path));
  if (segment.subscribedDays !== undefined) {
    filters.push({
      type: "subscriptionPeriod",
      ...bucketRange<LineSubscriptionPeriodBucket>(
        segment.subscribedDays,
        SUBSCRIPTION_BUCKETS,
        "day_",
        `${path}.subscribedDays`,
        "friendship length (days)",
      ),
    });
  }
  const sub = (s: Segment, subPath: string): LineDemographicFilter => {
    const filter = translate(s, subPath);
    if (filter === undefined) {
      throw new ValidationError(subPath, "an empty sub-segment matches everyone", {
        platform: "line",
        hint: "give it at least one condition or remove it",
      });
    }
    return filter;
  };
  segment.and?.forEach((s, i) => {
    filters.push(sub(s, `${path}.and[${i}]`));
  });
  if (segment.or !== undefined) {
    filters.push({ type: "operator", or: segment.or.map((s, i) => sub(s, `${path}.or[${i}]`)) });
  }
  if (segment.not !== undefined) {
    filters.push({ type: "operator", not: sub(segment.not, `${path}.not`) });
  }
  if (filters.length <= 1) return filters[0];
  return { type: "operator", and: filters };
}

/**
 * Translates a {@link Segment} into a LINE narrowcast `filter.demographic`
 * (https://developers.line.biz/en/reference/messaging-api/#narrowcast-demographic-filter).
 * Several conditions become an `operator` `and`; `and`/`or`/`not` become operator filters;
 * `country` expands to every LINE area of that country; `region` takes ISO 3166-2 codes that are
 * exactly one LINE area, or LINE area codes (`jp_13`). Returns `undefined` for an empty segment
 * (everyone). Throws a `ValidationError` (field `segment.<name>`) for what LINE cannot express:
 * language, time zone, tags, interests, custom attributes, an unmapped country or region, an age
 * or friendship length off LINE's buckets.
 *
 * @example toLineNarrowcastFilter({ age: { gte: 20, lt: 40 }, gender: "female" })
 * // { type: "operator", and: [{ type: "age", gte: "age_20", lt: "age_40" }, { type: "gender", oneOf: ["female"] }] }
 */
export function toLineNarrowcastFilter(segment: Segment): LineDemographicFilter | undefined {
  return translate(segment, "segment");
}

/** What LINE's adapter answers the planner about a segment (`PlatformAdapter.nativeTargeting`). */
export function lineNativeTargeting(segment: Segment): NativeTargeting {
  try {
    toLineNarrowcastFilter(segment);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return {
      native: false,
      condition: error.field,
      rule: error.rule,
      ...(error.hint !== undefined ? { hint: error.hint } : {}),
    };
  }
  return { native: true, via: "LINE narrowcast filter.demographic" };
}
