import type { SimulatedPlatform } from "../context.js";
import { type TelegramSimOptions, TelegramSimulator } from "./simulator.js";

/** The simulated Telegram, as the simulator core loads it. */
export const telegramPlatform: SimulatedPlatform<TelegramSimOptions, TelegramSimulator> = {
  baseUrl: "https://api.telegram.org", // core.telegram.org/bots/api#making-requests
  create: (options, env) => new TelegramSimulator(options ?? { botTokens: [] }, env),
};
