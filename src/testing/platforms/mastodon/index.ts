import type { SimulatedPlatform } from "../context.js";
import { type MastodonSimOptions, MastodonSimulator } from "./simulator.js";

/** The simulated Mastodon, as the simulator core loads it. */
export const mastodonPlatform: SimulatedPlatform<MastodonSimOptions, MastodonSimulator> = {
  baseUrl: "https://mastodon.example", // Mastodon has no central host: an RFC 2606 reserved name
  create: (options, env) => new MastodonSimulator(options ?? { accessTokens: [] }, env),
};
