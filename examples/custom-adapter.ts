// A complete custom adapter for ntfy (https://ntfy.sh) from `herald`'s public exports: publishing
// is `POST https://ntfy.sh/<topic>` with the message as the body (https://docs.ntfy.sh/publish/).
import {
  createHerald,
  type LimitRule,
  mergeLimits,
  type PlatformAdapter,
  retryAfterMs,
  ValidationError,
} from "herald";

// ntfy.sh's default visitor limit: a burst of 60, then one request per 5 s (the burst left out)
// (https://docs.ntfy.sh/config/#rate-limiting, visitor-request-limit-replenish).
const LIMITS: LimitRule[] = [
  { scope: "account", max: 1, perMs: 5_000, source: "https://docs.ntfy.sh/config/#rate-limiting" },
];
// Longer messages become attachments (https://docs.ntfy.sh/publish/#limitations: 4,096 bytes).
const MAX_BYTES = 4_096;

/** An adapter publishing to ntfy topics: target `ntfy:<topic>`. */
export function ntfy(
  options: { token?: string; baseUrl?: string; limits?: LimitRule[] } = {},
): PlatformAdapter {
  const token = options.token;
  return {
    platform: "ntfy",
    account: "default",
    baseUrl: options.baseUrl ?? "https://ntfy.sh",
    capabilities: { destinations: ["chat"] },
    limits: mergeLimits(LIMITS, options.limits),
    secrets: token ? [token] : [],
    authHeaders: (): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {}),
    render(message, destination) {
      const text = message.text ?? "";
      const length = new TextEncoder().encode(text).byteLength;
      if (destination.kind !== "chat") throw new ValidationError("to", "a topic: ntfy:<topic>");
      if (length === 0 || length > MAX_BYTES) {
        throw new ValidationError("text", `1 to ${MAX_BYTES} bytes of UTF-8`, { platform: "ntfy" });
      }
      return {
        operations: [
          {
            step: "publish",
            route: "publish",
            method: "POST",
            path: `/${encodeURIComponent(destination.chat)}`,
            body: { bytes: new TextEncoder().encode(text), contentType: "text/plain" },
            idempotency: "none", // ntfy does not deduplicate: an ambiguous failure ends `unknown`
          },
        ],
        lengths: [{ field: "text", length, max: MAX_BYTES, unit: "UTF-8 bytes" }],
      };
    },
    readResponse(_operation, response) {
      const body = (response.body ?? {}) as { id?: unknown; error?: unknown }; // any shape
      const id = typeof body.id === "string" ? body.id : undefined;
      if (response.status === 200) return { ok: true, ...(id && { id }) };
      const message = (typeof body.error === "string" && body.error.slice(0, 500)) || "refused";
      if (response.status === 429) {
        return {
          ok: false,
          failure: { kind: "rate-limit", message },
          retryAfterMs: retryAfterMs(response.headers),
        };
      }
      if (response.status === 401 || response.status === 403) {
        return { ok: false, failure: { kind: "auth", message } };
      }
      const kind = response.status >= 500 ? "transient" : "validation";
      return { ok: false, failure: { kind, message } };
    },
  };
}

/** Publishes `text` to `topic` through Herald (limits, retries, a report). */
export async function publish(topic: string, text: string, adapter = ntfy()) {
  const herald = createHerald({ adapters: [adapter] });
  return herald.send({ text }, { to: `ntfy:${topic}` });
}
