import { createSimulator, type SimulatorOptions } from "../../src/testing/index.js";

/** Tokens used by the tests (fake). */
export const TG_TOKEN = "123456:TEST-TOKEN";
export const LINE_TOKEN = "line-token";
export const MASTO_TOKEN = "masto-token";

/** A controllable clock. */
export function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** A simulator with one credential per platform. */
export function testSimulator(options: Partial<SimulatorOptions> = {}) {
  return createSimulator({
    telegram: { botTokens: [TG_TOKEN], blockedChats: ["666"] },
    line: { channelAccessTokens: [LINE_TOKEN] },
    mastodon: { accessTokens: [MASTO_TOKEN] },
    ...options,
  });
}

/** A JSON POST request. */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Request {
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** A UUID for retry keys. */
export const RETRY_KEY = "123e4567-e89b-42d3-a456-426614174000";
