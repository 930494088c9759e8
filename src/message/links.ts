import * as z from "zod/mini";

/**
 * At most this many characters per UTM value: our bound; a value goes into every link of the
 * text, and on platforms counting raw characters every one of them counts.
 */
const UTM_VALUE_MAX = 200;

const value = z.string().check(
  z.refine((v) => v.trim().length > 0, { message: "a non-empty value" }),
  z.maxLength(UTM_VALUE_MAX),
);

/**
 * A UTM value: one for every target, or one per target, keyed by the target's label
 * (`telegram:@shopnews`, as the report names it), `platform@account`, the platform name (`x`), or
 * `*` for the rest; the most specific key wins.
 */
export const UtmValueSchema = z.union([value, z.record(z.string().check(z.minLength(1)), value)]);

/** A UTM value, or one per target (see {@link UtmValueSchema}). */
export type UtmValue = z.infer<typeof UtmValueSchema>;

/** The UTM parameters a message's links get; `utm_source` is always the platform name. */
export const UtmSchema = z.object({
  /** `utm_campaign`. */
  campaign: UtmValueSchema,
  /** `utm_medium` (`social`, `messaging`, `email`...). */
  medium: UtmValueSchema,
  /** `utm_content`, optional; a per-target record without a match leaves it out. */
  content: z.optional(UtmValueSchema),
  /** `utm_term`, optional; a per-target record without a match leaves it out. */
  term: z.optional(UtmValueSchema),
});

/** The UTM parameters of {@link LinkTracking}. */
export type Utm = z.infer<typeof UtmSchema>;

/**
 * Link tracking of a message (docs/links.md): UTM parameters added per platform and target to
 * every http(s) link of the text and to `link`, and the client's `links.shorten` hook applied
 * after them.
 */
export const LinkTrackingSchema = z
  .object({
    /** The parameters; without them links are only shortened. */
    utm: z.optional(UtmSchema),
    /**
     * Whether the client's `links.shorten` hook shortens the links (default: when the client
     * has one). `true` without a hook is refused.
     */
    shorten: z.optional(z.boolean()),
  })
  .check(
    z.refine((l) => l.utm !== undefined || l.shorten === true, {
      message: "link tracking needs `utm` or `shorten: true`",
    }),
  );

/** Link tracking of a message. */
export type LinkTracking = z.infer<typeof LinkTrackingSchema>;
