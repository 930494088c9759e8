import { SIMULATOR_BASE_URLS as DEFAULT_BASE_URLS } from "./base-urls.js";
import type { SimPlatform } from "./types.js";

/** What the handlers need of the simulator: a request in, its answer out. */
export interface SimulatorBackend {
  /** Answers one request to `platform` (a network error as `Response.error()`). */
  handle(
    request: Request,
    platform: SimPlatform,
    options?: { basePath?: string },
  ): Promise<Response>;
}

/**
 * The part of msw's API the handlers use (`http.all`, `HttpResponse.error`), described here so
 * that the handlers are built without importing msw: `herald/testing/msw` passes msw itself,
 * `sim.handlers()` passes msw loaded on demand (`./msw-load.ts`).
 */
export interface MswApi<Handler> {
  /** msw's `http`. */
  http: {
    all(path: string, resolver: (info: { request: Request }) => Promise<Response>): Handler;
  };
  /** msw's `HttpResponse`. */
  HttpResponse: { error(): Response };
}

/**
 * msw handlers (`http.all(`${base}/*`)`) that answer every request to a platform's base URL with
 * the simulator. A connection-reset fault becomes `HttpResponse.error()`.
 */
export function buildSimulatorHandlers<Handler>(
  sim: SimulatorBackend,
  baseUrls: Partial<Record<SimPlatform, string>>,
  msw: MswApi<Handler>,
): Handler[] {
  return (Object.keys(DEFAULT_BASE_URLS) as SimPlatform[]).map((platform) => {
    const base = (baseUrls[platform] ?? DEFAULT_BASE_URLS[platform]).replace(/\/+$/, "");
    const basePath = new URL(base).pathname.replace(/\/+$/, "");
    return msw.http.all(`${base}/*`, async ({ request }) => {
      const response = await sim.handle(request, platform, { basePath });
      return response.type === "error" ? msw.HttpResponse.error() : response;
    });
  });
}
