import type { RRule } from "rrule";
import { ValidationError } from "../transport/errors.js";
import type { ScheduleTiming } from "./timing.js";
import { floating, formatWall, fromFloating, parseWall } from "./zones.js";

type RRuleModule = typeof import("rrule");

/** Loaded on the first recurring schedule only, so sends without one never load rrule (13 KB min+gz). */
let loading: Promise<RRuleModule> | undefined;

function rrule(): Promise<RRuleModule> {
  loading ??= import("rrule").then((mod) => {
    // Node's ESM loader sees rrule's CommonJS build; bundlers see its ESM build.
    const lib = mod as RRuleModule & { default?: RRuleModule };
    return typeof lib.rrulestr === "function" ? lib : lib.default!;
  });
  return loading;
}

const rules = new Map<string, RRule>();
/** Parsed rules kept for reuse; our bound, past it the cache starts over. */
const MAX_CACHED_RULES = 1_000;

/**
 * The rule with DTSTART at the timing's wall time, in rrule's "floating" mode: dates are wall
 * times read as UTC, so occurrences keep their wall-clock time across DST in any zone.
 */
async function ruleOf(timing: ScheduleTiming): Promise<RRule> {
  const dtstart = timing.wall.slice(0, 19).replaceAll(/[-:]/g, ""); // RFC 5545 DATE-TIME: whole seconds
  const text = `DTSTART:${dtstart}Z\nRRULE:${timing.repeat}`;
  let rule = rules.get(text);
  if (!rule) {
    const { rrulestr } = await rrule();
    try {
      rule = rrulestr(text) as RRule;
    } catch (error) {
      throw new ValidationError("repeat", `not a valid RRULE: ${(error as Error).message}`, {
        hint: 'e.g. "FREQ=WEEKLY;BYDAY=MO;COUNT=4" (RFC 5545)',
      });
    }
    if (rules.size >= MAX_CACHED_RULES) rules.clear();
    rules.set(text, rule);
  }
  return rule;
}

/**
 * The wall time of the first occurrence after `wall` (or at it, with `inclusive`), undefined
 * past the rule's end. Without `repeat`, only the timing's own wall time occurs.
 */
export async function occurrenceAfter(
  timing: ScheduleTiming,
  wall: string,
  inclusive: boolean,
): Promise<string | undefined> {
  const from = floating(parseWall(wall)!);
  if (timing.repeat === undefined) {
    const only = floating(parseWall(timing.wall)!);
    return only > from || (inclusive && only === from) ? timing.wall : undefined;
  }
  const next = (await ruleOf(timing)).after(new Date(from), inclusive);
  return next ? formatWall(fromFloating(next.getTime())) : undefined;
}
