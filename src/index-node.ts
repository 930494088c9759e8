/**
 * `herald` on Node (chosen by the `node` export condition): everything in the portable build,
 * with `createHerald` verifying webhooks with `node:crypto` (`createHmac` + `timingSafeEqual`)
 * instead of Web Crypto, which checks many times more signatures per second on Node.
 *
 * @packageDocumentation
 */

export { createHerald } from "./client-node.js";
export * from "./index.js";
