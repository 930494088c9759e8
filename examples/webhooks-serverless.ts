// A LINE bot as a serverless function: Netlify Functions 2.0. Vercel Functions take the same
// `(request: Request) => Response` shape; there, import `waitUntil` from @vercel/functions.
// `config.path` routes https://<site>/webhooks/line here: set it as the channel's webhook URL.
import { createHerald } from "herald";
import { line } from "herald/line";

// Built once per instance, reused by warm invocations.
export const herald = createHerald({
  adapters: [
    line({
      channelAccessToken: process.env.LINE_CHANNEL_ACCESS_TOKEN!,
      channelSecret: process.env.LINE_CHANNEL_SECRET!,
    }),
  ],
});

// Answered with the event's reply token while it is valid, with a push after.
herald.webhooks.on("message", async (event) => {
  await herald.send({ text: "Got it, thanks!" }, { to: event.replyTo! }).orThrow();
});
// A reply that was not sent rejects orThrow() with a DeliveryError: it lands here.
herald.webhooks.on("error", (failure) =>
  console.error(`a ${failure.name} handler failed`, failure.error),
);

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

/** Netlify routing. */
export const config = { path: "/webhooks/line" };
