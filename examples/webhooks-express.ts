// Webhooks in an Express app, next to the app's own JSON routes.
// Run: TELEGRAM_BOT_TOKEN=... TELEGRAM_WEBHOOK_SECRET=... LINE_CHANNEL_ACCESS_TOKEN=...
//      LINE_CHANNEL_SECRET=... npx tsx examples/webhooks-express.ts
// and point the platforms at https://<host>/webhooks/telegram and https://<host>/webhooks/line.
import express from "express";
import { createHerald } from "herald";
import { line } from "herald/line";
import { telegram } from "herald/telegram";
import { toNodeHandler } from "herald/webhooks-node";

const env = process.env;

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
  if (!event.replyTo) return;
  // orThrow(): a reply that failed (or may not have arrived: `unknown`) rejects with a
  // DeliveryError carrying the report, instead of resolving with it unread.
  await herald
    .send(
      { text: `Thanks, ${event.author?.name ?? "friend"}! We will answer soon.` },
      { to: event.replyTo },
    )
    .orThrow();
});
// A handler that throws (a DeliveryError above) lands here: log it, alert on it.
herald.webhooks.on("error", (failure) =>
  console.error(`a ${failure.name} handler failed`, failure.error),
);

export const app = express();
// The webhook route comes before express.json(): signatures are checked on the raw bytes.
app.post("/webhooks/:platform{/:account}", toNodeHandler(herald.webhooks));
app.use(express.json());
app.post("/api/orders", (req, res) => {
  res.status(201).json({ received: req.body });
});

export const server = app.listen(Number(env.PORT ?? 3000));
