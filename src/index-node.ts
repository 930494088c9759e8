/**
 * `herald` on Node (chosen by the `node` export condition): everything in the portable build,
 * with `createHerald` verifying webhooks with `node:crypto` (`createHmac` + `timingSafeEqual`)
 * instead of Web Crypto, which checks many times more signatures per second on Node, and
 * telling requests that never left (undici's diagnostics channels) from those that may have.
 *
 * @packageDocumentation
 */

export { createHerald } from "./client-node.js";
export * from "./index.js";
