import { IDEMPOTENCY_KEY, type Operation, STEP_REF_MARK } from "../adapters/contract.js";

/** Results of the steps sent so far: step name -> named values (`id` and the adapter's `values`). */
export type StepResults = Map<string, Record<string, string>>;

/** Matches a reference written by `stepRef`: `{{<mark>step.value}}`. */
const REF = new RegExp(`\\{\\{${STEP_REF_MARK}([\\w-]+)\\.([\\w-]+)\\}\\}`, "g");

function fill(text: string, results: StepResults): string {
  return text.replace(REF, (whole, step: string, value: string) => {
    const found = results.get(step)?.[value];
    if (found === undefined) {
      throw new Error(`adapter bug: ${whole} refers to a step value that does not exist (yet)`);
    }
    return found;
  });
}

/** Applies `edit` to every string holding a step reference, anywhere inside plain data. */
function mapRefs(value: unknown, edit: (text: string) => string): unknown {
  if (typeof value === "string") return value.includes(STEP_REF_MARK) ? edit(value) : value;
  if (Array.isArray(value)) return value.map((v) => mapRefs(v, edit));
  if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapRefs(v, edit);
    return out;
  }
  return value;
}

function fillDeep(value: unknown, results: StepResults): unknown {
  return mapRefs(value, (text) => fill(text, results));
}

/** The operation with its step references shown as `{{step.value}}`, for previews. */
export function displayRefs<T extends Omit<Operation, "poll">>(operation: T): T {
  return mapRefs(operation, (text) => text.split(STEP_REF_MARK).join("")) as T;
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

/** Puts the idempotency key wherever the operation's query or body holds {@link IDEMPOTENCY_KEY}. */
export function fillIdempotencyKey<T extends Omit<Operation, "poll">>(
  operation: T,
  key: string,
): T {
  const edit = (text: string) => text.split(IDEMPOTENCY_KEY).join(key);
  return {
    ...operation,
    ...(operation.query !== undefined && {
      query: mapRefs(operation.query, edit) as Record<string, string>,
    }),
    ...(operation.body !== undefined && { body: mapRefs(operation.body, edit) as T["body"] }),
  };
}
