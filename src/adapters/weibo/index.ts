/**
 * The Weibo adapter (`herald/weibo`): posts with `statuses/share` (text of at most 140 Chinese
 * characters carrying a link of the app's safe domain, and one picture), OAuth 2.0 access
 * tokens per account, and the posting limits.
 *
 * @packageDocumentation
 */
import { createTokenAuth } from "../../auth/tokens.js";
import type { PlatformAdapter } from "../contract.js";
import { resolveCommonOptions } from "../options.js";
import { type Refuse, refuser } from "../refuse.js";
import { WEIBO_LIMITS } from "./limits.js";
import { readWeiboResponse } from "./read.js";
import { renderWeibo } from "./render.js";
import type { WeiboOptions } from "./types.js";

export { countWeiboLength, findWeiboLinks, inSafeDomain } from "./length.js";
export { MAX_PIC_BYTES, MAX_STATUS, URL_WEIGHT, WEIBO_LIMITS } from "./limits.js";
export { readWeiboResponse } from "./read.js";
export type { WeiboOptions, WeiboOverrides } from "./types.js";

const PLATFORM = "weibo";
const fail: Refuse = refuser(PLATFORM);

/**
 * Creates the Weibo adapter.
 *
 * @example weibo({ tokens: (account) => db.weiboTokens(account), safeDomain: "shop.example" })
 * @throws ValidationError when `tokens` or `safeDomain` is missing or malformed.
 */
export function weibo(options: WeiboOptions): PlatformAdapter {
  const { tokens } = options;
  if (typeof tokens !== "function" && typeof tokens?.accessToken !== "string") {
    fail("tokens", "an OAuthTokens object or a provider (account) => tokens");
  }
  const safeDomains =
    typeof options.safeDomain === "string" ? [options.safeDomain] : [...(options.safeDomain ?? [])];
  if (
    safeDomains.length === 0 ||
    !safeDomains.every((d) => typeof d === "string" && /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(d))
  ) {
    fail(
      "safeDomain",
      "the app's safe domain (a host name such as shop.example)",
      "open.weibo.com: 我的应用 - 应用信息 - 安全域名",
    );
  }
  const { account, baseUrl, limits } = resolveCommonOptions(PLATFORM, options, {
    baseUrl: "https://api.weibo.com", // open.weibo.com/wiki/2/statuses/share
    limits: WEIBO_LIMITS,
  });
  const auth = createTokenAuth({
    platform: PLATFORM,
    tokens,
    ...(options.onTokens ? { onTokens: options.onTokens } : {}),
    // "access_token: 采用OAuth授权方式为必填参数" (open.weibo.com/wiki/2/statuses/share)
    toCredentials: (t) => ({ query: { access_token: t.accessToken }, secrets: [t.accessToken] }),
    headerNames: [],
  });
  const settings = { safeDomains, ...(options.rip ? { rip: options.rip } : {}) };
  return {
    platform: PLATFORM,
    account,
    baseUrl,
    capabilities: { destinations: ["feed"] },
    limits,
    secrets: [],
    authHeaders: () => ({}),
    auth,
    render: (message, destination) => renderWeibo(message, destination, settings),
    readResponse: readWeiboResponse,
  };
}
