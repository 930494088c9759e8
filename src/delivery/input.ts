import type { PlatformAdapter } from "../adapters/contract.js";
import type { Target } from "../message/target.js";
import { ValidationError } from "../transport/errors.js";
import type { SendOptions } from "./plan.js";

/** Longest delivery id accepted: our choice, ample for a campaign id or a UUID. */
const MAX_ID_LENGTH = 200;

const TARGET_HINT =
  'a target is "platform:chat" (e.g. "telegram:@shopnews"), "platform", or { platform, chat | recipients | segment | broadcast }';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Checks a delivery id (`options.id`, `resume`'s `deliveryId`): 1 to 200 characters, no spaces. */
export function checkDeliveryId(id: unknown, field: string): asserts id is string {
  if (typeof id !== "string" || !/^\S+$/.test(id) || id.length > MAX_ID_LENGTH) {
    throw new ValidationError(field, `1 to ${MAX_ID_LENGTH} characters without white space`, {
      hint: `got ${id === undefined ? "undefined" : typeof id === "string" ? JSON.stringify(id.slice(0, 40)) : typeof id}`,
    });
  }
}

/**
 * Checks the shape of `send`'s options before anything reads them (JavaScript callers, values
 * from JSON): an object with `to` holding targets, and well-typed optional fields. Returns the
 * targets as a list.
 */
export function checkSendOptions(options: unknown): Target[] {
  if (!isObject(options)) {
    throw new ValidationError("options", "an object with `to`", {
      hint: 'herald.send(message, { to: "telegram:@shopnews" })',
    });
  }
  const { to, id, total, concurrency, signal, dedupe } = options as Partial<SendOptions>;
  if (to === undefined || to === null) {
    throw new ValidationError("to", "one target or a list of targets", { hint: TARGET_HINT });
  }
  const targets: unknown[] = Array.isArray(to) ? [...to] : [to];
  targets.forEach((target, index) => {
    if (typeof target !== "string" && !isObject(target)) {
      throw new ValidationError(
        Array.isArray(to) ? `to[${index}]` : "to",
        `a target string or object, not ${target === null ? "null" : typeof target}`,
        { hint: TARGET_HINT },
      );
    }
  });
  if (id !== undefined) checkDeliveryId(id, "id");
  if (total !== undefined && !(Number.isInteger(total) && total >= 0)) {
    throw new ValidationError("total", "a whole number, 0 or more");
  }
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new ValidationError("concurrency", "a whole number, 1 or more");
  }
  const validDedupe =
    dedupe === undefined ||
    typeof dedupe === "boolean" ||
    (typeof dedupe === "object" &&
      dedupe !== null &&
      Number.isInteger(dedupe.window) &&
      dedupe.window >= 1);
  if (!validDedupe) {
    throw new ValidationError("dedupe", "true, false or { window: a whole number, 1 or more }");
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new ValidationError("signal", "an AbortSignal", {
      hint: "pass controller.signal of an AbortController, or AbortSignal.timeout(ms)",
    });
  }
  return targets as Target[];
}

/** The members every adapter must have, with their type, as {@link checkAdapterShape} checks. */
const ADAPTER_MEMBERS = {
  platform: "string",
  account: "string",
  baseUrl: "string",
  capabilities: "object",
  limits: "object",
  secrets: "object",
  authHeaders: "function",
  render: "function",
  readResponse: "function",
} as const;

/** Checks that each value given as an adapter looks like one (a factory's result, not a factory). */
export function checkAdapterShape(
  adapter: unknown,
  index: number,
): asserts adapter is PlatformAdapter {
  const field = `adapters[${index}]`;
  if (!isObject(adapter)) {
    throw new ValidationError(
      field,
      `an adapter, not ${adapter === null ? "null" : typeof adapter}`,
      {
        hint:
          typeof adapter === "function"
            ? "call the factory: telegram({ botToken })"
            : "e.g. telegram({ botToken })",
      },
    );
  }
  for (const [member, type] of Object.entries(ADAPTER_MEMBERS)) {
    const value = adapter[member];
    if (typeof value !== type || value === null) {
      throw new ValidationError(`${field}.${member}`, `an adapter's ${member} (${type})`, {
        hint: "adapters come from a factory such as telegram({ botToken }); see docs/adapters.md for your own",
      });
    }
  }
}
