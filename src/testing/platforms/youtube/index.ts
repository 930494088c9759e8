import type { SimulatedPlatform } from "../context.js";
import { type YouTubeSimOptions, YouTubeSimulator } from "./simulator.js";

/** The simulated YouTube, as the simulator core loads it. */
export const youtubePlatform: SimulatedPlatform<YouTubeSimOptions, YouTubeSimulator> = {
  baseUrl: "https://www.googleapis.com", // Data API (/youtube/v3) and uploads (/upload/youtube/v3)
  create: (options, env) => new YouTubeSimulator(options ?? { channels: [] }, env),
};
