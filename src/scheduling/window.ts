import { floating, fromFloating, instantOf, wallAt } from "./zones.js";

/**
 * A send window (quiet hours are its complement) in local time: `{ from: "09:00", to: "21:00" }`.
 * `from` is inclusive, `to` exclusive; `from` after `to` crosses midnight (`22:00` to `06:00`).
 */
export interface SendWindow {
  /** Opening time, `HH:MM` (24-hour). */
  from: string;
  /** Closing time, `HH:MM` (24-hour), exclusive. */
  to: string;
}

const DAY_MS = 86_400_000;

/** Minutes after midnight of `HH:MM`, or undefined when it is not a time of day. */
export function minutesOf(text: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : undefined;
}

/**
 * The first instant at or after `instant` that lies in the window in `zone`'s local time: the
 * instant itself when the window is open then, else the next opening (today's or tomorrow's
 * `from`; an opening in a DST gap moves forward as {@link instantOf} says).
 */
export function nextOpen(instant: number, zone: string, window: SendWindow): number {
  const from = minutesOf(window.from)!;
  const to = minutesOf(window.to)!;
  const wall = wallAt(instant, zone);
  const now = wall.hour * 60 + wall.minute;
  const open = from < to ? now >= from && now < to : now >= from || now < to;
  if (open) return instant;
  const day = fromFloating(
    floating({ ...wall, hour: 0, minute: 0, second: 0 }) + (now < from ? 0 : DAY_MS),
  );
  return instantOf({ ...day, hour: Math.floor(from / 60), minute: from % 60, second: 0 }, zone);
}
