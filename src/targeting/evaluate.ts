import type { AttributeCondition, AttributeOperators, Range, Segment } from "../message/segment.js";
import { ValidationError } from "../transport/errors.js";
import { type Attributes, readAttribute } from "./attributes.js";

/**
 * Three-valued truth, as SQL's: `undefined` is unknown, the answer of a condition on an
 * attribute the recipient does not have. `not` keeps unknown unknown; a recipient is selected
 * only when the whole segment is `true`.
 */
export type Truth = boolean | undefined;

/** A compiled segment: its truth for one recipient's attributes at time `now` (ms). */
export type SegmentTest = (attributes: Attributes | undefined, now: number) => Truth;

/** One day in ms, for `subscribedDays`. */
const DAY_MS = 86_400_000;

/**
 * Kleene `and` (`decisive` false) or `or` (`decisive` true): the decisive value wins, else
 * unknown if any part is unknown, else the other value.
 */
function combine(tests: readonly SegmentTest[], decisive: boolean): SegmentTest {
  return (attributes, now) => {
    let unknown = false;
    for (const test of tests) {
      const truth = test(attributes, now);
      if (truth === decisive) return decisive;
      if (truth === undefined) unknown = true;
    }
    return unknown ? undefined : !decisive;
  };
}

/** A non-blank string, trimmed. */
function text(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** A finite number, or a string holding one in decimal (`"42"`, as CSV imports give). */
function numeric(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  const s = text(value);
  return s !== undefined && /^-?\d+(?:\.\d+)?$/.test(s) ? Number(s) : undefined;
}

/** A time in ms from a Date, ms since the epoch, or an ISO 8601 string. */
function timeOf(value: unknown): number | undefined {
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === "number"
        ? value
        : typeof value === "string"
          ? Date.parse(value)
          : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

function inRange(value: number | undefined, range: Range): Truth {
  if (value === undefined) return undefined;
  return (
    (range.gte === undefined || value >= range.gte) && (range.lt === undefined || value < range.lt)
  );
}

/** Age in whole years: the `age` attribute, else from `birthDate` (`YYYY-MM-DD`) at `now` (UTC). */
function ageOf(attributes: Attributes | undefined, now: number): number | undefined {
  const age = numeric(readAttribute(attributes, "age"));
  if (age !== undefined) return age;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(
    text(readAttribute(attributes, "birthDate")) ?? "",
  );
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const today = new Date(now);
  const thisMonth = today.getUTCMonth() + 1;
  const birthdayPassed = thisMonth > month || (thisMonth === month && today.getUTCDate() >= day);
  return today.getUTCFullYear() - year - (birthdayPassed ? 0 : 1);
}

/** Whole days since the `subscribedAt` attribute (Date, ms, or ISO 8601), at `now`. */
function subscribedDaysOf(attributes: Attributes | undefined, now: number): number | undefined {
  const since = timeOf(readAttribute(attributes, "subscribedAt"));
  return since === undefined ? undefined : Math.floor((now - since) / DAY_MS);
}

/** A list of strings from an array attribute, or one string. */
function strings(value: unknown): string[] | undefined {
  if (typeof value === "string") return text(value) === undefined ? undefined : [value];
  if (!Array.isArray(value)) return undefined;
  const list = value.filter((v): v is string => typeof v === "string");
  return list.length === 0 ? undefined : list;
}

/** Language tags compare case-insensitively, `_` read as `-` (locales such as `en_US`). */
const languageTag = (tag: string): string => tag.replace(/_/g, "-").toLowerCase();

function checkLanguages(tags: readonly string[], field: string): string[] {
  return tags.map((tag, i) => {
    try {
      Intl.getCanonicalLocales(tag.replace(/_/g, "-"));
    } catch {
      throw new ValidationError(`${field}[${i}]`, `"${tag}" is not a BCP 47 language tag`, {
        hint: 'e.g. "en", "pt-BR", "zh-Hant"',
      });
    }
    return languageTag(tag);
  });
}

function checkTimeZones(zones: readonly string[], field: string): string[] {
  return zones.map((zone, i) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
    } catch {
      throw new ValidationError(`${field}[${i}]`, `"${zone}" is not an IANA time zone`, {
        hint: 'e.g. "Europe/Berlin", "Asia/Tokyo", "America/New_York"',
      });
    }
    return zone.toLowerCase();
  });
}

/** A condition on one string attribute, any of `wanted` (both sides normalized). */
function oneOf(
  read: (attributes: Attributes | undefined) => string | undefined,
  wanted: readonly string[],
  matches: (value: string, want: string) => boolean = (value, want) => value === want,
): SegmentTest {
  return (attributes) => {
    const value = read(attributes);
    if (value === undefined) return undefined;
    return wanted.some((want) => matches(value, want));
  };
}

const lower = (name: string) => (attributes: Attributes | undefined) =>
  text(readAttribute(attributes, name))?.toLowerCase();

/** `country`, else the country of an ISO 3166-2 `region` (`JP-13` -> `JP`). */
const countryOf = (attributes: Attributes | undefined): string | undefined =>
  text(readAttribute(attributes, "country"))?.toUpperCase() ??
  /^([A-Za-z]{2})-/.exec(text(readAttribute(attributes, "region")) ?? "")?.[1]?.toUpperCase();

/** `language`, else `locale`. */
const languageOf = (attributes: Attributes | undefined): string | undefined => {
  const tag =
    text(readAttribute(attributes, "language")) ?? text(readAttribute(attributes, "locale"));
  return tag === undefined ? undefined : languageTag(tag);
};

function anyListed(name: string, wanted: readonly string[]): SegmentTest {
  return (attributes) => {
    const list = strings(readAttribute(attributes, name));
    if (list === undefined) return undefined;
    return list.some((value) => wanted.includes(value));
  };
}

function ordered(value: unknown, bound: number | string, holds: (order: number) => boolean) {
  if (typeof value !== typeof bound) return false;
  const order =
    typeof bound === "number"
      ? (value as number) - bound
      : (value as string) < bound
        ? -1
        : (value as string) > bound
          ? 1
          : 0;
  return holds(order);
}

function contains(value: unknown, wanted: string | number | boolean): boolean {
  if (Array.isArray(value)) return value.includes(wanted);
  return typeof value === "string" && typeof wanted === "string" && value.includes(wanted);
}

/** The tests of each operator, on a present value. */
const OPERATORS: {
  [K in Exclude<keyof AttributeOperators, "exists">]-?: (
    value: unknown,
    operand: NonNullable<AttributeOperators[K]>,
  ) => boolean;
} = {
  eq: (value, operand) => value === operand,
  ne: (value, operand) => value !== operand,
  in: (value, operand) => operand.some((v) => v === value),
  notIn: (value, operand) => !operand.some((v) => v === value),
  gt: (value, operand) => ordered(value, operand, (o) => o > 0),
  gte: (value, operand) => ordered(value, operand, (o) => o >= 0),
  lt: (value, operand) => ordered(value, operand, (o) => o < 0),
  lte: (value, operand) => ordered(value, operand, (o) => o <= 0),
  contains,
};

function attributeTest(path: string, condition: AttributeCondition): SegmentTest {
  const operators: AttributeOperators =
    typeof condition === "object" ? condition : { eq: condition };
  return (attributes) => {
    const value = readAttribute(attributes, path);
    const present = value !== undefined && value !== null;
    let unknown = false;
    for (const [name, operand] of Object.entries(operators)) {
      if (operand === undefined) continue;
      if (name === "exists") {
        if (present !== operand) return false;
        continue;
      }
      if (!present) {
        unknown = true;
        continue;
      }
      const test = OPERATORS[name as keyof typeof OPERATORS] as (v: unknown, o: unknown) => boolean;
      if (!test(value, operand)) return false;
    }
    return unknown ? undefined : true;
  };
}

/**
 * Compiles a segment (already checked by `SegmentSchema`) into a test of one recipient's
 * attributes. Checks what the schema cannot: language tags (BCP 47) and time zones (IANA), so
 * that a typo fails before sending instead of quietly matching no one.
 *
 * @param field the segment's path for errors (`to[0].segment`).
 * @throws ValidationError for an invalid language tag or time zone.
 */
export function compileSegment(segment: Segment, field = "segment"): SegmentTest {
  const tests: SegmentTest[] = [];
  const { age, subscribedDays } = segment;
  if (age !== undefined) tests.push((a, now) => inRange(ageOf(a, now), age));
  if (segment.gender !== undefined) tests.push(oneOf(lower("gender"), [segment.gender]));
  if (segment.country !== undefined) {
    tests.push(
      oneOf(
        countryOf,
        segment.country.map((c) => c.toUpperCase()),
      ),
    );
  }
  if (segment.region !== undefined) {
    const region = (a: Attributes | undefined) => text(readAttribute(a, "region"))?.toUpperCase();
    tests.push(
      oneOf(
        region,
        segment.region.map((r) => r.toUpperCase()),
      ),
    );
  }
  if (segment.language !== undefined) {
    const wanted = checkLanguages(segment.language, `${field}.language`);
    tests.push(
      oneOf(languageOf, wanted, (value, want) => value === want || value.startsWith(`${want}-`)),
    );
  }
  if (segment.timezone !== undefined) {
    tests.push(oneOf(lower("timezone"), checkTimeZones(segment.timezone, `${field}.timezone`)));
  }
  if (segment.tags !== undefined) tests.push(anyListed("tags", segment.tags));
  if (segment.interests !== undefined) tests.push(anyListed("interests", segment.interests));
  if (subscribedDays !== undefined) {
    tests.push((a, now) => inRange(subscribedDaysOf(a, now), subscribedDays));
  }
  if (segment.appType !== undefined) tests.push(oneOf(lower("appType"), [segment.appType]));
  for (const [path, condition] of Object.entries(segment.attributes ?? {})) {
    tests.push(attributeTest(path, condition));
  }
  segment.and?.forEach((sub, i) => {
    tests.push(compileSegment(sub, `${field}.and[${i}]`));
  });
  if (segment.or !== undefined) {
    tests.push(
      combine(
        segment.or.map((sub, i) => compileSegment(sub, `${field}.or[${i}]`)),
        true,
      ),
    );
  }
  if (segment.not !== undefined) {
    const inner = compileSegment(segment.not, `${field}.not`);
    tests.push((a, now) => {
      const truth = inner(a, now);
      return truth === undefined ? undefined : !truth;
    });
  }
  return combine(tests, false);
}
