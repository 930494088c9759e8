/**
 * The Web-standard webhook handler: one `Request` in, one `Response` out, whatever arrives.
 * The steps and their statuses are listed in docs/webhooks.md.
 */
import type { PlatformAdapter } from "../adapters/contract.js";
import type { Clock } from "../clock.js";
import { readBodyCapped } from "./body.js";
import type {
  AdapterWebhooks,
  WebhookAnswer,
  WebhookCrypto,
  WebhookEventOutput,
  WebhookRequest,
  WebhookTools,
} from "./contract.js";
import type { DedupeStore } from "./dedupe.js";
import { dispatchEvents, type ReportFailure } from "./dispatch.js";
import type { HandlerRegistry } from "./emitter.js";
import { utf8Text } from "./encoding.js";
import { findWebhookAdapter, routeFromPath } from "./route.js";

/** Options of one `handle` call. */
export interface WebhookHandleOptions {
  /**
   * The runtime's way to keep working after the response is sent (Cloudflare Workers'
   * `ctx.waitUntil`, Vercel's `waitUntil`): when given, the platform is answered at once and
   * the handlers run after. Without it, the answer waits for the handlers up to `ackTimeoutMs`.
   */
  waitUntil?: (promise: Promise<unknown>) => void;
  /** The platform, when the path does not say it (`/webhooks/:platform/:account?`). */
  platform?: string;
  /** The account, with `platform`; the platform's only (or `default`) account when omitted. */
  account?: string;
}

/** What the handler needs from the client. */
export interface WebhookEnvironment {
  /** The client's adapters. */
  adapters: readonly PlatformAdapter[];
  /** The handlers. */
  registry: HandlerRegistry<object>;
  /** Crypto primitives given to the adapters' hooks. */
  crypto: WebhookCrypto;
  /** The client's clock. */
  clock: Clock;
  /** Where seen event ids are kept. */
  dedupe: DedupeStore;
  /** How long an event id is kept, in ms. */
  dedupeTtlMs: number;
  /** The body size limit in bytes. */
  maxBodyBytes: number;
  /** How long the answer waits for the handlers when there is no `waitUntil`, in ms. */
  ackTimeoutMs: number;
  /** Reports what cannot be answered to anyone (a handler failure nobody handles, a bug). */
  report: ReportFailure;
}

function respond({ status, body, headers }: WebhookAnswer): Response {
  return new Response((body ?? null) as BodyInit | null, { status, ...(headers && { headers }) });
}

/** A refusal: the status and a short reason as text (never a secret). */
const refuse = (status: number, body: string, headers?: Record<string, string>) =>
  respond({ status, body, ...(headers && { headers }) });

/** Calls an adapter hook; a throw counts as `undefined` (the hook's failure answer follows). */
async function attempt<T>(hook: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await hook();
  } catch {
    return undefined;
  }
}

/**
 * Microtask turns given to handlers that finish at once (synchronous ones, or ones awaiting only
 * settled promises) before a timer is armed: our bound, enough for a few such events, and it
 * spares most requests an AbortController and a timer.
 */
const QUICK_TURNS = 32;

/** Runs the handlers, answering first when the runtime can keep working after the answer. */
async function acknowledge(
  env: WebhookEnvironment,
  work: Promise<void>,
  waitUntil: WebhookHandleOptions["waitUntil"],
): Promise<void> {
  try {
    if (waitUntil) return waitUntil(work);
  } catch (error) {
    env.report("waitUntil threw; waiting for the handlers instead", error);
  }
  let settled = false;
  void work.then(() => {
    settled = true;
  });
  for (let turn = 0; turn < QUICK_TURNS && !settled; turn++) await undefined;
  if (settled) return;
  const timer = new AbortController();
  await Promise.race([work, env.clock.sleep(env.ackTimeoutMs, timer.signal).catch(() => {})]);
  // a plain reason: the default one is a DOMException, costly to build on every request
  timer.abort(0);
}

async function handleRouted(
  env: WebhookEnvironment,
  request: Request,
  url: URL,
  adapter: PlatformAdapter,
  hooks: AdapterWebhooks,
  options: WebhookHandleOptions,
): Promise<Response> {
  const method = request.method.toUpperCase();
  const deliveries = hooks.methods ?? ["POST"];
  // handshakes are GETs (Meta, X, LinkedIn, WeChat, WebSub)
  const allowed = hooks.handshake ? [...new Set([...deliveries, "GET"])] : deliveries;
  if (!allowed.includes(method))
    return refuse(405, "method not allowed", { allow: allowed.join(", ") });
  const read = await readBodyCapped(request, env.maxBodyBytes);
  if (!read.ok) return refuse(read.status, read.reason);
  const { bytes } = read;
  let text: string | undefined;
  const incoming: WebhookRequest = {
    method,
    url,
    headers: request.headers,
    body: bytes,
    receivedAt: env.clock.now(),
    text: () => (text ??= utf8Text(bytes)),
  };
  const tools: WebhookTools = { crypto: env.crypto };
  if (hooks.handshake) {
    const answer = await attempt(() => hooks.handshake!(incoming, tools));
    if (answer) return respond(answer);
    if (!deliveries.includes(method)) return refuse(400, "not a handshake");
  }
  if (!(await attempt(() => hooks.verify(incoming, tools)))?.ok) {
    return refuse(401, "bad or missing signature");
  }
  const parsed = await attempt(() => hooks.parse(incoming, tools));
  if (!parsed?.ok) return refuse(400, `malformed payload${parsed ? `: ${parsed.reason}` : ""}`);
  const fresh: WebhookEventOutput[] = [];
  try {
    for (const event of parsed.events) {
      const key = `${adapter.platform}:${adapter.account}:${event.id}`;
      if (event.id === undefined || (await env.dedupe.claim(key, env.dedupeTtlMs)))
        fresh.push(event);
    }
  } catch (error) {
    env.report("the webhook dedupe store failed; answered 503 so the platform redelivers", error);
    return refuse(503, "try again later");
  }
  if (fresh.length > 0) {
    const work = dispatchEvents(env.registry, adapter, fresh, incoming.receivedAt, env.report);
    await acknowledge(env, work, options.waitUntil);
  }
  return respond(parsed.answer ?? hooks.success ?? { status: 200 });
}

/**
 * Answers one webhook request: route, method, size limit, handshake, signature, parse, dedupe,
 * dispatch. Resolves a `Response` for any input and never rejects.
 */
export async function handleWebhook(
  env: WebhookEnvironment,
  request: Request,
  options: WebhookHandleOptions = {},
): Promise<Response> {
  try {
    const url = new URL(request.url);
    const route = options.platform
      ? { platform: options.platform, account: options.account }
      : routeFromPath(url.pathname);
    const adapter = route && findWebhookAdapter(env.adapters, route);
    const hooks = adapter?.webhooks as AdapterWebhooks | undefined;
    if (!adapter || !hooks) return refuse(404, "no webhook route here");
    return await handleRouted(env, request, url, adapter, hooks, options);
  } catch (error) {
    env.report("the webhook handler failed unexpectedly; answered 500", error);
    return refuse(500, "internal error");
  }
}
