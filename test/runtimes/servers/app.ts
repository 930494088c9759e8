// The application every runtime serves: a herald with Telegram, LINE and Mastodon adapters and
// known webhook secrets, handlers that count their calls, and `GET /count` to read the counts.
import { createHerald } from "herald";
import { line } from "herald/line";
import { mastodon } from "herald/mastodon";
import { telegram } from "herald/telegram";
import {
  ACK_TIMEOUT_MS,
  COUNT_PATH,
  type Counts,
  SECRETS,
  SLOW_HANDLER_MS,
} from "../harness/fixtures.js";
import { createStandInWebhooks } from "./stand-in.js";

/** Gives the runtime a promise to keep alive after the answer (workerd's `ctx.waitUntil`). */
export type WaitUntil = (promise: Promise<unknown>) => void;

const rotation = <K extends keyof typeof SECRETS>(platform: K) => [
  SECRETS[platform].current,
  SECRETS[platform].previous,
];

/** Builds the app; each runtime's entry passes it its requests. */
export function createApp() {
  const herald = createHerald({
    adapters: [
      telegram({ botToken: "123456:RUNTIMES" }),
      line({ channelAccessToken: "line-runtimes-token" }),
      mastodon({ accessToken: "mastodon-runtimes-token", instanceUrl: "https://mastodon.example" }),
    ],
  });
  const webhooks = createStandInWebhooks(
    { telegram: rotation("telegram"), line: rotation("line"), mastodon: rotation("mastodon") },
    ACK_TIMEOUT_MS,
  );
  const counts: Counts = { telegram: 0, line: 0, mastodon: 0, slowStarted: 0, slowDone: 0 };
  webhooks.on("telegram.message", () => void counts.telegram++);
  webhooks.on("line.message", () => void counts.line++);
  webhooks.on("mastodon.status.created", () => void counts.mastodon++);
  webhooks.on("line.follow", async () => {
    counts.slowStarted++;
    await new Promise((resolve) => setTimeout(resolve, SLOW_HANDLER_MS));
    counts.slowDone++;
  });

  return {
    herald,
    /** Answers one request: the counts, or a webhook delivery. */
    async fetch(request: Request, waitUntil?: WaitUntil): Promise<Response> {
      if (request.method === "GET" && new URL(request.url).pathname === COUNT_PATH) {
        return Response.json(counts);
      }
      return webhooks.handle(request, waitUntil ? { waitUntil } : {});
    },
  };
}
