import ky, { type KyInstance, TimeoutError } from "ky";
import type { Operation, PlatformResponse, RequestBody } from "../adapters/contract.js";
import { toFormData } from "./form.js";

/** Options for the HTTP transport of one adapter account. */
export interface HttpOptions {
  /** The adapter's base URL. */
  baseUrl: string;
  /** Per-request timeout in ms. */
  timeoutMs: number;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
}

/**
 * A request that got no HTTP answer. `sent` says whether it may have reached the platform:
 * false only when the connection was never made (refused, DNS), so a retry cannot duplicate.
 */
export class TransportFailure extends Error {
  /** Whether the request may have reached the platform. */
  readonly sent: boolean;

  /** @internal */
  constructor(reason: string, sent: boolean) {
    super(reason);
    this.name = "TransportFailure";
    this.sent = sent;
  }
}

/** Error codes of a connection that was never made: nothing reached the platform. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The body as `fetch` takes it, and the content type to send with it when `fetch` sets none. */
function toBody(body: RequestBody | undefined): { body?: BodyInit; contentType?: string } {
  if (!body) return {};
  if ("json" in body) return { body: JSON.stringify(body.json), contentType: "application/json" };
  if ("bytes" in body) {
    return { body: body.bytes as Uint8Array<ArrayBuffer>, contentType: body.contentType };
  }
  // fetch sets the content type (and the multipart boundary) of these itself
  if ("urlencoded" in body) return { body: new URLSearchParams(body.urlencoded) };
  return { body: toFormData(body.form) };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Sends operations for one adapter account: one ky instance, ky's own retry off (the core
 * retries).
 *
 * ky builds the request (base URL, query, headers, timeout) without its body, and the body goes
 * straight to `fetch` with it: ky clones every `Request` it sends to have it ready for a retry of
 * its own, and cloning a body tees its stream, which on Node 20 doubled the CPU time of a small
 * JSON request (bench/overhead.ts); the core never lets ky retry, so the clone is never used.
 */
export class HttpTransport {
  /** Per-request timeout in ms; token requests take it too. */
  readonly timeoutMs: number;
  readonly #ky: KyInstance;
  readonly #fetch: typeof fetch;

  /** Creates the ky instance. */
  constructor(options: HttpOptions) {
    this.timeoutMs = options.timeoutMs;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#ky = ky.create({
      prefixUrl: options.baseUrl,
      retry: 0,
      timeout: options.timeoutMs,
      throwHttpErrors: false,
      fetch: this.#fetch,
    });
  }

  /** A `fetch` for ky that sends `body` with ky's bodiless request. */
  #fetchWith(body: BodyInit): typeof fetch {
    return (input, init) => {
      const request = input as Request;
      return this.#fetch(request.url, {
        ...init,
        method: request.method,
        headers: request.headers,
        body,
        signal: request.signal,
        redirect: request.redirect,
      });
    };
  }

  /** Sends one resolved operation; throws {@link TransportFailure} when no answer came. */
  async send(
    operation: Omit<Operation, "poll">,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<PlatformResponse> {
    let response: Response;
    const { body, contentType } = toBody(operation.body);
    // A ranged upload's 308 (Google's "Resume Incomplete", no Location) is an answer, not a
    // redirect: read it as is. Node, Deno and Bun return it even when following redirects, but
    // msw's fetch interception (herald/testing's handlers) fails it there; with "manual" every
    // one of them returns the real 3xx.
    const ranged = Object.keys(headers).some((name) => name.toLowerCase() === "content-range");
    try {
      // An absolute `url` (an upload URL the platform returned) goes without the base URL.
      const target = operation.url ?? operation.path.replace(/^\//, "");
      response = await this.#ky(target, {
        ...(operation.url !== undefined ? { prefixUrl: "" } : {}),
        method: operation.method,
        headers: contentType ? { "content-type": contentType, ...headers } : headers,
        ...(operation.query ? { searchParams: operation.query } : {}),
        ...(body !== undefined ? { fetch: this.#fetchWith(body) } : {}),
        ...(signal ? { signal } : {}),
        ...(ranged ? { redirect: "manual" as const } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof TimeoutError)
        throw new TransportFailure("timed out waiting for the answer", true);
      const code = errorCode(error);
      if (code && NOT_SENT_CODES.has(code))
        throw new TransportFailure(`connection failed (${code})`, false);
      throw new TransportFailure(`connection lost (${code ?? "network error"})`, true);
    }
    try {
      return { status: response.status, headers: response.headers, body: await readBody(response) };
    } catch {
      throw new TransportFailure("connection lost while reading the answer", true);
    }
  }
}
