import type { PlatformAdapter } from "./adapters/contract.js";
import { createHerald as createPortableHerald, type Herald, type HeraldOptions } from "./client.js";
import { createNodeCrypto } from "./webhooks/crypto-node.js";

/**
 * Creates a Herald client whose webhooks use the `node:crypto` fast path (unless
 * `webhooks.crypto` is given). Otherwise the same as the portable `createHerald`.
 *
 * @example
 * const herald = createHerald({ adapters: [telegram({ botToken })] });
 */
export function createHerald<const A extends readonly PlatformAdapter[]>(
  options: HeraldOptions<A>,
): Herald<A> {
  return createPortableHerald({
    ...options,
    webhooks: { crypto: createNodeCrypto(), ...options.webhooks },
  });
}
