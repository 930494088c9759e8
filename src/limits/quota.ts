import type { QuotaRule } from "../adapters/contract.js";
import type { Clock } from "../clock.js";
import { floating, fromFloating, instantOf, wallAt } from "../scheduling/zones.js";

const DAY_MS = 86_400_000; // one calendar day, added to a floating (zone-less) wall time

/** Why a reservation was refused: the bucket, what it lacked, and when it refills. */
export interface QuotaRefusal {
  /** The bucket that cannot hold the cost. */
  bucket: string;
  /** Units asked for. */
  needed: number;
  /** Units left today. */
  left: number;
  /** When the bucket resets (ms since the epoch). */
  resetAt: number;
}

/** The calendar day of `now` in `timeZone` (`2026-11-25`), by `Intl`. */
function dayIn(timeZone: string, now: number): string {
  const { year, month, day } = wallAt(now, timeZone);
  return `${year}-${month}-${day}`;
}

/**
 * A per-account ledger of daily quotas in units ({@link QuotaRule}), with the client's clock.
 * A bucket empties at midnight in its time zone (daylight saving included, by `Intl`). Kept in
 * memory per client: two processes sharing a project's quota each keep their own count.
 */
export class QuotaLedger {
  readonly #rules = new Map<string, QuotaRule>();
  readonly #used = new Map<string, { day: string; units: number }>();
  readonly #clock: Pick<Clock, "now">;

  /** A ledger for `rules`, reading the time from `clock`. */
  constructor(rules: readonly QuotaRule[], clock: Pick<Clock, "now">) {
    for (const rule of rules) this.#rules.set(rule.bucket, rule);
    this.#clock = clock;
  }

  #usedToday(rule: QuotaRule, now: number): number {
    const entry = this.#used.get(rule.bucket);
    return entry?.day === dayIn(rule.timeZone, now) ? entry.units : 0;
  }

  /** Units left today in `bucket` (Infinity for a bucket without a rule). */
  remaining(bucket: string): number {
    const rule = this.#rules.get(bucket);
    if (!rule) return Number.POSITIVE_INFINITY;
    return Math.max(0, rule.units - this.#usedToday(rule, this.#clock.now()));
  }

  /** When `bucket` next resets: the coming midnight in its time zone (ms since the epoch). */
  resetAt(bucket: string): number {
    const now = this.#clock.now();
    const rule = this.#rules.get(bucket);
    if (!rule) return now;
    // midnight of the next local day; DST that day is handled by instantOf
    const today = wallAt(now, rule.timeZone);
    const tomorrow = fromFloating(floating({ ...today, hour: 0, minute: 0, second: 0 }) + DAY_MS);
    return instantOf(tomorrow, rule.timeZone);
  }

  /**
   * Charges every cost at once, or none: returns the first bucket that cannot hold its share
   * (nothing charged then), or `undefined` when all were charged.
   */
  reserve(costs: ReadonlyArray<Readonly<Record<string, number>>>): QuotaRefusal | undefined {
    const now = this.#clock.now();
    const totals = new Map<string, number>();
    for (const cost of costs) {
      for (const [bucket, units] of Object.entries(cost)) {
        totals.set(bucket, (totals.get(bucket) ?? 0) + units);
      }
    }
    for (const [bucket, needed] of totals) {
      const left = this.remaining(bucket);
      if (needed > left) return { bucket, needed, left, resetAt: this.resetAt(bucket) };
    }
    for (const [bucket, units] of totals) {
      const rule = this.#rules.get(bucket);
      if (!rule) continue;
      const total = this.#usedToday(rule, now) + units;
      this.#used.set(bucket, { day: dayIn(rule.timeZone, now), units: total });
    }
    return undefined;
  }

  /** The platform says `bucket` is used up: nothing more is charged to it until its reset. */
  exhaust(bucket: string): void {
    const rule = this.#rules.get(bucket);
    if (!rule) return;
    this.#used.set(bucket, { day: dayIn(rule.timeZone, this.#clock.now()), units: rule.units });
  }
}
