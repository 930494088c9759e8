import ky, { type KyInstance } from "ky";
import type { Operation, PlatformResponse, RequestBody } from "../adapters/contract.js";
import { untilAborted } from "../util/abortable.js";
import { toFormData } from "./form.js";
import type { SendProbe } from "./probe.js";

/** Options for the HTTP transport of one adapter account. */
export interface HttpOptions {
  /** The adapter's base URL. */
  baseUrl: string;
  /**
   * Per-request timeout in ms, from the moment the request is handed to `fetch` until its
   * answer is read (time queued at a limiter before is not counted).
   */
  timeoutMs: number;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /**
   * Tells a request that never left from one that may have (Node: undici's diagnostics
   * channels). Used with the global `fetch` only: a custom one may send by other means.
   */
  probe?: SendProbe;
}

/**
 * A request that got no HTTP answer. `sent` says whether it may have reached the platform:
 * false only when it provably never left (the connection refused, DNS failed, or, where the
 * runtime reports it, none of it written before the timeout or the failure), so a retry cannot
 * duplicate.
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
 * Sends operations for one adapter account: one ky instance, ky's own retry and timeout off (the
 * core retries; the timeout runs here, from the hand-over to `fetch` to the answer's last byte).
 *
 * ky builds the request (base URL, query, headers) without its body, and the body goes straight
 * to `fetch` with it: ky clones every `Request` it sends to have it ready for a retry of its own,
 * and cloning a body tees its stream, which on Node 20 doubled the CPU time of a small JSON
 * request (bench/overhead.ts); the core never lets ky retry, so the clone is never used.
 */
export class HttpTransport {
  /** Per-request timeout in ms; token requests take it too. */
  readonly timeoutMs: number;
  readonly #ky: KyInstance;
  readonly #fetch: typeof fetch;
  readonly #probe: SendProbe | undefined;

  /** Creates the ky instance. */
  constructor(options: HttpOptions) {
    this.timeoutMs = options.timeoutMs;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#probe = options.fetch ? undefined : options.probe;
    this.#ky = ky.create({
      prefixUrl: options.baseUrl,
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      fetch: this.#fetch,
    });
  }

  /**
   * A `fetch` for ky that sends `body` with ky's bodiless request, starts `call`'s timeout as
   * the request is handed over, and watches it with the probe.
   */
  #fetchWith(body: BodyInit | undefined, call: Call): typeof fetch {
    return (input, init) => {
      const request = input as Request;
      const send = () =>
        this.#fetch(request.url, {
          ...init,
          method: request.method,
          headers: request.headers,
          ...(body !== undefined ? { body } : {}),
          signal: call.start(request.signal),
          redirect: request.redirect,
        });
      if (!this.#probe) return send();
      const watched = this.#probe.watch(send);
      call.unsent = watched.unsent;
      return watched.result;
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
    const call = new Call(this.timeoutMs);
    try {
      try {
        // An absolute `url` (an upload URL the platform returned) goes without the base URL.
        const target = operation.url ?? operation.path.replace(/^\//, "");
        response = await this.#ky(target, {
          ...(operation.url !== undefined ? { prefixUrl: "" } : {}),
          method: operation.method,
          headers: contentType ? { "content-type": contentType, ...headers } : headers,
          ...(operation.query ? { searchParams: operation.query } : {}),
          fetch: this.#fetchWith(body, call),
          ...(signal ? { signal } : {}),
          ...(ranged ? { redirect: "manual" as const } : {}),
        });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw call.failure(error);
      }
      try {
        const answer = await untilAborted(readBody(response), call.signal);
        return { status: response.status, headers: response.headers, body: answer };
      } catch {
        if (signal?.aborted) throw signal.reason;
        throw new TransportFailure(
          call.timedOut
            ? `timed out after ${this.timeoutMs} ms reading the answer`
            : "connection lost while reading the answer",
          true,
        );
      }
    } finally {
      call.end();
    }
  }
}

/** One request's timeout, started when the request is handed to `fetch`, and what the probe saw. */
class Call {
  readonly #timeoutMs: number;
  readonly #controller = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #outer: AbortSignal | undefined;
  readonly #onOuterAbort = () => this.#controller.abort(this.#outer?.reason);
  /** Set by the probe: whether the request provably never left. */
  unsent: () => boolean = () => false;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** Aborted when the timeout runs out. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the timeout ran out. */
  get timedOut(): boolean {
    return this.#controller.signal.aborted;
  }

  /**
   * Starts the timeout (once) as the request is handed to `fetch`; returns the signal for it,
   * aborted by the timeout or by `outer` (ky's, which follows the caller's).
   */
  start(outer: AbortSignal): AbortSignal {
    this.#timer ??= setTimeout(() => this.#controller.abort(), this.#timeoutMs);
    this.#outer = outer;
    if (outer.aborted) this.#controller.abort(outer.reason);
    else outer.addEventListener("abort", this.#onOuterAbort, { once: true });
    return this.#controller.signal;
  }

  /** Stops the timeout. */
  end(): void {
    clearTimeout(this.#timer);
    this.#outer?.removeEventListener("abort", this.#onOuterAbort);
  }

  /** The failure of a request that got no answer: whether it may have left, and why. */
  failure(error: unknown): TransportFailure {
    const unsent = this.unsent();
    if (this.timedOut) {
      return unsent
        ? new TransportFailure(
            `timed out after ${this.#timeoutMs} ms before the request was written (not connected)`,
            false,
          )
        : new TransportFailure("timed out waiting for the answer", true);
    }
    const code = errorCode(error);
    if (code && NOT_SENT_CODES.has(code)) {
      return new TransportFailure(`connection failed (${code})`, false);
    }
    if (unsent) {
      return new TransportFailure(
        `connection failed before the request was written (${code ?? "network error"})`,
        false,
      );
    }
    return new TransportFailure(`connection lost (${code ?? "network error"})`, true);
  }
}
