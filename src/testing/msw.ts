import { HttpResponse, http, type RequestHandler } from "msw";
import { SIMULATOR_BASE_URLS as DEFAULT_BASE_URLS } from "./base-urls.js";
import type { RequestHandling, SimPlatform } from "./types.js";

/**
 * msw handlers (`http.all(`${base}/*`)`) that answer every request to a platform's base URL with
 * the simulator. A connection-reset fault becomes `HttpResponse.error()`. This is the only file
 * that imports msw.
 */
export function simulatorHandlers(
  sim: RequestHandling,
  baseUrls: Partial<Record<SimPlatform, string>> = {},
): RequestHandler[] {
  return (Object.keys(DEFAULT_BASE_URLS) as SimPlatform[]).map((platform) => {
    const base = (baseUrls[platform] ?? DEFAULT_BASE_URLS[platform]).replace(/\/+$/, "");
    const basePath = new URL(base).pathname.replace(/\/+$/, "");
    return http.all(`${base}/*`, async ({ request }) => {
      const response = await sim.handle(request, platform, { basePath });
      return response.type === "error" ? HttpResponse.error() : response;
    });
  });
}
