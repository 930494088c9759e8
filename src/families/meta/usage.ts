/**
 * The Graph API's usage headers, sent by every Meta platform
 * (https://developers.facebook.com/docs/graph-api/overview/rate-limiting/):
 * `X-App-Usage: {"call_count":28,"total_time":25,"total_cputime":25}` (percent of the app's
 * limit) and `X-Business-Use-Case-Usage: {"<id>":[{"type":"pages","call_count":100,...,
 * "estimated_time_to_regain_access":19}]}` (percent of a Business Use Case limit; minutes).
 */
import type { ResponseReading } from "../../adapters/contract.js";
import { retryAfterMs } from "../../transport/retry-after.js";

/** What the usage headers say. */
export interface GraphUsage {
  /** The highest share of any limit used, in percent. */
  percent: number;
  /** How long until calls are allowed again (`estimated_time_to_regain_access`), in ms; 0 when not throttled. */
  regainMs: number;
}

const MINUTE_MS = 60_000;

/** Usage headers count in percent of the limit (Graph API rate limiting). */
const FULL_PERCENT = 100;

function parse(value: string | null): unknown {
  if (value === null || value.trim() === "") return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

const num = (value: unknown): number => (typeof value === "number" && value > 0 ? value : 0);

/** The highest of call_count, total_cputime and total_time of one usage object. */
function highest(usage: unknown): number {
  if (typeof usage !== "object" || usage === null) return 0;
  const u = usage as Record<string, unknown>;
  return Math.max(num(u.call_count), num(u.total_cputime), num(u.total_time));
}

/** Reads `X-App-Usage` and `X-Business-Use-Case-Usage`; `undefined` when neither is there. */
export function readGraphUsage(headers: Headers): GraphUsage | undefined {
  const app = parse(headers.get("x-app-usage"));
  const buc = parse(headers.get("x-business-use-case-usage"));
  if (app === undefined && buc === undefined) return undefined;
  let percent = highest(app);
  let regainMinutes = 0;
  if (typeof buc === "object" && buc !== null) {
    for (const entries of Object.values(buc)) {
      for (const entry of Array.isArray(entries) ? entries : []) {
        percent = Math.max(percent, highest(entry));
        regainMinutes = Math.max(
          regainMinutes,
          num((entry as Record<string, unknown>)?.estimated_time_to_regain_access),
        );
      }
    }
  }
  return { percent, regainMs: regainMinutes * MINUTE_MS };
}

/**
 * The rate-limit state of the usage headers, for any Graph answer: `remaining` in percent
 * points; at 100 % or while Meta reports an `estimated_time_to_regain_access`, `remaining: 0` and
 * `resetAt` measured from the response's `Date` header (adapters have no clock), so the core
 * pauses until then. `Retry-After` comes before the usage estimate.
 */
export function readGraphUsageLimits(
  headers: Headers,
): Pick<ResponseReading, "rateLimit" | "retryAfterMs"> {
  const usage = readGraphUsage(headers);
  const retryAfter =
    retryAfterMs(headers) ?? (usage && usage.regainMs > 0 ? usage.regainMs : undefined);
  const out: Pick<ResponseReading, "rateLimit" | "retryAfterMs"> = {};
  if (retryAfter !== undefined) out.retryAfterMs = retryAfter;
  if (!usage) return out;
  const throttled = usage.percent >= FULL_PERCENT || usage.regainMs > 0;
  const date = Date.parse(headers.get("date") ?? "");
  out.rateLimit = {
    limit: FULL_PERCENT,
    remaining: throttled ? 0 : Math.max(0, Math.floor(FULL_PERCENT - usage.percent)),
    ...(throttled && usage.regainMs > 0 && Number.isFinite(date)
      ? { resetAt: date + usage.regainMs }
      : {}),
  };
  return out;
}
