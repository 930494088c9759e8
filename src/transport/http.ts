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

function toBody(body: RequestBody | undefined): {
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
} {
  if (!body) return {};
  if ("json" in body) return { json: body.json };
  if ("bytes" in body) {
    return { body: body.bytes as Uint8Array<ArrayBuffer>, contentType: body.contentType };
  }
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

/** Sends operations for one adapter account: one ky instance, ky's own retry off (the core retries). */
export class HttpTransport {
  readonly #ky: KyInstance;

  /** Creates the ky instance. */
  constructor(options: HttpOptions) {
    this.#ky = ky.create({
      prefixUrl: options.baseUrl,
      retry: 0,
      timeout: options.timeoutMs,
      throwHttpErrors: false,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Sends one resolved operation; throws {@link TransportFailure} when no answer came. */
  async send(
    operation: Omit<Operation, "poll">,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<PlatformResponse> {
    let response: Response;
    const { contentType, ...body } = toBody(operation.body);
    // A ranged upload's 308 (Google's "Resume Incomplete", no Location) is an answer, not a
    // redirect: read it as is. (Node, Deno, Bun and Workers return the real 3xx with "manual".)
    const ranged = Object.keys(headers).some((name) => name.toLowerCase() === "content-range");
    try {
      // An absolute `url` (an upload URL the platform returned) goes without the base URL.
      const target = operation.url ?? operation.path.replace(/^\//, "");
      response = await this.#ky(target, {
        ...(operation.url !== undefined ? { prefixUrl: "" } : {}),
        method: operation.method,
        headers: contentType ? { "content-type": contentType, ...headers } : headers,
        ...(operation.query ? { searchParams: operation.query } : {}),
        ...body,
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
