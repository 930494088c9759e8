// Webhooks in a Hono app, next to the app's own routes. `export default app` serves on Bun
// (`bun run examples/webhooks-hono.ts`) and Deno (`deno serve`) as is; on Node wrap it with
// @hono/node-server's `serve(app)`; on Workers see the comment on the route.

import { createHerald } from "herald";
import { line } from "herald/line";
import { mastodon } from "herald/mastodon";
import { Hono } from "hono";

const env = process.env;

export const herald = createHerald({
  adapters: [
    line({
      channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN!,
      channelSecret: env.LINE_CHANNEL_SECRET!,
    }),
    mastodon({
      accessToken: env.MASTODON_ACCESS_TOKEN!,
      instanceUrl: env.MASTODON_URL ?? "https://mastodon.social",
      webhookSecret: env.MASTODON_WEBHOOK_SECRET!,
    }),
  ],
});

// A new LINE friend gets a welcome, answered with the follow event's reply token.
herald.webhooks.on("follow", async (event) => {
  if (event.replyTo)
    await herald
      .send({ text: "Welcome! Reply STOP at any time." }, { to: event.replyTo })
      .orThrow();
});
// A reply that was not sent rejects orThrow() with a DeliveryError: it lands here.
herald.webhooks.on("error", (failure) =>
  console.error(`a ${failure.name} handler failed`, failure.error),
);
// Mastodon's own payload, typed from its API spec.
herald.webhooks.on("mastodon.status.created", (event) => {
  console.log("new status", event.payload.url);
});

export const app = new Hono();
app.get("/", (c) => c.text("ok"));
// /webhooks/line, /webhooks/mastodon, and /webhooks/<platform>/<account> for several accounts.
// On Workers pass `{ waitUntil: (p) => c.executionCtx.waitUntil(p) }` as handle's second argument.
app.all("/webhooks/*", (c) => herald.webhooks.handle(c.req.raw));

export default app;
