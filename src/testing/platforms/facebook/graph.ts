import { bearerToken, fieldsOf, json, type PlatformRequest } from "../context.js";

/**
 * A Graph API error answer `{ error: { message, type, code, error_subcode?, is_transient?,
 * fbtrace_id } }` (https://developers.facebook.com/docs/graph-api/guides/error-handling).
 */
export function graphError(
  status: number,
  code: number,
  message: string,
  extra: { subcode?: number; transient?: boolean; headers?: Record<string, string> } = {},
): Response {
  return json(
    status,
    {
      error: {
        message: `(#${code}) ${message}`,
        type: code === 190 || code === 200 ? "OAuthException" : "GraphMethodException",
        code,
        ...(extra.subcode !== undefined && { error_subcode: extra.subcode }),
        ...(extra.transient !== undefined && { is_transient: extra.transient }),
        fbtrace_id: "AHeraldSimulatorTrace",
      },
    },
    extra.headers,
  );
}

/** The access token of a Graph call: `Authorization: Bearer`, or `access_token` in the query or body. */
export function graphToken(request: PlatformRequest): string | undefined {
  const fromBody = fieldsOf(request.body.value).access_token;
  return (
    bearerToken(request.headers) ??
    request.query.get("access_token") ??
    (typeof fromBody === "string" ? fromBody : undefined)
  );
}
