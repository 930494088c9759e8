/**
 * Wall-clock time in IANA time zones with nothing but `Intl.DateTimeFormat` (no tz database of
 * our own, no moment/luxon): the runtime's zone data decides offsets and DST.
 */

/** A local date and time without a zone, as a clock on the wall shows it. */
export interface WallTime {
  /** Full year, e.g. 2026. */
  year: number;
  /** 1 to 12. */
  month: number;
  /** Day of the month, 1 to 31. */
  day: number;
  /** 0 to 23. */
  hour: number;
  /** 0 to 59. */
  minute: number;
  /** 0 to 59. */
  second: number;
  /** Milliseconds, 0 when omitted. */
  ms?: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    // Throws a RangeError for a name the runtime does not know.
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, format);
  }
  return format;
}

/** Whether `zone` is an IANA time zone name the runtime knows (`Europe/Berlin`, `UTC`). */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || zone.length === 0) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time in `zone` at `instant` (ms since the epoch). */
export function wallAt(instant: number, zone: string): WallTime {
  const wall: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(zone).formatToParts(instant)) {
    if (part.type in wall) wall[part.type as keyof WallTime] = Number(part.value);
  }
  return wall;
}

/** The wall time read as if it were UTC, in ms: the "floating" time that recurrence rules use. */
export function floating(wall: WallTime): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, wall.ms ?? 0);
  return date.getTime();
}

/** The inverse of {@link floating}. */
export function fromFloating(ms: number): WallTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
}

/** How far `zone`'s wall clock is ahead of UTC at `instant`, in ms (Berlin in winter: 3,600,000). */
export function offsetAt(instant: number, zone: string): number {
  return floating(wallAt(instant, zone)) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which `zone`'s wall clock shows `wall`, resolved as Temporal's
 * `disambiguation: "compatible"` does: a time skipped by a DST jump forward (02:30 on the night
 * clocks go from 02:00 to 03:00) is moved forward by the jump (03:30); a time that occurs twice
 * when clocks go back (02:30 on the night they go from 03:00 to 02:00) is the first of the two.
 */
export function instantOf(wall: WallTime, zone: string): number {
  const local = floating(wall);
  // Any transition near `local` lies between the offsets a day before and a day after it.
  const before = offsetAt(local - DAY_MS, zone);
  const after = offsetAt(local + DAY_MS, zone);
  const valid = [local - before, local - after].filter(
    (instant) => offsetAt(instant, zone) === local - instant,
  );
  if (valid.length > 0) return Math.min(...valid);
  return local - before; // in a gap: the offset in force before the jump gives the later instant
}

/** `2026-11-27T09:00:00` (with `.250` when there are milliseconds), the form schedules keep wall times in. */
export function formatWall(wall: WallTime): string {
  return new Date(floating(wall)).toISOString().slice(0, wall.ms ? 23 : 19);
}

/**
 * Parses a wall-clock time `YYYY-MM-DDTHH:MM[:SS]` (no offset) or a date `YYYY-MM-DD`
 * (midnight); undefined when it is not one, or names a day that does not exist (2026-02-29).
 */
export function parseWall(text: string): WallTime | undefined {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/.exec(
      text.trim(),
    );
  if (!match) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map((v) => Number(v ?? 0));
  const ms = Number((match[7] ?? "0").padEnd(3, "0"));
  const wall: WallTime = { year: year!, month: month!, day: day!, hour, minute, second, ms };
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const back = fromFloating(floating(wall));
  return back.month === wall.month && back.day === wall.day ? wall : undefined;
}

/**
 * Every IANA zone the runtime knows, plus `UTC` (which `Intl.supportedValuesOf` leaves out);
 * aliases such as `Asia/Calcutta` resolve to the same offsets as their canonical names.
 */
export function knownZones(): string[] {
  const zones: string[] =
    typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return zones.includes("UTC") ? zones : [...zones, "UTC"];
}
