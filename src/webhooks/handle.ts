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

function respond(answer: WebhookAnswer): Response {
  const headers = new Headers(answer.headers);
  if (typeof answer.body === "string" && !headers.has("content-type")) {
    headers.set("content-type", "text/plain; charset=utf-8");
  }
  return new Response(answer.body === undefined ? null : (answer.body as BodyInit), {
    status: answer.status,
    headers,
  });
}

function refuse(status: number, reason: string, headers?: Record<string, string>): Response {
  return respond({ status, body: reason, ...(headers ? { headers } : {}) });
}

function webhookRequest(
  request: Request,
  url: URL,
  body: Uint8Array,
  receivedAt: number,
): WebhookRequest {
  let text: string | undefined;
  return {
    method: request.method.toUpperCase(),
    url,
    headers: request.headers,
    body,
    receivedAt,
    text: () => {
      text ??= utf8Text(body);
      return text;
    },
  };
}

/** Keeps the events whose ids were not seen yet (claiming them). Rejects when the store fails. */
async function freshEvents(
  env: WebhookEnvironment,
  adapter: PlatformAdapter,
  events: readonly WebhookEventOutput[],
): Promise<WebhookEventOutput[]> {
  const fresh: WebhookEventOutput[] = [];
  for (const event of events) {
    if (event.id === undefined) {
      fresh.push(event);
      continue;
    }
    const key = `${adapter.platform}:${adapter.account}:${event.id}`;
    if (await env.dedupe.claim(key, env.dedupeTtlMs)) fresh.push(event);
  }
  return fresh;
}

/** Runs the handlers, answering first when the runtime can keep working after the answer. */
async function acknowledge(
  env: WebhookEnvironment,
  work: Promise<void>,
  options: WebhookHandleOptions,
): Promise<void> {
  if (options.waitUntil) {
    try {
      options.waitUntil(work);
      return;
    } catch (error) {
      env.report("waitUntil threw; waiting for the handlers instead", error);
    }
  }
  const timer = new AbortController();
  await Promise.race([work, env.clock.sleep(env.ackTimeoutMs, timer.signal).catch(() => {})]);
  timer.abort();
}

async function handleVerified(
  env: WebhookEnvironment,
  adapter: PlatformAdapter,
  hooks: AdapterWebhooks,
  request: WebhookRequest,
  tools: WebhookTools,
  options: WebhookHandleOptions,
): Promise<Response> {
  let parsed: Awaited<ReturnType<AdapterWebhooks["parse"]>>;
  try {
    parsed = await hooks.parse(request, tools);
  } catch {
    return refuse(400, "malformed payload");
  }
  if (!parsed.ok) return refuse(400, `malformed payload: ${parsed.reason}`);
  let fresh: WebhookEventOutput[];
  try {
    fresh = await freshEvents(env, adapter, parsed.events);
  } catch (error) {
    env.report("the webhook dedupe store failed; answered 503 so the platform redelivers", error);
    return refuse(503, "try again later");
  }
  if (fresh.length > 0) {
    const work = dispatchEvents(env.registry, adapter, fresh, request.receivedAt, env.report);
    await acknowledge(env, work, options);
  }
  return respond(parsed.answer ?? hooks.success ?? { status: 200 });
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
  if (!allowed.includes(method)) {
    return refuse(405, "method not allowed", { allow: allowed.join(", ") });
  }
  const body = await readBodyCapped(request, env.maxBodyBytes);
  if (!body.ok) return refuse(body.status, body.reason);
  const incoming = webhookRequest(request, url, body.bytes, env.clock.now());
  const tools: WebhookTools = { crypto: env.crypto };
  if (hooks.handshake) {
    let answer: WebhookAnswer | undefined;
    try {
      answer = await hooks.handshake(incoming, tools);
    } catch {
      return refuse(400, "malformed handshake");
    }
    if (answer) return respond(answer);
    if (!deliveries.includes(method)) return refuse(400, "not a handshake");
  }
  let verified = false;
  try {
    verified = (await hooks.verify(incoming, tools)).ok;
  } catch {
    verified = false;
  }
  if (!verified) return refuse(401, "bad or missing signature");
  return handleVerified(env, adapter, hooks, incoming, tools, options);
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
    const route =
      options.platform !== undefined
        ? {
            platform: options.platform,
            ...(options.account !== undefined ? { account: options.account } : {}),
          }
        : routeFromPath(url.pathname);
    const adapter = route ? findWebhookAdapter(env.adapters, route) : undefined;
    if (!adapter) return refuse(404, "no webhook route here");
    const hooks = adapter.webhooks as AdapterWebhooks | undefined;
    if (!hooks) return refuse(404, `webhooks are not configured for ${adapter.platform}`);
    return await handleRouted(env, request, url, adapter, hooks, options);
  } catch (error) {
    env.report("the webhook handler failed unexpectedly; answered 500", error);
    return refuse(500, "internal error");
  }
}
