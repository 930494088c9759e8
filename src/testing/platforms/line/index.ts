import type { SimulatedPlatform } from "../context.js";
import { type LineSimOptions, LineSimulator } from "./simulator.js";

/** The simulated LINE, as the simulator core loads it. */
export const linePlatform: SimulatedPlatform<LineSimOptions, LineSimulator> = {
  baseUrl: "https://api.line.me", // developers.line.biz/en/reference/messaging-api/
  create: (options, env) => new LineSimulator(options ?? { channelAccessTokens: [] }, env),
};
