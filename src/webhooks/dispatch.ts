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
  const errors = await registry.emit(name, event);
  for (const error of errors) {
    const failure: WebhookErrorEvent = { error, name, event };
    if (registry.count("error") === 0) {
      report(`a "${name}" webhook handler threw; listen to "error" to handle it`, error);
      continue;
    }
    for (const nested of await registry.emit("error", failure)) {
      report(`an "error" webhook handler threw while handling a "${name}" failure`, nested);
    }
  }
}

/**
 * Dispatches the events of one delivery: each platform event (or `unknown`), then the
 * normalized events it stands for, one event after the other; the handlers of one event run
 * concurrently. Never rejects: handler failures go to `error` handlers, or to `report`.
 */
export async function dispatchEvents(
  registry: HandlerRegistry<object>,
  adapter: PlatformAdapter,
  events: readonly WebhookEventOutput[],
  receivedAt: number,
  report: ReportFailure,
): Promise<void> {
  const { platform, account } = adapter;
  for (const output of events) {
    const time = new Date(output.time ?? receivedAt);
    const id = output.id !== undefined ? { id: output.id } : {};
    if (output.name === null) {
      const event: UnknownEvent = {
        platform,
        account,
        type: output.type,
        ...id,
        time,
        payload: output.payload,
      };
      await emitReporting(registry, "unknown", event, report);
    } else {
      const event: PlatformEvent = {
        name: output.name,
        platform,
        account,
        ...id,
        time,
        redelivery: output.redelivery ?? false,
        payload: output.payload,
      };
      await emitReporting(registry, output.name, event, report);
    }
    for (const normalized of output.normalized ?? []) {
      await emitReporting(registry, normalized.type, normalized, report);
    }
  }
}
