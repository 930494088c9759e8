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

/** The first issue of a zod error, as a field path and a message. */
export function firstIssue(error: z.core.$ZodError): { path: string; message: string } {
  const issue = error.issues[0];
  return { path: formatPath(issue?.path ?? []), message: issue?.message ?? "invalid" };
}
