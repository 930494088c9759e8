/** Running the handlers of the events of one verified delivery, in the platform's order. */
import type { PlatformAdapter } from "../adapters/contract.js";
import type { WebhookEventOutput } from "./contract.js";
import type { HandlerRegistry } from "./emitter.js";
import type { PlatformEvent, UnknownEvent, WebhookErrorEvent } from "./events.js";

/** Where handler failures nobody handles go (the client's logger, redacted). */
export type ReportFailure = (message: string, error: unknown) => void;

async function emitReporting(
  registry: HandlerRegistry<object>,
  name: string,
  event: unknown,
  report: ReportFailure,
): Promise<void> {
  for (const error of await registry.emit(name, event)) {
    const failure: WebhookErrorEvent = { error, name, event };
    const nested = registry.count("error") > 0 ? await registry.emit("error", failure) : [error];
    for (const e of nested) report(`a "${e === error ? name : "error"}" webhook handler threw`, e);
  }
}

/**
 * Dispatches the events of one delivery: each platform event (or `unknown`), then the
 * normalized events it stands for, one event after the other; the handlers of one event run
 * concurrently. Never rejects: handler failures go to `error` handlers, or to `report`.
 */
export async function dispatchEvents(
  registry: HandlerRegistry<object>,
  { platform, account }: PlatformAdapter,
  events: readonly WebhookEventOutput[],
  receivedAt: number,
  report: ReportFailure,
): Promise<void> {
  for (const output of events) {
    const { name, id, payload, normalized } = output;
    const common = { platform, account, id, time: new Date(output.time ?? receivedAt), payload };
    if (name === null) {
      const event: UnknownEvent = { ...common, type: output.type };
      await emitReporting(registry, "unknown", event, report);
    } else {
      const event: PlatformEvent = { ...common, name, redelivery: output.redelivery ?? false };
      await emitReporting(registry, name, event, report);
    }
    for (const n of normalized ?? []) await emitReporting(registry, n.type, n, report);
  }
}
