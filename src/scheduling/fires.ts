import type { Recipient, Target } from "../message/target.js";
import type { FireJob } from "./backend.js";
import { occurrenceAfter } from "./recurrence.js";
import { dueAt, type ScheduleTiming } from "./timing.js";
import { floating, formatWall, fromFloating, isTimeZone, knownZones, parseWall } from "./zones.js";

/** The furthest a zone is behind UTC (UTC-12, `Etc/GMT+12`): no wall time is due later than this after its UTC reading. */
const MAX_BEHIND_MS = 12 * 3_600_000;
/** Occurrences looked at before giving up on finding one not entirely past: our bound. */
const MAX_SKIPPED = 1_000;
/** Distinct invalid zone names remembered, so a bad attribute is not re-checked per recipient: our bound. */
const MAX_INVALID = 1_000;
const invalid = new Set<string>();

/** A recipient's zone: its `timezone` attribute when that is a zone the runtime knows, else `fallback`. */
export function zoneOf(recipient: Recipient, fallback: string): string {
  const zone = typeof recipient === "string" ? undefined : recipient.attributes?.timezone;
  if (typeof zone !== "string" || invalid.has(zone)) return fallback;
  if (isTimeZone(zone)) return zone;
  if (invalid.size < MAX_INVALID) invalid.add(zone);
  return fallback;
}

/** Whether when a recipient is due depends on its zone. */
export function byZone(timing: ScheduleTiming): boolean {
  return timing.zone === "recipient" || timing.window !== undefined;
}

/**
 * The zones to plan fires for: those of an array's recipients, every zone the runtime knows for
 * an audience or a stream (read only at fire time), and the fallback zone.
 */
export function zonesFor(targets: readonly Target[], timing: ScheduleTiming): string[] {
  if (!byZone(timing)) return [timing.fallbackZone];
  const zones = new Set([timing.fallbackZone]);
  for (const target of targets) {
    const recipients = typeof target === "string" ? undefined : target.recipients;
    if (recipients === undefined) continue;
    if (!Array.isArray(recipients)) return [...new Set([...knownZones(), timing.fallbackZone])];
    for (const r of recipients as Recipient[]) zones.add(zoneOf(r, timing.fallbackZone));
  }
  return [...zones];
}

/** The fires of one occurrence: one per distinct instant at which some zone is due. */
export function planOccurrence(
  id: string,
  generation: number,
  timing: ScheduleTiming,
  wall: string,
  zones: readonly string[],
): FireJob[] {
  const due = new Set<number>();
  for (const zone of zones) {
    const at = dueAt(timing, wall, zone);
    if (at !== undefined) due.add(at);
  }
  const siblings = [...due].sort((a, b) => a - b);
  const occurrence = floating(parseWall(wall)!);
  return siblings.map((at) => ({
    scheduleId: id,
    key: `${id}_${generation}_${occurrence}_${at}`,
    generation,
    occurrence: wall,
    at,
    siblings,
  }));
}

/** The fires of the first occurrence not entirely past; none when the recurrence has ended. */
export async function firstFires(
  id: string,
  generation: number,
  timing: ScheduleTiming,
  zones: readonly string[],
): Promise<FireJob[]> {
  const start = Math.max(floating(parseWall(timing.wall)!), timing.notBefore - MAX_BEHIND_MS);
  // A one-off send is never past: what is due before now goes at once.
  let wall =
    timing.repeat === undefined
      ? timing.wall
      : await occurrenceAfter(timing, formatWall(fromFloating(start)), true);
  for (let skipped = 0; wall !== undefined && skipped < MAX_SKIPPED; skipped++) {
    const fires = planOccurrence(id, generation, timing, wall, zones);
    if (fires.length > 0) return fires;
    wall = await occurrenceAfter(timing, wall, false);
  }
  return [];
}

/** The fires of the occurrence after the job's; none past the recurrence's end. */
export async function nextFires(
  job: FireJob,
  timing: ScheduleTiming,
  zones: readonly string[],
): Promise<FireJob[]> {
  const wall = await occurrenceAfter(timing, job.occurrence, false);
  return wall === undefined
    ? []
    : planOccurrence(job.scheduleId, job.generation, timing, wall, zones);
}

/**
 * Whether someone in `zone` is sent by this fire: their due time falls to it (the first of the
 * occurrence's fires at or after it, the last if none is).
 */
export function firesFor(job: FireJob, timing: ScheduleTiming, zone: string): boolean {
  const due = dueAt(timing, job.occurrence, zone);
  if (due === undefined) return false;
  const fire = job.siblings.find((at) => at >= due) ?? job.siblings.at(-1);
  return fire === job.at;
}
