import type { SimulatedPlatform } from "../context.js";
import { type FacebookSimOptions, FacebookSimulator } from "./simulator.js";

/** The simulated Facebook Pages, as the simulator core loads it. */
export const facebookPlatform: SimulatedPlatform<FacebookSimOptions, FacebookSimulator> = {
  baseUrl: "https://graph.facebook.com", // developers.facebook.com/docs/graph-api/overview (the adapter adds the version)
  create: (options, env) => new FacebookSimulator(options ?? { pages: [] }, env),
};
