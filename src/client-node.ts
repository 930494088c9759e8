import type { PlatformAdapter } from "./adapters/contract.js";
import { createClient, type Herald, type HeraldOptions } from "./client.js";
import { undiciProbe } from "./transport/probe-node.js";
import { createNodeCrypto } from "./webhooks/crypto-node.js";

/**
 * Creates a Herald client whose webhooks use the `node:crypto` fast path (unless
 * `webhooks.crypto` is given), and whose requests through the global `fetch` are watched on
 * undici's diagnostics channels: one that timed out or failed before any of it was written is
 * reported as not sent (`failed`, retried), not `unknown`. Otherwise the same as the portable
 * `createHerald`.
 *
 * @example
 * const herald = createHerald({ adapters: [telegram({ botToken })] });
 */
export function createHerald<const A extends readonly PlatformAdapter[]>(
  options: HeraldOptions<A>,
): Herald<A> {
  return createClient(
    { ...options, webhooks: { crypto: createNodeCrypto(), ...options.webhooks } },
    { sendProbe: undiciProbe() },
  );
}
