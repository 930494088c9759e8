import * as z from "zod/mini";

/** A numeric range: `gte` inclusive, `lt` exclusive; at least one bound. */
const RangeSchema = z.object({ gte: z.optional(z.number()), lt: z.optional(z.number()) }).check(
  z.refine((r) => r.gte !== undefined || r.lt !== undefined, {
    message: "a range needs gte or lt",
  }),
  z.refine((r) => r.gte === undefined || r.lt === undefined || r.gte < r.lt, {
    message: "gte must be below lt",
  }),
);

/** A numeric range with an inclusive lower bound `gte` and an exclusive upper bound `lt`. */
export type Range = z.infer<typeof RangeSchema>;

/** A custom attribute's value as a segment compares it. */
export type AttributeValue = string | number | boolean;

/**
 * Operators on one custom attribute; every operator given must hold (and). Ordering operators
 * compare two numbers, or two strings by code units (so ISO 8601 dates in one format order as
 * time); a value of another type does not match.
 */
export interface AttributeOperators {
  /** Equal (`===`). */
  eq?: AttributeValue;
  /** Present and not equal. */
  ne?: AttributeValue;
  /** Equal to one of these. */
  in?: AttributeValue[];
  /** Present and equal to none of these. */
  notIn?: AttributeValue[];
  /** Greater than. */
  gt?: number | string;
  /** Greater than or equal. */
  gte?: number | string;
  /** Less than. */
  lt?: number | string;
  /** Less than or equal. */
  lte?: number | string;
  /** The attribute is an array holding this value, or a string containing this string. */
  contains?: AttributeValue;
  /** `true`: the attribute is present (not `undefined` or `null`); `false`: it is absent. */
  exists?: boolean;
}

/** A condition on a custom attribute: a plain value means `{ eq: value }`. */
export type AttributeCondition = AttributeValue | AttributeOperators;

/**
 * The conditions a segment can hold; all given conditions must hold together (and). How each
 * reads a recipient's attributes when Herald filters recipients itself (emulated targeting),
 * and what a missing attribute means, is in docs/targeting.md and `matchesSegment`.
 */
export interface Segment {
  /** Age in years. */
  age?: Range;
  /** Gender as the platform records it. */
  gender?: "male" | "female";
  /** ISO 3166-1 alpha-2 country codes (any of). */
  country?: string[];
  /** ISO 3166-2 subdivision codes such as `JP-13` (any of). */
  region?: string[];
  /** BCP 47 language tags (any of). */
  language?: string[];
  /** IANA time zones (any of). */
  timezone?: string[];
  /** Tags the caller gave the recipient (any of). */
  tags?: string[];
  /** Interests of the recipient (any of). */
  interests?: string[];
  /** Days since the recipient subscribed or followed. */
  subscribedDays?: Range;
  /** The app the recipient uses. */
  appType?: "ios" | "android";
  /**
   * Custom attributes by name or dotted path (`plan`, `address.city`), each a value it must
   * equal or {@link AttributeOperators}.
   */
  attributes?: Record<string, AttributeCondition>;
  /** Every sub-segment must match. */
  and?: Segment[];
  /** At least one sub-segment must match. */
  or?: Segment[];
  /** The sub-segment must not match. */
  not?: Segment;
}

const codes = z.array(z.string().check(z.minLength(1))).check(z.minLength(1));

const value = z.union([z.string(), z.number(), z.boolean()]);
const ordered = z.union([z.string(), z.number()]);

const OperatorsSchema = z
  .strictObject(
    {
      eq: z.optional(value),
      ne: z.optional(value),
      in: z.optional(z.array(value).check(z.minLength(1))),
      notIn: z.optional(z.array(value).check(z.minLength(1))),
      gt: z.optional(ordered),
      gte: z.optional(ordered),
      lt: z.optional(ordered),
      lte: z.optional(ordered),
      contains: z.optional(value),
      exists: z.optional(z.boolean()),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `unknown operator ${issue.keys.join(", ")}: use eq, ne, in, notIn, gt, gte, lt, lte, contains, exists`
          : undefined,
    },
  )
  .check(
    z.refine((o) => Object.values(o).some((v) => v !== undefined), {
      message: "an attribute condition needs at least one operator",
    }),
  );

/** Validates an {@link AttributeCondition}. */
const AttributeConditionSchema: z.ZodMiniType<AttributeCondition> = z.union(
  [value, OperatorsSchema],
  {
    error:
      "a string, number or boolean to equal, or an object of operators: eq, ne, in, notIn, gt, gte, lt, lte, contains, exists",
  },
);

/** Validates a {@link Segment}. */
export const SegmentSchema: z.ZodMiniType<Segment> = z.strictObject({
  age: z.optional(RangeSchema),
  gender: z.optional(z.enum(["male", "female"])),
  country: z.optional(codes),
  region: z.optional(codes),
  language: z.optional(codes),
  timezone: z.optional(codes),
  tags: z.optional(codes),
  interests: z.optional(codes),
  subscribedDays: z.optional(RangeSchema),
  appType: z.optional(z.enum(["ios", "android"])),
  attributes: z.optional(z.record(z.string().check(z.minLength(1)), AttributeConditionSchema)),
  get and() {
    return z.optional(z.array(SegmentSchema).check(z.minLength(1)));
  },
  get or() {
    return z.optional(z.array(SegmentSchema).check(z.minLength(1)));
  },
  get not() {
    return z.optional(SegmentSchema);
  },
});
