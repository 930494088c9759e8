/**
 * The adapter contract as a whole: the required core and the optional facets. Built-in adapters
 * and users' own implement it.
 *
 * @packageDocumentation
 */
import type { WebhookEventMap } from "../webhooks/contract.js";
import type { AdapterCore } from "./core.js";
import type { AdapterFacets } from "./facets.js";

/**
 * A platform adapter: the required {@link AdapterCore} (identity, limits, `render`,
 * `readResponse`) and whichever optional {@link AdapterFacets} it has (auth, webhooks,
 * metrics, editing). Built-in adapters and users' own implement this; the core adds limits,
 * retries, idempotency, preview and progress. `render` and `readResponse` are pure.
 * `E` maps the adapter's platform webhook event names to their payload types
 * (see `AdapterWebhooks`); `herald.webhooks.on(...)` is typed from it.
 */
export interface PlatformAdapter<E extends WebhookEventMap = WebhookEventMap>
  extends AdapterCore,
    AdapterFacets<E> {}
