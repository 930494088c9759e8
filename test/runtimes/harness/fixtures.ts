// What the servers under test and the test that drives them agree on: secrets, routes, timings.
// Runtime-neutral (bundled into every server, workerd included): no `node:` imports here.

/** Webhook secrets of the three adapters; each platform also accepts a previous one (rotation). */
export const SECRETS = {
  telegram: { current: "tg-secret-2026", previous: "tg-secret-2025" },
  line: { current: "line-channel-secret-2026", previous: "line-channel-secret-2025" },
  mastodon: { current: "mastodon-webhook-secret-2026", previous: "mastodon-webhook-secret-2025" },
} as const;

/** The platforms every server receives webhooks for. */
export type Platform = keyof typeof SECRETS;

/** Path of the counters a server exposes (GET): see {@link Counts}. */
export const COUNT_PATH = "/count";

/**
 * What `GET /count` answers: handler calls so far, per platform, the slow handler's progress,
 * and the outcomes of the replies sent to postbacks.
 */
export interface Counts {
  telegram: number;
  line: number;
  mastodon: number;
  slowStarted: number;
  slowDone: number;
  replied: number;
  replyFailed: number;
}

/** The LINE channel access token the servers send replies with (the simulator accepts it). */
export const LINE_TOKEN = "line-runtimes-token";

/**
 * How long the slow handler (LINE `follow`) works before it counts itself done. Long enough that
 * an answer which waited for it is told apart from one that did not, short enough to keep each
 * runtime's run around a second and a half.
 */
export const SLOW_HANDLER_MS = 1000;

/**
 * What the servers give `webhooks.ackTimeoutMs`: on runtimes without `waitUntil`, how long an
 * answer may wait for handlers before it goes out anyway. Well under {@link SLOW_HANDLER_MS}.
 */
export const ACK_TIMEOUT_MS = 100;
