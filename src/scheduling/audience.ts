import type { Recipient, Target } from "../message/target.js";
import { ValidationError } from "../transport/errors.js";

/** Gives a fresh stream of an audience's recipients each time it is called. */
export type AudienceSource = () => Iterable<Recipient> | AsyncIterable<Recipient>;

/**
 * A named audience in place of recipients: `{ platform: "telegram", recipients: audience("vip") }`.
 * The client it is sent through reads it from its `audiences` option, at send time or, for a
 * scheduled send, at fire time (so a durable scheduler stores only the name).
 */
export interface AudienceRef extends AsyncIterable<Recipient> {
  /** The audience's name in `createHerald({ audiences })`. */
  readonly audience: string;
}

/** Refers to the audience registered as `name` in `createHerald({ audiences })`. */
export function audience(name: string): AudienceRef {
  return {
    audience: name,
    [Symbol.asyncIterator]() {
      throw new Error(
        `audience("${name}") is read by the client it is registered on: createHerald({ audiences: { ${name}: () => recipients } })`,
      );
    },
  };
}

/** Whether `value` is an {@link AudienceRef}. */
export function isAudienceRef(value: unknown): value is AudienceRef {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { audience?: unknown }).audience === "string" &&
    Symbol.asyncIterator in value
  );
}

/** Throws a `ValidationError` for a target naming an audience the client does not have. */
export function checkAudiences(
  targets: readonly Target[],
  audiences: Readonly<Record<string, AudienceSource>>,
): void {
  targets.forEach((target, index) => {
    const recipients = typeof target === "string" ? undefined : target.recipients;
    if (!isAudienceRef(recipients) || Object.hasOwn(audiences, recipients.audience)) return;
    const known = Object.keys(audiences).join(", ") || "none";
    throw new ValidationError(`to[${index}].recipients`, `no audience "${recipients.audience}"`, {
      hint: `register it in createHerald({ audiences }); registered: ${known}`,
    });
  });
}

/** The recipients to read: the registered audience's fresh stream for a reference. */
export function readRecipients(
  recipients: Iterable<Recipient> | AsyncIterable<Recipient>,
  audiences: Readonly<Record<string, AudienceSource>>,
): Iterable<Recipient> | AsyncIterable<Recipient> {
  if (!isAudienceRef(recipients)) return recipients;
  if (!Object.hasOwn(audiences, recipients.audience)) {
    throw new ValidationError("recipients", `no audience "${recipients.audience}"`, {
      hint: "every process that fires scheduled sends registers the same audiences",
    });
  }
  return audiences[recipients.audience]!();
}
