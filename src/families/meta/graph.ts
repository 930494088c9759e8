/**
 * The Graph API every Meta platform speaks (Facebook Pages today; Instagram, Messenger and
 * WhatsApp next): its host and the version Herald speaks unless told otherwise.
 */

/** The Graph API host (https://developers.facebook.com/docs/graph-api/overview). */
export const GRAPH_API_URL = "https://graph.facebook.com";

/**
 * The Graph API version the adapters speak unless told otherwise; versions live about two years
 * (https://developers.facebook.com/docs/graph-api/changelog). v23.0 is the version of Meta's own
 * OpenAPI description in ../shared/specs/whatsapp.
 */
export const GRAPH_API_VERSION = "v23.0";

/** Whether `version` is written as Graph URLs carry it: `v<major>.<minor>` (`v23.0`). */
export function isGraphVersion(version: string): boolean {
  return /^v\d+\.\d+$/.test(version);
}

/** `<host>/<version>`, the root every Graph path hangs from (trailing slashes of `host` dropped). */
export function graphRoot(
  host: string = GRAPH_API_URL,
  version: string = GRAPH_API_VERSION,
): string {
  let end = host.length;
  while (end > 0 && host[end - 1] === "/") end--;
  return `${host.slice(0, end)}/${version}`;
}

/** A Graph field as text: a non-empty string, or a number written out (ids come as either). */
export function graphText(value: unknown): string | undefined {
  if (typeof value === "string") return value !== "" ? value : undefined;
  return typeof value === "number" ? String(value) : undefined;
}
