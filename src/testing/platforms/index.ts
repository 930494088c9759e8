/**
 * The simulated platforms, one folder each. To add a platform: a folder `./<name>/` whose
 * `index.ts` exports a {@link SimulatedPlatform}, its name in `SimPlatform` (../types.ts), and
 * its line here; `createSimulator`, `sim.<name>`, its options and its default base URL follow.
 */
import type { SimPlatform } from "../types.js";
import type { PlatformSimulator, SimulatedPlatform } from "./context.js";
import { facebookPlatform } from "./facebook/index.js";
import { linePlatform } from "./line/index.js";
import { linkedinPlatform } from "./linkedin/index.js";
import { mastodonPlatform } from "./mastodon/index.js";
import { telegramPlatform } from "./telegram/index.js";
import { wechatPlatform } from "./wechat/index.js";
import { weiboPlatform } from "./weibo/index.js";
import { xPlatform } from "./x/index.js";
import { youtubePlatform } from "./youtube/index.js";

/** Every simulated platform by name (TSDoc on each entry describes its options and records). */
export const SIMULATED_PLATFORMS = {
  /** Telegram Bot API: bot tokens, blocked chats, limits; `sim.telegram.messages` delivered. */
  telegram: telegramPlatform,
  /** LINE Messaging API: channel access tokens, limits; `sim.line.deliveries`, `narrowcasts`. */
  line: linePlatform,
  /** Mastodon: access tokens, instance settings, limits; `sim.mastodon.statuses`, `scheduled`, `media`. */
  mastodon: mastodonPlatform,
  /** X API v2: users and their tokens, OAuth clients, limits; `sim.x.posts`, `dms`, `media`, `grants`, `authorize(url)`. */
  x: xPlatform,
  /** Facebook Pages (Graph API): Pages and their tokens, users, the app, limits; `sim.facebook.posts`, `photos`, `comments`. */
  facebook: facebookPlatform,
  /** LinkedIn (REST): members and their tokens, the app, active versions, limits; `sim.linkedin.posts`, `images`, `comments`. */
  linkedin: linkedinPlatform,
  /** WeChat Official Accounts: apps, followers and their windows, tags, templates, limits; `sim.wechat.massSends`, `messages`, `media`, `tokenGrants`. */
  wechat: wechatPlatform,
  /** YouTube Data API v3: channels and their tokens, OAuth clients, quotas; `sim.youtube.videos`, `comments`, `sessions`. */
  youtube: youtubePlatform,
  /** Weibo: users and their tokens, safe domains, the posting limit; `sim.weibo.posts`. */
  weibo: weiboPlatform,
} as const satisfies Record<SimPlatform, SimulatedPlatform<never, PlatformSimulator>>;

type Platforms = typeof SIMULATED_PLATFORMS;

/** The simulator of each platform, as `sim.<platform>`. */
export type PlatformSimulators = {
  readonly [K in keyof Platforms]: ReturnType<Platforms[K]["create"]>;
};

/** The options of each platform, as `createSimulator({ <platform>: … })`. */
export type PlatformSimOptions = {
  [K in keyof Platforms]?: Parameters<Platforms[K]["create"]>[0];
};
