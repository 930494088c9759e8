import type { WindowLimit } from "../../types.js";
import { SlidingWindow } from "../../window.js";
import {
  bearerToken,
  fieldsOf,
  json,
  type PlatformEnv,
  type PlatformRequest,
  type PlatformSimulator,
  validationEncoding,
} from "../context.js";

/** LINE limits per channel; each is a sliding window. */
export interface LineLimits {
  /** Multicast requests (default 200 per second). */
  multicast?: WindowLimit;
  /** Broadcast requests (default 60 per hour). */
  broadcast?: WindowLimit;
  /** Narrowcast requests (default 60 per hour). */
  narrowcast?: WindowLimit;
  /** Push, reply and other requests (default 2000 per second). */
  other?: WindowLimit;
}

/** LINE simulator options. */
export interface LineSimOptions {
  /** Accepted channel access tokens. */
  channelAccessTokens: string[];
  /** Limits replacing the documented defaults. */
  limits?: LineLimits;
  /** Audience size reported for a narrowcast without `limit.max` (default 100). */
  narrowcastAudience?: number;
}

/** A delivery the simulated LINE really made. */
export interface LineDelivery {
  /** Operation that made it. */
  operation: "push" | "multicast" | "broadcast" | "narrowcast" | "reply";
  /** Recipient user id (push, multicast: one entry per user); undefined for broadcast/narrowcast/reply. */
  to: string | undefined;
  /** Message objects delivered. */
  messages: unknown[];
  /** `x-line-request-id` of the request. */
  requestId: string;
  /** `X-Line-Retry-Key` of the request, if any. */
  retryKey: string | undefined;
  /** Simulator time (ms). */
  time: number;
}

/** State of a narrowcast, polled through the progress endpoint. */
export interface LineNarrowcast {
  /** Request id returned in `x-line-request-id`. */
  requestId: string;
  /** Time accepted (ms). */
  acceptedAt: number;
  /** Intended recipients. */
  targetCount: number;
  /** Progress polls answered so far. */
  polls: number;
}

// developers.line.biz/en/reference/messaging-api/#rate-limits
const DEFAULT_LIMITS: Required<LineLimits> = {
  multicast: { limit: 200, windowMs: 1_000 }, // "Send multicast message: 200 requests per second"
  broadcast: { limit: 60, windowMs: 3_600_000 }, // "Send broadcast message: 60 requests per hour"
  narrowcast: { limit: 60, windowMs: 3_600_000 }, // "Send narrowcast message: 60 requests per hour"
  other: { limit: 2_000, windowMs: 1_000 }, // "Other API endpoints: 2,000 requests per second"
};
/** How long an accepted retry key is remembered (developers.line.biz/en/docs/messaging-api/retrying-api-request/: 24 hours). */
const RETRY_KEY_TTL_MS = 24 * 3_600_000;
/** Multicast recipients per request (developers.line.biz/en/reference/messaging-api/#send-multicast-message: max 500). */
const MULTICAST_MAX = 500;
/** Default narrowcast audience when the request sets no `limit.max` (simulator choice). */
const DEFAULT_NARROWCAST_AUDIENCE = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OPERATIONS = {
  "/v2/bot/message/push": "push",
  "/v2/bot/message/multicast": "multicast",
  "/v2/bot/message/broadcast": "broadcast",
  "/v2/bot/message/narrowcast": "narrowcast",
  "/v2/bot/message/reply": "reply",
} as const;
type Operation = (typeof OPERATIONS)[keyof typeof OPERATIONS];
const RETRYABLE: ReadonlySet<Operation> = new Set(["push", "multicast", "broadcast", "narrowcast"]);

interface AcceptedKey {
  requestId: string;
  time: number;
  sentMessages: unknown[] | undefined;
}

/** Simulated LINE Messaging API. */
export class LineSimulator implements PlatformSimulator {
  /** Every delivery, in order; push and multicast give one entry per user. */
  readonly deliveries: LineDelivery[] = [];
  /** Narrowcasts by request id. */
  readonly narrowcasts = new Map<string, LineNarrowcast>();
  readonly #tokens: Set<string>;
  readonly #windows: Record<keyof LineLimits, SlidingWindow>;
  readonly #retryKeys = new Map<string, AcceptedKey>();
  readonly #audience: number;
  #messageSeq = 0;

  /** Creates the simulator from its options. */
  constructor(
    options: LineSimOptions,
    private readonly env: PlatformEnv,
  ) {
    this.#tokens = new Set(options.channelAccessTokens);
    this.#audience = options.narrowcastAudience ?? DEFAULT_NARROWCAST_AUDIENCE;
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#windows = {
      multicast: new SlidingWindow(limits.multicast),
      broadcast: new SlidingWindow(limits.broadcast),
      narrowcast: new SlidingWindow(limits.narrowcast),
      other: new SlidingWindow(limits.other),
    };
  }

  /** @inheritdoc */
  redactPath(path: string): string {
    return path;
  }

  /** @inheritdoc */
  reset(): void {
    this.deliveries.length = 0;
    this.narrowcasts.clear();
    this.#retryKeys.clear();
    this.#messageSeq = 0;
    for (const window of Object.values(this.#windows)) window.clear();
  }

  /** @inheritdoc */
  serverError(status: number): Response {
    return this.#answer(status, { message: "Internal server error" });
  }

  /** @inheritdoc */
  tooManyRequests(): Response {
    return this.#tooMany(this.env.random.uuid());
  }

  /** @inheritdoc */
  handle(request: PlatformRequest): Response {
    const requestId = this.env.random.uuid();
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      this.#answer(status, body, { "x-line-request-id": requestId, ...headers });
    const token = bearerToken(request.headers);
    if (!token || !this.#tokens.has(token)) {
      return answer(401, {
        message:
          "Authentication failed. Confirm that the access token in the authorization header is valid.",
      });
    }
    const path = request.path.replace(/\/+$/, "");
    if (request.method === "GET" && path === "/v2/bot/message/progress/narrowcast") {
      request.record.operation = "narrowcastProgress";
      if (this.#limited(request, token, "other")) return this.#tooMany(requestId);
      return this.#progress(request, answer);
    }
    const operation = (OPERATIONS as Record<string, Operation | undefined>)[path];
    if (!operation || request.method !== "POST") return answer(404, { message: "Not found" });
    request.record.operation = operation;

    const retryKey = request.headers.get("x-line-retry-key") ?? undefined;
    if (retryKey !== undefined && RETRYABLE.has(operation) && !UUID.test(retryKey)) {
      return answer(400, { message: "The value of the X-Line-Retry-Key header is invalid" });
    }
    const windowName =
      operation === "multicast" || operation === "broadcast" || operation === "narrowcast"
        ? operation
        : "other";
    if (this.#limited(request, token, windowName)) return this.#tooMany(requestId);

    if (request.body.error)
      return answer(400, {
        message: "The request body has 1 error(s)",
        details: [{ message: "malformed JSON" }],
      });
    const errors = [
      ...this.env.validate("line", operation, request.body.value, {
        encoding: validationEncoding(request),
      }),
    ];
    const body = fieldsOf(request.body.value);
    if (operation === "multicast" && Array.isArray(body.to) && body.to.length > MULTICAST_MAX) {
      errors.push(`to: Size must be between 1 and ${MULTICAST_MAX}`);
    }
    request.record.schemaErrors = errors;
    if (errors.length > 0) {
      return answer(400, {
        message: `The request body has ${errors.length} error(s)`,
        details: errors.map(errorDetail),
      });
    }

    const scopedKey =
      retryKey !== undefined && RETRYABLE.has(operation) ? `${token}|${retryKey}` : undefined;
    if (scopedKey) {
      const accepted = this.#retryKeys.get(scopedKey);
      if (accepted && request.now - accepted.time < RETRY_KEY_TTL_MS) {
        return answer(
          409,
          {
            message: "The retry key is already accepted",
            ...(accepted.sentMessages ? { sentMessages: accepted.sentMessages } : {}),
          },
          { "x-line-accepted-request-id": accepted.requestId },
        );
      }
    }

    const messages = Array.isArray(body.messages) ? body.messages : [];
    const deliver = (to: string | undefined) =>
      this.deliveries.push({ operation, to, messages, requestId, retryKey, time: request.now });
    let status = 200;
    let result: Record<string, unknown> = {};
    let sentMessages: unknown[] | undefined;
    switch (operation) {
      case "push":
      case "reply": {
        deliver(operation === "push" ? String(body.to) : undefined);
        sentMessages = messages.map(() => this.#sentMessage());
        result = { sentMessages };
        break;
      }
      case "multicast":
        for (const to of Array.isArray(body.to) ? body.to : []) deliver(String(to));
        break;
      case "broadcast":
        deliver(undefined);
        break;
      case "narrowcast": {
        deliver(undefined);
        status = 202;
        const max = fieldsOf(body.limit).max;
        this.narrowcasts.set(requestId, {
          requestId,
          acceptedAt: request.now,
          targetCount: typeof max === "number" ? Math.min(max, this.#audience) : this.#audience,
          polls: 0,
        });
        break;
      }
    }
    if (scopedKey) this.#retryKeys.set(scopedKey, { requestId, time: request.now, sentMessages });
    return answer(status, result);
  }

  #progress(
    request: PlatformRequest,
    answer: (status: number, body: unknown) => Response,
  ): Response {
    const id = request.query.get("requestId");
    if (!id) return answer(400, { message: "The request parameter 'requestId' is required" });
    const narrowcast = this.narrowcasts.get(id);
    if (!narrowcast) return answer(404, { message: "Not found" });
    narrowcast.polls++;
    const acceptedTime = new Date(narrowcast.acceptedAt).toISOString();
    if (narrowcast.polls === 1) return answer(200, { phase: "waiting", acceptedTime });
    if (narrowcast.polls === 2)
      return answer(200, { phase: "sending", acceptedTime, targetCount: narrowcast.targetCount });
    return answer(200, {
      phase: "succeeded",
      successCount: narrowcast.targetCount,
      failureCount: 0,
      targetCount: narrowcast.targetCount,
      acceptedTime,
      completedTime: new Date(Math.max(request.now, narrowcast.acceptedAt)).toISOString(),
    });
  }

  #limited(request: PlatformRequest, token: string, window: keyof LineLimits): boolean {
    const w = this.#windows[window];
    if (w.wait(token, request.now) > 0) {
      request.rateLimited = true;
      return true;
    }
    w.hit(token, request.now);
    return false;
  }

  #tooMany(requestId: string): Response {
    // developers.line.biz/en/reference/messaging-api/#rate-limits: 429, no Retry-After header.
    return this.#answer(
      429,
      { message: "The API rate limit has been exceeded. Try again later." },
      { "x-line-request-id": requestId },
    );
  }

  #answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
    return json(status, body, {
      "x-line-request-id": headers["x-line-request-id"] ?? this.env.random.uuid(),
      ...headers,
    });
  }

  #sentMessage(): { id: string; quoteToken: string } {
    this.#messageSeq++;
    return {
      id: String(500_000_000_000_000 + this.#messageSeq),
      quoteToken: `q${this.env.random.uuid().replace(/-/g, "")}`,
    };
  }
}

/** `{message, property}` from a validator message such as `/messages/0/text must be string` or `messages[0].text: ...`. */
function errorDetail(error: string): { message: string; property?: string } {
  const pointer = /^(\/\S*)\s+(.*)$/.exec(error);
  if (pointer) {
    const property = (pointer[1] as string)
      .slice(1)
      .split("/")
      .filter(Boolean)
      .reduce(
        (acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
        "",
      );
    return property
      ? { message: pointer[2] as string, property }
      : { message: pointer[2] as string };
  }
  const dotted = /^([\w.[\]]+):\s*(.*)$/.exec(error);
  if (dotted) return { message: dotted[2] as string, property: dotted[1] as string };
  return { message: error };
}
