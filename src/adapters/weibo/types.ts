import type { OAuthTokens, TokenSource } from "../../auth/tokens.js";
import type { CommonAdapterOptions } from "../options.js";

/**
 * Options of the {@link weibo} factory. Weibo posts for a user with an OAuth 2.0 access token
 * (open.weibo.com/wiki/授权机制说明), sent as the `access_token` parameter. Weibo issues no
 * refresh token to ordinary apps: when a token expires (21327) the provider is asked again.
 */
export interface WeiboOptions extends CommonAdapterOptions {
  /** The user's token, or a provider `(account) => tokens` serving many users. */
  tokens: TokenSource;
  /**
   * The app's safe domain(s) ("我的应用 - 应用信息 - 基本应用信息编辑 - 安全域名"): every post must
   * carry a link on one of them, checked before sending.
   */
  safeDomain: string | readonly string[];
  /** Called when the provider handed out new tokens. */
  onTokens?: (account: string, tokens: OAuthTokens) => void | Promise<void>;
  /** The posting user's real IP (`rip`), when your app reports it. */
  rip?: string;
}

/** Fields of `overrides.weibo`. */
export interface WeiboOverrides {
  /** The posting user's real IP (`rip`) for this post. */
  rip?: string;
}
