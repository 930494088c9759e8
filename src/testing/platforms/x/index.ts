import type { SimulatedPlatform } from "../context.js";
import { type XSimOptions, XSimulator } from "./simulator.js";

/** The simulated X, as the simulator core loads it. */
export const xPlatform: SimulatedPlatform<XSimOptions, XSimulator> = {
  baseUrl: "https://api.x.com", // docs.x.com/x-api: API v2 and the OAuth 2.0 token endpoint
  create: (options, env) => new XSimulator(options ?? { users: [] }, env),
};
