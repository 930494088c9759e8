import { SeededRandom } from "../util/random.js";
import { SIMULATOR_BASE_URLS } from "./base-urls.js";
import { type ParsedBody, parseBody } from "./body.js";
import { waitOrAbort } from "./delay.js";
import { type FaultDecision, FaultInjector } from "./faults.js";
import { simulatorHandlers, type UntypedMswHandler } from "./msw-load.js";
import type {
  PlatformEnv,
  PlatformRequest,
  PlatformSimulator,
  SimulatedPlatform,
} from "./platforms/context.js";
import {
  type PlatformSimOptions,
  type PlatformSimulators,
  SIMULATED_PLATFORMS,
} from "./platforms/index.js";
import { redactBody, redactHeaders, redactQuery } from "./redact.js";
import type {
  BodyValidator,
  HandleOptions,
  RecordedRequest,
  SimClock,
  SimPlatform,
  SimulatorStats,
} from "./types.js";
import { hasSchema, isSpecPlatform, validateRequest } from "./validate.js";

export { SIMULATOR_BASE_URLS };

/** Options of {@link createSimulator}. Platforms left out accept no credentials (every call gets 401). */
/**
 * Options of {@link createSimulator}: each platform's own (`telegram`, `line`, …; see
 * {@link PlatformSimOptions}), and the simulator's. Platforms left out accept no credentials (every
 * call gets 401).
 */
export interface SimulatorOptions extends PlatformSimOptions {
  /** Clock for windows, ids and dates; default `Date.now`. Delays of faults use real time. */
  clock?: SimClock;
  /** Seed of fault injection and generated ids (default 1). */
  seed?: number;
  /**
   * Validator of request bodies; default the official schemas (`validateRequest` from
   * `herald/testing`); `false` turns validation off (faster benchmarks).
   */
  validate?: BodyValidator | false;
  /**
   * Keep only about the last this many entries in `sim.requests` (default: all), so that long
   * benchmarks keep memory flat. Deliveries and `stats()` are not affected.
   */
  maxRecordedRequests?: number;
}

export type { HandleOptions } from "./types.js";

const DEFAULT_SEED = 1;
/** Entries dropped at once when `maxRecordedRequests` is exceeded (amortizes the array shift). */
const TRIM_CHUNK = 1024;

// WeChat, YouTube and Weibo publish no machine-readable spec: their simulators check the
// documented shapes themselves
const defaultValidator: BodyValidator = (platform, operation, body, options) =>
  isSpecPlatform(platform) && hasSchema(platform, operation)
    ? validateRequest(platform, operation, body, options)
    : [];

/**
 * The simulated platforms (one folder each under `src/testing/platforms/`, listed in
 * {@link SIMULATED_PLATFORMS}), behaving as their documented APIs do: auth, body validation against
 * the official schemas (the documented shapes for platforms that publish none), rate limits,
 * idempotency, and seeded faults. It records every request and every delivery so tests can assert
 * on them; `sim.<platform>` is each platform's own simulator, with its records.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the platforms' simulators (`sim.telegram`, …) are assigned from the registry in the constructor
export interface Simulator extends PlatformSimulators {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class Simulator {
  /** Every request received, in order of arrival. */
  readonly requests: RecordedRequest[] = [];
  /** Fault injection: `sim.faults.set({ rate, kinds, when })`, `sim.faults.clear()`. */
  readonly faults: FaultInjector;
  readonly #clock: SimClock;
  readonly #seed: number;
  readonly #random: SeededRandom;
  readonly #platforms: Record<SimPlatform, PlatformSimulator>;
  readonly #maxRecorded: number;
  #stats: SimulatorStats = emptyStats();

  /** Creates a simulator; prefer {@link createSimulator}. */
  constructor(options: SimulatorOptions = {}) {
    this.#clock = options.clock ?? { now: () => Date.now() };
    this.#seed = options.seed ?? DEFAULT_SEED;
    this.#random = new SeededRandom(this.#seed);
    this.#maxRecorded = options.maxRecordedRequests ?? Number.POSITIVE_INFINITY;
    this.faults = new FaultInjector(this.#seed);
    const validate = options.validate === false ? () => [] : (options.validate ?? defaultValidator);
    const env: PlatformEnv = { validate, random: this.#random, clock: this.#clock };
    const platforms: Partial<Record<SimPlatform, PlatformSimulator>> = {};
    for (const name of Object.keys(SIMULATED_PLATFORMS) as SimPlatform[]) {
      // each entry makes its own simulator from its own options; the loop cannot name the pairs
      const platform = SIMULATED_PLATFORMS[name] as SimulatedPlatform<unknown, PlatformSimulator>;
      platforms[name] = platform.create(options[name], env);
    }
    this.#platforms = platforms as Record<SimPlatform, PlatformSimulator>;
    Object.assign(this, this.#platforms);
  }

  /**
   * Answers a Web standard `Request` addressed to `platform`. A "reset" fault answers
   * `Response.error()` (a network error: msw and the node server turn it into a dropped connection).
   */
  async handle(
    request: Request,
    platform: SimPlatform,
    options: HandleOptions = {},
  ): Promise<Response> {
    const sim = this.#platforms[platform];
    if (!sim) throw new RangeError(`unknown platform "${String(platform)}"`);
    const arrival = this.#clock.now();
    const url = new URL(request.url);
    const basePath = (options.basePath ?? "").replace(/\/+$/, "");
    let path = url.pathname;
    if (basePath && path.startsWith(basePath)) path = path.slice(basePath.length) || "/";
    const record: RecordedRequest = {
      platform,
      method: request.method.toUpperCase(),
      path: sim.redactPath(path),
      query: redactQuery(url.searchParams),
      operation: undefined,
      headers: redactHeaders(request.headers),
      body: undefined,
      encoding: "none",
      time: arrival,
      status: 0,
      schemaErrors: [],
      fault: undefined,
    };
    this.requests.push(record);
    if (this.requests.length >= this.#maxRecorded + TRIM_CHUNK) {
      this.requests.splice(0, this.requests.length - this.#maxRecorded);
    }
    this.#stats.requests++;
    const fault = this.faults.decide(platform);
    if (fault) {
      record.fault = { kind: fault.kind, when: fault.when };
      this.#stats.faults++;
    }
    let body: ParsedBody;
    try {
      body = await parseBody(request);
    } catch {
      body = { value: undefined, encoding: "none", error: "unreadable body" };
    }
    record.body = redactBody(body.value);
    record.encoding = body.encoding;

    let rateLimited = false;
    const process = async (): Promise<Response> => {
      const context: PlatformRequest = {
        method: record.method,
        path,
        baseUrl: `${url.origin}${basePath}`,
        query: url.searchParams,
        headers: request.headers,
        body,
        now: this.#clock.now(),
        record,
        rateLimited: false,
      };
      try {
        return await sim.handle(context);
      } catch {
        return sim.serverError(500);
      } finally {
        rateLimited = context.rateLimited;
      }
    };
    const response = await this.#respond(sim, process, fault, request.signal, arrival);
    record.status = response.type === "error" ? 0 : response.status;
    this.#stats.byStatus[record.status] = (this.#stats.byStatus[record.status] ?? 0) + 1;
    // a rate limit answered by the platform itself (Graph API's throttling errors are 400s, not 429s)
    if (rateLimited && record.status >= 400 && record.status < 500) this.#stats.rateLimited++;
    return response;
  }

  async #respond(
    sim: PlatformSimulator,
    process: () => Promise<Response>,
    fault: FaultDecision | undefined,
    signal: AbortSignal,
    now: number,
  ): Promise<Response> {
    if (!fault) return process();
    const after = fault.when === "after";
    switch (fault.kind) {
      case "429":
        return sim.tooManyRequests(now, fault.retryAfterMs);
      case "5xx": {
        if (after) await process();
        return sim.serverError(fault.status);
      }
      case "reset":
        if (after) await process();
        return Response.error();
      case "timeout":
        if (after) await process();
        await waitOrAbort(fault.hangMs, signal);
        return Response.error();
      case "slow": {
        if (after) {
          const response = await process();
          return (await waitOrAbort(fault.slowMs, signal)) ? Response.error() : response;
        }
        return (await waitOrAbort(fault.slowMs, signal)) ? Response.error() : process();
      }
    }
  }

  /**
   * msw request handlers serving the platforms on `baseUrls` (default {@link SIMULATOR_BASE_URLS}),
   * for `setupServer(...sim.handlers())`. msw is loaded when this is called (on Node), so that
   * `herald/testing` imports without msw installed; the handlers are typed `never[]` so that its
   * types need no msw either.
   * @deprecated Use `simulatorHandlers(sim)` from `herald/testing/msw`: msw's own types, and it
   * runs wherever msw runs (a browser's `setupWorker` too).
   * @throws Error when msw is not installed or can not be loaded here.
   */
  handlers(baseUrls: Partial<Record<SimPlatform, string>> = {}): UntypedMswHandler[] {
    return simulatorHandlers(this, baseUrls);
  }

  /** Counters since creation or the last {@link reset}. */
  stats(): SimulatorStats {
    return { ...this.#stats, byStatus: { ...this.#stats.byStatus } };
  }

  /** Forgets every request, delivery, window, key and counter, turns faults off, and restarts the seeded sequences. */
  reset(): void {
    this.requests.length = 0;
    this.#stats = emptyStats();
    this.faults.clear();
    this.#random.reseed(this.#seed);
    for (const sim of Object.values(this.#platforms)) sim.reset();
  }
}

/** Creates a {@link Simulator}. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  return new Simulator(options);
}

function emptyStats(): SimulatorStats {
  return { requests: 0, byStatus: {}, rateLimited: 0, faults: 0 };
}
