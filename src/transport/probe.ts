/**
 * Watches the requests of one `fetch` call, where the runtime reports them: whether the request
 * provably never left (no byte of it written), so that a timeout or a failed connection before
 * that point is not mistaken for a request the platform may have received. The portable build
 * has none (every request that got no answer may have left); Node's entry point installs one on
 * undici's diagnostics channels (`probe-node.ts`).
 */
export interface SendProbe {
  /**
   * Runs `send` (one `fetch` call) under watch. `unsent()`, asked once it has failed, is true
   * only when the probe saw the request made and saw none of it written.
   */
  watch<T>(send: () => Promise<T>): { result: Promise<T>; unsent: () => boolean };
}
