/**
 * The Graph API's usage headers (https://developers.facebook.com/docs/graph-api/overview/rate-limiting/):
 * `X-App-Usage: {"call_count":28,"total_time":25,"total_cputime":25}` (percent of the app's
 * limit) and `X-Business-Use-Case-Usage: {"<id>":[{"type":"pages","call_count":100,...,
 * "estimated_time_to_regain_access":19}]}` (percent of a Business Use Case limit; minutes).
 */

/** What the usage headers say. */
export interface GraphUsage {
  /** The highest share of any limit used, in percent. */
  percent: number;
  /** How long until calls are allowed again (`estimated_time_to_regain_access`), in ms; 0 when not throttled. */
  regainMs: number;
}

const MINUTE_MS = 60_000;

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
