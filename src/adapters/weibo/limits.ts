import type { LimitRule } from "../contract.js";

/**
 * Weibo's documented limits (PLATFORMS.md "Weibo" row; open.weibo.com/wiki/接口访问频次权限):
 * 30 posts an hour per user, and 100 requests a day per user per app for the write interfaces.
 */
export const WEIBO_LIMITS: readonly LimitRule[] = [
  {
    scope: "route",
    route: "share",
    max: 30,
    perMs: 3_600_000,
    source: "https://open.weibo.com/wiki/Rate-limiting (PLATFORMS.md: 30 posts/h per user)",
  },
  {
    scope: "account",
    max: 100,
    perMs: 86_400_000,
    source:
      "https://open.weibo.com/wiki/Rate-limiting (PLATFORMS.md: 100 req/day per user per app)",
  },
];

/** The text: at most 140 Chinese characters (open.weibo.com/wiki/2/statuses/share, `status`). */
export const MAX_STATUS = 140;
/** The picture: JPEG, GIF or PNG, under 5 MB (open.weibo.com/wiki/2/statuses/share, `pic`). */
export const MAX_PIC_BYTES = 5 * 1024 * 1024;
/** Picture types the API takes (open.weibo.com/wiki/2/statuses/share, `pic`). */
export const PIC_TYPES: readonly string[] = ["image/jpeg", "image/gif", "image/png"];
/**
 * A link counts as 20 half-width characters (10 Chinese characters), the length of the
 * `t.cn` short link Weibo replaces it with (Weibo's composer; unconfirmed in the API docs).
 */
export const URL_WEIGHT = 20;
