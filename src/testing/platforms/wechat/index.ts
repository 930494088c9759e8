import type { SimulatedPlatform } from "../context.js";
import { type WechatSimOptions, WechatSimulator } from "./simulator.js";

/** The simulated WeChat, as the simulator core loads it. */
export const wechatPlatform: SimulatedPlatform<WechatSimOptions, WechatSimulator> = {
  baseUrl: "https://api.weixin.qq.com", // developers.weixin.qq.com: every Official Account API
  create: (options, env) => new WechatSimulator(options ?? { apps: [] }, env),
};
