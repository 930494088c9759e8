import type { AdapterCore } from "../../contract/core.js";
import { IDEMPOTENCY_KEY, type Operation } from "../../contract/operation.js";
import type { Destination, Rendering } from "../../contract/render.js";
import type { Message } from "../../message/schema.js";
import type { Report } from "./types.js";

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const IDEMPOTENCY = new Set(["safe", "key", "none"]);
/** Text well past every built-in platform's limit (the longest, LINE, takes 5,000 UTF-16 units per message). */
const TOO_LONG_TEXT = 100_000;

/** The default message of the checks. */
export const SAMPLE_MESSAGE: Message = Object.freeze({ text: "Herald conformance check" });

/** The default message every platform must refuse. */
export const TOO_LONG_MESSAGE: Message = Object.freeze({ text: "x".repeat(TOO_LONG_TEXT) });

/** A destination of the adapter's first kind that needs no real ids, if it has one. */
export function sampleDestination(adapter: AdapterCore): Destination | undefined {
  for (const kind of adapter.capabilities.destinations) {
    if (kind === "feed" || kind === "broadcast") return { kind };
    if (kind === "chat") return { kind, chat: "herald-conformance" };
    if (kind === "recipients") return { kind, recipients: [{ id: "sample-1" }], sample: true };
  }
  return undefined;
}

/** Freezes `value` and everything it holds, so that a mutation by `render` throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !ArrayBuffer.isView(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A rendering as comparable text (bytes as numbers). */
function fingerprint(rendering: Rendering): string {
  return JSON.stringify(rendering, (_key, value: unknown) =>
    value instanceof Uint8Array ? Array.from(value) : value,
  );
}

/** The problems of one operation. */
function checkOperation(operation: Operation, at: string, report: Report): void {
  if (!operation.step) report(`${at}.step is empty`);
  if (!operation.route) report(`${at}.route is empty: the limiter counts requests by route`);
  if (!METHODS.has(operation.method))
    report(`${at}.method "${operation.method}" is not an HTTP method`);
  if (operation.url === undefined && !operation.path.startsWith("/")) {
    report(`${at}.path "${operation.path}" does not start with "/"`);
  }
  if (!IDEMPOTENCY.has(operation.idempotency)) {
    report(`${at}.idempotency "${String(operation.idempotency)}" is not safe, key or none`);
  }
  if (operation.idempotency === "key" && operation.idempotencyHeader === undefined) {
    const carries = JSON.stringify([operation.query, operation.body]).includes(IDEMPOTENCY_KEY);
    if (!carries)
      report(`${at} has idempotency "key" but no idempotencyHeader and no IDEMPOTENCY_KEY`);
  }
}

/**
 * Renders the sample twice from a frozen message: both succeed alike (pure, no mutation), with
 * well-formed operations. Returns the rendering for the response checks.
 */
export function checkRender(
  adapter: AdapterCore,
  message: Message,
  destination: Destination,
  now: number,
  report: Report,
): Rendering | undefined {
  const frozen = deepFreeze(structuredClone(message));
  let first: Rendering;
  let second: Rendering;
  try {
    first = adapter.render(frozen, destination, { now });
    second = adapter.render(frozen, destination, { now });
  } catch (error) {
    report(`render threw on the sample message: ${(error as Error).message}`);
    return undefined;
  }
  if (first.operations.length === 0) report("render returned no operation for the sample message");
  if (fingerprint(first) !== fingerprint(second)) {
    report("render gave two different answers for the same input: it must be pure");
  }
  const steps = new Set<string>();
  first.operations.forEach((operation, index) => {
    checkOperation(operation, `operations[${index}]`, report);
    if (steps.has(operation.step)) report(`operations[${index}].step "${operation.step}" repeats`);
    steps.add(operation.step);
  });
  return first;
}

/** What the platform cannot take is refused by `render` with a `ValidationError`. */
export function checkRefusal(
  adapter: AdapterCore,
  message: Message,
  destination: Destination,
  now: number,
  report: Report,
): void {
  try {
    adapter.render(deepFreeze(structuredClone(message)), destination, { now });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== "validation") {
      report(`render refused the too-long message with ${describe(error)}, not a ValidationError`);
    }
    return;
  }
  report("render accepted the too-long message: refuse it before any request (ValidationError)");
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name} "${error.message.slice(0, 80)}"` : String(error);
}
