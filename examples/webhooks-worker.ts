// A Cloudflare Worker that answers Telegram and LINE messages. Deploy with wrangler
// (`main = "examples/webhooks-worker.ts"`); no `nodejs_compat` flag is needed. Point the
// platforms at https://<worker>/webhooks/telegram and https://<worker>/webhooks/line.
// The secrets are Worker secrets (`wrangler secret put LINE_CHANNEL_SECRET`, ...), read from env.
import { createHerald } from "herald";
import { line } from "herald/line";
import { telegram } from "herald/telegram";

/** The Worker's secrets. */
export interface Env {
  TELEGRAM_BOT_TOKEN: string;
  TELEGRAM_WEBHOOK_SECRET: string;
  LINE_CHANNEL_ACCESS_TOKEN: string;
  LINE_CHANNEL_SECRET: string;
}

/** The part of the Workers `ExecutionContext` used here (@cloudflare/workers-types has it all). */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

function createApp(env: Env) {
  const herald = createHerald({
    adapters: [
      telegram({ botToken: env.TELEGRAM_BOT_TOKEN, webhookSecret: env.TELEGRAM_WEBHOOK_SECRET }),
      line({
        channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN,
        channelSecret: env.LINE_CHANNEL_SECRET,
      }),
    ],
  });
  herald.webhooks.on("message", async (event) => {
    if (event.replyTo)
      await herald.send({ text: "Thanks! We will answer soon." }, { to: event.replyTo }).orThrow();
  });
  herald.webhooks.on("error", (failure) =>
    console.error(`a ${failure.name} handler failed`, failure.error),
  );
  return herald;
}

// One client per isolate, built on the first request (env is only known then), so its
// limiters and duplicate protection are shared by the requests the isolate serves.
let herald: ReturnType<typeof createApp> | undefined;

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    herald ??= createApp(env);
    // The platform gets its 200 at once; the handlers run on, kept alive by waitUntil.
    return herald.webhooks.handle(request, { waitUntil: (promise) => ctx.waitUntil(promise) });
  },
};
