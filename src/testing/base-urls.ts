import { SIMULATED_PLATFORMS } from "./platforms/index.js";
import type { SimPlatform } from "./types.js";

/**
 * Default base URL of each simulated platform: the real APIs' hosts (each with its source in its
 * platform's folder, `src/testing/platforms/<platform>/index.ts`).
 */
export const SIMULATOR_BASE_URLS: Readonly<Record<SimPlatform, string>> = Object.freeze(
  Object.fromEntries(
    Object.entries(SIMULATED_PLATFORMS).map(([name, platform]) => [name, platform.baseUrl]),
  ) as Record<SimPlatform, string>,
);
