/** Which adapter a webhook request is for: from the path, or given explicitly. */
import type { PlatformAdapter } from "../adapters/contract.js";

/** A platform and account named by a request. */
export interface WebhookRoute {
  /** Platform name (`line`). */
  platform: string;
  /** Account name; `default` when the path names none. */
  account: string;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Reads `/webhooks/:platform/:account?` at the end of a path (any prefix before it is allowed:
 * `/api/webhooks/line/shop`). `undefined` when the path does not end that way.
 */
export function routeFromPath(pathname: string): WebhookRoute | undefined {
  const segments = pathname.split("/").filter((s) => s !== "");
  const at = segments.lastIndexOf("webhooks");
  // the platform alone, or the platform and the account, after the last "webhooks" segment
  const rest = at < 0 ? [] : segments.slice(at + 1);
  if (rest.length < 1 || rest.length > 2) return undefined;
  const platform = decode(rest[0]!);
  const account = rest[1] === undefined ? "default" : decode(rest[1]);
  if (platform === undefined || account === undefined) return undefined;
  return { platform: platform.toLowerCase(), account };
}

/** The adapter serving `route`, if any (the platform's only adapter when no account is named). */
export function findWebhookAdapter(
  adapters: readonly PlatformAdapter[],
  route: { platform: string; account?: string },
): PlatformAdapter | undefined {
  const ofPlatform = adapters.filter((a) => a.platform === route.platform);
  if (route.account !== undefined && route.account !== "default") {
    return ofPlatform.find((a) => a.account === route.account);
  }
  return (
    ofPlatform.find((a) => a.account === "default") ??
    (ofPlatform.length === 1 ? ofPlatform[0] : undefined)
  );
}
