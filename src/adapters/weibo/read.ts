import { retryAfterMs } from "../../transport/retry-after.js";
import type { FailureKind, Operation, PlatformResponse, ResponseReading } from "../contract.js";

/** Weibo's error body (open.weibo.com/wiki/Error_code). */
interface WeiboError {
  error?: string;
  error_code?: number;
  request?: string;
}

/** Rate limits: 10022 IP, 10023 user, 10024 user per interface (open.weibo.com/wiki/Error_code). */
const RATE_LIMITED = new Set([10022, 10023, 10024]);
/** Token problems: 21314–21319 token states, 21327 expired, 21332 invalid (open.weibo.com/wiki/Error_code). */
const AUTH = new Set([21314, 21315, 21316, 21317, 21319, 21327, 21332, 21501]);
/** Weibo's own trouble: 10001 system error, 10009 task too heavy, 10010 timeout. */
const TRANSIENT = new Set([10001, 10009, 10010]);
/** One hour: the window of the per-user posting limit (PLATFORMS.md "Weibo"), when Weibo says no wait. */
const HOUR_MS = 3_600_000;

/** Reads an answer of `statuses/share`. Pure. */
export function readWeiboResponse(
  _operation: Omit<Operation, "poll">,
  response: PlatformResponse,
): ResponseReading {
  const body = (response.body ?? {}) as WeiboError & { idstr?: unknown; id?: unknown };
  if (response.status === 200 && body.error_code === undefined) {
    const id =
      typeof body.idstr === "string"
        ? body.idstr
        : typeof body.id === "number"
          ? String(body.id)
          : undefined;
    return id ? { ok: true, id } : { ok: true };
  }
  const code = body.error_code;
  // a gateway's answer, or a body of another shape, has no string `error`: the status is the message
  const message =
    typeof body.error === "string" && body.error ? body.error : `HTTP ${response.status}`;
  const failure = (kind: FailureKind) => ({
    ok: false as const,
    failure: { kind, message, ...(code !== undefined ? { code } : {}) },
  });
  if (code !== undefined && RATE_LIMITED.has(code))
    return { ...failure("rate-limit"), retryAfterMs: HOUR_MS };
  if (response.status === 429) {
    // not Weibo's own signal (its limits answer error codes) but a gateway's: its Retry-After
    const wait = retryAfterMs(response.headers);
    return { ...failure("rate-limit"), ...(wait !== undefined && { retryAfterMs: wait }) };
  }
  if ((code !== undefined && AUTH.has(code)) || response.status === 401) return failure("auth");
  if ((code !== undefined && TRANSIENT.has(code)) || response.status >= 500)
    return failure("transient");
  if (response.status === 400 || (code !== undefined && code >= 20000))
    return failure("validation");
  return failure("platform");
}
