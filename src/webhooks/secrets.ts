import { ValidationError } from "../transport/errors.js";

/**
 * Checks a webhook secret option, one string or several (a rotation: the new one and the old
 * ones still in use), and returns them as a list; `undefined` stays `undefined` (no webhooks).
 * Throws a `ValidationError` naming `field` for anything else.
 */
export function webhookSecrets(
  platform: string,
  field: string,
  value: string | readonly string[] | undefined,
): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const list: unknown[] = typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
  if (list.length === 0) {
    throw new ValidationError(field, "a secret string or a non-empty array of them", {
      platform,
      hint: "pass several secrets only while rotating: the new one first, then the old ones",
    });
  }
  list.forEach((secret, i) => {
    if (typeof secret !== "string" || secret.length === 0) {
      throw new ValidationError(
        typeof value === "string" ? field : `${field}[${i}]`,
        "a non-empty string",
        {
          platform,
        },
      );
    }
  });
  return list as string[];
}
