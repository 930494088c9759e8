// A small custom adapter for an imaginary in-house chat ("echo"), built from the public exports
// of "herald" alone, as docs/adapters.md shows users.
import {
  type LimitRule,
  mergeLimits,
  type Operation,
  type PlatformAdapter,
  type Rendering,
  stepRef,
  ValidationError,
} from "../../src/index.js";

export const ECHO_BASE_URL = "https://echo.example";

export interface EchoOptions {
  token: string;
  account?: string;
  limits?: LimitRule[];
  /** Whether the imaginary API deduplicates by an `Echo-Idempotency-Key` header. */
  keyed?: boolean;
}

/** The in-house chat's documented limits (imaginary). */
const ECHO_LIMITS: LimitRule[] = [
  { scope: "account", max: 50, perMs: 1000, source: "echo API docs (imaginary)" },
];

export function echo(options: EchoOptions): PlatformAdapter {
  if (!options.token) throw new ValidationError("token", "required");
  const idempotency = options.keyed ? "key" : "none";
  return {
    platform: "echo",
    account: options.account ?? "default",
    baseUrl: ECHO_BASE_URL,
    capabilities: { destinations: ["chat", "recipients", "feed"], recipientBatch: 2 },
    limits: mergeLimits(ECHO_LIMITS, options.limits),
    secrets: [options.token],
    authHeaders: () => ({ authorization: `Token ${options.token}` }),
    render(message, destination): Rendering {
      if ((message.text?.length ?? 0) > 100) {
        throw new ValidationError("text", "max 100 characters", { platform: "echo" });
      }
      const to =
        destination.kind === "chat"
          ? [destination.chat]
          : destination.kind === "recipients"
            ? destination.recipients.map((r) => r.id)
            : ["feed"];
      const operations: Operation[] = [];
      if (message.media?.length) {
        operations.push({
          step: "upload",
          route: "upload",
          method: "POST",
          path: "/upload",
          body: { json: { url: message.media[0]!.url } },
          idempotency: "safe",
        });
      }
      operations.push({
        step: "post",
        route: "post",
        method: "POST",
        path: "/post",
        body: {
          json: {
            to,
            text: message.text ?? "",
            ...(message.media?.length ? { upload: stepRef("upload") } : {}),
          },
        },
        idempotency,
        ...(options.keyed ? { idempotencyHeader: "Echo-Idempotency-Key" } : {}),
        ...(destination.kind === "chat" ? { chat: destination.chat } : {}),
      });
      return {
        operations,
        lengths: [
          { field: "text", length: message.text?.length ?? 0, max: 100, unit: "characters" },
        ],
      };
    },
    readResponse(_operation, response) {
      const answer = (response.body ?? {}) as {
        id?: unknown;
        error?: unknown;
        retry_after?: unknown;
      };
      const body = {
        id: typeof answer.id === "string" ? answer.id : undefined,
        error: typeof answer.error === "string" ? answer.error.slice(0, 500) : undefined,
        retry_after: typeof answer.retry_after === "number" ? answer.retry_after : undefined,
      };
      if (response.status === 200) return { ok: true, ...(body?.id ? { id: body.id } : {}) };
      if (response.status === 429) {
        return {
          ok: false,
          failure: { kind: "rate-limit", message: body?.error ?? "slow down" },
          ...(body?.retry_after !== undefined ? { retryAfterMs: body.retry_after * 1000 } : {}),
        };
      }
      if (response.status === 401)
        return { ok: false, failure: { kind: "auth", message: body?.error ?? "bad token" } };
      if (response.status >= 500)
        return {
          ok: false,
          failure: { kind: "transient", message: body?.error ?? "server error", retryable: true },
        };
      return {
        ok: false,
        failure: { kind: "platform", code: response.status, message: body?.error ?? "refused" },
      };
    },
  };
}
