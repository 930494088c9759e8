/**
 * Secrets out of the simulator's records (`sim.requests`), in one place for every platform:
 * query parameters, headers and body fields (JSON, form and multipart, at any depth) whose name
 * says they hold a credential. Names, not values: what a platform calls a token, the record
 * shows as `<redacted>`; the request handed to the platform keeps them.
 */

/** What a secret is replaced with in a record. */
export const REDACTED = "<redacted>";

/**
 * Names ending in `token` that are handles, not credentials (LINE's reply, quote and mark-as-read
 * tokens; pagination cursors), compared lower-cased without `_` and `-`: kept for the tests
 * that read them.
 */
const NOT_SECRET: ReadonlySet<string> = new Set([
  "replytoken",
  "quotetoken",
  "markasreadtoken",
  "paginationtoken",
  "nexttoken",
  "pagetoken",
  "nextpagetoken",
  "prevpagetoken",
]);

/**
 * Credentials that do not end in `token`, `secret` or `password`: OAuth authorization codes and
 * PKCE verifiers (X, LinkedIn, Facebook, YouTube token exchanges), API keys, cookies.
 */
const SECRET: ReadonlySet<string> = new Set([
  "code",
  "codeverifier",
  "apikey",
  "authorization",
  "proxyauthorization",
  "cookie",
]);

/**
 * Whether a query parameter, header or field of this name holds a secret: `access_token`,
 * `refresh_token`, `fb_exchange_token`, `secret_token`, `client_secret`, WeChat's `secret`,
 * `password`, `code`, `code_verifier`, `Authorization`, ... (any case, `_` or `-`).
 */
export function isSecretName(name: string): boolean {
  const key = name.toLowerCase().replace(/[-_]/g, "");
  if (SECRET.has(key)) return true;
  if (NOT_SECRET.has(key)) return false;
  return key.endsWith("token") || key.endsWith("secret") || key.endsWith("password");
}

/** The query parameters, secrets redacted. */
export function redactQuery(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of params) out[name] = isSecretName(name) ? REDACTED : value;
  return out;
}

/** The headers (lower-cased names), secrets redacted; `authorization` keeps its scheme. */
export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name === "authorization" || name === "proxy-authorization") {
      out[name] = `${value.split(/\s+/)[0] ?? ""} ${REDACTED}`;
    } else out[name] = isSecretName(name) ? REDACTED : value;
  });
  return out;
}

/**
 * A decoded body with the values of secret-named fields redacted, at any depth. Copy on write:
 * what holds no secret is returned as it is, never modified (the platform reads the original).
 */
export function redactBody(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const redacted = redactBody(item);
      if (redacted !== item) {
        copy ??= [...value];
        copy[i] = redacted;
      }
    });
    return copy ?? value;
  }
  if (typeof value !== "object" || value === null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [name, item] of Object.entries(value)) {
    const redacted = isSecretName(name) && item !== undefined ? REDACTED : redactBody(item);
    if (redacted !== item) {
      copy ??= { ...value };
      copy[name] = redacted;
    }
  }
  return copy ?? value;
}
