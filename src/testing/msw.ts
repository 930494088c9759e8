/**
 * `herald/testing/msw`: the simulator as msw request handlers, with msw's own types. The only
 * file that imports msw statically; `herald/testing` loads msw only when `sim.handlers()` is
 * called.
 */
import { HttpResponse, http, type RequestHandler } from "msw";
import { buildSimulatorHandlers, type SimulatorBackend } from "./msw-handlers.js";
import type { SimPlatform } from "./types.js";

export type { SimulatorBackend } from "./msw-handlers.js";

/**
 * msw handlers (`http.all(`${base}/*`)`) that answer every request to a platform's base URL
 * (default `SIMULATOR_BASE_URLS`) with the simulator: `setupServer(...simulatorHandlers(sim))`.
 * A connection-reset fault becomes `HttpResponse.error()`.
 */
export function simulatorHandlers(
  sim: SimulatorBackend,
  baseUrls: Partial<Record<SimPlatform, string>> = {},
): RequestHandler[] {
  return buildSimulatorHandlers(sim, baseUrls, { http, HttpResponse });
}
