import type { Message } from "../../message/schema.js";
import { replaceLinks } from "../../message/text/utm.js";
import { CancelledError, HeraldError, ValidationError } from "../../transport/errors.js";
import type { PlannedTarget, SendPlan } from "../plan.js";
import { callShortener, type LinkOptions, type ShortenCall } from "./shortener.js";
import { type TargetLinks, trackedLinks } from "./tag.js";

/**
 * At most this many distinct links are shortened per target: our bound on the hook calls one
 * message makes (a text with more links is refused before any call).
 */
export const MAX_SHORTENED_LINKS = 100;

/** The distinct tagged links of a target, `link` field included. */
function distinctLinks(links: TargetLinks): string[] {
  return [
    ...new Set([...links.text.map((l) => l.tagged), ...(links.link ? [links.link.tagged] : [])]),
  ];
}

/** Whether a target's links go through the shortener: its message's `shorten`, else when there is one. */
function shortens(planned: PlannedTarget, options: LinkOptions | undefined): boolean {
  if (planned.links === undefined) return false;
  return planned.links.tracked.original.links?.shorten ?? options !== undefined;
}

/**
 * Checks what shortening a plan needs before any hook call: a hook when a message asks for one,
 * no variable inside a link (a personalized link has no one short form), at most
 * {@link MAX_SHORTENED_LINKS} links per target. Returns whether anything is shortened.
 *
 * @throws ValidationError naming the target.
 */
export function checkShortening(plan: SendPlan, options: LinkOptions | undefined): boolean {
  let any = false;
  plan.targets.forEach((planned, index) => {
    if (!shortens(planned, options)) return;
    const field = `to[${index}]`;
    const platform = planned.target.adapter.platform;
    if (options === undefined) {
      throw new ValidationError("links.shorten", "needs a shortener", {
        platform,
        hint: "createHerald({ adapters, links: { shorten: (url, { platform }) => yourShortener(url) } })",
      });
    }
    const links = distinctLinks(planned.links!.tracked);
    if (planned.templates !== undefined && links.some((l) => l.includes("{{"))) {
      throw new ValidationError(
        `${field}.links`,
        "a link with a {{variable}} cannot be shortened",
        {
          platform,
          hint: "keep variables out of links, or set links.shorten: false",
        },
      );
    }
    if (links.length > MAX_SHORTENED_LINKS) {
      throw new ValidationError(
        `${field}.links`,
        `at most ${MAX_SHORTENED_LINKS} distinct links are shortened (got ${links.length})`,
        { platform },
      );
    }
    any ||= links.length > 0;
  });
  return any;
}

/** The message of a target with its links replaced by the short ones. */
function shortMessage(links: TargetLinks, short: ReadonlyMap<string, { url: string }>): Message {
  const { original, text, link, inMarkup } = links;
  const sent = (tagged: string) => short.get(tagged)?.url ?? tagged;
  return {
    ...links.tagged,
    ...(original.text !== undefined && {
      text: replaceLinks(original.text, text, (l) => inMarkup(sent(l.tagged))),
    }),
    ...(link !== undefined && { link: sent(link.tagged) }),
  };
}

/** One target with its links shortened, or refused with the reason when the shortener failed. */
async function shortenTarget(call: ShortenCall, planned: PlannedTarget): Promise<PlannedTarget> {
  const { target } = planned;
  const tracked = planned.links!.tracked;
  const context = {
    platform: target.adapter.platform,
    target: target.label,
    account: target.account,
  };
  try {
    const answers = await Promise.all(
      distinctLinks(tracked).map(
        async (url) => [url, await callShortener(call, url, context)] as const,
      ),
    );
    const short = new Map(answers);
    const replanned = planned.links!.replan(shortMessage(tracked, short));
    return { ...replanned, links: { ...planned.links!, report: trackedLinks(tracked, short) } };
  } catch (error) {
    if (call.signal.aborted) return { ...planned, refused: new CancelledError() };
    // a failed shortener, or a short link the platform refuses (too long): nothing is sent
    if (!(error instanceof HeraldError)) throw error;
    return { ...planned, refused: error };
  }
}

/**
 * Shortens the links of every target that asks for it, once per distinct link per target
 * (calls for the same link share one answer), all targets at once. A target whose shortener
 * fails is refused (`refused`): reported failed, nothing sent to it. Returns `plan` itself when
 * nothing is shortened.
 *
 * @throws ValidationError from {@link checkShortening}.
 */
export async function shortenPlan(
  plan: SendPlan,
  call: Omit<ShortenCall, "options"> & { options: LinkOptions | undefined },
): Promise<SendPlan> {
  const { options } = call;
  if (!checkShortening(plan, options) || options === undefined) return plan;
  const ready = { ...call, options };
  const targets = await Promise.all(
    plan.targets.map((t) => (shortens(t, options) ? shortenTarget(ready, t) : t)),
  );
  return { ...plan, targets };
}
