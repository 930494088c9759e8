// Signatures computed here with node:crypto from each platform's documented algorithm, never
// with the code under test.
import { createHmac } from "node:crypto";
import { line } from "../../src/adapters/line/index.js";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import {
  type Clock,
  createHerald,
  type HeraldOptions,
  type WebhookOptions,
} from "../../src/index.js";

/** The secrets the test adapters accept: the new one first, then the old one (a rotation). */
export const SECRETS = {
  telegram: ["tg-secret-new_2026", "tg-secret-old_2025"],
  line: ["line-channel-secret-new", "line-channel-secret-old"],
  mastodon: ["masto-webhook-secret-new", "masto-webhook-secret-old"],
} as const;

export type Platform = keyof typeof SECRETS;

/** https://core.telegram.org/bots/api#setwebhook: the secret_token, echoed in a header. */
export function telegramHeaders(secret: string): Record<string, string> {
  return { "x-telegram-bot-api-secret-token": secret };
}

/** https://developers.line.biz/en/reference/messaging-api/#signature-validation: base64 HMAC-SHA256 of the body. */
export function lineHeaders(body: string, secret: string): Record<string, string> {
  return { "x-line-signature": createHmac("sha256", secret).update(body).digest("base64") };
}

/** https://docs.joinmastodon.org/admin/webhooks: X-Hub-Signature sha256=<hex HMAC-SHA256 of the body>. */
export function mastodonHeaders(body: string, secret: string): Record<string, string> {
  return { "x-hub-signature": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}` };
}

/** The signature headers of `platform` for `body` under `secret`. */
export function signatureHeaders(
  platform: Platform,
  body: string,
  secret: string,
): Record<string, string> {
  if (platform === "telegram") return telegramHeaders(secret);
  if (platform === "line") return lineHeaders(body, secret);
  return mastodonHeaders(body, secret);
}

/** A webhook request to `/webhooks/<platform>`. */
export function webhookRequest(
  platform: Platform,
  body: string,
  headers: Record<string, string>,
  init: { method?: string; path?: string } = {},
): Request {
  const method = init.method ?? "POST";
  return new Request(`https://shop.example${init.path ?? `/webhooks/${platform}`}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    ...(method === "GET" || method === "HEAD" ? {} : { body }),
  });
}

/** A request signed as the platform signs it, with the first (new) secret unless told. */
export function signed(
  platform: Platform,
  body: string,
  secret: string = SECRETS[platform][0],
): Request {
  return webhookRequest(platform, body, signatureHeaders(platform, body, secret));
}

/** A fake clock: `now` moves only when told; sleeps resolve when time passes them. */
export function fakeClock(start: number) {
  let now = start;
  const sleepers: Array<{ at: number; resolve: () => void }> = [];
  const clock: Clock & { advance(ms: number): void } = {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const sleeper = { at: now + ms, resolve };
        sleepers.push(sleeper);
        signal?.addEventListener("abort", () => {
          sleepers.splice(sleepers.indexOf(sleeper), 1);
          reject(signal.reason);
        });
      }),
    advance(ms) {
      now += ms;
      for (const s of sleepers.filter((s) => s.at <= now)) {
        sleepers.splice(sleepers.indexOf(s), 1);
        s.resolve();
      }
    },
  };
  return clock;
}

/** A client with the three adapters and their webhook secrets. */
export function webhookHerald(
  options: { webhooks?: WebhookOptions; clock?: Clock } & Partial<HeraldOptions> = {},
) {
  return createHerald({
    ...options,
    adapters: [
      telegram({ botToken: "123456:WEBHOOK-TEST", webhookSecret: [...SECRETS.telegram] }),
      line({ channelAccessToken: "line-token", channelSecret: [...SECRETS.line] }),
      mastodon({
        accessToken: "masto-token",
        instanceUrl: "https://shop.example",
        webhookSecret: [...SECRETS.mastodon],
        webhookAccountId: "42",
      }),
    ],
  });
}
