import { DEFAULT_TOKEN_TIMEOUT_MS, fetchToken } from "../../auth/request.js";
import { AuthError } from "../../transport/errors.js";
import type { AdapterAuth, Credentials } from "../contract.js";
import { TOKEN } from "./limits.js";

/** What {@link stableTokenAuth} needs. */
export interface StableTokenOptions {
  /** The AppID. */
  appId: string;
  /** The AppSecret. */
  appSecret: string;
  /** The API base URL (`https://api.weixin.qq.com`, a proxy, or the simulator). */
  baseUrl: string;
  /** A `fetch`; the global one by default. */
  fetch?: typeof fetch;
  /** Time source; `Date.now` by default. */
  now?: () => number;
}

interface Token {
  value: string;
  expiresAt: number;
}

const PLATFORM = "wechat";

function credentialsOf(token: Token): Credentials {
  // WeChat takes the token in the query: ?access_token=ACCESS_TOKEN
  return { query: { access_token: token.value }, secrets: [token.value] };
}

/**
 * The access token of one Official Account, from `POST /cgi-bin/stable_token`
 * (https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken): fetched in
 * normal mode once and cached for its `expires_in` (7200 s), renewed a minute before it expires,
 * one request at a time however many sends wait. When WeChat rejects it (40001, 40014, 42001),
 * normal mode is asked again and, if it returns the very token rejected, force mode
 * (`force_refresh: true`, which WeChat allows 20 times a day, 30 s apart). Each request ends
 * after the client's `timeoutMs` with an `AuthError` (`fetchToken`).
 */
export function stableTokenAuth(options: StableTokenOptions): AdapterAuth {
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  let current: Token | undefined;
  let pending: Promise<Token> | undefined;
  let lastForcedAt = Number.NEGATIVE_INFINITY;

  /** One stable_token request; shared by every send waiting, so it takes no caller's signal. */
  const request = async (force: boolean, timeoutMs: number): Promise<Token> => {
    const started = now();
    const answer = await fetchToken(
      `${options.baseUrl}/cgi-bin/stable_token`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          grant_type: "client_credential",
          appid: options.appId,
          secret: options.appSecret,
          force_refresh: force,
        }),
      },
      { platform: PLATFORM, endpoint: "stable_token", fetch: doFetch, timeoutMs },
    );
    const body = (
      typeof answer.body === "object" && answer.body !== null ? answer.body : {}
    ) as Record<string, unknown>;
    const value = body.access_token;
    const seconds = body.expires_in;
    if (typeof value !== "string" || value === "" || typeof seconds !== "number") {
      const code = typeof body.errcode === "number" ? body.errcode : 0;
      const message = typeof body.errmsg === "string" ? body.errmsg : "no access_token";
      // 40013 invalid AppID, 40125 invalid AppSecret, 40164 IP not whitelisted, 45009 quota
      throw new AuthError(PLATFORM, 0, `stable_token answered ${code}: ${message}`);
    }
    return { value, expiresAt: started + seconds * 1000 };
  };

  const single = (task: () => Promise<Token>): Promise<Token> => {
    if (pending) return pending;
    pending = task()
      .then((token) => {
        current = token;
        return token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };

  const renewAfterRejection = async (rejected: string, timeoutMs: number): Promise<Token> => {
    const normal = await request(false, timeoutMs);
    if (normal.value !== rejected) return normal;
    if (now() - lastForcedAt < TOKEN.forceSpacingMs) {
      throw new AuthError(
        PLATFORM,
        0,
        "access token rejected again within 30 s of a forced refresh",
      );
    }
    lastForcedAt = now();
    return request(true, timeoutMs);
  };

  return {
    anyAccount: false,
    headerNames: [],
    async credentials(_account, rejected, context) {
      const timeoutMs = context?.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
      if (pending) await pending.catch(() => undefined);
      const token = current;
      if (token === undefined || token.expiresAt - now() <= TOKEN.renewBeforeMs) {
        return credentialsOf(await single(() => request(false, timeoutMs)));
      }
      const rejectedValue = rejected?.query?.access_token;
      if (rejectedValue !== undefined && rejectedValue === token.value) {
        return credentialsOf(await single(() => renewAfterRejection(rejectedValue, timeoutMs)));
      }
      return credentialsOf(token);
    },
  };
}
