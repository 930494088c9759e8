import { SeededRandom } from "../util/random.js";
import type { FaultKind, FaultTiming, SimPlatform } from "./types.js";

/** Default longest time a "timeout" fault keeps a request hanging (ms). */
export const DEFAULT_HANG_MS = 30_000;
/** Default delay of a "slow" fault (ms). */
export const DEFAULT_SLOW_MS = 200;
/** Default wait a "429" fault asks for (ms): Telegram's smallest `retry_after`, 1 second. */
export const DEFAULT_FAULT_RETRY_AFTER_MS = 1_000;

/** Fault injection settings for `sim.faults.set()`. */
export interface FaultOptions {
  /** Probability in [0, 1] that a request gets a fault. */
  rate: number;
  /**
   * Kinds to choose from (uniformly); default `5xx`, `reset`, `timeout` and `slow` (add `429`
   * explicitly).
   */
  kinds?: FaultKind[];
  /**
   * Before the platform processed the request, after it, or either at random (default). A `429`
   * always strikes before: a rate-limited request is not processed.
   */
  when?: FaultTiming | "random";
  /** Delay of a "slow" answer in ms (default 200). */
  slowMs?: number;
  /** Longest a "timeout" waits for the client to abort, in ms (default 30 s). */
  hangMs?: number;
  /**
   * How long a "429" asks to wait, in ms (default 1000): Telegram's `retry_after` (whole
   * seconds, at least 1), Mastodon's `X-RateLimit-Reset`; LINE's 429 names no wait.
   */
  retryAfterMs?: number;
  /** Platforms affected; default all. */
  platforms?: SimPlatform[];
}

/** A fault chosen for one request. */
export interface FaultDecision {
  /** What goes wrong. */
  kind: FaultKind;
  /** Whether the platform processed the request first. */
  when: FaultTiming;
  /** Delay of a "slow" fault (ms). */
  slowMs: number;
  /** Longest hang of a "timeout" fault (ms). */
  hangMs: number;
  /** Wait a "429" fault asks for (ms). */
  retryAfterMs: number;
  /** Status of a "5xx" fault. */
  status: 500 | 502 | 503;
}

const ALL_KINDS: FaultKind[] = ["5xx", "reset", "timeout", "slow"];
const SERVER_ERRORS = [500, 502, 503] as const;

/**
 * Seeded fault injection: for one seed and one order of requests, the same requests get the
 * same faults. Every request draws the same number of random values, so decisions never shift.
 */
export class FaultInjector {
  readonly #seed: number;
  #random: SeededRandom;
  #options: FaultOptions | undefined;

  /** Creates an injector for `seed`, with no faults configured. */
  constructor(seed: number) {
    this.#seed = seed;
    this.#random = new SeededRandom(seed ^ 0x5eed);
  }

  /** Turns fault injection on (replacing earlier settings) and restarts the seeded sequence. */
  set(options: FaultOptions): void {
    if (!(options.rate >= 0 && options.rate <= 1)) {
      throw new RangeError(`faults.rate must be between 0 and 1, got ${options.rate}`);
    }
    if (options.kinds && options.kinds.length === 0) {
      throw new RangeError("faults.kinds must not be empty");
    }
    this.#options = { ...options };
    this.#random = new SeededRandom(this.#seed ^ 0x5eed);
  }

  /** Turns fault injection off. */
  clear(): void {
    this.#options = undefined;
  }

  /** Current settings, or undefined when off. */
  get options(): Readonly<FaultOptions> | undefined {
    return this.#options;
  }

  /** Decides the fault (if any) for the next request to `platform`. */
  decide(platform: SimPlatform): FaultDecision | undefined {
    const options = this.#options;
    if (!options || options.rate === 0) return undefined;
    if (options.platforms && !options.platforms.includes(platform)) return undefined;
    const r = this.#random;
    const hit = r.next() < options.rate;
    const kind = r.pick(options.kinds ?? ALL_KINDS);
    const randomWhen: FaultTiming = r.next() < 0.5 ? "before" : "after";
    const status = r.pick(SERVER_ERRORS);
    if (!hit) return undefined;
    const when =
      kind === "429"
        ? "before"
        : options.when === undefined || options.when === "random"
          ? randomWhen
          : options.when;
    return {
      kind,
      when,
      status,
      slowMs: options.slowMs ?? DEFAULT_SLOW_MS,
      hangMs: options.hangMs ?? DEFAULT_HANG_MS,
      retryAfterMs: options.retryAfterMs ?? DEFAULT_FAULT_RETRY_AFTER_MS,
    };
  }
}
