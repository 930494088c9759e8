import { line } from "../../src/adapters/line/index.js";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import { type Clock, createHerald, type HeraldOptions } from "../../src/index.js";
import { createSimulator, type SimulatorOptions } from "../../src/testing/index.js";

export const TOKENS = {
  telegram: "123456:INTEGRATION-TOKEN",
  line: "line-integration-token",
  mastodon: "mastodon-integration-token",
};

/** Real time, but waits (backoff, polling intervals) pass at once: keeps tests fast. */
export const instantWaits: Clock = {
  now: () => Date.now(),
  sleep: (_ms, signal) =>
    signal?.aborted
      ? Promise.reject(signal.reason)
      : new Promise((resolve) => setImmediate(resolve)),
};

/** A simulator with the three platforms and these tokens. */
export function simulator(options: Partial<SimulatorOptions> = {}) {
  return createSimulator({
    telegram: { botTokens: [TOKENS.telegram], blockedChats: ["1666"] },
    line: { channelAccessTokens: [TOKENS.line] },
    mastodon: { accessTokens: [TOKENS.mastodon] },
    ...options,
  });
}

/** A client of the three adapters, on the simulator's default base URLs (msw) or given ones. */
export function heraldFor(
  urls: Partial<Record<"telegram" | "line" | "mastodon", string>> = {},
  options: Partial<HeraldOptions> = {},
) {
  return createHerald({
    adapters: [
      telegram({ botToken: TOKENS.telegram, ...(urls.telegram ? { baseUrl: urls.telegram } : {}) }),
      line({ channelAccessToken: TOKENS.line, ...(urls.line ? { baseUrl: urls.line } : {}) }),
      mastodon({
        accessToken: TOKENS.mastodon,
        ...(urls.mastodon
          ? { baseUrl: urls.mastodon }
          : { instanceUrl: "https://mastodon.example" }),
      }),
    ],
    clock: instantWaits,
    retry: { retries: 6 },
    ...options,
  });
}
