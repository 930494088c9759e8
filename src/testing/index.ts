/**
 * `herald/testing`: a simulated Telegram, LINE, Mastodon, X, Facebook Pages, LinkedIn and WeChat
 * for tests, demos and benchmarks.
 * Use it on Node through a real HTTP server (`startSimulatorServer`, from `herald/testing/node`
 * or the `node` build of `herald/testing`), or through msw (`simulatorHandlers` from
 * `herald/testing/msw`). Neither this entry nor its types import msw.
 */
export { ManualClock } from "./clock.js";
export {
  type AdapterCheck,
  type AdapterCheckOptions,
  type AdapterProblem,
  checkAdapter,
} from "./conformance/index.js";
export type { FaultDecision, FaultOptions } from "./faults.js";
export {
  DEFAULT_FAULT_RETRY_AFTER_MS,
  DEFAULT_HANG_MS,
  DEFAULT_SLOW_MS,
  FaultInjector,
} from "./faults.js";
export type { SimulatorBackend } from "./msw-handlers.js";
export { simulatorHandlers, type UntypedMswHandler } from "./msw-load.js";
export type {
  PlatformEnv,
  PlatformRequest,
  PlatformSimulator,
  SimulatedPlatform,
} from "./platforms/context.js";
export {
  ENGAGEMENT_PER_HOUR,
  type GrownMetric,
  grownCount,
} from "./platforms/engagement.js";
export { FacebookPostApi, type FacebookPostOperation } from "./platforms/facebook/posts.js";
export type {
  FacebookCommentRecord,
  FacebookLimits,
  FacebookPhotoRecord,
  FacebookPostRecord,
  FacebookSimApp,
  FacebookSimOptions,
  FacebookSimPage,
  FacebookSimUser,
} from "./platforms/facebook/simulator.js";
export { FacebookSimulator } from "./platforms/facebook/simulator.js";
export {
  type PlatformSimOptions,
  type PlatformSimulators,
  SIMULATED_PLATFORMS,
} from "./platforms/index.js";
export type {
  LineDelivery,
  LineLimits,
  LineNarrowcast,
  LineSimOptions,
} from "./platforms/line/simulator.js";
export { LineSimulator } from "./platforms/line/simulator.js";
export type {
  LinkedInCommentRecord,
  LinkedInImageRecord,
  LinkedInLimits,
  LinkedInPostRecord,
  LinkedInSimApp,
  LinkedInSimMember,
  LinkedInSimOAuth,
  LinkedInSimOptions,
} from "./platforms/linkedin/simulator.js";
export { LinkedInSimulator } from "./platforms/linkedin/simulator.js";
export { showLittleText } from "./platforms/linkedin/text.js";
export { type MastodonPostOperation, MastodonPosts } from "./platforms/mastodon/posts.js";
export type {
  MastodonLimits,
  MastodonMedia,
  MastodonSimOptions,
  MastodonStatusRecord,
} from "./platforms/mastodon/simulator.js";
export { MastodonSimulator } from "./platforms/mastodon/simulator.js";
export { statusLength } from "./platforms/mastodon/text.js";
export { type TelegramPostMethod, TelegramPosts } from "./platforms/telegram/posts.js";
export type {
  TelegramLimits,
  TelegramSentMessage,
  TelegramSimOptions,
} from "./platforms/telegram/simulator.js";
export { TelegramSimulator } from "./platforms/telegram/simulator.js";
export type {
  WechatLimits,
  WechatSimMassSend,
  WechatSimMessage,
  WechatSimOptions,
} from "./platforms/wechat/simulator.js";
export { WechatSimulator } from "./platforms/wechat/simulator.js";
export {
  encryptWechatMessage,
  signWechatWebhook,
  type WechatWebhookOptions,
  wechatSignature,
} from "./platforms/wechat/webhooks.js";
export type { WeiboSimOptions, WeiboSimPost, WeiboSimUser } from "./platforms/weibo/simulator.js";
export { WeiboSimulator } from "./platforms/weibo/simulator.js";
export { XPostApi, type XPostOperation } from "./platforms/x/posts.js";
export type {
  XLimits,
  XSimDm,
  XSimMedia,
  XSimOptions,
  XSimPost,
  XSimUser,
} from "./platforms/x/simulator.js";
export { XSimulator } from "./platforms/x/simulator.js";
export { YouTubeVideoApi, type YouTubeVideoOperation } from "./platforms/youtube/posts.js";
export type {
  YouTubeSimChannel,
  YouTubeSimComment,
  YouTubeSimOptions,
  YouTubeSimUploadSession,
  YouTubeSimVideo,
} from "./platforms/youtube/simulator.js";
export { YouTubeSimulator } from "./platforms/youtube/simulator.js";
export type { HandleOptions, SimulatorOptions } from "./simulator.js";
export { createSimulator, SIMULATOR_BASE_URLS, Simulator } from "./simulator.js";
export type {
  BodyEncoding,
  BodyValidator,
  FaultKind,
  FaultTiming,
  RecordedRequest,
  SimClock,
  SimPlatform,
  SimulatorStats,
  UploadedBytes,
  UploadedFile,
  WindowLimit,
} from "./types.js";
export type { RequestValidator, SpecPlatform, ValidateRequestOptions } from "./validate.js";
export { createRequestValidator, hasSchema, validateRequest } from "./validate.js";
export {
  facebookSignature,
  lineSignature,
  linkedinSignature,
  mastodonSignature,
  type SignedWebhookPlatform,
  type SignWebhookOptions,
  signFacebookWebhook,
  signLineWebhook,
  signLinkedInWebhook,
  signMastodonWebhook,
  signTelegramWebhook,
  signWebhook,
  signXWebhook,
  signYouTubeWebhook,
  xSignature,
  youtubeSignature,
} from "./webhooks.js";
export { maxInAnyWindow } from "./window.js";
