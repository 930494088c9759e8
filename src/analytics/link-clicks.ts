import type { TrackedLink } from "../delivery/links/tag.js";
import { Slots } from "../util/slots.js";
import type { LinkClicks } from "./campaign-types.js";
import type { AnalyticsEnvironment } from "./send.js";

/** Which link `linkClicks` is asked about. */
export interface LinkClicksQuery extends TrackedLink {
  /** The target's label (`telegram:@shopnews`). */
  target: string;
  /** Platform name. */
  platform: string;
  /** Account name. */
  account: string;
  /** Aborted when the hook's time is up or the report is cancelled: pass it to `fetch`. */
  signal: AbortSignal;
}

/**
 * Your shortener's click count for one link (by its `id` or `sent` short link); `undefined`
 * when the shortener does not know it. Herald runs no shortener and counts no clicks itself.
 */
export type LinkClicksHook = (link: LinkClicksQuery) => Promise<number | undefined>;

/** How long one `linkClicks` call may take: ours, as a `shorten` call (docs/links.md). */
export const LINK_CLICKS_TIMEOUT_MS = 10_000;

/** Calls at once, at most: ours, a shortener's API is one more service to be gentle with. */
const LINK_CLICKS_CONCURRENCY = 8;

/** What the link-click reads need of a target. */
interface LinkedTarget {
  target: string;
  platform: string;
  account: string;
  links: readonly TrackedLink[] | undefined;
}

/**
 * Asks the hook for the clicks of every distinct link of every target, a few at once, each call
 * bounded by {@link LINK_CLICKS_TIMEOUT_MS}. A failed call leaves that link's clicks absent and
 * adds a warning (redacted). Returns the links with clicks per target, in order.
 */
export async function readLinkClicks(
  env: AnalyticsEnvironment,
  targets: readonly LinkedTarget[],
  options: { linkClicks?: LinkClicksHook; signal?: AbortSignal },
  warnings: string[],
): Promise<Array<LinkClicks[] | undefined>> {
  const hook = options.linkClicks;
  const slots = new Slots(LINK_CLICKS_CONCURRENCY);
  const outer = options.signal ?? new AbortController().signal;
  const ask = async (t: LinkedTarget, link: TrackedLink): Promise<LinkClicks> => {
    if (!hook) return { ...link };
    await slots.acquire();
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, outer]);
    const timer = env.clock.sleep(LINK_CLICKS_TIMEOUT_MS, signal).then(() => {
      throw new Error(`the linkClicks hook took more than ${LINK_CLICKS_TIMEOUT_MS} ms`);
    });
    try {
      if (outer.aborted) return { ...link };
      const { target, platform, account } = t;
      const query = { ...link, target, platform, account, signal };
      const clicks = await Promise.race([Promise.resolve().then(() => hook(query)), timer]);
      if (clicks === undefined) return { ...link };
      if (!Number.isSafeInteger(clicks) || clicks < 0) {
        throw new Error(`it answered ${JSON.stringify(String(clicks).slice(0, 40))}, not a count`);
      }
      return { ...link, clicks };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      warnings.push(env.redactor.text(`${t.target}: clicks of ${link.sent}: ${reason}`));
      return { ...link };
    } finally {
      controller.abort();
      timer.catch(() => {}); // aborted above once the hook answered
      slots.release();
    }
  };
  return Promise.all(
    targets.map((t) => (t.links ? Promise.all(t.links.map((link) => ask(t, link))) : undefined)),
  );
}
