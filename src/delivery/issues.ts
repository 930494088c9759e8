import type * as z from "zod/mini";

/** Formats a zod issue path as `media[0].url`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** zod/mini's message for every issue when no locale is loaded: it names no cause. */
const ZOD_DEFAULT_MESSAGE = "Invalid input";

/** The value at `path` inside `input`, or undefined where the path leaves it. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** What a value is, for an error message: its type, never its content (it may be a secret). */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : "a number";
  if (typeof value === "object") return "an object";
  if (typeof value === "undefined") return "nothing";
  return `a ${typeof value}`;
}

/** A plain-words rule for an issue whose message is zod's default. */
function describe(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case "invalid_type": {
      const expected = `${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`;
      const got = valueAt(input, issue.path);
      return got === undefined && issue.expected !== "undefined"
        ? `${expected} is required`
        : `expected ${expected}, got ${kindOf(got)}`;
    }
    case "too_small":
      return `at least ${String(issue.minimum)}${issue.origin === "string" ? " characters" : issue.origin === "array" ? " items" : ""}`;
    case "too_big":
      return `at most ${String(issue.maximum)}${issue.origin === "string" ? " characters" : issue.origin === "array" ? " items" : ""}`;
    case "invalid_format":
      return `not a valid ${issue.format}`;
    case "invalid_value":
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return `unknown field${issue.keys.length === 1 ? "" : "s"} ${issue.keys.join(", ")}`;
    case "invalid_union":
      return `matches none of the accepted shapes (got ${kindOf(valueAt(input, issue.path))})`;
    case "not_multiple_of":
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return "invalid";
  }
}

/**
 * The first issue of a zod error, as a field path and a message. Where zod gives only its default
 * "Invalid input", the message says what was expected and what kind of value came (`input` is the
 * value that was parsed; its content never enters the message).
 */
export function firstIssue(
  error: z.core.$ZodError,
  input?: unknown,
): { path: string; message: string } {
  const issue = error.issues[0];
  if (issue === undefined) return { path: "", message: "invalid" };
  const message =
    issue.message === undefined || issue.message === ZOD_DEFAULT_MESSAGE
      ? describe(issue, input)
      : issue.message;
  return { path: formatPath(issue.path), message };
}
