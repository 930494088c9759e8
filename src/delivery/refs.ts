import type { Operation } from "../adapters/contract.js";

/** Results of the steps sent so far: step name -> named values (`id` and the adapter's `values`). */
export type StepResults = Map<string, Record<string, string>>;

/** Matches a reference written by `stepRef`: `{{step.value}}`. */
const REF = /\{\{([\w-]+)\.([\w-]+)\}\}/g;

function fill(text: string, results: StepResults): string {
  return text.replace(REF, (whole, step: string, value: string) => {
    const found = results.get(step)?.[value];
    if (found === undefined) {
      throw new Error(`adapter bug: ${whole} refers to a step value that does not exist (yet)`);
    }
    return found;
  });
}

function fillDeep(value: unknown, results: StepResults): unknown {
  if (typeof value === "string") return value.includes("{{") ? fill(value, results) : value;
  if (Array.isArray(value)) return value.map((v) => fillDeep(v, results));
  if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fillDeep(v, results);
    return out;
  }
  return value;
}

/** Replaces step references in an operation's path, url, query, headers and body with their values. */
export function resolveRefs<T extends Omit<Operation, "poll">>(
  operation: T,
  results: StepResults,
): T {
  if (results.size === 0) return operation;
  return {
    ...operation,
    ...(fillDeep(
      {
        path: operation.path,
        ...(operation.url !== undefined ? { url: operation.url } : {}),
        query: operation.query,
        headers: operation.headers,
        body: operation.body,
      },
      results,
    ) as object),
  };
}
