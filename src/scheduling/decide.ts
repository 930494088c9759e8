import type { RenderContext, Rendering } from "../adapters/contract.js";
import type { ResolvedTarget } from "../delivery/targets.js";
import { ValidationError } from "../transport/errors.js";
import { dueAt, type ScheduleTiming } from "./timing.js";

/**
 * Who keeps a target's schedule: `native` the platform (the request goes now, with the time in
 * it), `herald` Herald's scheduler (the request goes at the time), `none` nobody (sent now).
 */
export type SchedulingMode = "native" | "herald" | "none";

/** A target's scheduling decision and its rendering. */
export interface ScheduledRendering {
  /** Who keeps the schedule. */
  scheduling: SchedulingMode;
  /** The rendering (with the native time in it for `native`). */
  rendering: Rendering;
}

function needsScheduler(timing: ScheduleTiming, target: ResolvedTarget): boolean {
  if (timing.repeat !== undefined) return true;
  if (target.kind !== "recipients") return false;
  return (
    timing.zone === "recipient" || timing.window !== undefined || timing.spreadMs !== undefined
  );
}

/**
 * Decides who keeps `target`'s schedule and renders it accordingly. With `native: "prefer"`, a
 * platform that schedules natively keeps a one-off send to a single destination; if it refuses
 * the time (Mastodon: less than 5 minutes ahead), Herald's scheduler keeps it and says so.
 * `render` renders the target, with `scheduleAt` added for the native decision.
 */
export function renderScheduled(
  target: ResolvedTarget,
  now: number,
  timing: ScheduleTiming | undefined,
  render: (extra?: Partial<RenderContext>) => Rendering,
): ScheduledRendering {
  if (!timing) return { scheduling: "none", rendering: render() };
  if (needsScheduler(timing, target)) return { scheduling: "herald", rendering: render() };
  const at = dueAt(timing, timing.wall, timing.fallbackZone)!;
  if (at <= now) return { scheduling: "none", rendering: render() };
  // Batches of recipients are rendered as they are read, without a native time: Herald keeps those.
  const native = target.kind !== "recipients" && target.adapter.capabilities.nativeSchedule;
  if (timing.native === "never" || !native) {
    return { scheduling: "herald", rendering: render() };
  }
  try {
    return { scheduling: "native", rendering: render({ scheduleAt: new Date(at) }) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const rendering = render();
    const warning = `${target.adapter.platform} refused to schedule it (${error.rule}): Herald's scheduler sends it at ${new Date(at).toISOString()}`;
    return {
      scheduling: "herald",
      rendering: { ...rendering, warnings: [...(rendering.warnings ?? []), warning] },
    };
  }
}
