/** Parsing webhook bodies as JSON without ever throwing. */

/** A JSON object (not an array, not null). */
export type JsonObject = { [key: string]: unknown };

/** Whether `value` is a plain JSON object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The body parsed as a JSON object, or `undefined` when it is not valid JSON or not an object. */
export function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
