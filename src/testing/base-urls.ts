import type { SimPlatform } from "./types.js";

/** Default base URL of each simulated platform (the real APIs' hosts; Mastodon has no central host, so a reserved `.example` name). */
export const SIMULATOR_BASE_URLS: Readonly<Record<SimPlatform, string>> = Object.freeze({
  telegram: "https://api.telegram.org", // core.telegram.org/bots/api#making-requests
  line: "https://api.line.me", // developers.line.biz/en/reference/messaging-api/
  mastodon: "https://mastodon.example", // RFC 2606 reserved name
  x: "https://api.x.com", // docs.x.com/x-api: API v2 and the OAuth 2.0 token endpoint
  facebook: "https://graph.facebook.com", // developers.facebook.com/docs/graph-api/overview (the adapter adds the version)
  linkedin: "https://api.linkedin.com/rest", // learn.microsoft.com/en-us/linkedin/marketing/versioning
  wechat: "https://api.weixin.qq.com", // developers.weixin.qq.com: every Official Account API
  youtube: "https://www.googleapis.com", // Data API (/youtube/v3) and uploads (/upload/youtube/v3)
  weibo: "https://api.weibo.com", // open.weibo.com/wiki/2/statuses/share
});
