import type { AdapterCore } from "../../contract/core.js";
import type { Operation } from "../../contract/operation.js";
import type { PlatformResponse, ResponseReading } from "../../contract/response.js";
import type { Report } from "./types.js";

const KINDS = new Set(["auth", "rate-limit", "validation", "platform", "transient"]);
/**
 * Longest failure message the checks accept: reports and logs carry it, so a page of HTML must
 * not (Herald's adapters clip the platform's text at 500 characters; twice that is the bound).
 */
const MAX_MESSAGE = 1_000;
/** A hostile body: one megabyte of text. */
const HUGE_BODY = "e".repeat(1_000_000);

/** Statuses every adapter meets, with what the core needs to read from each. */
const STATUSES = [400, 401, 403, 404, 409, 413, 422, 429, 500, 502, 503, 504];

/**
 * Bodies the platform (or a proxy in front of it) may answer with, however they parse. (No body
 * echoes a secret: the core redacts secrets from every answer before `readResponse` sees it.)
 */
const BODIES: readonly unknown[] = [
  undefined,
  "",
  "<html><body><h1>502 Bad Gateway</h1></body></html>",
  HUGE_BODY,
  {},
  [],
  null,
  0,
  { error: {} },
  { error: { message: 5, code: {} } },
  { errors: [{}] },
  { errors: "none" },
];

/** One line naming a response, for the problems. */
function label(status: number, body: unknown): string {
  const text = typeof body === "string" ? body : (JSON.stringify(body) ?? "undefined");
  return `HTTP ${status} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

/**
 * Reports one finding about the answer `at` (`HTTP 429 {…}`). Findings that differ only by body
 * are reported once: one problem per kind of fault.
 */
type Finding = (at: string, status: number, text: string) => void;

/** Reads without throwing, or reports the throw. */
function read(
  adapter: AdapterCore,
  operation: Omit<Operation, "poll">,
  response: PlatformResponse,
  find: Finding,
): ResponseReading | undefined {
  try {
    return adapter.readResponse(operation, response);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 80) : String(error);
    find(`readResponse threw on ${label(response.status, response.body)}`, 0, `: ${reason}`);
    return undefined;
  }
}

/** The problems of a failed reading of `status`. */
function checkFailure(
  reading: ResponseReading,
  status: number,
  body: unknown,
  find: Finding,
): void {
  const at = label(status, body);
  if (reading.ok) {
    find(at, status, " read as ok");
    return;
  }
  const failure = reading.failure;
  if (!failure) {
    find(at, status, " read as not ok with no failure");
    return;
  }
  if (!KINDS.has(failure.kind)) find(at, status, ` read as failure kind "${String(failure.kind)}"`);
  if (typeof failure.message !== "string") {
    find(at, status, ": failure.message is not a string");
    return;
  }
  if (failure.message.length > MAX_MESSAGE) {
    find(
      at,
      0,
      `: failure.message has ${failure.message.length} characters (at most ${MAX_MESSAGE})`,
    );
  }
  if (status === 429 && failure.kind !== "rate-limit") {
    find(at, status, ` read as "${failure.kind}", not rate-limit`);
  }
  if (status === 401 && failure.kind !== "auth")
    find(at, status, ` read as "${failure.kind}", not auth`);
  // one finding for every 5xx
  if (status >= 500 && failure.retryable === false) find(at, 500, " read as not retryable");
}

/**
 * Reads every status of {@link STATUSES} with hostile, empty, HTML and oddly typed bodies: it
 * never throws, every error status is a failure of a known kind with a short message, 429 is a
 * rate limit, 401 an auth failure, 5xx retryable.
 */
export function checkResponses(adapter: AdapterCore, operation: Operation, report: Report): void {
  const { poll: _poll, ...request } = operation;
  const seen = new Set<string>();
  const find: Finding = (at, status, text) => {
    const key = `${status}${text.replace(/\d+ characters/, "")}`;
    if (seen.has(key)) return;
    seen.add(key);
    report(`${at}${text}`);
  };
  for (const body of BODIES) {
    for (const status of STATUSES) {
      const reading = read(adapter, request, { status, headers: new Headers(), body }, find);
      if (reading) checkFailure(reading, status, body, find);
    }
    read(adapter, request, { status: 200, headers: new Headers(), body }, find);
  }
}
