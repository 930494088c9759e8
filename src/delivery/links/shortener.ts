import type { Clock } from "../../clock.js";
import { findUrls } from "../../message/text/length.js";
import { DependencyUnavailableError } from "../../transport/errors.js";
import type { Redactor } from "../../transport/redact.js";
import { DEFAULT_SHORTEN_TIMEOUT_MS, type LinkOptions, type ShortenContext } from "./options.js";

/**
 * The shortener failed for a target: it threw, timed out, or answered something that is not an
 * http(s) link. Nothing was sent to that target (never the link unshortened); like every
 * {@link DependencyUnavailableError}, `herald.resume` sends it once the shortener is back.
 */
export class LinkShortenError extends DependencyUnavailableError {
  /** The tagged link that was being shortened. */
  readonly url: string;
  /** The target's label. */
  readonly target: string;

  /** @internal */
  constructor(target: string, url: string, reason: string) {
    super("shortener", `${target}: ${url}: ${reason}; nothing sent to this target`);
    this.url = url;
    this.target = target;
  }
}

/** The short link of an answer, checked: one http(s) link, as the length rules will read it. */
function shortLink(answer: unknown): { url: string; id?: string } | string {
  const value = typeof answer === "string" ? { url: answer } : answer;
  if (typeof value !== "object" || value === null) return "it answered no link";
  const { url, id } = value as { url?: unknown; id?: unknown };
  if (typeof url !== "string") return "it answered no link";
  if (id !== undefined && typeof id !== "string") return "its id is not a string";
  const [found] = findUrls(url);
  if (found?.start !== 0 || found.end !== url.length || !URL.canParse(url)) {
    return `it answered ${JSON.stringify(url.slice(0, 80))}, not one http(s) link`;
  }
  return id === undefined ? { url } : { url, id };
}

/** What calling the hook needs. */
export interface ShortenCall {
  /** The hook and its timeout. */
  options: LinkOptions;
  /** Time source of the timeout. */
  clock: Clock;
  /** Redacts the hook's error messages. */
  redactor: Redactor;
  /** The delivery's cancel signal. */
  signal: AbortSignal;
}

/**
 * Calls the hook for one link, bounded by its timeout; rejects with a {@link LinkShortenError}
 * for any failure (or with the delivery's abort reason when it is cancelled).
 */
export async function callShortener(
  call: ShortenCall,
  url: string,
  context: Omit<ShortenContext, "signal">,
): Promise<{ url: string; id?: string }> {
  const timeoutMs = call.options.timeoutMs ?? DEFAULT_SHORTEN_TIMEOUT_MS;
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, call.signal]);
  // the hook's words (its error, its answer) may quote a secret: redacted like every error
  const fail = (reason: string) =>
    new LinkShortenError(context.target, url, call.redactor.text(reason));
  const timer = call.clock.sleep(timeoutMs, signal).then(() => {
    throw fail(`the shorten hook took more than ${timeoutMs} ms`);
  });
  try {
    const answer = await Promise.race([
      Promise.resolve().then(() => call.options.shorten(url, { ...context, signal })),
      timer,
    ]);
    const checked = shortLink(answer);
    if (typeof checked === "string") throw fail(checked);
    return checked;
  } catch (error) {
    if (call.signal.aborted) throw call.signal.reason;
    if (error instanceof LinkShortenError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw fail(`the shorten hook failed: ${reason}`);
  } finally {
    controller.abort();
    timer.catch(() => {}); // aborted above once the hook answered
  }
}
