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

/** The conditions a segment can hold; all given conditions must hold together (and). */
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
  /** Custom attributes, each equal to the value given. */
  attributes?: Record<string, string | number | boolean>;
  /** Every sub-segment must match. */
  and?: Segment[];
  /** At least one sub-segment must match. */
  or?: Segment[];
  /** The sub-segment must not match. */
  not?: Segment;
}

const codes = z.array(z.string().check(z.minLength(1))).check(z.minLength(1));

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
  attributes: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
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
