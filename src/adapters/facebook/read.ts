import { graphRateLimitCodes, readGraphFailure } from "../../families/meta/errors.js";
import { graphText } from "../../families/meta/graph.js";
import { readGraphUsageLimits } from "../../families/meta/usage.js";
import type { Operation, PlatformResponse, ResponseReading } from "../contract.js";
import { failed } from "../failure.js";

/** Page calls count against the Pages Business Use Case (80001) besides the platform limits. */
const RATE_LIMIT_CODES = graphRateLimitCodes("pages");

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

/** The scheduled time a request carried, for the report's note. */
function scheduledNote(operation: Omit<Operation, "poll">): string | undefined {
  const body = operation.body;
  let value: string | undefined;
  if (body && "urlencoded" in body) value = body.urlencoded.scheduled_publish_time;
  if (body && "form" in body) {
    const field = body.form.find((f) => f.name === "scheduled_publish_time");
    value = field && "value" in field ? field.value : undefined;
  }
  const seconds = Number(value);
  return value !== undefined && Number.isFinite(seconds)
    ? `scheduled for ${new Date(seconds * 1000).toISOString()}`
    : undefined;
}

/**
 * Reads a Graph API answer (https://developers.facebook.com/docs/graph-api/guides/error-handling):
 * a success's id (`post_id` of a photo post, else `id`); an error as the Meta family reads it
 * (codes 4, 17, 32, 613 and 80001 as rate limits, retryable, waiting
 * `estimated_time_to_regain_access`; 190 as rejected credentials; 1, 2 and `is_transient` as
 * transient; 100 as invalid input); and on every answer the usage headers.
 */
export function readFacebookResponse(
  operation: Omit<Operation, "poll">,
  response: PlatformResponse,
): ResponseReading {
  const extras = readGraphUsageLimits(response.headers);
  const { status } = response;
  const body = record(response.body);
  if (status >= 200 && status < 300 && body.error === undefined) {
    const id = graphText(body.post_id) ?? graphText(body.id);
    // reads, edits and deletes of an existing post (routes `post-*`) answer without an id
    if (id === undefined && !operation.route.startsWith("post-")) {
      return { ...failed("platform", `HTTP ${status} without an id`), ...extras };
    }
    const note = scheduledNote(operation);
    return {
      ok: true,
      ...(id !== undefined && { id }),
      ...(note !== undefined && { note }),
      ...extras,
    };
  }
  return { ...readGraphFailure(status, response.body, RATE_LIMIT_CODES), ...extras };
}
