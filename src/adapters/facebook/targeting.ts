import type { Segment } from "../../message/segment.js";
import { type Refuse, refuser } from "../refuse.js";
import { MAX_TARGET_AGE, MIN_TARGET_AGE } from "./limits.js";
import type { FacebookTargetingSpec } from "./types.js";

/** How the adapter turns a segment into a targeting spec. */
export interface TargetingSettings {
  /** `feed_targeting` (News Feed) or `targeting` (who may see the post). */
  field: "feed_targeting" | "targeting";
  /** Ad-locale keys by language tag. */
  localeKeys: Readonly<Record<string, readonly number[]>>;
}

/** The conditions the Graph API can express; everything else in a segment is refused. */
type Conditions = Pick<Segment, "age" | "gender" | "country" | "language">;

const PLATFORM = "facebook";
const EXPRESSIBLE = new Set<keyof Segment>(["age", "gender", "country", "language"]);

const refuse: Refuse = refuser(PLATFORM);

/** Flattens `and` into one set of conditions; a condition given twice is refused. */
function flatten(segment: Segment, path: string, into: Conditions = {}): Conditions {
  for (const [key, value] of Object.entries(segment) as [keyof Segment, unknown][]) {
    if (value === undefined) continue;
    if (key === "and") {
      (value as Segment[]).forEach((part, i) => {
        flatten(part, `${path}.and[${i}]`, into);
      });
      continue;
    }
    if (!EXPRESSIBLE.has(key)) {
      refuse(
        `${path}.${key}`,
        `Facebook targeting cannot express ${key}`,
        "Page posts target by country, language, age and gender only; send the rest yourself, or pass a Graph targeting spec in overrides.facebook",
      );
    }
    const name = key as keyof Conditions;
    if (into[name] !== undefined) {
      refuse(`${path}.${key}`, `${key} given twice`, "give each condition once");
    }
    (into as Record<string, unknown>)[name] = value;
  }
  return into;
}

/** Age range [gte, lt) as inclusive `age_min` / `age_max` within 13–65. */
function ages(range: NonNullable<Segment["age"]>, path: string, field: TargetingSettings["field"]) {
  const min = range.gte;
  const max = range.lt === undefined ? undefined : range.lt - 1;
  for (const [bound, value] of [
    ["gte", min],
    ["lt", max],
  ] as const) {
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < MIN_TARGET_AGE || value > MAX_TARGET_AGE) {
      refuse(
        `${path}.age.${bound}`,
        `ages from ${MIN_TARGET_AGE} to ${MAX_TARGET_AGE} in whole years`,
        "Facebook targets ages 13 to 65",
      );
    }
  }
  if (max !== undefined && field === "targeting") {
    refuse(
      `${path}.age.lt`,
      "an audience restriction (targeting) takes a minimum age only",
      'use segmentField: "feed_targeting" for an age range',
    );
  }
  return { ...(min !== undefined && { age_min: min }), ...(max !== undefined && { age_max: max }) };
}

/**
 * Turns a segment into the Graph API's `targeting` or `feed_targeting` spec: `country` →
 * `geo_locations.countries`, `language` → `locales` (through `localeKeys`), `age` → `age_min` /
 * `age_max`, `gender` → `genders` (feed targeting only). `and` is flattened; `or`, `not` and every
 * other condition are refused with a `ValidationError` naming it: the Graph API cannot express them.
 * Which of the two fields Meta still honors on Page posts is unconfirmed (PLATFORMS.md).
 */
export function toFacebookTargeting(
  segment: Segment,
  settings: TargetingSettings,
  path = "segment",
): FacebookTargetingSpec {
  const c = flatten(segment, path);
  const spec: FacebookTargetingSpec = {};
  if (c.country) {
    const countries = c.country.map((code, i) => {
      if (!/^[a-z]{2}$/i.test(code)) {
        refuse(`${path}.country[${i}]`, "an ISO 3166-1 alpha-2 code", 'e.g. "US"');
      }
      return code.toUpperCase();
    });
    spec.geo_locations = { countries };
  }
  if (c.language) {
    const keys = c.language.flatMap((tag, i) => {
      const found = settings.localeKeys[tag] ?? settings.localeKeys[tag.toLowerCase()];
      if (!found || found.length === 0) {
        refuse(
          `${path}.language[${i}]`,
          `no Facebook locale key for "${tag}"`,
          "pass localeKeys to facebook(): Targeting Search (type=adlocale) gives the keys",
        );
      }
      return [...found];
    });
    spec.locales = [...new Set(keys)];
  }
  if (c.age) Object.assign(spec, ages(c.age, path, settings.field));
  if (c.gender) {
    if (settings.field === "targeting") {
      refuse(
        `${path}.gender`,
        "an audience restriction (targeting) cannot select a gender",
        'use segmentField: "feed_targeting"',
      );
    }
    // genders: 1 = men, 2 = women (Marketing API basic targeting)
    spec.genders = [c.gender === "male" ? 1 : 2];
  }
  return spec;
}
