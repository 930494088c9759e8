/**
 * The webhooks facet of the adapter contract: how an adapter answers its platform's handshake,
 * verifies a delivery on its raw bytes and parses it into events. The types of the facet itself
 * live with the webhook core (src/webhooks/contract.ts, which drives them).
 *
 * @packageDocumentation
 */
import type { AdapterWebhooks, WebhookEventMap } from "../webhooks/contract.js";

/**
 * The webhooks facet: a member of {@link PlatformAdapter} when the adapter has it. `E` maps the
 * adapter's platform event names to their payload types; `herald.webhooks.on(...)` is typed
 * from it.
 */
export interface WebhooksFacet<E extends WebhookEventMap = WebhookEventMap> {
  /**
   * Incoming webhooks: handshake, verification and parsing (see {@link AdapterWebhooks}).
   * Absent when the platform has none or the adapter was given no secret to verify them with;
   * `herald.webhooks.handle` answers 404 for such an adapter.
   */
  readonly webhooks?: AdapterWebhooks<E>;
}
