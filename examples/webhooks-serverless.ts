// A serverless function: Netlify Functions 2.0. Vercel Functions take the same
// `(request: Request) => Response` shape; there, import `waitUntil` from @vercel/functions.
// `config.path` routes https://<site>/webhooks/telegram and /webhooks/line here.
import { createHerald } from "herald";
import { line } from "herald/line";
import { telegram } from "herald/telegram";

const env = process.env;

// Built once per instance, reused by warm invocations.
export const herald = createHerald({
  adapters: [
    telegram({ botToken: env.TELEGRAM_BOT_TOKEN!, webhookSecret: env.TELEGRAM_WEBHOOK_SECRET! }),
    line({
      channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN!,
      channelSecret: env.LINE_CHANNEL_SECRET!,
    }),
  ],
});

herald.webhooks.on("message", async (event) => {
  if (event.replyTo) await herald.send({ text: "Got it, thanks!" }, { to: event.replyTo });
});

/** The part of Netlify's function `Context` used here. */
export interface Context {
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * The function. The instance may be frozen as soon as the answer is sent, so the handlers go to
 * `waitUntil`: the platform gets its 200 at once, and the handlers still finish.
 */
export default (request: Request, context: Context): Promise<Response> =>
  herald.webhooks.handle(request, { waitUntil: (promise) => context.waitUntil(promise) });

/** Netlify routing: every platform under /webhooks/. */
export const config = { path: "/webhooks/*" };
