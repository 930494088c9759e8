import type { Message } from "../../message/schema.js";
import { replaceLinks } from "../../message/text/utm.js";
import { CancelledError, HeraldError } from "../../transport/errors.js";
import type { PlannedTarget, SendPlan } from "../plan.js";
import { distinctLinks } from "./shorten.js";
import { callShortener, type ShortenCall } from "./shortener.js";
import { type TargetLinks, trackedLinks } from "./tag.js";

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
 * Shortens the links of the targets `applies` selects, all at once (see `shortenPlan`, which
 * loads this module on first use and checks the plan first).
 */
export async function shortenTargets(
  plan: SendPlan,
  call: ShortenCall,
  applies: (planned: PlannedTarget) => boolean,
): Promise<SendPlan> {
  const targets = await Promise.all(
    plan.targets.map((t) => (applies(t) ? shortenTarget(call, t) : t)),
  );
  return { ...plan, targets };
}
