import { ValidationError } from "../../transport/errors.js";

/** What a shortener answers: the short link, or the short link and its id in the shortener. */
export type ShortenResult = string | { url: string; id?: string };

/** Who a link is shortened for. */
export interface ShortenContext {
  /** The platform name (`x`, `telegram`). */
  platform: string;
  /** The target's label (`telegram:@shopnews`), as the report names it. */
  target: string;
  /** The account the target is sent for. */
  account: string;
  /** Aborted when the hook's time is up or the delivery is cancelled: pass it to `fetch`. */
  signal: AbortSignal;
}

/**
 * Your shortener: called with a tagged link once per distinct link per target within a send,
 * resolves with the short link (and its id, which the report keeps to join the clicks).
 */
export type ShortenHook = (url: string, context: ShortenContext) => Promise<ShortenResult>;

/** The client's `links` option: the shortener of messages with `links` (docs/links.md). */
export interface LinkOptions {
  /** Shortens a tagged link. Herald runs no shortener of its own. */
  shorten: ShortenHook;
  /** How long one call may take, in ms (default {@link DEFAULT_SHORTEN_TIMEOUT_MS}). */
  timeoutMs?: number;
}

/** Default time one `shorten` call may take: our choice, a third of a request's default timeout. */
export const DEFAULT_SHORTEN_TIMEOUT_MS = 10_000;

/** Longest `timeoutMs` accepted: our bound, a request's default timeout (every wait bounded). */
const MAX_SHORTEN_TIMEOUT_MS = 30_000;

/**
 * Checks the client's `links` option.
 *
 * @throws ValidationError when `shorten` is not a function or `timeoutMs` not 1 to 30,000 ms.
 */
export function checkLinkOptions(links: LinkOptions | undefined): LinkOptions | undefined {
  if (links === undefined) return undefined;
  if (typeof links !== "object" || links === null || typeof links.shorten !== "function") {
    throw new ValidationError(
      "links.shorten",
      "a function (url, { platform, target }) => Promise<string | { url, id }>",
    );
  }
  const { timeoutMs } = links;
  if (
    timeoutMs !== undefined &&
    (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_SHORTEN_TIMEOUT_MS)
  ) {
    throw new ValidationError(
      "links.timeoutMs",
      `an integer from 1 to ${MAX_SHORTEN_TIMEOUT_MS} ms`,
    );
  }
  return links;
}
