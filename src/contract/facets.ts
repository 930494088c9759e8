/**
 * The optional facets of the adapter contract. An adapter states what it can do beyond sending
 * by which facets it has: each is one optional member of {@link PlatformAdapter}, typed and
 * documented in its own file. The core asks {@link facetsOf} (preview shows the answer); a
 * facet the adapter lacks is refused where it is used (`herald.metrics` on an adapter without
 * `metrics` ends `not-supported`).
 *
 * To add a facet: its file (the member, in a `<Name>Facet` interface), one entry in
 * {@link AdapterFacets}' list, and one line in {@link FACET_SUMMARIES} (the compiler asks for it).
 *
 * @packageDocumentation
 */
import type { WebhookEventMap } from "../webhooks/contract.js";
import type { AuthFacet } from "./auth.js";
import type { EditingFacet } from "./editing.js";
import type { ListeningFacet } from "./listening.js";
import type { MetricsFacet } from "./metrics.js";
import type { WebhooksFacet } from "./webhooks.js";

/** Every optional facet of the contract, each an optional member of {@link PlatformAdapter}. */
export interface AdapterFacets<E extends WebhookEventMap = WebhookEventMap>
  extends AuthFacet,
    WebhooksFacet<E>,
    MetricsFacet,
    EditingFacet,
    ListeningFacet {}

/** The name of a facet: the member of {@link PlatformAdapter} that holds it. */
export type FacetName = keyof AdapterFacets;

/** What having each facet means, one line each, in the order docs list them. */
export const FACET_SUMMARIES: { readonly [K in FacetName]-?: string } = {
  auth: "credentials per account at send time (OAuth tokens, refreshed once when refused)",
  webhooks: "incoming webhooks: handshake, verification on the raw bytes, events",
  metrics: "post metrics for `herald.metrics` and campaign reports",
  editing: "edits and deletes what it sent, for `herald.edit`, `delete` and `recall`",
  listening: "poll sources of mentions, keywords and comments for `herald.listen`",
};

/** Every facet name, in the order of {@link FACET_SUMMARIES}. */
export const FACETS: readonly FacetName[] = Object.keys(FACET_SUMMARIES) as FacetName[];

/** The facets `adapter` has (a member present, not `undefined`), in the order of {@link FACETS}. */
export function facetsOf(adapter: AdapterFacets): FacetName[] {
  return FACETS.filter((name) => adapter[name] !== undefined);
}
