import { ValidationError } from "../transport/errors.js";
import { minutesOf, nextOpen, type SendWindow } from "./window.js";
import {
  formatWall,
  fromFloating,
  instantOf,
  isTimeZone,
  offsetAt,
  parseWall,
  wallAt,
} from "./zones.js";

/** When and how a send goes out; the scheduling part of `SendOptions`. */
export interface ScheduleOptions {
  /**
   * When to send: an ISO 8601 time with an offset (`2026-11-27T08:00:00Z`), a `Date`, or a
   * wall-clock time without offset (`2026-11-27T09:00`) read in `timezone`. Omitted: now.
   */
  at?: string | Date;
  /**
   * The IANA zone a wall-clock `at` is read in (`Europe/Berlin`), or `"recipient"`: each
   * recipient gets it at that wall-clock time in the zone of its `timezone` attribute.
   */
  timezone?: string;
  /**
   * The zone of recipients without a valid `timezone` attribute, and of targets that have no
   * recipients (a channel, a feed). Default: `timezone` when it names a zone, else the client's
   * `fallbackTimezone` (default `UTC`).
   */
  fallbackTimezone?: string;
  /** Send only in this window of each recipient's local time; outside it, wait for the opening. */
  window?: SendWindow;
  /**
   * Repeat by an RFC 5545 RRULE (`FREQ=WEEKLY;BYDAY=MO;COUNT=4`); it must end (COUNT or UNTIL).
   * The first occurrence is `at`; with a zone, occurrences keep their wall-clock time across DST.
   */
  repeat?: string;
  /** Pace a mass send over this long: `"2h"`, `"90m"`, `"1h30m"`, `"45s"` or milliseconds. */
  spread?: string | number;
  /**
   * `"prefer"` (default): let a platform that schedules natively (Mastodon `scheduled_at`) keep
   * a one-off send to a feed or chat; `"never"`: Herald's scheduler sends everything itself.
   */
  native?: "prefer" | "never";
}

/** A schedule checked and normalized; JSON as stored by a durable scheduler. */
export interface ScheduleTiming {
  /** Wall-clock time of the first occurrence, `YYYY-MM-DDTHH:MM:SS`. */
  wall: string;
  /** The zone `wall` is read in, or `"recipient"`. */
  zone: string;
  /** Zone of recipients without one and of targets without recipients. */
  fallbackZone: string;
  /** The send window, if any. */
  window?: SendWindow;
  /** The RRULE (without `RRULE:`), if any. */
  repeat?: string;
  /** Pace over this many ms, if any. */
  spreadMs?: number;
  /** Native scheduling preference. */
  native: "prefer" | "never";
  /** When it was scheduled (or rescheduled): nothing fires earlier. */
  notBefore: number;
}

/** Units of `spread`. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of `"1h30m"`, `"2h"`, `"45s"`, `"500ms"`, or a number of ms; undefined if neither. */
export function durationMs(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value > 0 ? value : undefined;
  const parts = [...value.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== value.trim()) return undefined;
  const ms = parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit!]!, 0);
  return ms > 0 ? ms : undefined;
}

function checkZone(zone: string, field: string): string {
  if (!isTimeZone(zone)) {
    throw new ValidationError(field, `"${zone}" is not an IANA time zone`, {
      hint: 'e.g. "Europe/Berlin", "America/New_York", "UTC"',
    });
  }
  return zone;
}

function checkWindow(window: SendWindow): SendWindow {
  const from = minutesOf(String(window?.from));
  const to = minutesOf(String(window?.to));
  if (from === undefined || to === undefined) {
    throw new ValidationError("window", "from and to must be times of day, HH:MM", {
      hint: 'e.g. { from: "09:00", to: "21:00" }',
    });
  }
  if (from === to) {
    throw new ValidationError("window", "from and to must differ", {
      hint: "leave window out to send at any hour",
    });
  }
  return { from: window.from, to: window.to };
}

/** Light check of an RRULE without loading the recurrence library (that is done on scheduling). */
function checkRepeat(rule: string): string {
  const body = rule.trim().replace(/^RRULE:/i, "");
  if (/DTSTART|\n/i.test(body) || !/(^|;)FREQ=/i.test(body)) {
    throw new ValidationError("repeat", "one RRULE with FREQ, without DTSTART", {
      hint: 'e.g. "FREQ=WEEKLY;BYDAY=MO;COUNT=4"; the first occurrence is `at`',
    });
  }
  if (!/(^|;)(COUNT|UNTIL)=/i.test(body)) {
    throw new ValidationError("repeat", "a recurrence needs an end: COUNT or UNTIL", {
      hint: 'e.g. "FREQ=DAILY;COUNT=7" or "FREQ=WEEKLY;UNTIL=20261231T000000Z"',
    });
  }
  return body;
}

/** Whether the options ask for any scheduling at all. */
export function hasSchedule(options: ScheduleOptions): boolean {
  return (
    options.at !== undefined ||
    options.timezone !== undefined ||
    options.window !== undefined ||
    options.repeat !== undefined ||
    options.spread !== undefined
  );
}

function parseAt(at: string | Date, zone: string | undefined): { wall: string; zone: string } {
  const instant = typeof at === "string" ? Date.parse(at) : at?.getTime?.();
  const hasOffset = typeof at !== "string" || /(?:Z|[+-]\d{2}:?\d{2})$/i.test(at);
  if (hasOffset && instant !== undefined && !Number.isNaN(instant)) {
    if (zone === "recipient") {
      throw new ValidationError("at", 'with timezone: "recipient", at is a wall-clock time', {
        hint: 'write it without offset, e.g. "2026-11-27T09:00": each recipient gets it at 09:00 local time',
      });
    }
    const named = zone ?? "UTC";
    return { wall: formatWall(fromFloating(instant + offsetAt(instant, named))), zone: named };
  }
  const wall = typeof at === "string" ? parseWall(at) : undefined;
  if (!wall) {
    throw new ValidationError("at", "a Date, an ISO 8601 time with offset, or a wall-clock time", {
      hint: 'e.g. "2026-11-27T08:00:00Z", or "2026-11-27T09:00" with timezone "Europe/Berlin"',
    });
  }
  if (zone === undefined) {
    throw new ValidationError("at", "a wall-clock time needs a timezone", {
      hint: 'add timezone: "Europe/Berlin" (or "recipient"), or give an offset: "2026-11-27T09:00+01:00"',
    });
  }
  return { wall: formatWall(wall), zone };
}

/**
 * Checks and normalizes the scheduling options; undefined when the send is not scheduled.
 * Throws a `ValidationError` naming the option at fault.
 */
export function parseTiming(
  options: ScheduleOptions,
  now: number,
  clientFallback = "UTC",
): ScheduleTiming | undefined {
  if (!hasSchedule(options)) return undefined;
  const zone =
    options.timezone === undefined || options.timezone === "recipient"
      ? options.timezone
      : checkZone(options.timezone, "timezone");
  if (zone === "recipient" && options.at === undefined) {
    throw new ValidationError("at", 'timezone: "recipient" needs a wall-clock at', {
      hint: 'e.g. at: "2026-11-27T09:00", timezone: "recipient"',
    });
  }
  const start =
    options.at !== undefined
      ? parseAt(options.at, zone)
      : { wall: formatWall(wallAt(now, zone ?? "UTC")), zone: zone ?? "UTC" };
  const fallbackZone = checkZone(
    options.fallbackTimezone ??
      (zone !== undefined && zone !== "recipient" ? zone : clientFallback),
    "fallbackTimezone",
  );
  let spreadMs: number | undefined;
  if (options.spread !== undefined) {
    spreadMs = durationMs(options.spread);
    if (spreadMs === undefined) {
      throw new ValidationError("spread", "a positive duration", {
        hint: 'e.g. "2h", "1h30m", "45s" or a number of milliseconds',
      });
    }
  }
  if (options.native !== undefined && options.native !== "prefer" && options.native !== "never") {
    throw new ValidationError("native", 'either "prefer" or "never"');
  }
  return {
    ...start,
    fallbackZone,
    ...(options.window !== undefined ? { window: checkWindow(options.window) } : {}),
    ...(options.repeat !== undefined ? { repeat: checkRepeat(String(options.repeat)) } : {}),
    ...(spreadMs !== undefined ? { spreadMs } : {}),
    native: options.native ?? "prefer",
    notBefore: now,
  };
}

/**
 * When the first occurrence is due for someone in `zone`: the wall time read in the timing's
 * zone (or in `zone` itself with `"recipient"`), never before `notBefore`, moved to the next
 * window opening in `zone`. Undefined when the recurrence skips a moment already past.
 */
export function dueAt(timing: ScheduleTiming, wall: string, zone: string): number | undefined {
  let instant = instantOf(parseWall(wall)!, timing.zone === "recipient" ? zone : timing.zone);
  if (instant < timing.notBefore) {
    // A one-off send reaches everyone, late; a recurrence leaves a past moment to its next occurrence.
    if (timing.repeat !== undefined) return undefined;
    instant = timing.notBefore;
  }
  return timing.window ? nextOpen(instant, zone, timing.window) : instant;
}
