import { ValidationError } from "../transport/errors.js";

/**
 * Throws a platform's `ValidationError`. Declare the variable with this type: TypeScript narrows
 * after a call that returns `never` only when its type is written out.
 */
export type Refuse = (field: string, rule: string, hint?: string) => never;

/**
 * A function throwing a platform's `ValidationError` for `field` breaking `rule` (with a `hint`
 * on how to fix it), for adapters refusing input before any request.
 *
 * @example const refuse: Refuse = refuser("facebook"); refuse("text", "max 10 characters");
 */
export function refuser(platform: string): Refuse {
  return (field, rule, hint) => {
    throw new ValidationError(field, rule, hint === undefined ? { platform } : { platform, hint });
  };
}
