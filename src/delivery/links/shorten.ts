import { ValidationError } from "../../transport/errors.js";
import type { PlannedTarget, SendPlan } from "../plan.js";
import type { LinkOptions } from "./options.js";
import type { ShortenCall } from "./shortener.js";
import type { TargetLinks } from "./tag.js";

/**
 * At most this many distinct links are shortened per target: our bound on the hook calls one
 * message makes (a text with more links is refused before any call).
 */
export const MAX_SHORTENED_LINKS = 100;

/** The distinct tagged links of a target, `link` field included. */
export function distinctLinks(links: TargetLinks): string[] {
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

/**
 * Shortens the links of every target that asks for it, once per distinct link per target
 * (calls for the same link share one answer), all targets at once. A target whose shortener
 * fails is refused (`refused`): reported failed, nothing sent to it. Returns `plan` itself when
 * nothing is shortened. The shortening code is loaded on first use.
 *
 * @throws ValidationError from {@link checkShortening}.
 */
export async function shortenPlan(
  plan: SendPlan,
  call: Omit<ShortenCall, "options"> & { options: LinkOptions | undefined },
): Promise<SendPlan> {
  const { options } = call;
  if (!checkShortening(plan, options) || options === undefined) return plan;
  const { shortenTargets } = await import("./shorten-targets.js");
  return shortenTargets(plan, { ...call, options }, (t) => shortens(t, options));
}
