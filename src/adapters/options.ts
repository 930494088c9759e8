import type { LimitRule } from "./contract.js";

/** Options every built-in adapter factory accepts besides its credentials. */
export interface CommonAdapterOptions {
  /** Account name used in targets (`telegram@shop:@news`); `default` when omitted. */
  account?: string;
  /** Base URL of the API: a proxy, or the simulator from `herald/testing`. */
  baseUrl?: string;
  /** Limits replacing the documented defaults with the same scope, route and chat kind. */
  limits?: LimitRule[];
}
