// What the docs' TypeScript snippets assume without writing it out (scripts/check-docs.ts): a
// client, a message, the simulator, and the reader's own storage and audience. A snippet that
// declares one of these itself uses its own.
import type { Delivery, Herald, MessageInput, PlatformAdapter } from "herald";
import type { Simulator } from "herald/testing";

declare global {
  /** A client configured with the adapters the snippet uses. */
  const herald: Herald;
  /** The client's adapters (`[telegram({ botToken }), line({ ... })]`). */
  const adapters: readonly PlatformAdapter[];
  /** A message, as `herald.send` takes it. */
  const message: MessageInput;
  /** A running send. */
  const delivery: Delivery;
  /** The simulator (`createSimulator()` from `herald/testing`). */
  const sim: Simulator;
  /** The reader's own audience: recipient ids from a database cursor. */
  function subscribers(): AsyncIterable<string>;
  /** The reader's credentials on the platforms (from the environment, a vault). */
  const botToken: string;
  const channelAccessToken: string;
  const accessToken: string;
  const instanceUrl: string;
  const clientId: string;
  const clientSecret: string;
  const appSecret: string;
  /** The `code` of an OAuth callback (`?code=...&state=...`). */
  const code: string;
  /**
   * The reader's own storage, whatever it is (tokens, reports, accounts): a stand-in whose
   * methods the snippets name freely, so any call type-checks.
   */
  // biome-ignore lint/suspicious/noExplicitAny: a stand-in for the reader's own code, not Herald's API
  const db: any;
}
