/**
 * Defensive readers for webhook payloads: a verified payload is still untrusted input, so the
 * adapters' normalizers read it through these and never throw on an unexpected shape.
 */
import { isJsonObject, type JsonObject } from "./json.js";

/** `value` as an object, or an empty one. */
export function obj(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

/** `value` as an id string: strings as they are, finite numbers in decimal; else `undefined`. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** `value` when it is a string, else `undefined`. */
export function strOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** `value` as an array (of unknown items), or an empty one. */
export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Milliseconds from Unix seconds, or `undefined` when `seconds` is not a finite number. */
export function secondsToMs(seconds: unknown): number | undefined {
  return typeof seconds === "number" && Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/** Milliseconds from an ISO 8601 time, or `undefined` when it does not parse. */
export function isoToMs(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
