import { AuthError } from "../transport/errors.js";
import { untilAborted } from "../util/abortable.js";

/**
 * Timeout of a token request made outside a client (a code exchange in a backend, a standalone
 * `createTokenAuth`), in ms: our choice, the client's default `timeoutMs`. Within a send, the
 * client's `timeoutMs` applies.
 */
export const DEFAULT_TOKEN_TIMEOUT_MS = 30_000;

/** How {@link fetchToken} runs one token request. */
export interface TokenFetchOptions {
  /** Platform name, for errors. */
  platform: string;
  /** What is asked, for errors (`"token endpoint"`, `"stable_token"`). */
  endpoint: string;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch | undefined;
  /** Longest the request may take, its answer read in full, in ms (default {@link DEFAULT_TOKEN_TIMEOUT_MS}). */
  timeoutMs?: number | undefined;
  /** Ends the request too; never give one caller's cancel to a request other callers share. */
  signal?: AbortSignal | undefined;
  /** Removes secrets from a failure's text. */
  redact?: (text: string) => string;
}

/** A token endpoint's answer, read to its end. */
export interface TokenAnswer {
  /** HTTP status. */
  status: number;
  /** Whether the status is 2xx. */
  ok: boolean;
  /** The body as JSON; undefined when it is empty or not JSON. */
  body: unknown;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Runs one token request (an OAuth 2.0 grant, WeChat's `stable_token`): the one place Herald
 * makes them. Its own timeout runs from the moment it is handed to `fetch` until the answer's
 * last byte, and ends it (a `fetch` that ignores the abort is no longer waited for); `signal`
 * ends it as well.
 *
 * @throws the signal's reason when `signal` aborted it; an `AuthError` (status 0) when no
 * answer came within the timeout or the endpoint could not be reached.
 */
export async function fetchToken(
  url: string,
  init: Omit<RequestInit, "signal">,
  options: TokenFetchOptions,
): Promise<TokenAnswer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`no answer within ${timeoutMs} ms`)),
    timeoutMs,
  );
  const outer = options.signal;
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener("abort", onAbort, { once: true });
  if (outer?.aborted) onAbort();
  const { signal } = controller;
  try {
    const response = await untilAborted((options.fetch ?? fetch)(url, { ...init, signal }), signal);
    const text = await untilAborted(response.text(), signal);
    return { status: response.status, ok: response.ok, body: parse(text) };
  } catch (error) {
    if (outer?.aborted) throw outer.reason;
    const reason = signal.aborted
      ? `did not answer within ${timeoutMs} ms`
      : `unreachable: ${error instanceof Error ? error.message : String(error)}`;
    const text = `${options.endpoint} ${reason}`;
    throw new AuthError(options.platform, 0, options.redact ? options.redact(text) : text);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onAbort);
  }
}
