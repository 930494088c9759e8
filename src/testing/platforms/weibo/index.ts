import type { SimulatedPlatform } from "../context.js";
import { type WeiboSimOptions, WeiboSimulator } from "./simulator.js";

/** The simulated Weibo, as the simulator core loads it. */
export const weiboPlatform: SimulatedPlatform<WeiboSimOptions, WeiboSimulator> = {
  baseUrl: "https://api.weibo.com", // open.weibo.com/wiki/2/statuses/share
  create: (options, env) => new WeiboSimulator(options ?? { users: [] }, env),
};
