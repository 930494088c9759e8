import type { CommonAdapterOptions } from "../options.js";

/**
 * Options of the {@link wechat} factory: one WeChat Official Account (服务号 or 订阅号).
 *
 * Requests carry an `access_token` that Herald gets from `POST /cgi-bin/stable_token` with the
 * AppID and AppSecret, caches (7200 s) and renews once for every concurrent request.
 */
export interface WechatOptions extends CommonAdapterOptions {
  /** The AppID (开发者ID) of the Official Account. */
  appId: string;
  /** The AppSecret (开发者密码). */
  appSecret: string;
  /**
   * The server configuration Token (服务器配置 令牌), or several while changing it: enables
   * webhooks (the GET handshake and signed POSTs).
   */
  token?: string | readonly string[];
  /**
   * The EncodingAESKey (消息加解密密钥, 43 characters), or several while changing it: needed to
   * read deliveries in safe (AES) mode.
   */
  encodingAESKey?: string | readonly string[];
  /**
   * Names of your WeChat tags and their `tag_id`s, so that a segment `{ tags: ["vip"] }` is sent
   * natively with `mass/sendall` and `filter.tag_id`. A tag given as digits (`"101"`) is read as
   * a `tag_id` itself.
   */
  tags?: Readonly<Record<string, number>>;
  /**
   * Polling of `mass/get` after a mass send until it leaves `SENDING` (default every 60 s for up
   * to an hour); `false` reports a mass send `sent` once WeChat accepted the job.
   */
  massStatus?: { intervalMs: number; timeoutMs: number } | false;
  /** A `fetch` for the token endpoint (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
  /** Time source for token expiry (tests); `Date.now` by default. */
  now?: () => number;
}

/** A template message (模板消息): `POST /cgi-bin/message/template/send`. */
export interface WechatTemplate {
  /** The template's id. */
  template_id: string;
  /** The template's fields: `{ keyword1: { value: "..." } }`. */
  data: Record<string, { value: string; color?: string }>;
  /** A page opened when the message is tapped. */
  url?: string;
  /** A Mini Program opened instead of `url`. */
  miniprogram?: { appid: string; pagepath?: string };
}

/**
 * Fields of `overrides.wechat`: what WeChat sends besides text and uploaded images.
 */
export interface WechatOverrides {
  /** Send a news message (图文, `mpnews`) by the `media_id` of an article you created. */
  mpnews?: string;
  /** Send an image already uploaded, by its `media_id`, instead of uploading `media[0]`. */
  imageMediaId?: string;
  /** Send a template message to a chat target (the text is not sent then). */
  template?: WechatTemplate;
  /** Send a chat target a `mass/preview` (a test copy of a mass message) instead of a message. */
  preview?: boolean;
  /** Go on with a mass news send when WeChat finds the article is a reprint (1), or stop (0, default). */
  send_ignore_reprint?: 0 | 1;
}
