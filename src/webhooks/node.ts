/**
 * `herald/webhooks-node`: `herald.webhooks` as a Node `(req, res)` handler for node:http,
 * Express (with or without `express.raw()`) and Fastify (see docs/webhooks.md), and the
 * `node:crypto` webhook tools.
 *
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { WebhookHandleOptions } from "./handle.js";

export { createNodeCrypto } from "./crypto-node.js";

/** What {@link toNodeHandler} needs: `herald.webhooks` (or anything with its `handle`). */
export interface RequestHandler {
  /** The Web-standard handler. */
  handle(request: Request, options?: WebhookHandleOptions): Promise<Response>;
}

/** A Node request, possibly with a body a framework already read (Express, Fastify). */
export type NodeWebhookRequest = IncomingMessage & {
  /** Express: the path before the router's mount point was stripped. */
  originalUrl?: string;
  /** What a body parser left: a Buffer from `express.raw()`, a string from `express.text()`. */
  body?: unknown;
  /** The raw body some frameworks and plugins keep (fastify-raw-body, Firebase functions). */
  rawBody?: unknown;
};

/** Options of {@link toNodeHandler}: the route, when the path does not say it. */
export type NodeHandlerOptions = Pick<WebhookHandleOptions, "platform" | "account">;

const PARSED_BODY =
  "the request body was parsed before Herald saw it, so its signature cannot be checked: " +
  "mount the webhook route before express.json(), or give it express.raw({ type: '*/*' })";

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/** The body as the Request should carry it; `undefined` when a parser consumed it unusably. */
function bodyOf(req: NodeWebhookRequest): BodyInit | null | undefined {
  const method = (req.method ?? "GET").toUpperCase();
  if (method === "GET" || method === "HEAD") return null;
  for (const kept of [req.rawBody, req.body]) {
    if (kept instanceof Uint8Array) return new Uint8Array(kept);
    if (typeof kept === "string") return kept;
  }
  if (req.body !== undefined && req.body !== null) return undefined;
  // nothing kept and the stream already read: a parser took it
  if (req.readableEnded) return undefined;
  return Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * Turns `herald.webhooks` into a Node `(req, res)` handler. The raw body is read from the
 * request stream, or taken from `req.body` when `express.raw()` (a Buffer) or `express.text()`
 * ran first, or from `req.rawBody`. A body already parsed into an object cannot be verified:
 * that request is answered 500 with an explanation. The returned promise never rejects.
 *
 * @example
 * import { toNodeHandler } from "herald/webhooks-node";
 * http.createServer(toNodeHandler(herald.webhooks)).listen(3000);
 * app.post("/webhooks/:platform{/:account}", toNodeHandler(herald.webhooks)); // Express 5
 */
export function toNodeHandler(
  webhooks: RequestHandler,
  options: NodeHandlerOptions = {},
): (req: NodeWebhookRequest, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      const body = bodyOf(req);
      if (body === undefined) {
        await send(res, new Response(PARSED_BODY, { status: 500 }));
        return;
      }
      const host = req.headers.host ?? "localhost";
      const url = new URL(req.originalUrl ?? req.url ?? "/", `http://${host}`);
      const request = new Request(url, {
        method: req.method ?? "GET",
        headers: headersOf(req),
        ...(body === null ? {} : { body, duplex: "half" }),
      } as RequestInit);
      await send(res, await webhooks.handle(request, options));
    } catch {
      // a malformed host or URL, or the client went away: nothing more to answer
      if (!res.headersSent) {
        res.statusCode = 400;
        res.end("bad request");
      } else res.destroy();
    }
  };
}
