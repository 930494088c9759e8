/**
 * The `Retry-After` header in ms (RFC 9110 §10.2.3): delay-seconds, or an HTTP date measured
 * against the response's `Date` header (adapters read responses without a clock); `undefined`
 * when absent or unreadable. Exported for adapters of your own.
 */
export function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (value === undefined || value === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  const date = Date.parse(headers.get("date") ?? "");
  if (Number.isFinite(at) && Number.isFinite(date)) return Math.max(0, at - date);
  return undefined;
}
