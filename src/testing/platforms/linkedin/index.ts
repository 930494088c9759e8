import type { SimulatedPlatform } from "../context.js";
import { type LinkedInSimOptions, LinkedInSimulator } from "./simulator.js";

/** The simulated LinkedIn, as the simulator core loads it. */
export const linkedinPlatform: SimulatedPlatform<LinkedInSimOptions, LinkedInSimulator> = {
  baseUrl: "https://api.linkedin.com/rest", // learn.microsoft.com/en-us/linkedin/marketing/versioning
  create: (options, env) => new LinkedInSimulator(options ?? { members: [] }, env),
};
