import type { Herald } from "../../src/index.js";
import type { ManualClock } from "../../src/testing/index.js";

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Waits until no fire is running and none is due but not started yet. */
export async function settle(herald: Herald, clock: ManualClock): Promise<void> {
  for (;;) {
    await turn();
    const busy = (await herald.schedules.list()).some((s) =>
      s.fires.some(
        (f) => f.status === "running" || (f.status === "pending" && f.at <= clock.now()),
      ),
    );
    if (!busy) return;
  }
}

/** Moves the clock from timer to timer up to `until`, letting every fire finish at its own time. */
export async function runUntil(herald: Herald, clock: ManualClock, until: string): Promise<void> {
  const end = Date.parse(until);
  await settle(herald, clock);
  while (clock.next !== undefined && clock.next <= end) {
    clock.step();
    await settle(herald, clock);
  }
}

/** The wall-clock time `HH:MM` of `ms` in `zone`. */
export function localTime(ms: number, zone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(ms);
}

/** The local date `YYYY-MM-DD` of `ms` in `zone`. */
export function localDate(ms: number, zone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(ms);
}
