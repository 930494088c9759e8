/**
 * The {@link SendProbe} of Node's `fetch` (undici), on its diagnostics channels
 * (https://undici.nodejs.org/#/docs/api/DiagnosticsChannel): `undici:request:create` names the
 * requests a `fetch` call makes (seen in that call's async context), and
 * `undici:client:sendHeaders` is published right before the first byte of a request is written
 * to its socket (HTTP/1.1). HTTP/2 publishes no `sendHeaders`, so a request also counts as
 * written once undici handed it to a connection: its `abort` field, null when undici creates it,
 * is set then (`Request#onConnect`, before anything is written, in both protocols). A request is
 * unsent only when both say so; any other shape of undici's request counts as sent.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { subscribe } from "node:diagnostics_channel";
import type { SendProbe } from "./probe.js";

interface Watch {
  /** undici's requests for this `fetch` call (a redirect makes more than one). */
  requests: object[];
  /** Whether `sendHeaders` was published for one of them. */
  written: boolean;
}

const calls = new AsyncLocalStorage<Watch>();
const owners = new WeakMap<object, Watch>();
let subscribed = false;

function requestOf(message: unknown): object | undefined {
  const request = (message as { request?: unknown } | null)?.request;
  return typeof request === "object" && request !== null ? request : undefined;
}

function listen(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe("undici:request:create", (message) => {
    const watch = calls.getStore();
    const request = requestOf(message);
    if (!watch || !request) return;
    watch.requests.push(request);
    owners.set(request, watch);
  });
  subscribe("undici:client:sendHeaders", (message) => {
    const request = requestOf(message);
    const watch = request && owners.get(request);
    if (watch) watch.written = true;
  });
}

/** Never handed to a connection: undici's `abort` is still the null it was created with. */
function unconnected(request: object): boolean {
  return "abort" in request && (request as { abort: unknown }).abort === null;
}

/** The probe of Node's global `fetch` (undici); subscribes to its channels on first use. */
export function undiciProbe(): SendProbe {
  listen();
  return {
    watch(send) {
      const watch: Watch = { requests: [], written: false };
      const result = calls.run(watch, send);
      return {
        result,
        unsent: () =>
          !watch.written && watch.requests.length > 0 && watch.requests.every(unconnected),
      };
    },
  };
}
